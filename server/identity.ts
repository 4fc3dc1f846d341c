/**
 * Who the user is, for the standalone server: a header set by a trusted reverse proxy (Shibboleth
 * SP, mod_auth_openidc, oauth2-proxy), or a session cookie the university's portal signs.
 */
import type { IncomingMessage } from 'node:http';
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './crypto.js';
import type { Identify } from './node.js';

/** The address of the peer, IPv4-mapped IPv6 written as IPv4. */
export function peerAddress(request: IncomingMessage): string {
  return (request.socket.remoteAddress ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

/**
 * Trusts `header` (default `X-Remote-User`) only on requests that come from one of `proxies`
 * (addresses): from anywhere else the header is ignored, so a client cannot name itself.
 */
export function proxyHeaderIdentity(proxies: readonly string[], header = 'x-remote-user'): Identify {
  const trusted = new Set(proxies);
  const name = header.toLowerCase();
  return (request) => {
    const value = request.headers[name];
    if (typeof value !== 'string' || !trusted.has(peerAddress(request))) return null;
    const user = value.trim();
    // Apache sends "(null)" for an unset REMOTE_USER.
    return user && user !== '(null)' && user.length <= 256 ? user : null;
  };
}

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const mac = (secret: string, payload: string) => createHmac('sha256', `mfa-session\u0000${secret}`).update(payload).digest('base64url');

/**
 * A session cookie's value for `userId`, valid `ttlSeconds`: `base64url(userId).expiry.mac`, where
 * expiry is Unix seconds and mac the base64url HMAC-SHA-256 of `base64url(userId).expiry` under
 * the key `"mfa-session\0" + secret`. The portal that signs users in sets it.
 */
export function signSession(userId: string, secret: string, ttlSeconds: number, now = Date.now()): string {
  const payload = `${b64url(userId)}.${Math.floor(now / 1000) + ttlSeconds}`;
  return `${payload}.${mac(secret, payload)}`;
}

/** Reads the user from a cookie made by {@link signSession}; expired, altered or absent: null. */
export function signedCookieIdentity(cookieName: string, secret: string, now: () => number = Date.now): Identify {
  const pattern = new RegExp(`(?:^|;\\s*)${cookieName.replace(/[^\w-]/g, '')}=([A-Za-z0-9_-]+)\\.(\\d{1,12})\\.([A-Za-z0-9_-]{43})(?:;|$)`);
  return (request) => {
    const match = pattern.exec(request.headers.cookie ?? '');
    if (!match) return null;
    const [, user, expiry, signature] = match;
    if (!constantTimeEqual(mac(secret, `${user}.${expiry}`), signature!)) return null;
    if (Number(expiry) * 1000 <= now()) return null;
    return Buffer.from(user!, 'base64url').toString('utf8') || null;
  };
}

/** The first identity any of `sources` gives. */
export function firstIdentity(...sources: Identify[]): Identify {
  return async (request, response) => {
    for (const source of sources) {
      const user = await source(request, response);
      if (user !== null) return user;
    }
    return null;
  };
}
