/**
 * The embedded store as a host runs it: one process per data folder, nothing committed lost to a
 * killed process, a first start that can be interrupted, a process that ends after `close()`, and
 * app passwords that keep working after a restart. Processes of their own where a kill is the point.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DevOutbox, MfaService } from '../../server/index.js';
import { PgliteStore } from '../../server/stores/pglite.js';
import { spawnChild } from '../support/child.js';

const CHILD = join(import.meta.dirname, '../support/pglite-child.ts');
const root = mkdtempSync(join(tmpdir(), 'mfa-pglite-'));
after(() => rmSync(root, { recursive: true, force: true }));
// One folder for every test, in order: PGlite takes seconds to create one.
const shared = join(root, 'data');

const child = (mode: string, folder: string) => spawnChild(CHILD, [mode, folder]);

describe('PGlite store', () => {
  it('a first start killed halfway leaves a folder that opens', async () => {
    // On the folder the later tests share: it is created only once, which takes seconds.
    const folder = shared;
    const starting = child('hold', folder);
    // Killed while PGlite creates the database, which takes seconds.
    while (!existsSync(join(folder, 'pgdata.partial'))) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 300));
    starting.process.kill('SIGKILL');
    await starting.exit;
    assert.ok(!starting.lines.includes('opened'), 'killed before the database was complete');
    assert.ok(!existsSync(join(folder, 'pgdata')), 'nothing half-made where the database belongs');
    const store = await PgliteStore.open(folder, { sweepIntervalMs: 0 });
    try {
      assert.deepEqual(await store.transaction('alice', async (state) => state.appPasswords), {});
    } finally {
      await store.close();
    }
  });

  it('keeps app passwords across a restart, with the secret it made once in the data folder (mode 600)', async () => {
    const first = await PgliteStore.open(shared, { sweepIntervalMs: 0 });
    const secret = await first.secret();
    assert.match(secret, /^[0-9a-f]{64}$/);
    assert.equal(statSync(join(shared, 'secret')).mode & 0o777, 0o600);
    const outbox = new DevOutbox();
    const service = new MfaService({ sender: outbox, store: first, secret });
    const enroll = await service.handle('alice', { method: 'POST', path: '/enrollments', body: { phoneNumber: '+819012345678', method: 'sms' } });
    const { enrollmentId } = enroll.body as { enrollmentId: string };
    const verified = await service.handle('alice', { method: 'POST', path: `/enrollments/${enrollmentId}/verify`, body: { code: outbox.messagesFor('alice')[0]!.code } });
    const { password } = (verified.body as { appPassword: { password: string } }).appPassword;
    await first.close();

    const again = await PgliteStore.open(shared, { sweepIntervalMs: 0 });
    try {
      assert.equal(await again.secret(), secret);
      const restarted = new MfaService({ sender: new DevOutbox(), store: again, secret: await again.secret() });
      assert.equal(await restarted.checkAppPassword('alice', password), true);
      assert.equal(await restarted.checkAppPassword('alice', 'a'.repeat(16)), false);
    } finally {
      await again.close();
    }
  });

  it('refuses a second opener, in this process or another, until the first closes', async () => {
    const store = await PgliteStore.open(shared, { sweepIntervalMs: 0 });
    try {
      await assert.rejects(PgliteStore.open(shared), /one process per data folder; for several, use PostgreSQL/);
      const other = child('open', shared);
      assert.equal((await other.exit).code, 1);
      assert.match(other.stderr(), /is in use by process \d+@.*: one process per data folder; for several, use PostgreSQL/);
    } finally {
      await store.close();
    }
    // Closed: the folder opens again, and the process that opens it ends by itself after close().
    const next = child('open', shared);
    assert.deepEqual(await next.exit, { code: 0, signal: null });
    assert.deepEqual(next.lines, ['opened']);
  });

  it('loses no acknowledged write to a SIGKILL, and the killed process’s folder opens again', async () => {
    const writer = child('writes', shared);
    await writer.line(/^ack 40$/);
    writer.process.kill('SIGKILL');
    assert.equal((await writer.exit).signal, 'SIGKILL');
    const acked = writer.lines.filter((l) => l.startsWith('ack ')).map((l) => `w${l.slice(4)}`);
    assert.ok(acked.length > 40);
    const store = await PgliteStore.open(shared, { sweepIntervalMs: 0 });
    try {
      const written = await store.transaction('writer', async (state) => Object.keys(state.appPasswords));
      for (const id of acked) assert.ok(written.includes(id), `${id} was acknowledged and is lost`);
    } finally {
      await store.close();
    }
  });

});
