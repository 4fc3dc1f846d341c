/**
 * The PostgreSQL store as several instances use it: two backend processes on one database with the
 * same secret, requests alternating between them and fired at once, hold every limit exactly. Also:
 * the schema checked at open, the lock timeout, the sweep, and no number in clear outside its user.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { DevOutbox, MfaService } from '../../server/index.js';
import { PostgresStore } from '../../server/stores/postgres.js';
import { spawnChild, type Child } from '../support/child.js';
import { startCluster, type Cluster } from '../support/postgres.js';

const INSTANCE = join(import.meta.dirname, '../support/instance.ts');

let cluster: Cluster;
let pool: pg.Pool;
before(async () => {
  cluster = await startCluster();
  pool = new pg.Pool({ connectionString: cluster.url, max: 4 });
});
after(async () => {
  await pool.end();
  await cluster.stop();
});

interface Answer {
  status: number;
  body: { enrollmentId?: string; error?: { code: string } };
}

describe('two instances on one PostgreSQL', () => {
  const instances: { child: Child; base: string }[] = [];
  before(async () => {
    for (let i = 0; i < 2; i++) {
      const child = spawnChild(INSTANCE, [], { DATABASE_URL: cluster.url, MFA_SECRET: 'a shared secret of sixteen bytes or more', MFA_SCHEMA: 'instances' });
      const port = (await child.line(/^listening \d+$/)).split(' ')[1];
      instances.push({ child, base: `http://127.0.0.1:${port}` });
    }
  });
  after(async () => {
    for (const { child } of instances) {
      child.process.kill('SIGTERM');
      await child.exit;
    }
  });

  /** Request `i` goes to instance `i % 2`. */
  async function post(i: number, user: string, path: string, body: unknown, key?: string): Promise<Answer> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-User': user };
    if (key) headers['Idempotency-Key'] = key;
    const response = await fetch(`${instances[i % 2]!.base}/api/mfa${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  }
  const sent = async () => {
    let total = 0;
    for (const { base } of instances) total += ((await (await fetch(`${base}/__sent`)).json()) as { sent: number }).sent;
    return total;
  };
  const all = <T>(n: number, task: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => task(i)));
  const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

  it('one user, 200 sends at once: exactly 10 accepted and 10 texts', async () => {
    const before = await sent();
    const answers = await all(200, (i) => post(i, 'one-user', '/enrollments', { phoneNumber: '+819011110000', method: 'sms' }));
    assert.equal(count(answers, 201), 10);
    assert.equal(count(answers, 429), 190);
    assert.equal((await sent()) - before, 10);
  });

  it('200 users, one number, at once: exactly 10 texts', async () => {
    const before = await sent();
    const answers = await all(200, (i) => post(i, `crowd-${i}`, '/enrollments', { phoneNumber: '+819022220000', method: 'sms' }));
    assert.equal(count(answers, 201), 10);
    assert.equal(count(answers, 429), 190);
    assert.equal((await sent()) - before, 10);
  });

  it('one Idempotency-Key retried 50 times at once: one enrollment, one text', async () => {
    const before = await sent();
    const answers = await all(50, (i) => post(i, 'retrier', '/enrollments', { phoneNumber: '+819033330000', method: 'sms' }, 'the-key'));
    assert.equal(count(answers, 201), 50);
    assert.equal(new Set(answers.map((a) => a.body.enrollmentId)).size, 1);
    assert.equal((await sent()) - before, 1);
  });

  it('50 wrong codes at once: 4 × invalid_code, then too_many_attempts; and a code sent via one instance verifies on the other', async () => {
    const { body } = await post(0, 'guesser', '/enrollments', { phoneNumber: '+819044440000', method: 'sms' });
    const outbox = (await (await fetch(`${instances[0]!.base}/api/mfa/__dev/outbox`, { headers: { 'X-User': 'guesser' } })).json()) as { messages: { code: string }[] };
    const code = outbox.messages[0]!.code;
    const wrong = code === '000000' ? '111111' : '000000';
    const answers = await all(50, (i) => post(i, 'guesser', `/enrollments/${body.enrollmentId}/verify`, { code: wrong }));
    const codes = answers.map((a) => a.body.error!.code);
    assert.equal(codes.filter((c) => c === 'invalid_code').length, 4);
    assert.equal(codes.filter((c) => c === 'too_many_attempts').length, 46);

    const { body: other } = await post(0, 'traveller', '/enrollments', { phoneNumber: '+819055550000', method: 'sms' });
    const texts = (await (await fetch(`${instances[0]!.base}/api/mfa/__dev/outbox`, { headers: { 'X-User': 'traveller' } })).json()) as { messages: { code: string }[] };
    const verified = await post(1, 'traveller', `/enrollments/${other.enrollmentId}/verify`, { code: texts.messages[0]!.code });
    assert.equal(verified.status, 200);
    assert.equal((verified.body as { status?: string }).status, 'enrolled');
  });

  it('keeps numbers only by keyed hash in the shared budgets', async () => {
    const { rows } = await pool.query('SELECT bucket FROM instances.mfa_budgets');
    assert.ok(rows.length >= 5);
    for (const { bucket } of rows) assert.match(bucket, /^(number:[0-9a-f]{64}|prefix:[0-9a-f]{64}|global)$/);
  });
});

describe('PostgreSQL store', () => {
  it('refuses at open a table of another shape, or another schema version, saying which', async () => {
    await pool.query('CREATE SCHEMA odd; CREATE TABLE odd.mfa_users (id serial PRIMARY KEY, data text)');
    await assert.rejects(PostgresStore.open({ pool, schema: 'odd' }), /table "odd"\.mfa_users has columns \(id integer, data text\), not the \(user_id text, state jsonb, updated_at timestamp with time zone\)/);
    const store = await PostgresStore.open({ pool, schema: 'later', sweepIntervalMs: 0 });
    await store.close();
    await pool.query("UPDATE later.mfa_meta SET value = '2' WHERE key = 'schema_version'");
    await assert.rejects(PostgresStore.open({ pool, schema: 'later' }), /schema "later" is at version 2, and this version of mfa-elements reads version 1 only/);
    await assert.rejects(PostgresStore.open({ pool, schema: 'Robert"; DROP' }), /must be lowercase letters/);
  });

  it('fails a request that waits longer than the lock timeout, and serves the user again once the lock is free', async () => {
    const store = await PostgresStore.open({ pool, schema: 'timeout', lockTimeoutMs: 200, sweepIntervalMs: 0 });
    // Management needs no fresh code here: the test is about the store's lock.
    const service = new MfaService({ sender: new DevOutbox(), store, secret: 'a secret of sixteen bytes or more', authorize: () => 'allow' });
    assert.equal((await service.handle('alice', { method: 'POST', path: '/app-passwords', body: { name: 'Mail' } })).status, 201);
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query("SELECT 1 FROM timeout.mfa_users WHERE user_id = 'alice' FOR UPDATE");
      const started = Date.now();
      const stuck = await service.handle('alice', { method: 'GET', path: '/app-passwords' });
      assert.equal(stuck.status, 500);
      assert.ok(Date.now() - started < 5000);
      // Another user is not held up.
      assert.equal((await service.handle('bob', { method: 'GET', path: '/app-passwords' })).status, 200);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    assert.equal((await service.handle('alice', { method: 'GET', path: '/app-passwords' })).status, 200);
    await store.close();
  });

  it('leaves no row for a user who got no state: a mail server checking unknown names fills nothing', async () => {
    const store = await PostgresStore.open({ pool, schema: 'unknown', sweepIntervalMs: 0 });
    const service = new MfaService({ sender: new DevOutbox(), store, secret: 'a secret of sixteen bytes or more', authorize: () => 'allow' });
    for (let i = 0; i < 20; i++) assert.equal(await service.checkAppPassword(`nobody-${i}`, 'abcdabcdabcdabcd'), false);
    assert.equal((await service.handle('visitor', { method: 'GET', path: '/app-passwords' })).status, 200);
    assert.equal((await pool.query('SELECT count(*)::int AS n FROM unknown.mfa_users')).rows[0].n, 0);
    await service.handle('alice', { method: 'POST', path: '/app-passwords', body: { name: 'Mail' } });
    assert.equal((await pool.query('SELECT count(*)::int AS n FROM unknown.mfa_users')).rows[0].n, 1);
    await store.close();
  });

  it('sweeps budgets whose window has passed, skipping one a request holds', async () => {
    const store = await PostgresStore.open({ pool, schema: 'sweep', sweepIntervalMs: 0 });
    const hour = 3600_000;
    for (const bucket of ['old-1', 'old-2', 'held', 'live']) {
      await store.transaction('u', async (_, tx) => void (await tx.claim(bucket, bucket === 'live' ? 10 * hour : 0, hour, 5)));
    }
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query("SELECT 1 FROM sweep.mfa_budgets WHERE bucket = 'held' FOR UPDATE");
      assert.equal(await store.sweep(2 * hour), 2);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    const { rows } = await pool.query('SELECT bucket FROM sweep.mfa_budgets ORDER BY bucket');
    assert.deepEqual(
      rows.map((r) => r.bucket),
      ['held', 'live'],
    );
    assert.equal(await store.sweep(2 * hour), 1);
    await store.close();
  });
});
