/**
 * The thin Node adapter: reads an HTTP request, asks the host who the user is, hands the request to
 * {@link MfaService} and writes its answer. Mounts in `node:http`, Express/Connect and Koa.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { describeError } from './log.js';
import type { MfaService } from './service.js';

/**
 * Who the user is, and which session of theirs this is: null answers 401. The university's own
 * sign-in decides this in production. A plain user id is a session of its own kind: every request
 * that gives no session id shares one.
 */
export type Identify = (request: IncomingMessage, response: ServerResponse) => Identity | null | Promise<Identity | null>;

/** A user, and the session (the sign-in cookie's) a request belongs to. */
export type Identity = string | { userId: string; sessionId?: string };

/** Options of {@link createMfaHandler}. */
export interface MfaHandlerOptions {
  /** The rules. */
  service: MfaService;
  /** Who the user is. */
  identify: Identify;
  /** Path the protocol is mounted at; default `/api/mfa`. */
  basePath?: string;
  /** Largest request body accepted, in bytes; default 16 KiB. */
  maxBodyBytes?: number;
  /**
   * Origins (`https://portal.example.edu`) besides the request's own host whose pages may call the
   * protocol. Every other cross-site request is refused with `403` before `identify` runs: an
   * `Origin` header naming another host, or `Sec-Fetch-Site: cross-site` or `same-site` without one.
   */
  allowedOrigins?: string[];
  /**
   * Checks the CSRF token the client sends (the `csrfHeader` header, undefined when absent) against
   * the session's; false answers `403`. The fetch transport sends the page's
   * `<meta name="csrf-token">` as `X-CSRF-Token` by default.
   */
  verifyCsrf?: (request: IncomingMessage, token: string | undefined) => boolean | Promise<boolean>;
  /** The header that carries the CSRF token; default `X-CSRF-Token`. */
  csrfHeader?: string;
  /** Where the cause of a `500` is written, one line without secrets; default `console.error`. */
  log?: (line: string) => void;
}

/** Express/Connect-style handler; with no `next`, an unknown path answers 404. */
export interface MfaNodeHandler {
  (request: IncomingMessage, response: ServerResponse, next?: (error?: unknown) => void): Promise<void>;
  /** The same handler as Koa middleware (and so for Koa-based dev servers). */
  koa: (ctx: { req: IncomingMessage; res: ServerResponse; respond?: boolean }, next: () => Promise<unknown>) => Promise<void>;
}

class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: 'invalid_request' | 'unauthorized' = 'invalid_request',
  ) {
    super(message);
  }
}

/** Deepest nesting of objects and arrays accepted in a body; the protocol's own bodies are flat. */
const MAX_DEPTH = 16;

/** Whether `value` nests deeper than {@link MAX_DEPTH}; walked without recursion, so it cannot overflow. */
function tooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > MAX_DEPTH) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

async function readJson(request: IncomingMessage, limit: number): Promise<unknown> {
  const value = await readBody(request, limit);
  // Deeper bodies overflowed the stack further on (a 500): refuse them plainly.
  if (tooDeep(value)) throw new BadRequest(400, `The request body is nested more than ${MAX_DEPTH} levels deep.`);
  return value;
}

async function readBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const parsed = (request as { body?: unknown }).body;
  if (parsed !== undefined && typeof parsed === 'object' && !Buffer.isBuffer(parsed)) return parsed; // body-parser ran already
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BadRequest(413, 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadRequest(400, 'The request body is not valid JSON.');
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // Answers carry one-time secrets: never cache them anywhere, nor read them as anything but JSON.
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  if (body === undefined) {
    response.statusCode = status;
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(text);
}

/**
 * Creates the HTTP handler of protocol v1.
 * @example
 * const service = new MfaService({ sender: mySmsProvider, secret: process.env.MFA_SECRET });
 * const handler = createMfaHandler({ service, identify: (req) => sessionUser(req) });
 * http.createServer((req, res) => handler(req, res)).listen(8000);   // node:http
 * app.use(handler);                                                  // Express
 * koaApp.use(handler.koa);                                           // Koa
 */
export function createMfaHandler(options: MfaHandlerOptions): MfaNodeHandler {
  const base = (options.basePath ?? '/api/mfa').replace(/\/+$/, '');
  const limit = options.maxBodyBytes ?? 16 * 1024;
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((origin) => new URL(origin).origin));
  const csrfHeader = (options.csrfHeader ?? 'X-CSRF-Token').toLowerCase();
  const log = options.log ?? ((line: string) => console.error(line));

  /**
   * Whether a browser sent this request from another site's page. The session cookie would ride
   * along, so such a request could text the user's phone or read their app passwords' names.
   * Requests without either header come from no browser, and carry no victim's cookie.
   */
  function crossSite(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (allowedOrigins.has(origin)) return false;
      try {
        return new URL(origin).host !== request.headers.host;
      } catch {
        return true; // "null" (a sandboxed frame, a redirect) or garbage
      }
    }
    const site = request.headers['sec-fetch-site'];
    return site === 'cross-site' || site === 'same-site';
  }

  function pathOf(request: IncomingMessage): string | undefined {
    let pathname: string;
    try {
      pathname = new URL((request as { originalUrl?: string }).originalUrl ?? request.url ?? '/', 'http://localhost').pathname;
    } catch {
      // Not a URL at all ("//", say): not ours; the server around us answers it.
      return undefined;
    }
    if (pathname !== base && !pathname.startsWith(base + '/')) return undefined;
    return pathname.slice(base.length) || '/';
  }

  async function serve(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    try {
      const method = request.method ?? 'GET';
      if (crossSite(request)) throw new BadRequest(403, 'Requests from other sites are refused.', 'unauthorized');
      const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
      // Requiring JSON keeps plain HTML forms of other sites out (they cannot send this type
      // without a CORS preflight), which protects the cookie session from CSRF.
      if (hasBody && !/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
        throw new BadRequest(415, 'Send the body as application/json.');
      }
      const body = hasBody ? await readJson(request, limit) : undefined;
      if (options.verifyCsrf) {
        const token = request.headers[csrfHeader];
        if (!(await options.verifyCsrf(request, typeof token === 'string' ? token : undefined))) {
          throw new BadRequest(403, 'The CSRF token is missing or wrong. Reload the page.', 'unauthorized');
        }
      }
      const identity = await options.identify(request, response);
      const { userId, sessionId } = typeof identity === 'string' || identity === null ? { userId: identity, sessionId: undefined } : identity;
      const key = request.headers['idempotency-key'];
      // Ignoring a key would risk a second message on retry: refuse what cannot be remembered.
      if (typeof key === 'string' && key.length > 255) throw new BadRequest(400, 'The Idempotency-Key is longer than 255 characters.');
      const answer = await options.service.handle(userId, {
        method,
        path,
        body,
        idempotencyKey: typeof key === 'string' ? key : undefined,
        host: request.headers.host?.replace(/:\d+$/, ''),
        sessionId,
        context: request,
      });
      send(response, answer.status, answer.body, answer.headers);
    } catch (error) {
      if (error instanceof BadRequest) return send(response, error.status, { error: { code: error.code, message: error.message } });
      log(`mfa-elements: 500 for ${request.method} ${base}${path}: ${describeError(error)}`);
      send(response, 500, { error: { code: 'server_error', message: 'Something went wrong on the server.' } });
    }
  }

  const handler = (async (request, response, next) => {
    const path = pathOf(request);
    if (path === undefined) {
      if (next) next();
      else send(response, 404, { error: { code: 'not_found', message: 'No such resource.' } });
      return;
    }
    await serve(request, response, path);
  }) as MfaNodeHandler;

  handler.koa = async (ctx, next) => {
    const path = pathOf(ctx.req);
    if (path === undefined) {
      await next();
      return;
    }
    ctx.respond = false;
    await serve(ctx.req, ctx.res, path);
  };
  return handler;
}

/** Options of {@link anonymousSession}. */
export interface AnonymousSessionOptions {
  /** Cookie name; default `mfa_demo_session`. */
  cookieName?: string;
  /**
   * HMAC key of the cookie; default a random one per process (every visitor starts afresh on a
   * restart). Give a lasting one to keep visitors across restarts.
   */
  secret?: string | Uint8Array;
  /** Seconds a session lasts from its first request; afterwards the visitor is a new user. Default 86400. */
  maxAge?: number;
  /** The clock, in epoch milliseconds; default `Date.now`. */
  now?: () => number;
}

/**
 * An {@link Identify} for demos: every browser gets an anonymous user, kept in an HttpOnly cookie
 * issued on its first request. The cookie names an id the server chose, when it ends, and an HMAC
 * of both: a visitor can neither pick an id (fixation) nor guess another's, sessions end, and the
 * server keeps nothing per session. Never use it where real accounts exist.
 */
export function anonymousSession(options: AnonymousSessionOptions | string = {}): Identify {
  const { cookieName = 'mfa_demo_session', secret = randomBytes(32), maxAge = 86400, now = Date.now } = typeof options === 'string' ? { cookieName: options } : options;
  const sign = (value: string) => createHmac('sha256', secret).update(value).digest('hex');
  const pattern = new RegExp(`(?:^|;\\s*)${cookieName}=([a-f0-9]{32}\\.\\d{1,12})\\.([a-f0-9]{64})(?:;|$)`);
  return (request, response) => {
    const cookie = pattern.exec(request.headers.cookie ?? '');
    if (cookie && timingSafeEqual(Buffer.from(sign(cookie[1]!)), Buffer.from(cookie[2]!))) {
      const [id, ends] = cookie[1]!.split('.');
      if (Number(ends) * 1000 > now()) return { userId: `anon_${id}`, sessionId: id! };
    }
    const id = randomBytes(16).toString('hex');
    const value = `${id}.${Math.floor(now() / 1000) + maxAge}`;
    const https = (request.socket as { encrypted?: boolean }).encrypted || request.headers['x-forwarded-proto'] === 'https';
    response.setHeader('Set-Cookie', `${cookieName}=${value}.${sign(value)}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${https ? '; Secure' : ''}`);
    return { userId: `anon_${id}`, sessionId: id };
  };
}
