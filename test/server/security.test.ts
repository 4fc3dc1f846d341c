/**
 * The reference backend's defences, over real HTTP: requests from other sites, CSRF tokens, odd
 * bodies, what a failure logs, configuration bounds, regions, step-up and security events.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { DevOutbox, MfaService, createMfaHandler, type MfaHandlerOptions } from '../../server/index.js';

const PHONE = '+819012345678';
const JSON_TYPE = { 'Content-Type': 'application/json' };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

/** A handler on a free port for user "alice", with its outbox and the lines it logged. */
async function mount(options: Partial<MfaHandlerOptions> = {}) {
  const outbox = new DevOutbox();
  const logged: string[] = [];
  const service = options.service ?? new MfaService({ sender: outbox, secret: 'a test secret of thirty-two bytes' });
  const handler = createMfaHandler({ service, identify: () => 'alice', log: (line) => logged.push(line), ...options });
  const server = createServer((req, res) => void handler(req, res));
  const origin = await listen(server);
  return {
    origin,
    base: `${origin}/api/mfa`,
    outbox,
    logged,
    enroll: (headers: Record<string, string> = {}) =>
      fetch(`${origin}/api/mfa/enrollments`, { method: 'POST', headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify({ phoneNumber: PHONE, method: 'sms' }) }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the Node adapter', () => {
  let m: Awaited<ReturnType<typeof mount>>;
  before(async () => {
    m = await mount({ allowedOrigins: ['https://portal.example.edu'] });
  });
  after(() => m.close());

  it('refuses requests from other sites before anything is sent', async () => {
    const refused: Record<string, string>[] = [{ Origin: 'https://evil.example' }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }];
    for (const headers of refused) {
      const response = await m.enroll(headers);
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.equal((await response.json()).error.code, 'unauthorized');
    }
    assert.equal((await fetch(`${m.base}/app-passwords`, { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status, 403);
    assert.equal(m.outbox.messagesFor('alice').length, 0);
    // The page's own origin, a configured one, and clients that are no browser are served.
    const host = new URL(m.origin).host;
    assert.equal((await m.enroll({ Origin: m.origin, 'Sec-Fetch-Site': 'same-origin' })).status, 201);
    assert.equal((await m.enroll({ Origin: 'https://portal.example.edu' })).status, 201);
    assert.equal((await fetch(`${m.base}/app-passwords`, { headers: { 'Sec-Fetch-Site': 'same-origin', Host: host } })).status, 200);
    assert.equal((await m.enroll()).status, 201);
  });

  it('says nosniff on every answer', async () => {
    for (const response of [await fetch(`${m.base}/app-passwords`), await fetch(`${m.base}/nothing`), await m.enroll({ Origin: 'https://evil.example' })]) {
      assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff');
    }
  });

  it('refuses a deeply nested body with a 400 instead of overflowing the stack', async () => {
    const deep = `{"phoneNumber":"${PHONE}","method":"sms","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const fresh = await mount();
    const response = await fetch(`${fresh.base}/enrollments`, { method: 'POST', headers: { ...JSON_TYPE, 'Idempotency-Key': 'k-deep' }, body: deep });
    assert.equal(response.status, 400);
    assert.match((await response.json()).error.message, /nested more than 16 levels/);
    assert.deepEqual(fresh.logged, []);
    assert.equal(fresh.outbox.messagesFor('alice').length, 0);
    await fresh.close();
  });

  it('logs the cause of a 500 on one line, without the digits it quotes', async () => {
    const failing = await mount({
      identify: () => {
        throw new Error('session store down while reading +81 90 1234 5678, code 123456');
      },
    });
    const response = await failing.enroll();
    assert.equal(response.status, 500);
    assert.equal((await response.json()).error.code, 'server_error');
    assert.equal(failing.logged.length, 1);
    const [line] = failing.logged;
    assert.match(line!, /^mfa-elements: 500 for POST \/api\/mfa\/enrollments: Error: session store down while reading \[digits\], code \[digits\] at /);
    assert.ok(!line!.includes('\n') && !/5678|123456/.test(line!), line);
    await failing.close();
  });

  it('checks the CSRF token with the hook it is given', async () => {
    const seen: (string | undefined)[] = [];
    const guarded = await mount({ verifyCsrf: (_request: IncomingMessage, token) => (seen.push(token), token === 'right') });
    assert.equal((await guarded.enroll()).status, 403);
    const wrong = await guarded.enroll({ 'X-CSRF-Token': 'wrong' });
    assert.equal(wrong.status, 403);
    assert.match((await wrong.json()).error.message, /CSRF token/);
    assert.equal(guarded.outbox.messagesFor('alice').length, 0);
    assert.equal((await guarded.enroll({ 'X-CSRF-Token': 'right' })).status, 201);
    assert.deepEqual(seen, [undefined, 'wrong', 'right']);
    await guarded.close();
  });
});
