/**
 * `npm start`: the demo at http://localhost:$PORT/ (default 8000), with the reference backend at
 * /api/mfa and its development outbox shown as a simulated phone. State is kept in a PGlite data
 * folder, `$MFA_DATA_DIR` (default `.mfa-data/`), so a restart loses no enrolled phone, app password
 * or browser session; the HMAC secret is `$MFA_SECRET`, or one made once in that folder. Pages are served under the
 * strict Content-Security-Policy with Trusted Types that the elements promise to work with.
 */
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { DevOutbox, MfaService, anonymousSession, createMfaHandler } from '../server/index.js';
import { PgliteStore } from '../server/stores/pglite.js';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'self'; require-trusted-types-for 'script'; trusted-types lit-html";

const port = Number(process.env.PORT ?? 8000);
const store = await PgliteStore.open(process.env.MFA_DATA_DIR ?? '.mfa-data');
// Japanese numbers get their texts and calls in Japanese; the rest the default English words.
const service = new MfaService({
  sender: new DevOutbox(),
  devOutbox: true,
  store,
  secret: process.env.MFA_SECRET ?? (await store.secret()),
  appName: 'the university portal (demo)',
  messageText: ({ code, channel, to, minutes }) => {
    if (!to.startsWith('+81')) return undefined;
    const spoken = [...code].join('、');
    return channel === 'voice'
      ? `大学ポータル（デモ）の確認コードは ${spoken} です。もう一度繰り返します。${spoken}。`
      : `大学ポータル（デモ）の確認コード: ${code}（${minutes} 分間有効）`;
  },
  onVerified: () => ({ redirectUrl: '/' }),
});
const api = createMfaHandler({ service, identify: anonymousSession(), basePath: '/api/mfa' });

type Ctx = { url: string; path: string; response: { is(type: string): string | false | null }; set(name: string, value: string): void };

const server = await startDevServer({
  readCliArgs: false,
  readFileConfig: false,
  logStartMessage: false,
  config: {
    port,
    rootDir: '.',
    nodeResolve: { exportConditions: ['production'] },
    plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
    middleware: [
      async (ctx: Ctx, next: () => Promise<unknown>) => {
        if (ctx.path === '/') ctx.url = '/demo/index.html';
        await next();
        if (ctx.response.is('html')) ctx.set('Content-Security-Policy', CSP);
      },
      api.koa as never,
    ],
  },
});
console.log(`mfa-elements demo: http://localhost:${port}/`);
// Closed on the way out, or PGlite may keep the process alive and the folder locked.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.stop().then(() => store.close()).then(() => process.exit(0)));
}
