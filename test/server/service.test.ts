/**
 * The reference backend in Node over real HTTP: the protocol's rules (codes, limits, expiry,
 * idempotency, ownership), how it stores secrets, and how it mounts. The rules run on every store:
 * memory, PGlite and a throwaway PostgreSQL cluster, each test on a fresh store (a schema of its own
 * on the databases).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { MfaClient } from '../../src/client.js';
import { rejects } from './rejects.js';
import { constantTimeEqual } from '../../server/crypto.js';
import { DevOutbox, MemoryStore, MfaService, anonymousSession, createMfaHandler, type MfaServiceOptions, type MfaStore } from '../../server/index.js';
import { PgliteStore } from '../../server/stores/pglite.js';
import { PostgresStore } from '../../server/stores/postgres.js';
import { startCluster, type Cluster } from '../support/postgres.js';

const PHONE = '+819012345678';

interface Backend {
  base: string;
  outbox: DevOutbox;
  store: MfaStore;
  service: MfaService;
  clock: { now: number };
  client(user: string): MfaClient;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

/** Where the suite's stores come from: set up once per kind, a fresh store per backend. */
interface StoreKind {
  name: string;
  setup(): Promise<void>;
  make(): Promise<MfaStore>;
  teardown(): Promise<void>;
}

let schemas = 0;
const schema = () => `test_${++schemas}`;
const KINDS: StoreKind[] = [
  { name: 'memory', setup: async () => undefined, make: async () => new MemoryStore(), teardown: async () => undefined },
  (() => {
    let db: PGlite;
    return {
      name: 'PGlite',
      setup: async () => void (db = await PGlite.create()),
      make: () => PgliteStore.onDatabase(db, { schema: schema(), sweepIntervalMs: 0 }),
      teardown: () => db.close(),
    };
  })(),
  (() => {
    let cluster: Cluster;
    let pool: pg.Pool;
    return {
      name: 'PostgreSQL',
      setup: async () => {
        cluster = await startCluster();
        pool = new pg.Pool({ connectionString: cluster.url, max: 20 });
      },
      make: () => PostgresStore.open({ pool, schema: schema(), sweepIntervalMs: 0 }),
      teardown: async () => {
        await pool.end();
        await cluster.stop();
      },
    };
  })(),
];
let kind = KINDS[0]!;

/** A backend on a free port, on a fresh store of the current kind unless given one; users are named by an X-User header. */
async function backend(options: Partial<MfaServiceOptions> = {}): Promise<Backend> {
  const outbox = new DevOutbox();
  const store = options.store ?? (await kind.make());
  const clock = { now: Date.parse('2026-11-28T12:00:00Z') };
  const service = new MfaService({ sender: outbox, devOutbox: true, store, now: () => clock.now, secret: 'test-secret-of-sixteen-bytes-or-more', voice: true, webOtpHosts: ['127.0.0.1'], ...options });
  const handler = createMfaHandler({ service, identify: (req) => (req.headers['x-user'] as string | undefined) ?? null });
  const server = createServer((req, res) => void handler(req, res));
  const origin = await listen(server);
  return {
    base: `${origin}/api/mfa`,
    outbox,
    store,
    service,
    clock,
    client: (user) => new MfaClient({ baseUrl: `${origin}/api/mfa`, headers: { 'X-User': user }, retries: 0 }),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.store) await store.close();
    },
  };
}

/** A user's stored state, read through a transaction that changes nothing. */
const stateOf = (store: MfaStore, user: string) => store.transaction(user, async (state) => structuredClone(state));
const lastCode = (b: Backend, user: string) => b.outbox.messagesFor(user).at(-1)!.code;
const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

/** A client for `user`, who has a phone enrolled. */
async function enrolled(b: Backend, user: string): Promise<MfaClient> {
  const c = b.client(user);
  const { enrollmentId } = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
  await c.verifyEnrollment(enrollmentId, lastCode(b, user));
  return c;
}

for (const storeKind of KINDS) describe(`reference backend on ${storeKind.name}`, () => {
  before(async () => {
    kind = storeKind;
    await kind.setup();
  });
  after(() => kind.teardown());
  let b: Backend;
  beforeEach(async () => {
    b = await backend();
  });
  afterEach(() => b.close());

  describe('codes', () => {
    it('sends a 6-digit code by text with the WebOTP line, and stores only a keyed hash of it', async () => {
      const { enrollmentId } = await b.client('alice').startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      const [message] = b.outbox.messagesFor('alice');
      assert.match(message!.code, /^\d{6}$/);
      assert.equal(message!.to, PHONE);
      assert.ok(message!.text.endsWith(`\n\n@127.0.0.1 #${message!.code}`), message!.text);
      const stored = JSON.stringify(await stateOf(b.store, 'alice'));
      assert.ok(!stored.includes(message!.code), 'the code is not stored in clear');
      assert.match((await stateOf(b.store, 'alice')).enrollments[enrollmentId]!.codeHash, /^[0-9a-f]{64}$/);
    });

    it('binds the WebOTP line to the configured host, and 404s a malformed path', async () => {
      const h = await backend({ webOtpHost: 'portal.example.edu' });
      await h.client('alice').startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      assert.ok(h.outbox.messagesFor('alice')[0]!.text.endsWith(`@portal.example.edu #${lastCode(h, 'alice')}`));
      const response = await fetch(`${h.base}/enrollments/%E0%A4%A/verify`, { method: 'POST', headers: { 'X-User': 'alice', 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(response.status, 404);
      await h.close();
    });

    it('takes the words of a message from messageText, keeping the WebOTP line after them', async () => {
      const seen: unknown[] = [];
      const h = await backend({
        webOtpHost: 'portal.example.edu',
        messageText: (info) => (seen.push(info), info.to.startsWith('+81') ? `確認コード: ${info.code}（${info.minutes} 分間有効）` : info.channel === 'voice' ? `Code ${info.code}` : undefined),
      });
      await h.client('alice').startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      const code = lastCode(h, 'alice');
      assert.equal(h.outbox.messagesFor('alice')[0]!.text, `確認コード: ${code}（10 分間有効）\n\n@portal.example.edu #${code}`);
      await h.client('bob').startEnrollment({ phoneNumber: '+447400123456', method: 'voice' });
      assert.equal(h.outbox.messagesFor('bob')[0]!.text, `Code ${lastCode(h, 'bob')}`);
      assert.deepEqual(seen[1], { code: lastCode(h, 'bob'), channel: 'voice', to: '+447400123456', minutes: 10 });
      await h.client('carol').startEnrollment({ phoneNumber: '+447400123456', method: 'sms' });
      assert.match(h.outbox.messagesFor('carol')[0]!.text, /^\d{6} is your verification code for your account\. It expires in 10 minutes\.\n\n@portal/);
      await h.close();
    });

    it('reads a voice code out digit by digit, without the WebOTP line', async () => {
      await b.client('alice').startEnrollment({ phoneNumber: PHONE, method: 'voice' });
      const [message] = b.outbox.messagesFor('alice');
      assert.equal(message!.channel, 'voice');
      assert.ok(message!.text.includes(message!.code.split('').join(', ')));
      assert.ok(!message!.text.includes('#'));
    });

    it('codes come from the platform CSPRNG, and look uniform: 200 codes, no repeats beyond chance', async () => {
      const service = new MfaService({ sender: b.outbox, limits: { maxUserSends: 1000, maxNumberSends: 1000, maxPrefixSends: 1000 } });
      for (let i = 0; i < 200; i++) await service.handle(`u${i}`, { method: 'POST', path: '/enrollments', body: { phoneNumber: PHONE, method: 'sms' } });
      const codes = Array.from({ length: 200 }, (_, i) => b.outbox.messagesFor(`u${i}`)[0]!.code);
      assert.ok(new Set(codes).size >= 195);
      assert.equal(new Set(codes.join('')).size, 10);
      // Where the digits come from: with crypto.getRandomValues pinned, the code is what it gives.
      const real = crypto.getRandomValues;
      crypto.getRandomValues = ((array: Uint8Array) => array.fill(3)) as typeof crypto.getRandomValues;
      try {
        await service.handle('pinned', { method: 'POST', path: '/enrollments', body: { phoneNumber: PHONE, method: 'sms' } });
      } finally {
        crypto.getRandomValues = real;
      }
      assert.equal(b.outbox.messagesFor('pinned')[0]!.code, '333333');
    });

    it('expires enrollment codes after 10 minutes and challenge codes after 5', async () => {
      const c = b.client('alice');
      const enrollment = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      b.clock.now += 599_000;
      await c.verifyEnrollment(enrollment.enrollmentId, lastCode(b, 'alice'));
      const challenge = await c.startChallenge();
      b.clock.now += 300_000;
      await rejects(c.verifyChallenge(challenge.challengeId, lastCode(b, 'alice')), 'expired');
      // A resend after expiry brings a fresh, working code.
      const again = await c.resendChallenge(challenge.challengeId);
      assert.equal(again.expiresIn, 300);
      assert.equal((await c.verifyChallenge(challenge.challengeId, lastCode(b, 'alice'))).status, 'verified');
    });

    it('allows 5 wrong codes per enrollment, and a resend never resets the count', async () => {
      const c = b.client('alice');
      const { enrollmentId } = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      for (let i = 0; i < 4; i++) await rejects(c.verifyEnrollment(enrollmentId, wrong(lastCode(b, 'alice'))), 'invalid_code');
      b.clock.now += 30_000;
      await c.resendEnrollment(enrollmentId);
      const last = await rejects(c.verifyEnrollment(enrollmentId, wrong(lastCode(b, 'alice'))), 'too_many_attempts');
      assert.equal(last.attemptsLeft, 0);
      assert.equal(last.status, 423);
      await rejects(c.verifyEnrollment(enrollmentId, lastCode(b, 'alice')), 'too_many_attempts');
    });

    it('a verified code cannot be used twice', async () => {
      const c = b.client('alice');
      await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' }).then(async (e) => {
        await c.verifyEnrollment(e.enrollmentId, lastCode(b, 'alice'));
        await rejects(c.verifyEnrollment(e.enrollmentId, lastCode(b, 'alice')), 'not_found');
      });
    });

    it('compares in constant time (no early exit)', () => {
      assert.equal(constantTimeEqual('abc', 'abc'), true);
      assert.equal(constantTimeEqual('abc', 'abd'), false);
      assert.equal(constantTimeEqual('abc', 'abcd'), false);
      assert.equal(constantTimeEqual('', ''), true);
      // It reads every character even when the first differs: count the reads.
      let reads = 0;
      const counted = (text: string) => Object.assign(new String(text), { charCodeAt: (i: number) => (reads++, text.charCodeAt(i)) }) as unknown as string;
      assert.equal(constantTimeEqual(counted('x'.repeat(64)), counted('y'.repeat(64))), false);
      assert.equal(reads, 128);
    });
  });

  describe('sending limits', () => {
    it('resend cooldown of 30 s, answered with 429 and Retry-After', async () => {
      const c = b.client('alice');
      const { enrollmentId } = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      b.clock.now += 12_000;
      const response = await fetch(`${b.base}/enrollments/${enrollmentId}/resend`, {
        method: 'POST',
        headers: { 'X-User': 'alice', 'Content-Type': 'application/json' },
        body: '{}',
      });
      assert.equal(response.status, 429);
      assert.equal(response.headers.get('Retry-After'), '18');
      assert.deepEqual((await response.json()).error, { code: 'rate_limited', message: 'Wait 18 seconds before asking for another code.', retryAfter: 18 });
      b.clock.now += 18_000;
      assert.equal((await c.resendEnrollment(enrollmentId)).resendIn, 30);
    });

    it('at most 5 sends per enrollment', async () => {
      const c = b.client('alice');
      const { enrollmentId } = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      for (let i = 0; i < 4; i++) {
        b.clock.now += 30_000;
        await c.resendEnrollment(enrollmentId);
      }
      b.clock.now += 30_000;
      await rejects(c.resendEnrollment(enrollmentId), 'rate_limited');
      assert.equal(b.outbox.messagesFor('alice').length, 5);
    });

    it('a per-user limit of 10 sends an hour, with Retry-After until the oldest leaves the window', async () => {
      const c = b.client('alice');
      for (let i = 0; i < 10; i++) {
        await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
        b.clock.now += 60_000;
      }
      const error = await rejects(c.startEnrollment({ phoneNumber: PHONE, method: 'sms' }), 'rate_limited');
      assert.equal(error.retryAfter, 3600 - 600);
      assert.equal(error.status, 429);
      // Another user is not affected.
      await b.client('bob').startEnrollment({ phoneNumber: '+447400123456', method: 'sms' });
      b.clock.now += 3000_000;
      await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
    });

    it('at most 10 texts an hour to one number, whoever asks (many anonymous sessions, say)', async () => {
      for (let i = 0; i < 10; i++) await b.client(`visitor-${i}`).startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      const error = await rejects(b.client('visitor-10').startEnrollment({ phoneNumber: PHONE, method: 'sms' }), 'rate_limited');
      assert.equal(error.retryAfter, 3600);
      await b.client('visitor-10').startEnrollment({ phoneNumber: '+447400123456', method: 'sms' });
    });

    it('the per-number limit holds for requests from many users at once', async () => {
      // Straight into the service, so that all fourteen are under way before any has sent.
      const request = { method: 'POST', path: '/enrollments', body: { phoneNumber: PHONE, method: 'sms' } };
      const answers = await Promise.all(Array.from({ length: 14 }, (_, i) => b.service.handle(`crowd-${i}`, request)));
      assert.equal(answers.filter((a) => a.status === 201).length, 10);
      const texts = Array.from({ length: 14 }, (_, i) => b.outbox.messagesFor(`crowd-${i}`).length).reduce((a, n) => a + n, 0);
      assert.equal(texts, 10);
    });

    it('at most maxPrefixSends texts to numbers of one range, and maxGlobalSends in all, with Retry-After', async () => {
      const h = await backend({ limits: { maxPrefixSends: 2, maxGlobalSends: 3 } });
      // +81 90 1234 …: one range; +81 80 … another.
      await h.client('a').startEnrollment({ phoneNumber: '+819012340001', method: 'sms' });
      h.clock.now += 60_000;
      await h.client('b').startEnrollment({ phoneNumber: '+819012340002', method: 'sms' });
      const range = await rejects(h.client('c').startEnrollment({ phoneNumber: '+819012349999', method: 'sms' }), 'rate_limited');
      assert.equal(range.retryAfter, 3600 - 60);
      assert.match(range.message, /numbers like this one/);
      await h.client('c').startEnrollment({ phoneNumber: '+818012345678', method: 'sms' });
      const all = await rejects(h.client('d').startEnrollment({ phoneNumber: '+447400123456', method: 'sms' }), 'rate_limited');
      assert.equal(all.retryAfter, 3600 - 60);
      assert.equal(all.status, 429);
      h.clock.now += 3600_000;
      await h.client('d').startEnrollment({ phoneNumber: '+447400123456', method: 'sms' });
      await h.close();
    });

    it('a budget that refuses undoes the claims the request made before it', async () => {
      // Two services on one store: the first allows one text per range, the second one per number.
      const narrow = await backend({ store: b.store, limits: { maxPrefixSends: 1 } });
      const strict = await backend({ store: b.store, limits: { maxNumberSends: 1 } });
      await narrow.client('a').startEnrollment({ phoneNumber: '+819012340001', method: 'sms' });
      await rejects(narrow.client('b').startEnrollment({ phoneNumber: '+819012340002', method: 'sms' }), 'rate_limited');
      // The refused request's claim on +819012340002 was undone: the number's one text is still free.
      await strict.client('c').startEnrollment({ phoneNumber: '+819012340002', method: 'sms' });
      await rejects(strict.client('d').startEnrollment({ phoneNumber: '+819012340002', method: 'sms' }), 'rate_limited');
      await narrow.close();
      await strict.close();
    });

    it('a send the provider fails is withdrawn: claims, the user’s count and a replaced challenge come back', async () => {
      let fail = false;
      const sent = new DevOutbox();
      const f = await backend({ sender: { send: async (m) => (fail ? Promise.reject(new Error('down')) : sent.send(m)) }, limits: { maxNumberSends: 3, maxUserSends: 3 } });
      const c = f.client('alice');
      const { enrollmentId } = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      await c.verifyEnrollment(enrollmentId, sent.messagesFor('alice')[0]!.code);
      const first = await c.startChallenge();
      fail = true;
      for (let i = 0; i < 3; i++) {
        f.clock.now += 31_000;
        await rejects(c.startChallenge(), 'server_error');
        await rejects(c.resendChallenge(first.challengeId), 'server_error');
      }
      fail = false;
      // Six failed sends counted nothing: the number and the user have one text left, the first challenge still works.
      assert.equal((await c.resendChallenge(first.challengeId)).challengeId, first.challengeId);
      assert.equal((await c.verifyChallenge(first.challengeId, sent.messagesFor('alice').at(-1)!.code)).status, 'verified');
      await rejects(c.startChallenge(), 'rate_limited');
      await f.close();
    });

    it('a crash between the commit and the send never texts twice: a retry with the key is answered, not sent', async () => {
      // The first instance counts the send, commits, reaches its provider and is never heard of again.
      let reached!: () => void;
      const sending = new Promise<void>((resolve) => (reached = resolve));
      const crashed = await backend({ store: b.store, sender: { send: () => (reached(), new Promise<void>(() => undefined)) } });
      const request = { method: 'POST', path: '/enrollments', body: { phoneNumber: PHONE, method: 'sms' }, idempotencyKey: 'k' };
      const lost = crashed.service.handle('alice', request);
      await sending;
      const retry = await b.service.handle('alice', request);
      assert.equal(retry.status, 201);
      assert.equal(b.outbox.messagesFor('alice').length, 0, 'the retry sent nothing');
      // The user asks again: a resend texts.
      b.clock.now += 30_000;
      const enrollmentId = (retry.body as { enrollmentId: string }).enrollmentId;
      assert.equal((await b.client('alice').resendEnrollment(enrollmentId)).enrollmentId, enrollmentId);
      assert.equal(b.outbox.messagesFor('alice').length, 1);
      assert.equal(await Promise.race([lost.then(() => 'answered'), new Promise((resolve) => setTimeout(resolve, 10, 'pending'))]), 'pending');
      await crashed.close();
    });
  });

  describe('guessing', () => {
    it('a new sign-in challenge ends the older ones, so their codes cannot be guessed on', async () => {
      const c = await enrolled(b, 'alice');
      const first = await c.startChallenge();
      const code = lastCode(b, 'alice');
      b.clock.now += 31_000;
      await c.startChallenge();
      await rejects(c.verifyChallenge(first.challengeId, code), 'not_found');
    });

    it('after 20 wrong codes a day, one try per code: the owner still gets in, a guesser needs a text per guess', async () => {
      const c = await enrolled(b, 'alice');
      for (let round = 0; round < 4; round++) {
        const { challengeId } = await c.startChallenge();
        const guess = wrong(lastCode(b, 'alice'));
        for (let i = 0; i < 5; i++) await rejects(c.verifyChallenge(challengeId, guess), i < 4 ? 'invalid_code' : 'too_many_attempts');
        b.clock.now += 600_000;
      }
      // A wrong guess now ends the challenge at once…
      const guessed = await c.startChallenge();
      const error = await rejects(c.verifyChallenge(guessed.challengeId, wrong(lastCode(b, 'alice'))), 'too_many_attempts');
      assert.equal(error.attemptsLeft, 0);
      // …while the right code, typed first, is accepted: a password-only attacker cannot lock the owner out.
      b.clock.now += 31_000;
      const owner = await c.startChallenge();
      assert.equal((await c.verifyChallenge(owner.challengeId, lastCode(b, 'alice'))).status, 'verified');
      b.clock.now += 86_400_000;
      const again = await c.startChallenge();
      assert.equal((await rejects(c.verifyChallenge(again.challengeId, wrong(lastCode(b, 'alice'))), 'invalid_code')).attemptsLeft, 4);
    });
  });

  describe('idempotency', () => {
    it('answers the same key as the first time and sends one message, even for concurrent requests', async () => {
      const c = b.client('alice');
      const [x, y] = await Promise.all([
        c.startEnrollment({ phoneNumber: PHONE, method: 'sms' }, { idempotencyKey: 'k1' }),
        c.startEnrollment({ phoneNumber: PHONE, method: 'sms' }, { idempotencyKey: 'k1' }),
      ]);
      assert.equal(x.enrollmentId, y.enrollmentId);
      assert.equal(b.outbox.messagesFor('alice').length, 1);
      b.clock.now += 30_000;
      const r1 = await c.resendEnrollment(x.enrollmentId, {}, { idempotencyKey: 'k2' });
      b.clock.now += 5_000;
      const r2 = await c.resendEnrollment(x.enrollmentId, {}, { idempotencyKey: 'k2' });
      assert.deepEqual(r2, r1);
      assert.equal(b.outbox.messagesFor('alice').length, 2);
    });

    it('replays only what was sent: a refusal or a server failure is judged afresh on retry', async () => {
      let fail = true;
      const flaky = new DevOutbox();
      const f = await backend({ sender: { send: async (m) => (fail ? Promise.reject(new Error('down')) : flaky.send(m)) } });
      const c = f.client('alice');
      await rejects(c.startEnrollment({ phoneNumber: PHONE, method: 'sms' }, { idempotencyKey: 'k' }), 'server_error');
      assert.equal(flaky.messagesFor('alice').length, 0);
      fail = false;
      await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' }, { idempotencyKey: 'k' });
      assert.equal(flaky.messagesFor('alice').length, 1);
      await f.close();
      // A 429 retried with its key after the wait succeeds, instead of repeating "wait" for a day.
      const e = b.client('alice');
      const { enrollmentId } = await e.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      await rejects(e.resendEnrollment(enrollmentId, {}, { idempotencyKey: 'k3' }), 'rate_limited');
      b.clock.now += 30_000;
      await e.resendEnrollment(enrollmentId, {}, { idempotencyKey: 'k3' });
      assert.equal(b.outbox.messagesFor('alice').length, 2);
    });

    it('refuses a key used again for another request, and a key too long to remember', async () => {
      const c = b.client('alice');
      await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' }, { idempotencyKey: 'k4' });
      const other = await rejects(c.startEnrollment({ phoneNumber: '+447400123456', method: 'sms' }, { idempotencyKey: 'k4' }), 'bad_response');
      assert.equal(other.status, 422);
      const long = await rejects(c.startEnrollment({ phoneNumber: PHONE, method: 'sms' }, { idempotencyKey: 'k'.repeat(256) }), 'bad_response');
      assert.equal(long.status, 400);
      assert.equal(b.outbox.messagesFor('alice').length, 1);
    });

    it('keys are per user: the same key from two users makes two enrollments', async () => {
      const a = await b.client('alice').startEnrollment({ phoneNumber: PHONE, method: 'sms' }, { idempotencyKey: 'shared' });
      const o = await b.client('bob').startEnrollment({ phoneNumber: PHONE, method: 'sms' }, { idempotencyKey: 'shared' });
      assert.notEqual(a.enrollmentId, o.enrollmentId);
    });
  });

  describe('ownership', () => {
    it('one user can never touch another’s enrollment, challenge or app passwords', async () => {
      const alice = b.client('alice');
      const mallory = b.client('mallory');
      const enrollment = await alice.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      const code = lastCode(b, 'alice');
      await rejects(mallory.verifyEnrollment(enrollment.enrollmentId, code), 'not_found');
      await rejects(mallory.resendEnrollment(enrollment.enrollmentId), 'not_found');
      const { appPassword } = await alice.verifyEnrollment(enrollment.enrollmentId, code);
      const challenge = await alice.startChallenge();
      await rejects(mallory.verifyChallenge(challenge.challengeId, lastCode(b, 'alice')), 'not_found');
      // Even with a fresh second factor of its own, another user's password is not found.
      await rejects(mallory.revokeAppPassword(appPassword!.id), 'step_up_required');
      const own = await mallory.startEnrollment({ phoneNumber: '+819012345679', method: 'sms' });
      await mallory.verifyEnrollment(own.enrollmentId, lastCode(b, 'mallory'));
      await rejects(mallory.revokeAppPassword(appPassword!.id), 'not_found');
      assert.equal((await mallory.listAppPasswords()).length, 1);
      assert.equal((await alice.listAppPasswords()).length, 1);
      await rejects(b.client('eve').startChallenge(), 'not_found');
    });

    it('answers 401 when the host does not know the user', async () => {
      const anonymous = new MfaClient({ baseUrl: b.base, retries: 0 });
      const error = await rejects(anonymous.listAppPasswords(), 'unauthorized');
      assert.equal(error.status, 401);
    });
  });

  describe('app passwords', () => {
    it('issues one at enrollment, stores only its hash, checks it, and records its use', async () => {
      const c = b.client('alice');
      const enrollment = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      const { appPassword } = await c.verifyEnrollment(enrollment.enrollmentId, lastCode(b, 'alice'));
      assert.match(appPassword!.password, /^[a-z]{16}$/);
      assert.ok(!JSON.stringify(await stateOf(b.store, 'alice')).includes(appPassword!.password));
      assert.equal(await b.service.checkAppPassword('alice', 'wrongwrongwrongw'), false);
      assert.equal(await b.service.checkAppPassword('bob', appPassword!.password), false);
      assert.equal(await b.service.checkAppPassword('alice', appPassword!.password.replace(/(.{4})/g, '$1 ').toUpperCase()), true);
      const [listed] = await c.listAppPasswords();
      assert.equal(listed!.lastUsedAt, new Date(b.clock.now).toISOString());
    });

    it('can be configured not to issue one at enrollment', async () => {
      const n = await backend({ appPasswordAtEnrollment: false });
      const c = n.client('alice');
      const enrollment = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      const result = await c.verifyEnrollment(enrollment.enrollmentId, lastCode(n, 'alice'));
      assert.equal(result.appPassword, undefined);
      await n.close();
    });

    it('refuses names that are empty or too long after trimming', async () => {
      await enrolled(b, 'alice');
      for (const name of ['   ', 'x'.repeat(65)]) {
        const response = await fetch(`${b.base}/app-passwords`, {
          method: 'POST',
          headers: { 'X-User': 'alice', 'Content-Type': 'application/json' },
          body: JSON.stringify({ name }),
        });
        assert.equal(response.status, 422);
        assert.equal((await response.json()).error.code, 'invalid_request');
      }
    });
  });

  describe('HTTP', () => {
    async function raw(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
      return fetch(`${b.base}${path}`, { ...init, headers: { 'X-User': 'alice', ...init.headers } });
    }

    it('treats ids it did not make as no resource: "__proto__" pollutes nothing', async () => {
      for (const id of ['__proto__', 'constructor', 'toString']) {
        const resend = await raw(`/enrollments/${id}/resend`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"method":"voice"}' });
        assert.equal(resend.status, 404, id);
        assert.equal((await raw(`/app-passwords/${id}`, { method: 'DELETE' })).status, 404, id);
      }
      assert.equal(({} as Record<string, unknown>).method, undefined);
      assert.equal(b.outbox.messagesFor('alice').length, 0);
    });

    it('puts only a plain host name in the WebOTP line, never text from a forged Host header', async () => {
      const forged = 'Your account is locked, call +1 900 555 0100';
      const answer = await b.service.handle('alice', { method: 'POST', path: '/enrollments', body: { phoneNumber: PHONE, method: 'sms' }, host: forged });
      assert.equal(answer.status, 201);
      const text = b.outbox.messagesFor('alice')[0]!.text;
      assert.ok(!text.includes('locked') && !text.includes('#'), text);
    });

    it('requires JSON bodies, refuses bad JSON and oversized bodies, and never lets answers be cached', async () => {
      assert.equal((await raw('/app-passwords', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"name":"x"}' })).status, 415);
      assert.equal((await raw('/app-passwords', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' })).status, 400);
      const big = JSON.stringify({ name: 'x'.repeat(20_000) });
      assert.equal((await raw('/app-passwords', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big })).status, 413);
      const list = await raw('/app-passwords');
      assert.equal(list.headers.get('Cache-Control'), 'no-store');
      assert.equal(list.headers.get('Content-Type'), 'application/json; charset=utf-8');
    });

    it('answers unknown paths and methods with 404 not_found', async () => {
      for (const [method, path] of [
        ['GET', '/nothing'],
        ['PUT', '/app-passwords'],
        ['GET', '/enrollments'],
      ] as const) {
        const response = await raw(path, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.equal((await response.json()).error.code, 'not_found');
      }
    });

    it('serves the development outbox only when enabled, and only from the outbox', async () => {
      await b.client('alice').startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      const messages = (await (await raw('/__dev/outbox')).json()).messages;
      assert.equal(messages.length, 1);
      assert.deepEqual(Object.keys(messages[0]).sort(), ['channel', 'code', 'sentAt', 'text', 'to']);
      const quiet = await backend({ sender: { send: async () => undefined } });
      const response = await fetch(`${quiet.base}/__dev/outbox`, { headers: { 'X-User': 'alice' } });
      assert.equal(response.status, 404);
      await quiet.close();
      const closed = await backend({ devOutbox: false });
      await closed.client('alice').startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      assert.equal((await fetch(`${closed.base}/__dev/outbox`, { headers: { 'X-User': 'alice' } })).status, 404);
      await closed.close();
    });
  });

  describe('security info (issue 12)', () => {
    const NEW_PHONE = '+819087654321';

    /** Changes alice's phone to NEW_PHONE through an enrollment, as <mfa-security-info> does. */
    async function change(c: MfaClient) {
      const { enrollmentId } = await c.startEnrollment({ phoneNumber: NEW_PHONE, method: 'voice' });
      return c.verifyEnrollment(enrollmentId, lastCode(b, 'alice'));
    }

    it('lists no phone before enrollment, then the masked phone, its method, when it was registered and the app-password count', async () => {
      const c = b.client('alice');
      assert.deepEqual(await c.getMethods(), { phone: null, appPasswords: 0, offered: ['sms', 'voice'] });
      await enrolled(b, 'alice');
      await c.createAppPassword('Thunderbird');
      assert.deepEqual(await c.getMethods(), {
        phone: { maskedPhone: '+81 •• •••• 5678', method: 'sms', registeredAt: '2026-11-28T12:00:00.000Z' },
        appPasswords: 2,
        offered: ['sms', 'voice'],
      });
      const raw = await (await fetch(`${b.base}/methods`, { headers: { 'X-User': 'alice' } })).text();
      assert.ok(!raw.includes('9012345678'), 'never the full number');
    });

    it('changes the number only once the new one is verified, tells the old number without naming the new one, and issues no app password', async () => {
      const c = await enrolled(b, 'alice');
      const { enrollmentId } = await c.startEnrollment({ phoneNumber: NEW_PHONE, method: 'voice' });
      assert.equal((await c.getMethods()).phone!.maskedPhone, '+81 •• •••• 5678', 'not replaced before the code is verified');
      b.clock.now += 60_000;
      const result = await c.verifyEnrollment(enrollmentId, lastCode(b, 'alice'));
      assert.deepEqual(result, { status: 'enrolled', phone: { maskedPhone: '+81 •• •••• 4321', method: 'voice' } });
      assert.deepEqual(await c.getMethods(), {
        phone: { maskedPhone: '+81 •• •••• 4321', method: 'voice', registeredAt: '2026-11-28T12:01:00.000Z' },
        appPasswords: 1,
        offered: ['sms', 'voice'],
      });
      const notice = b.outbox.messagesFor('alice').at(-1)!;
      assert.equal(notice.to, PHONE);
      assert.equal(notice.channel, 'sms');
      assert.match(notice.text, /phone for signing in to your account was changed/);
      assert.ok(!/4321|9087/.test(notice.text), notice.text);
      assert.equal(notice.code, '');
      const challenge = await c.startChallenge();
      assert.equal(challenge.maskedPhone, '+81 •• •••• 4321');
      assert.equal(b.outbox.messagesFor('alice').at(-1)!.to, NEW_PHONE);
    });

    it('ends sign-in challenges sent to the old number, and keeps the change when the notice cannot be sent', async () => {
      const failing = { sent: 0, async send(message: Parameters<DevOutbox['send']>[0]) {
        if (message.code === '') throw new Error('provider down');
        this.sent += 1;
        await b.outbox.send(message);
      } };
      await b.close();
      b = await backend({ sender: failing as unknown as DevOutbox });
      const c = await enrolled(b, 'alice');
      const challenge = await c.startChallenge();
      const result = await change(c);
      assert.equal(result.phone.maskedPhone, '+81 •• •••• 4321');
      assert.equal((await c.getMethods()).phone!.maskedPhone, '+81 •• •••• 4321');
      await rejects(c.verifyChallenge(challenge.challengeId, '123456'), 'not_found');
    });

    it('refuses a change without a fresh code from this session (step_up_required), and allows it after a sign-in challenge', async () => {
      const c = await enrolled(b, 'alice');
      b.clock.now += 601_000;
      const error = await rejects(c.startEnrollment({ phoneNumber: NEW_PHONE, method: 'sms' }), 'step_up_required');
      assert.equal(error.status, 403);
      assert.equal(b.outbox.messagesFor('alice').at(-1)!.to, PHONE, 'nothing went to the new number');
      const { challengeId } = await c.startChallenge();
      await c.verifyChallenge(challengeId, lastCode(b, 'alice'));
      const result = await change(c);
      assert.equal(result.phone.maskedPhone, '+81 •• •••• 4321');
      b.clock.now += 601_000;
      assert.equal((await c.setMethod('sms')).method, 'sms', 'switching text and call needs no step-up');
    });

    it('switches between text and call without a step-up; the next code goes the new way', async () => {
      const c = await enrolled(b, 'alice');
      const phone = await c.setMethod('voice');
      assert.deepEqual(phone, { maskedPhone: '+81 •• •••• 5678', method: 'voice', registeredAt: '2026-11-28T12:00:00.000Z' });
      await c.startChallenge();
      assert.equal(b.outbox.messagesFor('alice').at(-1)!.channel, 'voice');
      const response = await fetch(`${b.base}/phone`, { method: 'PATCH', headers: { 'X-User': 'alice', 'Content-Type': 'application/json' }, body: '{"method":"fax"}' });
      assert.equal(response.status, 400);
      assert.equal((await response.json()).error.code, 'invalid_request');
      assert.equal((await c.getMethods()).phone!.method, 'voice', 'a bad request changes nothing');
      await rejects(b.client('bob').setMethod('sms'), 'not_found');
    });

    it('where it does not call: offers texts only, and refuses a switch to calls at once, changing nothing', async () => {
      await b.close();
      b = await backend({ voice: false });
      const c = await enrolled(b, 'alice');
      assert.deepEqual((await c.getMethods()).offered, ['sms']);
      const error = await rejects(c.setMethod('voice'), 'unsupported_region');
      assert.equal(error.status, 422);
      assert.equal((await c.getMethods()).phone!.method, 'sms', 'still texts');
      await c.startChallenge();
      assert.equal(b.outbox.messagesFor('alice').at(-1)!.channel, 'sms');
    });

    it('refuses to remove the phone by default with phone_required, and removes it where the policy allows', async () => {
      const c = await enrolled(b, 'alice');
      const error = await rejects(c.removePhone(), 'phone_required');
      assert.equal(error.status, 409);
      assert.notEqual((await c.getMethods()).phone, null);
      await b.close();
      b = await backend({ allowPhoneRemoval: true });
      const allowed = await enrolled(b, 'alice');
      await allowed.removePhone();
      assert.deepEqual(await allowed.getMethods(), { phone: null, appPasswords: 1, offered: ['sms', 'voice'] });
      await rejects(allowed.removePhone(), 'not_found');
    });
  });
});

describe('mounting', () => {
  let service: MfaService;
  before(() => {
    service = new MfaService({ sender: new DevOutbox() });
  });

  it('as Express/Connect middleware: passes other paths to next()', async () => {
    const handler = createMfaHandler({ service, identify: () => 'u' });
    let passed = 0;
    const server = createServer((req, res) =>
      void handler(req, res, () => {
        passed++;
        res.end('app');
      }),
    );
    const origin = await listen(server);
    assert.equal(await (await fetch(`${origin}/home`)).text(), 'app');
    assert.equal((await fetch(`${origin}/api/mfa/app-passwords`)).status, 200);
    assert.equal(passed, 1);
    await new Promise((resolve) => server.close(resolve));
  });

  it('as Koa middleware, at another base path', async () => {
    const handler = createMfaHandler({ service, identify: () => 'u', basePath: '/mfa/v1/' });
    const server = createServer(async (req, res) => {
      const ctx = { req, res, respond: true };
      await handler.koa(ctx, async () => {
        res.end('next');
      });
      assert.equal(ctx.respond, req.url!.startsWith('/mfa/v1') ? false : true);
    });
    const origin = await listen(server);
    assert.deepEqual(await (await fetch(`${origin}/mfa/v1/app-passwords`)).json(), { appPasswords: [] });
    assert.equal(await (await fetch(`${origin}/elsewhere`)).text(), 'next');
    await new Promise((resolve) => server.close(resolve));
  });

  it("in Storybook's dev server: mounted as middleware, nothing left for Vite to run later, the outbox readable", async () => {
    const storybook = (await import('../../.storybook/main.js')).default;
    const vite = (await storybook.viteFinal!({}, { configType: 'DEVELOPMENT' } as never)) as { plugins: { name: string; configureServer(server: unknown): unknown }[] };
    const plugin = vite.plugins.flat().find((p) => p?.name === 'mfa-reference-backend')!;
    let mounted: ((req: unknown, res: unknown, next: () => void) => void) | undefined;
    // Vite runs a function returned here after its own middleware, with no arguments.
    assert.equal(plugin.configureServer({ middlewares: { use: (handler: typeof mounted) => (mounted = handler) } }), undefined);
    const server = createServer((req, res) => mounted!(req, res, () => res.end('vite')));
    const origin = await listen(server);
    try {
      const first = await fetch(`${origin}/api/mfa/enrollments`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k1' }, body: JSON.stringify({ phoneNumber: PHONE, method: 'sms' }) });
      assert.equal(first.status, 201);
      const cookie = first.headers.get('Set-Cookie')!.split(';')[0]!;
      const outbox = await fetch(`${origin}/api/mfa/__dev/outbox`, { headers: { Cookie: cookie } });
      assert.equal(outbox.status, 200);
      assert.match((await outbox.json()).messages[0].code, /^\d{6}$/);
      assert.equal(await (await fetch(`${origin}/iframe.html`)).text(), 'vite');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('anonymousSession issues an HttpOnly cookie once and recognises it', async () => {
    const handler = createMfaHandler({ service, identify: anonymousSession() });
    const server = createServer((req, res) => void handler(req, res));
    const origin = await listen(server);
    const first = await fetch(`${origin}/api/mfa/app-passwords`);
    const cookie = first.headers.get('Set-Cookie')!;
    assert.match(cookie, /^mfa_demo_session=[0-9a-f]{32}\.\d+\.[0-9a-f]{64}; Path=\/; Max-Age=86400; HttpOnly; SameSite=Lax$/);
    const again = await fetch(`${origin}/api/mfa/app-passwords`, { headers: { Cookie: cookie.split(';')[0]! } });
    assert.equal(again.headers.get('Set-Cookie'), null);
    // Behind a TLS-terminating proxy the cookie is Secure.
    const proxied = await fetch(`${origin}/api/mfa/app-passwords`, { headers: { 'X-Forwarded-Proto': 'https' } });
    assert.match(proxied.headers.get('Set-Cookie')!, /; HttpOnly; SameSite=Lax; Secure$/);
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses to start with a store of its own but no secret, which would lose app passwords on restart', () => {
    assert.throws(() => new MfaService({ sender: new DevOutbox(), store: new MemoryStore() }), /secret/);
  });

  it('answers a request that is not a URL, such as "//", instead of crashing the server', async () => {
    const handler = createMfaHandler({ service, identify: () => 'alice' });
    const server = createServer((req, res) => void handler(req, res));
    const origin = await listen(server);
    const { port } = new URL(origin);
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end('GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text.split('\r\n')[0]!));
      socket.on('error', reject);
    });
    assert.equal(status, 'HTTP/1.1 404 Not Found');
    assert.equal((await fetch(`${origin}/api/mfa/app-passwords`)).status, 200, 'the server still answers');
    await new Promise((resolve) => server.close(resolve));
  });
});
