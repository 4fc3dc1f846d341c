/**
 * The reference backend as a standalone server (`npx mfa-elements serve`): the protocol under one
 * path, health and readiness, the mail-auth endpoint on a listener of its own, JSON logs without
 * secrets, and a shutdown that lets requests in flight finish.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ConfigError, type ServeConfig } from './config.js';
import { firstIdentity, proxyHeaderIdentity, signedCookieIdentity } from './identity.js';
import { createMailAuthHandler } from './mail-auth.js';
import { anonymousSession, createMfaHandler, type Identify } from './node.js';
import { MfaService } from './service.js';
import type { MfaStore } from './store.js';
import { MemoryStore } from './stores/memory.js';

/** One structured log line. Callers never put codes, passwords, cookies or full numbers in it. */
export type LogLine = { level: 'info' | 'warn' | 'error'; event: string } & Record<string, unknown>;

/** A running server. */
export interface RunningServer {
  /** Origin of the API, e.g. `http://127.0.0.1:8000`. */
  url: string;
  /** URL of the mail-auth endpoint, when configured. */
  mailAuthUrl?: string;
  /** Stops taking requests, lets those in flight finish (up to the grace time), closes the store. */
  close(): Promise<void>;
}

/** Writes one JSON line per event on stdout (errors on stderr). */
export function jsonLog(line: LogLine): void {
  const text = JSON.stringify({ time: new Date().toISOString(), ...line });
  if (line.level === 'error') console.error(text);
  else process.stdout.write(`${text}\n`);
}

// The drivers load only for the store chosen, so a deployment installs only its own.
async function openStore(config: ServeConfig): Promise<MfaStore> {
  const { store } = config;
  if (store.kind === 'memory') return new MemoryStore();
  if (store.kind === 'postgres') {
    const { PostgresStore } = await import('./stores/postgres.js');
    return PostgresStore.open({ connection: { connectionString: store.url, connectionTimeoutMillis: 5000 } });
  }
  const { PgliteStore } = await import('./stores/pglite.js');
  return PgliteStore.open(store.dir);
}

async function listen(server: Server, port: number, host: string, what: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new ConfigError(`${what} cannot listen on ${host}:${port}: the port is already in use.`));
      else if (error.code === 'EACCES') reject(new ConfigError(`${what} cannot listen on ${host}:${port}: permission denied.`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new ConfigError(`${what} cannot listen on ${host}: no such local address.`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
  return (server.address() as { port: number }).port;
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/**
 * Starts the server. Throws a {@link ConfigError} (one sentence) when the sender lacks what it
 * needs, the store cannot be opened or the port is taken.
 */
export async function serve(config: ServeConfig, log: (line: LogLine) => void = jsonLog): Promise<RunningServer> {
  const development = config.sender === 'outbox';
  // The sender first: what it lacks is said before a store is opened for nothing.
  const sender = config.makeSender((entry) => log({ level: 'warn', ...entry }));
  try {
    await sender.ready?.();
  } catch (error) {
    throw new ConfigError(`cannot use the sender (${config.sender}): ${error instanceof Error ? error.message : String(error)}`);
  }
  let store: MfaStore;
  try {
    store = await openStore(config);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`cannot open the store (${config.store.kind}): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }

  // Development only: a clock the conformance check can move (`POST {base}/__dev/clock`).
  let clockOffset = 0;
  const service = new MfaService({
    sender,
    devOutbox: development,
    store,
    secret: config.secret,
    limits: config.limits,
    webOtpHost: config.webOtpHost,
    appName: config.appName,
    now: development ? () => Date.now() + clockOffset : undefined,
  });

  const identities: Identify[] = [];
  if (config.trustedProxies.length) identities.push(proxyHeaderIdentity(config.trustedProxies, config.userHeader));
  if (config.sessionCookie) identities.push(signedCookieIdentity(config.sessionCookie, config.secret));
  if (!identities.length) {
    if (!development) throw new ConfigError('no way to tell who the user is: set MFA_TRUSTED_PROXIES (with MFA_USER_HEADER) or MFA_SESSION_COOKIE.');
    log({ level: 'warn', event: 'anonymous_sessions', message: 'Development mode: every browser gets an anonymous user, and codes are readable from the outbox.' });
    identities.push(anonymousSession('mfa_dev_session'));
  }
  const api = createMfaHandler({ service, identify: firstIdentity(...identities), basePath: config.basePath, allowedOrigins: config.allowedOrigins });
  const base = config.basePath.replace(/\/+$/, '');
  const allowed = new Set(config.allowedOrigins);
  let ready = true;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return json(response, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      if (!ready) return json(response, 503, { status: 'stopping' });
      try {
        await store.transaction('mfa:readiness', async () => undefined);
        return json(response, 200, { status: 'ready' });
      } catch {
        return json(response, 503, { status: 'store_unavailable' });
      }
    }
    // Pages of other origins may call only when allowed; then with credentials (CORS).
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `${request.headers['x-forwarded-proto'] ?? 'http'}://${request.headers.host}`) {
      if (!allowed.has(origin)) return json(response, 403, { error: { code: 'unauthorized', message: 'This origin may not call the API.' } });
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Vary', 'Origin');
      if (request.method === 'OPTIONS') {
        response.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE');
        response.setHeader('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key, X-CSRF-Token');
        response.setHeader('Access-Control-Max-Age', '600');
        response.statusCode = 204;
        return void response.end();
      }
    }
    if (development && url.pathname === `${base}/__dev/clock` && request.method === 'POST') {
      let text = '';
      for await (const chunk of request) text += chunk;
      let advance = NaN;
      try {
        advance = Number((JSON.parse(text) as { advance?: unknown }).advance);
      } catch {
        // Not JSON: refused below.
      }
      if (!Number.isFinite(advance) || advance < 0) return json(response, 400, { error: { code: 'invalid_request', message: '"advance" must be seconds.' } });
      clockOffset += advance * 1000;
      return json(response, 200, { now: new Date(Date.now() + clockOffset).toISOString() });
    }
    await api(request, response);
  }

  function logged(handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>, listener: string) {
    return (request: IncomingMessage, response: ServerResponse) => {
      const started = performance.now();
      // The path only: a query string could hold anything.
      const path = (request.url ?? '/').split('?')[0];
      response.once('finish', () => log({ level: 'info', event: 'request', listener, method: request.method, path, status: response.statusCode, ms: Math.round(performance.now() - started) }));
      handler(request, response).catch((error: unknown) => {
        log({ level: 'error', event: 'request_failed', listener, path, cause: error instanceof Error ? error.name : 'unknown' });
        if (!response.headersSent) json(response, 500, { error: { code: 'server_error', message: 'Something went wrong on the server.' } });
        else response.destroy();
      });
    };
  }

  const servers: Server[] = [];
  try {
    const server = createServer(logged(handle, 'api'));
    servers.push(server);
    const port = await listen(server, config.port, config.host, 'The API');
    let mailAuthUrl: string | undefined;
    if (config.mailAuth) {
      const mail = createServer(logged(createMailAuthHandler({ service, secret: config.mailAuth.secret }), 'mail-auth'));
      servers.push(mail);
      const mailPort = await listen(mail, config.mailAuth.port, config.mailAuth.host, 'The mail-auth endpoint');
      mailAuthUrl = `http://${config.mailAuth.host}:${mailPort}/mail-auth`;
    }
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    log({ level: 'info', event: 'started', url, mailAuthUrl, store: config.store.kind, sender: config.sender });

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        ready = false;
        log({ level: 'info', event: 'stopping' });
        const grace = setTimeout(() => servers.forEach((s) => s.closeAllConnections()), config.shutdownGraceMs);
        await Promise.all(
          servers.map((s) => {
            const done = new Promise((resolve) => s.close(resolve));
            s.closeIdleConnections();
            return done;
          }),
        );
        clearTimeout(grace);
        await store.close();
        log({ level: 'info', event: 'stopped' });
      })());
    return { url, mailAuthUrl, close };
  } catch (error) {
    servers.forEach((s) => s.close());
    await store.close();
    throw error;
  }
}
