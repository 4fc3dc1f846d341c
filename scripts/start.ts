/**
 * `npm start`: the demo at http://localhost:$PORT/ (default 8000), with the reference backend at
 * /api/mfa and its development outbox shown as a simulated phone. Pages are served under the
 * strict Content-Security-Policy with Trusted Types that the elements promise to work with.
 */
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { DevOutbox, MfaService, anonymousSession, createMfaHandler } from '../server/index.js';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'self'; require-trusted-types-for 'script'; trusted-types lit-html";

const port = Number(process.env.PORT ?? 8000);
const service = new MfaService({ sender: new DevOutbox(), appName: 'the university portal (demo)', onVerified: () => ({ redirectUrl: '/' }) });
const api = createMfaHandler({ service, identify: anonymousSession(), basePath: '/api/mfa' });

type Ctx = { url: string; path: string; response: { is(type: string): string | false | null }; set(name: string, value: string): void };

await startDevServer({
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
