/**
 * The mail server's door: an HTTP endpoint, apart from the browser API, where a mail server asks
 * whether a user's app password is valid. Dovecot calls it directly as the password grant of its
 * `oauth2` passdb; any other server can post JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { constantTimeEqual } from './crypto.js';
import type { MfaService } from './service.js';

/** Options of {@link createMailAuthHandler}. */
export interface MailAuthOptions {
  service: MfaService;
  /**
   * The secret the mail server authenticates with (at least 32 characters): Dovecot's
   * `client_secret`, or `Authorization: Bearer <secret>` for JSON.
   */
  secret: string;
  /** The backend's user id for a mail login name; default the name itself. Null: no such user. */
  userIdFor?: (login: string) => string | null;
  /** Path answered; default `/mail-auth`. */
  path?: string;
}

/** A node:http handler; every other path answers 404. */
export type MailAuthHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

function answer(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

async function readBody(request: IncomingMessage, limit = 8 * 1024): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The client's address from Dovecot's `X-Dovecot-Auth-Remote` (`ip:port`, `[v6]:port` or bare). */
function addressOf(remote: string | undefined): string | undefined {
  if (!remote) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(remote);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(remote);
  return v4 ? v4[1] : remote;
}

/**
 * Creates the mail-auth handler. Mount it on a listener of its own that only the mail servers
 * reach, never under the browser API.
 *
 * `POST {path}`, either
 * - `application/x-www-form-urlencoded`, as Dovecot's oauth2 passdb sends it (`grant_type=password`,
 *   `username`, `password`, `client_id`, `client_secret`; the client's address in
 *   `X-Dovecot-Auth-Remote`): `200 { access_token, token_type: "Bearer", expires_in, username,
 *   active: "true" }` for a valid password, `400 { error: "invalid_grant" }` for a wrong one,
 *   `429 { error: "temporarily_unavailable" }` when failures are over their limit; or
 * - `application/json` with `Authorization: Bearer <secret>` and `{ "username", "password",
 *   "remoteIp"? }`: `200 { "valid": true | false }`, or `429 { "valid": false, "retryAfter" }`.
 *
 * A wrong secret is `401`; a request a browser made (it carries `Origin`) is `403`.
 */
export function createMailAuthHandler(options: MailAuthOptions): MailAuthHandler {
  if (options.secret.length < 32) throw new Error('createMailAuthHandler: the secret must be at least 32 characters.');
  const path = options.path ?? '/mail-auth';
  const userIdFor = options.userIdFor ?? ((login: string) => login);

  async function check(login: string, password: string, source: string | undefined) {
    const userId = login && password ? userIdFor(login) : null;
    // An unknown login still spends a failure from the source's budget.
    return options.service.checkMailLogin(userId ?? `mfa:unknown-login:${login}`, password, source);
  }

  return async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== path) return answer(response, 404, { error: 'not_found' });
      if (request.method !== 'POST') return answer(response, 405, { error: 'method_not_allowed' }, { Allow: 'POST' });
      if (request.headers.origin !== undefined) return answer(response, 403, { error: 'forbidden' });
      const type = request.headers['content-type'] ?? '';
      const body = await readBody(request);
      if (body === undefined) return answer(response, 413, { error: 'invalid_request' });

      if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
        const form = new URLSearchParams(body);
        if (!constantTimeEqual(form.get('client_secret') ?? '', options.secret)) return answer(response, 401, { error: 'invalid_client' });
        if (form.get('grant_type') !== 'password') return answer(response, 400, { error: 'unsupported_grant_type' });
        const login = form.get('username') ?? '';
        const result = await check(login, form.get('password') ?? '', addressOf(request.headers['x-dovecot-auth-remote'] as string | undefined));
        if (result.retryAfter !== undefined) return answer(response, 429, { error: 'temporarily_unavailable', error_description: 'Too many failed sign-ins.' }, { 'Retry-After': String(result.retryAfter) });
        if (!result.valid) return answer(response, 400, { error: 'invalid_grant' });
        // Dovecot needs a token and checks `username` against the login; the token opens nothing.
        return answer(response, 200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 60, username: login, active: 'true' });
      }

      if (/^application\/json\b/i.test(type)) {
        const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
        if (!constantTimeEqual(bearer, options.secret)) return answer(response, 401, { error: 'unauthorized' });
        let fields: { username?: unknown; password?: unknown; remoteIp?: unknown };
        try {
          fields = JSON.parse(body) ?? {};
        } catch {
          return answer(response, 400, { error: 'invalid_request' });
        }
        const text = (value: unknown) => (typeof value === 'string' ? value : '');
        const result = await check(text(fields.username), text(fields.password), text(fields.remoteIp) || undefined);
        if (result.retryAfter !== undefined) return answer(response, 429, { valid: false, retryAfter: result.retryAfter }, { 'Retry-After': String(result.retryAfter) });
        return answer(response, 200, { valid: result.valid });
      }
      return answer(response, 415, { error: 'invalid_request' });
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', event: 'mail_auth_failed', cause: error instanceof Error ? error.name : 'unknown' }));
      if (!response.headersSent) answer(response, 500, { error: 'server_error' });
    }
  };
}
