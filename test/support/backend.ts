/**
 * The reference backend as the browser tests see it (Node side, mounted in the test runner's
 * server). Each test opens its own session with `POST /__test/session`: a fresh user on a fresh
 * service with its own clock, limits and outbox, so tests never share state and can move time.
 *
 * Test-only routes, per session (cookie `mfa_test`):
 * - `POST /__test/session` `{ limits?, appPasswordAtEnrollment?, unsupportedRegions?, redirectUrl?, stepUp? }`
 * - `POST /__test/clock` `{ advance: seconds }`
 * - `POST /__test/respond` `{ status, body?, raw?, headers?, delayMs?, times? }`: canned answers for
 *   the next API requests (to test how the client reads bad, slow or odd answers over real HTTP)
 * - `POST /__test/sender` `{ fail: boolean }`: make sends fail (a provider outage)
 * - `POST /__test/fail-file` `{ path, times? }`: answer the next request(s) for this file with 503 (a
 *   connection lost while a lazy chunk loads)
 * - `GET /__test/requests`: every API request of the session, `{ method, path, idempotencyKey }`
 * - `GET /__test/csp-page`: a page under the strict CSP with Trusted Types the elements promise to
 *   support, running test/support/csp-page.ts
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { DevOutbox, MfaService, createMfaHandler, type MfaLimits, type MfaNodeHandler, type OutgoingMessage } from '../../server/index.js';

interface Canned {
  status: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  times: number;
}

interface Session {
  offset: number;
  failSends: boolean;
  /** Files whose next requests fail, with how many more. */
  failFiles: Map<string, number>;
  /** Files served late, by path: milliseconds. */
  slowFiles: Map<string, number>;
  canned: Canned[];
  requests: { method: string; path: string; idempotencyKey?: string }[];
  handler: MfaNodeHandler;
}

interface SessionOptions {
  limits?: Partial<MfaLimits>;
  appPasswordAtEnrollment?: boolean;
  unsupportedRegions?: string[];
  redirectUrl?: string;
  /** Managing app passwords and the phone needs a code verified within 10 minutes, as by default. */
  stepUp?: boolean;
}

const COOKIE = 'mfa_test';

/** The policy the README promises the elements run under. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types lit-html";

const CSP_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP</title>
<script type="module" src="/test/support/csp-page.ts"></script></head><body></body></html>`;
const BASE = '/api/mfa';

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

/** Creates the test backend; `handle` answers a request or returns false when it is not ours. */
export function createTestBackend() {
  const sessions = new Map<string, Session>();

  function newSession(options: SessionOptions): [string, Session] {
    const id = randomBytes(16).toString('hex');
    const outbox = new DevOutbox();
    const session: Session = { offset: 0, failSends: false, failFiles: new Map(), slowFiles: new Map(), canned: [], requests: [], handler: undefined! };
    const sender = {
      messagesFor: (userId: string) => outbox.messagesFor(userId),
      async send(message: OutgoingMessage) {
        if (session.failSends) throw new Error('The test provider is down.');
        await outbox.send(message);
      },
    };
    const unsupported = new Set(options.unsupportedRegions ?? []);
    const service = new MfaService({
      sender: sender as unknown as DevOutbox,
      devOutbox: true,
      now: () => Date.now() + session.offset,
      limits: options.limits,
      appPasswordAtEnrollment: options.appPasswordAtEnrollment,
      // Tests text numbers of many countries, call, and read the WebOTP line; management needs a
      // fresh code only where a test asks for it.
      regions: 'all',
      voice: true,
      webOtpHosts: ['localhost', '127.0.0.1'],
      isRegionSupported: (country) => !unsupported.has(country!),
      ...(options.stepUp ? {} : { authorize: () => 'allow' as const }),
      onVerified: () => (options.redirectUrl ? { redirectUrl: options.redirectUrl } : {}),
    });
    session.handler = createMfaHandler({ service, identify: () => id, basePath: BASE });
    sessions.set(id, session);
    return [id, session];
  }

  function sessionOf(request: IncomingMessage): Session | undefined {
    const match = new RegExp(`(?:^|;\\s*)${COOKIE}=([a-f0-9]+)`).exec(request.headers.cookie ?? '');
    return match ? sessions.get(match[1]!) : undefined;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/__test/session' && request.method === 'POST') {
      const [id] = newSession(await readBody(request));
      json(response, 200, { ok: true }, { 'Set-Cookie': `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` });
      return true;
    }
    if (url.pathname === '/__test/csp-page') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': STRICT_CSP });
      response.end(CSP_PAGE);
      return true;
    }
    const session = sessionOf(request);
    if (url.pathname.startsWith('/__test/')) {
      if (!session) return json(response, 400, { error: 'no test session' }), true;
      if (url.pathname === '/__test/clock') session.offset += Number((await readBody(request)).advance ?? 0) * 1000;
      else if (url.pathname === '/__test/respond') session.canned.push({ times: 1, ...(await readBody(request)) } as Canned);
      else if (url.pathname === '/__test/sender') session.failSends = Boolean((await readBody(request)).fail);
      else if (url.pathname === '/__test/fail-file') {
        const { path, times } = await readBody(request);
        session.failFiles.set(String(path), Number(times ?? 1));
      } else if (url.pathname === '/__test/slow-file') {
        const { path, ms } = await readBody(request);
        session.slowFiles.set(String(path), Number(ms ?? 0));
      }
      else if (url.pathname === '/__test/requests') return json(response, 200, { requests: session.requests }), true;
      else return json(response, 404, { error: 'unknown test route' }), true;
      json(response, 200, { ok: true });
      return true;
    }
    if (url.pathname !== BASE && !url.pathname.startsWith(BASE + '/')) return false;
    if (!session) return json(response, 401, { error: { code: 'unauthorized', message: 'No test session.' } }), true;
    const key = request.headers['idempotency-key'];
    session.requests.push({ method: request.method ?? 'GET', path: url.pathname.slice(BASE.length), ...(typeof key === 'string' ? { idempotencyKey: key } : {}) });
    const canned = session.canned[0];
    if (canned && !url.pathname.startsWith(BASE + '/__dev/')) {
      if (--canned.times <= 0) session.canned.shift();
      if (canned.delayMs) await new Promise((resolve) => setTimeout(resolve, canned.delayMs));
      if (response.destroyed) return true;
      response.writeHead(canned.status, { 'Content-Type': 'application/json', ...canned.headers });
      response.end(canned.raw ?? (canned.body === undefined ? undefined : JSON.stringify(canned.body)));
      return true;
    }
    await session.handler(request, response);
    return true;
  }

  /** Koa middleware for the test runner's server. */
  const koa = async (ctx: { req: IncomingMessage; res: ServerResponse; respond?: boolean; response: { set(name: string, value: string): void } }, next: () => Promise<unknown>) => {
    const url = ctx.req.url ?? '';
    const failing = sessionOf(ctx.req)?.failFiles;
    const path = url.split('?')[0]!;
    const late = sessionOf(ctx.req)?.slowFiles.get(path);
    if (late) await new Promise((resolve) => setTimeout(resolve, late));
    const left = failing?.get(path) ?? 0;
    if (left > 0) {
      failing!.set(path, left - 1);
      ctx.respond = false;
      ctx.res.writeHead(503, { 'Content-Type': 'text/plain' }).end('The test cut this file off.');
      return;
    }
    if (!url.startsWith('/__test/') && !url.startsWith(BASE)) {
      // The test runner lets browsers keep every file for a year, setting that after all middleware.
      // The project's own files are checked with the server on each load instead (a cheap 304), so
      // that a test can cut one off (`fail-file`) however many pages loaded it before.
      if (/^\/(src|components|test|node_modules\/@floating-ui)\//.test(path)) {
        const { response } = ctx;
        const set = response.set.bind(response);
        response.set = (name: string, value: string) => set(name, name.toLowerCase() === 'cache-control' ? 'no-cache' : value);
      }
      return next();
    }
    ctx.respond = false;
    if (!(await handle(ctx.req, ctx.res))) {
      ctx.respond = true;
      await next();
    }
  };
  return { handle, koa };
}
