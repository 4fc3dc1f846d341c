/**
 * The demo server of `npm start`: loopback only, an allow-list of paths, its own host names only,
 * and anonymous sessions that are signed, chosen by the server and forgotten when idle or too many.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startDemo } from '../../scripts/demo.js';
import { DevOutbox, MfaService, anonymousSession, createMfaHandler } from '../../server/index.js';

/** A raw GET, so that the path and the Host header go out exactly as written. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { Host: `localhost:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the demo server', () => {
  let demo: Awaited<ReturnType<typeof startDemo>>;
  before(async () => {
    demo = await startDemo({ port: 0 });
  });
  after(() => demo.stop());

  it('serves the page under the strict CSP, and the sources it loads', async () => {
    const page = await get(demo.port, '/');
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-security-policy']), /require-trusted-types-for 'script'/);
    for (const path of ['/demo/demo.ts', '/components/index.ts', '/src/client.ts', '/node_modules/lit/index.js']) {
      assert.equal((await get(demo.port, path)).status, 200, path);
    }
  });

  it('serves nothing else: no .git, no backend sources, no package files', async () => {
    for (const path of ['/.git/config', '/.git/HEAD', '/server/crypto.ts', '/scripts/demo.ts', '/package.json', '/test/support/backend.ts', '/node_modules/pg/package.json', '/demo/../server/crypto.ts', '/demo/%2e%2e/server/crypto.ts']) {
      const answer = await get(demo.port, path);
      assert.equal(answer.status, 404, path);
      assert.doesNotMatch(answer.body, /import|\[core\]/, path);
    }
  });

  it('answers only to its own host names (no DNS rebinding)', async () => {
    assert.equal((await get(demo.port, '/', { Host: `attacker.example:${demo.port}` })).status, 421);
    assert.equal((await get(demo.port, '/api/mfa/__dev/outbox', { Host: 'attacker.example' })).status, 421);
    assert.equal((await get(demo.port, '/', { Host: `localhost:${demo.port + 1}` })).status, 421);
    assert.equal((await get(demo.port, '/', { Host: `127.0.0.1:${demo.port}` })).status, 200);
  });

  it('listens on loopback only by default', async () => {
    const { url } = demo;
    assert.equal(url, `http://localhost:${demo.port}/`);
    // Reached over 127.0.0.1 above; another interface of this machine, if any, must not answer.
    const { networkInterfaces } = await import('node:os');
    const other = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (other) {
      const refused = await new Promise<boolean>((resolve) => {
        const req = httpRequest({ host: other.address, port: demo.port, path: '/', timeout: 2000 }, () => resolve(false));
        req.on('error', () => resolve(true));
        req.on('timeout', () => (req.destroy(), resolve(true)));
        req.end();
      });
      assert.equal(refused, true, `answered on ${other.address}`);
    }
  });

  it('says in one line that the port is in use, instead of a stack trace', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env: { ...process.env, PORT: String(demo.port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 1);
    assert.equal(stderr, `mfa-elements demo: port ${demo.port} is in use; start it on another one, e.g. PORT=${demo.port + 1} npm start\n`);
  });
});

describe('anonymousSession', () => {
  it('accepts only ids it signed, and only until they end', async () => {
    const clock = { now: Date.parse('2026-11-28T12:00:00Z') };
    const identify = anonymousSession({ maxAge: 60, now: () => clock.now });
    const seen: string[] = [];
    const handler = createMfaHandler({
      service: new MfaService({ sender: new DevOutbox() }),
      identify: async (req, res) => {
        const identity = (await identify(req, res)) as { userId: string; sessionId: string };
        assert.equal(identity.userId, `anon_${identity.sessionId}`);
        seen.push(identity.userId);
        return identity;
      },
    });
    const server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const visit = async (cookie?: string) => {
      const answer = await get(port, '/api/mfa/app-passwords', cookie ? { Cookie: cookie } : {});
      const set = answer.headers['set-cookie']?.[0];
      return { cookie: set?.split(';')[0] ?? cookie!, set, user: seen.at(-1)! };
    };
    try {
      const a = await visit();
      assert.match(a.set!, /^mfa_demo_session=[0-9a-f]{32}\.\d+\.[0-9a-f]{64}; Path=\/; Max-Age=60; HttpOnly; SameSite=Lax$/);
      assert.deepEqual(await visit(a.cookie), { ...a, set: undefined });
      // A client-chosen id, a signature moved to another id, or a later end: each a new session.
      const [id, ends, mac] = a.cookie.split('=')[1]!.split('.');
      const other = '0'.repeat(32);
      for (const forged of [`mfa_demo_session=${other}`, `mfa_demo_session=${other}.${ends}.${mac}`, `mfa_demo_session=${id}.${Number(ends) + 3600}.${mac}`, `mfa_demo_session=${id}.${ends}.${'0'.repeat(64)}`]) {
        const v = await visit(forged);
        assert.ok(v.set, forged);
        assert.notEqual(v.user, a.user);
        assert.notEqual(v.user, `anon_${other}`);
      }
      clock.now += 61_000;
      const late = await visit(a.cookie);
      assert.ok(late.set, 'an ended session is not taken back');
      assert.notEqual(late.user, a.user);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
