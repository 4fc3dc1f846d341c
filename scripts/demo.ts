/**
 * The demo server behind `npm start`: the demo page, the elements' sources and their run-time
 * dependencies, and the reference backend at /api/mfa with its development outbox shown as a
 * simulated phone. Pages are served under the strict Content-Security-Policy with Trusted Types the
 * elements promise to work with.
 *
 * Anyone who reaches it can read every code it "sends", so it listens on loopback unless told
 * otherwise, serves an allow-list of paths (never `.git/`, `server/` or `package.json`), answers only
 * to the host names it knows (no DNS rebinding), and its anonymous sessions are signed and end.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { randomBytes } from 'node:crypto';
import { MemoryStore, MfaService, anonymousSession, createMfaHandler, type MfaStore, type OutgoingMessage, type SmsSender } from '../server/index.js';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'self'; require-trusted-types-for 'script'; trusted-types lit-html";

/** What the demo page loads: its own folder, the elements, the core, translations, and the run-time dependencies. */
const SERVED = /^\/(?:$|demo\/|components\/|src\/|locales\/|node_modules\/(?:lit|lit-html|lit-element|@lit|@lit-labs|libphonenumber-js|@floating-ui)\/|api\/mfa(?:\/|$))/;

/** Whether a request path is on the allow-list, judged as the file server will read it (decoded). */
function served(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  return SERVED.test(decoded) && !/\.\.|\\|\0/.test(decoded);
}

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Port; 0 for any free one. */
  port: number;
  /** Interface to listen on; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Host names besides localhost, 127.0.0.1 and `host` under which the demo may be reached. */
  hostNames?: string[];
  /**
   * Opens where state lives and its HMAC key (of codes, app passwords and the session cookie),
   * once the port is ours; default in memory, with a random key.
   */
  open?: () => Promise<{ store: MfaStore; secret: string }>;
}

/** Milliseconds the simulated phone keeps a message: long enough to read it, short enough to bound memory. */
const KEPT_MS = 3600_000;

/**
 * The simulated phone: what the demo "sent", per visitor, for an hour. The send budgets bound how
 * many messages an hour can hold, so memory stays bounded however many visitors come.
 */
class DemoOutbox implements SmsSender {
  private readonly messages = new Map<string, { to: string; channel: OutgoingMessage['channel']; text: string; code: string; sentAt: string; at: number }[]>();

  async send({ userId, to, channel, text, code }: OutgoingMessage): Promise<void> {
    const at = Date.now();
    for (const [user, list] of this.messages) if (list.at(-1)!.at + KEPT_MS < at) this.messages.delete(user);
    this.messages.set(userId, [...(this.messages.get(userId) ?? []), { to, channel, text, code, sentAt: new Date(at).toISOString(), at }]);
  }

  messagesFor(userId: string) {
    return (this.messages.get(userId) ?? []).filter((m) => m.at + KEPT_MS > Date.now()).map(({ at: _, ...message }) => message);
  }
}

/** Starts the demo; resolves once it listens. Rejects with the listen error (EADDRINUSE, say). */
export async function startDemo(options: DemoOptions): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  // The port first: a port in use is said at once, before a store takes seconds to open.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const known = new Set(['localhost', '127.0.0.1', '[::1]', host.includes(':') ? `[${host}]` : host, ...(options.hostNames ?? [])].map((name) => name.toLowerCase()));
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // A page of another site whose name was made to point here (DNS rebinding) sends its own name.
    const name = (request.headers.host ?? '').toLowerCase();
    if (!known.has(name.replace(/:\d+$/, '')) || (/:\d+$/.test(name) && !name.endsWith(`:${port}`))) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This demo answers only to its own host names.');
    } else if (app) app(request, response);
    else response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '1' }).end('The demo is starting.');
  });
  const closeServer = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  let dev: Awaited<ReturnType<typeof startDevServer>>;
  try {
    const { store, secret } = (await options.open?.()) ?? { store: new MemoryStore(), secret: randomBytes(32).toString('hex') };
    const outbox = new DemoOutbox();
    // Japanese numbers get their texts and calls in Japanese; the rest the default English words.
    const service = new MfaService({
      sender: outbox,
      devOutbox: true,
      store,
      secret,
      appName: 'the university portal (demo)',
      // Calls cost nothing here (the phone is simulated); the WebOTP line names the demo's own host.
      voice: true,
      webOtpHosts: [...known].map((name) => name.replace(/^\[|\]$/g, '')),
      messageText: ({ code, channel, to, minutes }) => {
        if (!to.startsWith('+81')) return undefined;
        const spoken = [...code].join('、');
        return channel === 'voice'
          ? `大学ポータル（デモ）の確認コードは ${spoken} です。もう一度繰り返します。${spoken}。`
          : `大学ポータル（デモ）の確認コード: ${code}（${minutes} 分間有効）`;
      },
      onVerified: () => ({ redirectUrl: '/' }),
    });
    const api = createMfaHandler({ service, identify: anonymousSession({ secret: `${secret}/demo-session` }), basePath: '/api/mfa' });

    type Ctx = { url: string; path: string; status: number; body: unknown; response: { is(type: string): string | false | null }; set(name: string, value: string): void };
    dev = await startDevServer({
      readCliArgs: false,
      readFileConfig: false,
      logStartMessage: false,
      config: {
        rootDir: '.',
        // We listen ourselves: the dev server would listen on every interface when asked for 127.0.0.1.
        middlewareMode: true,
        nodeResolve: { exportConditions: ['production'] },
        plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
        middleware: [
          async (ctx: Ctx, next: () => Promise<unknown>) => {
            if (!served(ctx.path)) {
              ctx.status = 404;
              ctx.body = 'Not found.';
              return;
            }
            if (ctx.path === '/') ctx.url = '/demo/index.html';
            await next();
            if (ctx.response.is('html')) ctx.set('Content-Security-Policy', CSP);
            ctx.set('X-Content-Type-Options', 'nosniff');
          },
          api.koa as never,
        ],
      },
    });
    app = (dev as unknown as { koaApp: { callback(): (req: IncomingMessage, res: ServerResponse) => void } }).koaApp.callback();
  } catch (error) {
    await closeServer();
    throw error;
  }
  return {
    url: `http://${host === '127.0.0.1' || host === '::1' ? 'localhost' : host}:${port}/`,
    port,
    async stop() {
      await closeServer();
      await dev.stop();
    },
  };
}
