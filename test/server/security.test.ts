/**
 * The reference backend's defences, over real HTTP: requests from other sites, CSRF tokens, odd
 * bodies, what a failure logs, configuration bounds, regions, step-up and security events.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { MfaClient } from '../../src/client.js';
import { DevOutbox, MfaService, createMfaHandler, type MfaHandlerOptions, type MfaServiceOptions, type SecurityEvent, type VerifiedInfo } from '../../server/index.js';
import { rejects } from './rejects.js';

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

describe('the rules', () => {
  /** A service on a free port; identify reads the user and session from X-User and X-Session. */
  async function serve(options: Partial<MfaServiceOptions> = {}) {
    const outbox = new DevOutbox();
    const events: SecurityEvent[] = [];
    const verified: VerifiedInfo[] = [];
    const clock = { now: Date.parse('2026-11-28T12:00:00Z') };
    const service = new MfaService({
      sender: outbox,
      secret: 'a test secret of thirty-two bytes',
      now: () => clock.now,
      onEvent: (event) => events.push(event),
      onVerified: (_user, info) => (verified.push(info), {}),
      ...options,
    });
    const handler = createMfaHandler({
      service,
      identify: (req) => ({ userId: String(req.headers['x-user'] ?? 'alice'), sessionId: req.headers['x-session'] as string | undefined }),
    });
    const server = createServer((req, res) => void handler(req, res));
    const origin = await listen(server);
    const client = (session: string, user = 'alice') => new MfaClient({ baseUrl: `${origin}/api/mfa`, headers: { 'X-User': user, 'X-Session': session }, retries: 0 });
    const code = () => outbox.messagesFor('alice').at(-1)!.code;
    return { origin, outbox, events, verified, clock, client, code, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('texts only the configured regions, never a number of no country, and calls only when enabled', async () => {
    const s = await serve();
    const c = s.client('s1');
    for (const phoneNumber of ['+881612345678', '+870773123456', '+33612345678', '+5350123456']) {
      const error = await rejects(c.startEnrollment({ phoneNumber, method: 'sms' }), 'unsupported_region');
      assert.match(error.message, /country or region/);
    }
    assert.match((await rejects(c.startEnrollment({ phoneNumber: PHONE, method: 'voice' }), 'unsupported_region')).message, /phone call/);
    assert.equal(s.outbox.messagesFor('alice').length, 0);
    assert.deepEqual(
      s.events.filter((e) => e.type === 'region_refused').map((e) => e.country),
      [undefined, undefined, 'FR', 'CU'],
    );
    assert.ok(s.events.every((e) => !JSON.stringify(e).includes('612345678')), 'numbers are masked');
    await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
    await s.close();
    const wide = await serve({ regions: ['FR'], voice: true });
    await wide.client('s1').startEnrollment({ phoneNumber: '+33612345678', method: 'voice' });
    await rejects(wide.client('s1').startEnrollment({ phoneNumber: PHONE, method: 'sms' }), 'unsupported_region');
    await rejects(wide.client('s1').startEnrollment({ phoneNumber: '+881612345678', method: 'sms' }), 'unsupported_region');
    await wide.close();
  });

  it('puts a Host header into the WebOTP line only when it is a listed host', async () => {
    const s = await serve({ webOtpHosts: ['portal.example.edu'] });
    const enrollFrom = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: Number(new URL(s.origin).port), path: '/api/mfa/enrollments', method: 'POST', headers: { Host: host, 'Content-Type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ phoneNumber: PHONE, method: 'sms' }));
      });
    assert.equal(await enrollFrom('univ-portal-login.example'), 201);
    assert.doesNotMatch(s.outbox.messagesFor('alice').at(-1)!.text, /@/);
    assert.equal(await enrollFrom('portal.example.edu:443'), 201);
    assert.ok(s.outbox.messagesFor('alice').at(-1)!.text.endsWith(`\n\n@portal.example.edu #${s.code()}`));
    await s.close();
  });

  it('management needs a code verified by this very session within 10 minutes: 403 step_up_required', async () => {
    const s = await serve();
    const owner = s.client('owner-session');
    const enrollment = await owner.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
    const { appPassword } = await owner.verifyEnrollment(enrollment.enrollmentId, s.code());
    assert.equal(s.verified.length, 0);
    // The enrolling session may manage at once; a session with the password alone may not.
    const attacker = s.client('attacker-session');
    const error = await rejects(attacker.createAppPassword('Thunderbird'), 'step_up_required');
    assert.equal(error.status, 403);
    await rejects(attacker.revokeAppPassword(appPassword!.id), 'step_up_required');
    await rejects(attacker.startEnrollment({ phoneNumber: '+819012345670', method: 'sms' }), 'step_up_required');
    assert.equal((await attacker.listAppPasswords()).length, 1);
    await owner.createAppPassword('Thunderbird');
    // A challenge belongs to the session that started it: another cannot verify or resend it.
    const challenge = await owner.startChallenge();
    await rejects(attacker.verifyChallenge(challenge.challengeId, s.code()), 'not_found');
    await rejects(attacker.resendChallenge(challenge.challengeId), 'not_found');
    // The attacker's own challenge does not end the owner's.
    s.clock.now += 31_000;
    const own = await attacker.startChallenge();
    s.clock.now += 11 * 60_000;
    await rejects(owner.createAppPassword('Mail'), 'step_up_required');
    const late = await owner.startChallenge();
    await owner.verifyChallenge(late.challengeId, s.code(), { rememberDevice: true });
    assert.deepEqual(
      s.verified.map(({ rememberDevice, sessionId }) => ({ rememberDevice, sessionId })),
      [{ rememberDevice: true, sessionId: 'owner-session' }],
    );
    assert.ok(s.verified[0]!.request && typeof (s.verified[0]!.request as { headers?: unknown }).headers === 'object', 'the raw request');
    await owner.createAppPassword('Mail');
    await rejects(attacker.createAppPassword('Mine'), 'step_up_required');
    assert.ok(own.challengeId);
    const types = s.events.map((e) => e.type);
    for (const type of ['phone_enrolled', 'app_password_created', 'step_up_required', 'step_up_passed', 'code_sent'] as const) assert.ok(types.includes(type), type);
    assert.ok(s.events.every((e) => !/owner-session|attacker-session|9012345678|[a-z]{16}/.test(JSON.stringify(e))), 'no secrets, no full number');
    await s.close();
  });

  it('a host policy decides per operation, with the session and request in hand', async () => {
    const seen: string[] = [];
    const s = await serve({ authorize: (operation, context) => (seen.push(`${operation}:${context.sessionId}:${context.hasPhone}`), operation === 'listAppPasswords' ? 'deny' : 'allow') });
    const c = s.client('s9');
    await c.createAppPassword('Thunderbird');
    assert.equal((await rejects(c.listAppPasswords(), 'unauthorized')).status, 403);
    assert.deepEqual(seen, ['createAppPassword:s9:false', 'listAppPasswords:s9:false']);
    await s.close();
  });

  it('caps app passwords per user with a clear refusal', async () => {
    const s = await serve({ limits: { maxAppPasswords: 2 }, authorize: () => 'allow' });
    const c = s.client('s1');
    await c.createAppPassword('One');
    await c.createAppPassword('Two');
    const error = await rejects(c.createAppPassword('Three'), 'bad_response');
    assert.match(error.message, /2 app passwords, the most allowed/);
    await s.close();
  });

  it('refuses a configuration out of bounds, naming the setting', () => {
    const sender = new DevOutbox();
    assert.throws(() => new MfaService({ sender, limits: { codeLength: 1 } }), /limits\.codeLength must be a whole number from 6 to 10; it is 1/);
    assert.throws(() => new MfaService({ sender, limits: { maxAttempts: 0 } }), /limits\.maxAttempts/);
    assert.throws(() => new MfaService({ sender, limits: { sendWindow: -1 } }), /limits\.sendWindow/);
    assert.throws(() => new MfaService({ sender, limits: { challengeTtl: 1.5 } }), /limits\.challengeTtl/);
    assert.throws(() => new MfaService({ sender, secret: 'x' }), /secret.*at least 16 bytes/);
    assert.doesNotThrow(() => new MfaService({ sender, limits: { maxNumberSends: Infinity, codeLength: 8 } }));
  });

  it('refuses the development outbox in production unless forced', () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      assert.throws(() => new MfaService({ sender: new DevOutbox(), devOutbox: true }), /devOutbox/);
      assert.doesNotThrow(() => new MfaService({ sender: new DevOutbox(), devOutbox: 'even-in-production' }));
    } finally {
      process.env.NODE_ENV = before;
    }
  });

  it('logs the cause of a 500 from the rules, without the number', async () => {
    const logged: string[] = [];
    const failing = { send: async () => Promise.reject(new Error('provider refused +819012345678')) };
    const s = await serve({ sender: failing as unknown as DevOutbox, log: (line) => logged.push(line) });
    await rejects(s.client('s1').startEnrollment({ phoneNumber: PHONE, method: 'sms' }), 'server_error');
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /^mfa-elements: 500 for POST \/enrollments: Error: provider refused \[digits\]/);
    await s.close();
  });
});
