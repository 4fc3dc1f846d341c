/**
 * App passwords against a real mail server: Dovecot (Debian's dovecot-imapd 2.3) on a loopback port
 * with a throwaway configuration asks the backend through its oauth2 passdb's password grant, and
 * curl's IMAP client signs in. Also the endpoint's own rules over HTTP: its secret, its limits on
 * failed checks, and that the browser API never serves it.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MfaClient } from '../../src/client.js';
import { DevOutbox, MfaService, createMailAuthHandler, createMfaHandler, type MfaLimits } from '../../server/index.js';
import { PostgresStore } from '../../server/stores/postgres.js';
import { startCluster, type Cluster } from '../support/postgres.js';
import { freePort } from './fake-provider.js';

const SECRET = 'mail-auth-secret-0123456789abcdef';
const PHONE = '+819012345678';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** The reference backend (users named by X-User) and its mail-auth endpoint, each on its own port. */
async function backend(limits: Partial<MfaLimits> = {}) {
  const outbox = new DevOutbox();
  const service = new MfaService({ sender: outbox, devOutbox: true, secret: 'test-secret-of-sixteen-bytes-or-more', limits });
  const api = createMfaHandler({ service, identify: (req) => (req.headers['x-user'] as string | undefined) ?? null });
  const apiServer = createServer((req, res) => void api(req, res));
  const mailServer = createServer(createMailAuthHandler({ service, secret: SECRET }));
  const apiPort = await listen(apiServer);
  const mailPort = await listen(mailServer);
  return {
    apiOrigin: `http://127.0.0.1:${apiPort}`,
    mailAuthUrl: `http://127.0.0.1:${mailPort}/mail-auth`,
    client: (user: string) => new MfaClient({ baseUrl: `http://127.0.0.1:${apiPort}/api/mfa`, headers: { 'X-User': user }, retries: 0 }),
    /** Enrolls a phone for `user`; answers the app password issued at enrollment. */
    async enroll(user: string): Promise<string> {
      const c = this.client(user);
      const { enrollmentId } = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      const result = await c.verifyEnrollment(enrollmentId, outbox.messagesFor(user).at(-1)!.code);
      return result.appPassword!.password;
    },
    close: async () => {
      apiServer.closeAllConnections();
      mailServer.closeAllConnections();
      await Promise.all([new Promise((r) => apiServer.close(r)), new Promise((r) => mailServer.close(r))]);
    },
  };
}

const which = (program: string) => new Promise<boolean>((resolve) => execFile('sh', ['-c', `command -v ${program}`], { env: { PATH: `${process.env.PATH}:/usr/sbin:/sbin` } }, (error) => resolve(!error)));


/** The Dovecot configuration the deployment guide shows, on a fresh folder and loopback port. */
function dovecotConfig(dir: string, imapPort: number, grantUrl: string): { main: string; oauth2: string } {
  const main = `# A throwaway Dovecot for the tests: loopback, no TLS, every password check asked of the backend.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 8
mail_location = maildir:${dir}/mail/%u
# Tests only: no delay after a failed login, and no anvil penalty (a failure would slow the next
# login by seconds). In production keep both, beside the backend's own limits.
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
passdb {
  driver = oauth2
  args = ${dir}/dovecot-oauth2.conf.ext
}
userdb {
  driver = static
  args = uid=mail gid=mail home=${dir}/mail/%u
}
`;
  const oauth2 = `# Dovecot's oauth2 passdb as a password grant: it posts the login and the password to the backend.
grant_url = ${grantUrl}
client_id = dovecot
client_secret = ${SECRET}
use_grant_password = yes
send_auth_headers = yes
username_attribute = username
username_format = %u
active_attribute = active
active_value = true
`;
  return { main, oauth2 };
}

/** Waits until the IMAP port greets. */
async function greeted(port: number, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('* OK'))));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error('Dovecot did not start listening in time.');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** curl's IMAP client signs in and lists folders: its exit code (0 signed in, 67 refused) and stderr. */
function imapLogin(port: number, user: string, password: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '--max-time', '20', `imap://127.0.0.1:${port}/`, '--user', `${user}:${password}`, '-X', 'LIST "" "*"'], (error, _stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stderr }),
    );
  });
}

describe('app passwords against a real Dovecot', () => {
  let b: Awaited<ReturnType<typeof backend>>;
  let dir: string;
  let dovecot: ChildProcess;
  let imapPort: number;

  before(async () => {
    // Never skipped: without Dovecot and curl the proof is missing, so the test fails and says why.
    for (const program of ['dovecot', 'curl']) {
      assert.ok(await which(program), `${program} is not installed: apt-get install -y dovecot-imapd curl (Debian) before running the tests.`);
    }
    b = await backend();
    dir = mkdtempSync(join(tmpdir(), 'mfa-dovecot-'));
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'mail'));
    const [, , uid, gid] = readFileSync('/etc/passwd', 'utf8').split('\n').find((line) => line.startsWith('mail:'))!.split(':');
    chownSync(join(dir, 'mail'), Number(uid), Number(gid));
    imapPort = await freePort();
    const config = dovecotConfig(dir, imapPort, b.mailAuthUrl);
    writeFileSync(join(dir, 'dovecot.conf'), config.main);
    writeFileSync(join(dir, 'dovecot-oauth2.conf.ext'), config.oauth2);
    dovecot = spawn('dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` } });
    let stderr = '';
    dovecot.stderr!.on('data', (chunk) => (stderr += chunk));
    await Promise.race([
      greeted(imapPort, Date.now() + 20_000),
      new Promise((_, reject) => dovecot.once('exit', (code) => reject(new Error(`Dovecot exited (${code}): ${stderr}`)))),
    ]);
  });

  after(async () => {
    if (dovecot && dovecot.exitCode === null) {
      const exited = new Promise((resolve) => dovecot.once('exit', resolve));
      dovecot.kill('SIGTERM');
      await exited;
    }
    await b?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the app password from an enrollment signs in; a wrong or revoked one does not; the list shows its use', async () => {
    const password = await b.enroll('alice');
    const c = b.client('alice');
    assert.equal((await c.listAppPasswords())[0]!.lastUsedAt, null);

    const good = await imapLogin(imapPort, 'alice', password);
    assert.equal(good.code, 0, good.stderr);
    const [used] = await c.listAppPasswords();
    assert.ok(used!.lastUsedAt && Date.now() - Date.parse(used!.lastUsedAt) < 60_000, String(used!.lastUsedAt));

    const wrong = await imapLogin(imapPort, 'alice', password.replace(/^./, (ch) => (ch === 'a' ? 'b' : 'a')));
    assert.equal(wrong.code, 67, wrong.stderr);
    assert.ok(!wrong.stderr.includes('UNAVAILABLE'), 'refused as a wrong password, not as a backend failure');
    // Another user's password opens nothing here.
    assert.equal((await imapLogin(imapPort, 'bob', password)).code, 67);

    const thunderbird = await c.createAppPassword('Thunderbird');
    assert.equal((await imapLogin(imapPort, 'alice', thunderbird.password)).code, 0);
    await c.revokeAppPassword(thunderbird.id);
    assert.equal((await imapLogin(imapPort, 'alice', thunderbird.password)).code, 67);
    assert.deepEqual((await c.listAppPasswords()).map((p) => p.name), ['Default']);
  });
});

describe('the mail-auth endpoint', () => {
  let b: Awaited<ReturnType<typeof backend>>;
  before(async () => {
    b = await backend({ maxLoginFailures: 3, maxSourceLoginFailures: 5 });
  });
  after(() => b.close());

  const json = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(b.mailAuthUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SECRET}`, ...headers }, body: JSON.stringify(body) });
  const grant = (fields: Record<string, string>, remote = '192.0.2.7:50123') =>
    fetch(b.mailAuthUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Dovecot-Auth-Remote': remote },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'dovecot', client_secret: SECRET, ...fields }),
    });

  it('answers JSON servers with valid true or false, and only with the shared secret', async () => {
    const password = await b.enroll('carol');
    assert.deepEqual(await (await json({ username: 'carol', password })).json(), { valid: true });
    assert.deepEqual(await (await json({ username: 'carol', password: 'x'.repeat(16) })).json(), { valid: false });
    assert.equal((await json({ username: 'carol', password }, { Authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await grant({ username: 'carol', password, client_secret: 'wrong' })).status, 401);
  });

  it('is never served by the browser API, and refuses requests a browser makes', async () => {
    const password = await b.enroll('dave');
    const viaApi = await fetch(`${b.apiOrigin}/api/mfa/mail-auth`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-User': 'dave' }, body: JSON.stringify({ username: 'dave', password }) });
    assert.equal(viaApi.status, 404);
    assert.equal((await json({ username: 'dave', password }, { Origin: 'https://evil.example' })).status, 403);
  });

  it('limits failed checks per user, counting no success, even for the right password once spent', async () => {
    const password = await b.enroll('erin');
    assert.equal((await grant({ username: 'erin', password })).status, 200);
    for (let i = 0; i < 3; i++) assert.deepEqual(await (await grant({ username: 'erin', password: `wrong${i}` }, `198.51.100.${i}:1`)).json(), { error: 'invalid_grant' });
    const limited = await grant({ username: 'erin', password }, '198.51.100.9:1');
    assert.equal(limited.status, 429);
    assert.equal((await limited.json()).error, 'temporarily_unavailable');
    assert.ok(Number(limited.headers.get('Retry-After')) > 800);
    // Another user is not affected.
    assert.equal((await json({ username: 'carol', password: 'nope' })).status, 200);
  });

  it('limits failed checks per source address, across users', async () => {
    const password = await b.enroll('frank');
    for (let i = 0; i < 5; i++) assert.equal((await json({ username: `guess${i}`, password: 'abc', remoteIp: '203.0.113.5' })).status, 200);
    const limited = await json({ username: 'frank', password, remoteIp: '203.0.113.5' });
    assert.equal(limited.status, 429);
    assert.equal((await limited.json()).valid, false);
    assert.deepEqual(await (await json({ username: 'frank', password, remoteIp: '203.0.113.6' })).json(), { valid: true });
  });
});

describe('mail sign-in limits across instances (PostgreSQL)', () => {
  let cluster: Cluster;
  const stores: PostgresStore[] = [];
  before(async () => {
    cluster = await startCluster();
  });
  after(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await cluster?.stop();
  });

  it('two services on one database refuse exactly past the limit, concurrent checks included', async () => {
    const services: MfaService[] = [];
    for (let i = 0; i < 2; i++) {
      const store = await PostgresStore.open({ connection: cluster.url, schema: 'mail_limits', sweepIntervalMs: 0 });
      stores.push(store);
      services.push(new MfaService({ sender: new DevOutbox(), store, secret: 'test-secret-of-sixteen-bytes-or-more', limits: { maxLoginFailures: 3, maxSourceLoginFailures: 5 } }));
    }
    // 8 wrong checks for one user at once, alternating instances: exactly 3 are judged, 5 refused.
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => services[i % 2]!.checkMailLogin('gina', `wrong${i}`, `198.51.100.${i}`)));
    assert.equal(answers.filter((a) => a.retryAfter === undefined).length, 3);
    assert.equal(answers.filter((a) => a.retryAfter !== undefined).length, 5);
    // From one address, across users: 5 failures, then that address is refused for anyone.
    const guesses = await Promise.all(Array.from({ length: 7 }, (_, i) => services[i % 2]!.checkMailLogin(`user${i}`, 'guess', '203.0.113.9')));
    assert.equal(guesses.filter((a) => a.retryAfter === undefined).length, 5);
    assert.ok((await services[1]!.checkMailLogin('someone', 'guess', '203.0.113.9')).retryAfter! > 0);
  });
});
