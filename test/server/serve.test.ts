/**
 * `mfa-elements serve`: the configuration it reads, who it lets in, its health and readiness, its
 * logs, and, in child processes over real HTTP, its start-up errors and its graceful shutdown.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { configFromEnv } from '../../server/config.js';
import { signSession } from '../../server/identity.js';
import { serve, type LogLine, type RunningServer } from '../../server/serve.js';
import { fakeProvider, freePort, type FakeProvider } from './fake-provider.js';

const SECRET = 'serve-test-secret-0123456789abcdef';
const MAIL_SECRET = 'mail-auth-secret-0123456789abcdef';
const PHONE = '+819012345678';

const json = (url: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  fetch(url, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } });

describe('serve (in this process)', () => {
  let fake: FakeProvider;
  let running: RunningServer;
  const logs: LogLine[] = [];
  before(async () => {
    fake = await fakeProvider();
    fake.answer({ status: 202, body: '' });
    const config = configFromEnv({
      PORT: '0',
      MFA_SECRET: SECRET,
      MFA_STORE: 'memory',
      MFA_SENDER: 'webhook',
      MFA_WEBHOOK_URL: `${fake.origin}/send`,
      MFA_WEBHOOK_SECRET: 'gateway-secret-0123456789abcdef0123',
      MFA_TRUSTED_PROXIES: '127.0.0.1',
      MFA_SESSION_COOKIE: 'portal_mfa',
      MFA_ALLOWED_ORIGINS: 'https://portal.example.edu',
      MFA_MAIL_AUTH_PORT: '0',
      MFA_MAIL_AUTH_SECRET: MAIL_SECRET,
    });
    running = await serve(config, (line) => void logs.push(line));
  });
  after(async () => {
    await running.close();
    await fake.close();
  });

  it('answers health and readiness', async () => {
    assert.deepEqual(await (await fetch(`${running.url}/healthz`)).json(), { status: 'ok' });
    assert.deepEqual(await (await fetch(`${running.url}/readyz`)).json(), { status: 'ready' });
  });

  it('takes the user from the proxy header, or from a signed cookie; nothing else', async () => {
    const list = (headers: Record<string, string>) => fetch(`${running.url}/api/mfa/app-passwords`, { headers });
    assert.equal((await list({ 'X-Remote-User': 'alice@example.edu' })).status, 200);
    const cookie = signSession('bob@example.edu', SECRET, 3600);
    assert.equal((await list({ Cookie: `other=1; portal_mfa=${cookie}` })).status, 200);
    assert.equal((await list({})).status, 401);
    // Altered, expired, or signed with another secret: no user.
    assert.equal((await list({ Cookie: `portal_mfa=${signSession('mallory', SECRET, 3600).replace(/^[^.]+/, Buffer.from('bob@example.edu').toString('base64url'))}` })).status, 401);
    assert.equal((await list({ Cookie: `portal_mfa=${signSession('bob@example.edu', SECRET, -1)}` })).status, 401);
    assert.equal((await list({ Cookie: `portal_mfa=${signSession('bob@example.edu', 'another-secret-0123456789abcdef0', 3600)}` })).status, 401);
  });

  it('ignores the user header from an address that is not a trusted proxy', async () => {
    const config = configFromEnv({ PORT: '0', MFA_SECRET: SECRET, MFA_STORE: 'memory', MFA_SENDER: 'outbox', MFA_TRUSTED_PROXIES: '10.1.2.3' });
    const other = await serve(config, () => undefined);
    try {
      assert.equal((await fetch(`${other.url}/api/mfa/app-passwords`, { headers: { 'X-Remote-User': 'alice' } })).status, 401);
    } finally {
      await other.close();
    }
  });

  it('lets only the allowed origins call it, with credentials', async () => {
    const headers = { 'X-Remote-User': 'alice@example.edu' };
    const refused = await fetch(`${running.url}/api/mfa/app-passwords`, { headers: { ...headers, Origin: 'https://evil.example' } });
    assert.equal(refused.status, 403);
    const allowed = await fetch(`${running.url}/api/mfa/app-passwords`, { headers: { ...headers, Origin: 'https://portal.example.edu' } });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), 'https://portal.example.edu');
    assert.equal(allowed.headers.get('Access-Control-Allow-Credentials'), 'true');
    const preflight = await fetch(`${running.url}/api/mfa/enrollments`, { method: 'OPTIONS', headers: { Origin: 'https://portal.example.edu', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('Access-Control-Allow-Headers')!, /Idempotency-Key/);
    // The same origin as the API's own needs no allowing.
    assert.equal((await fetch(`${running.url}/api/mfa/app-passwords`, { headers: { ...headers, Origin: running.url } })).status, 200);
  });

  it('logs each request as JSON, without codes, numbers, query strings or cookies', async () => {
    const user = { 'X-Remote-User': 'carol@example.edu' };
    const started = await json(`${running.url}/api/mfa/enrollments?token=abc`, { method: 'POST', headers: user, body: JSON.stringify({ phoneNumber: PHONE, method: 'sms' }) });
    assert.equal(started.status, 201);
    const code = /"text":"(\d{6})/.exec(fake.requests.at(-1)!.body)![1]!;
    fake.answer({ status: 500, body: '' });
    const failed = await json(`${running.url}/api/mfa/enrollments`, { method: 'POST', headers: user, body: JSON.stringify({ phoneNumber: PHONE, method: 'sms' }) });
    assert.equal(failed.status, 502);
    fake.answer({ status: 202, body: '' });
    const line = logs.find((l) => l.event === 'request' && l.path === '/api/mfa/enrollments' && l.status === 201)!;
    assert.deepEqual(Object.keys(line).sort(), ['event', 'level', 'listener', 'method', 'ms', 'path', 'status']);
    assert.ok(logs.some((l) => l.event === 'send_failed' && l.to === '+81 •• •••• 5678'));
    const all = JSON.stringify(logs);
    for (const secret of [code, '9012345678', 'token=abc', 'carol', SECRET]) assert.ok(!all.includes(secret), secret);
  });

  it('serves the mail-auth endpoint on its own port only', async () => {
    assert.ok(running.mailAuthUrl);
    const ask = (url: string) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${MAIL_SECRET}`, 'X-Remote-User': 'alice@example.edu' }, body: '{"username":"alice@example.edu","password":"abcdabcdabcdabcd"}' });
    assert.deepEqual(await (await ask(running.mailAuthUrl!)).json(), { valid: false });
    assert.equal((await ask(`${running.url}/mail-auth`)).status, 404);
  });
});

describe('configuration errors are one plain sentence', () => {
  const base = { MFA_SECRET: SECRET, MFA_SENDER: 'outbox' };
  for (const [env, message] of [
    [{ ...base, MFA_SECRET: undefined }, /^MFA_SECRET is not set: give the backend a secret of at least 32 characters/],
    [{ ...base, MFA_SECRET: 'short' }, /^MFA_SECRET must be at least 32 characters/],
    [{ ...base, MFA_SENDER: 'carrier-pigeon' }, /^MFA_SENDER "carrier-pigeon" is not known/],
    [{ ...base, MFA_SENDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1' }, /^TWILIO_AUTH_TOKEN is not set/],
    [{ ...base, PORT: 'eighty' }, /^PORT must be a port number/],
    [{ ...base, MFA_LIMITS: '{"resendCoolDown":5}' }, /^MFA_LIMITS: unknown limit "resendCoolDown"/],
    [{ ...base, MFA_ALLOWED_ORIGINS: 'https://portal.example.edu/login' }, /^MFA_ALLOWED_ORIGINS: "https:\/\/portal.example.edu\/login" is not an origin/],
    [{ ...base, MFA_MAIL_AUTH_PORT: '2525' }, /^MFA_MAIL_AUTH_SECRET is not set/],
  ] as const) {
    it(String(message), () => assert.throws(() => configFromEnv(env), (error: Error) => error.name === 'ConfigError' && message.test(error.message) && !error.message.includes('\n')));
  }

  it('keeps data in PGlite under .mfa-data by default, in PostgreSQL when given a URL', () => {
    assert.deepEqual(configFromEnv(base).store, { kind: 'pglite', dir: '.mfa-data' });
    assert.deepEqual(configFromEnv({ ...base, MFA_DATA_DIR: '/var/lib/mfa' }).store, { kind: 'pglite', dir: '/var/lib/mfa' });
    assert.deepEqual(configFromEnv({ ...base, MFA_DATABASE_URL: 'postgres://db/mfa' }).store, { kind: 'postgres', url: 'postgres://db/mfa' });
    assert.equal(configFromEnv(base).host, '127.0.0.1');
  });

  it('a real deployment must say who the user is; only development falls back to anonymous sessions', async () => {
    await assert.rejects(serve(configFromEnv({ ...base, MFA_SENDER: 'webhook', MFA_WEBHOOK_URL: 'http://127.0.0.1:9/', MFA_WEBHOOK_SECRET: 'x'.repeat(32), MFA_STORE: 'memory', PORT: '0' })), /no way to tell who the user is/);
  });
});

/** `mfa-elements <args>` as a child process, from the sources; `imports` run first, after tsx. */
function cli(args: string[], env: Record<string, string | undefined>, imports: string[] = []): ChildProcessWithoutNullStreams {
  const script = 'const { main } = await import("./server/cli.ts"); process.exitCode = await main(process.argv.slice(1));';
  const preload = ['tsx', ...imports].flatMap((specifier) => ['--import', specifier]);
  return spawn(process.execPath, [...preload, '--input-type=module', '-e', script, ...args], { env: { PATH: process.env.PATH, ...env } });
}

/** A module that makes a package look not installed, as an application without that optional peer has it. */
function withoutPackage(name: string): string {
  const hook = `export async function resolve(specifier, context, next) {
    if (specifier !== ${JSON.stringify(name)}) return next(specifier, context);
    throw Object.assign(new Error("Cannot find package '${name}'"), { code: 'ERR_MODULE_NOT_FOUND' });
  }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  return `data:text/javascript,${encodeURIComponent(register)}`;
}

/** Waits for the child to exit; its code, stdout and stderr. */
function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** The first log line on stdout with `event`. */
function logged(child: ChildProcessWithoutNullStreams, event: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      for (const line of buffer.split('\n').slice(0, -1)) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.event === event) resolve(entry);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) before logging ${event}`)));
  });
}


const oneLine = (stderr: string, pattern: RegExp) => {
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
  assert.match(stderr.trim(), pattern);
  assert.ok(!/\n\s+at /.test(stderr), 'no stack trace');
};

describe('serve (child processes)', () => {
  it('a missing secret: exit 1 with one line', async () => {
    const result = await exited(cli(['serve'], { MFA_SENDER: 'outbox' }));
    assert.equal(result.code, 1);
    oneLine(result.stderr, /^mfa-elements: MFA_SECRET is not set/);
  });

  it('a port in use: exit 1 with one line', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await exited(cli(['serve'], { MFA_SECRET: SECRET, MFA_SENDER: 'outbox', MFA_STORE: 'memory', PORT: String(port) }));
      assert.equal(result.code, 1);
      oneLine(result.stderr, new RegExp(`^mfa-elements: The API cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use\\.$`));
    } finally {
      taken.close();
    }
  });

  it('an unreachable PostgreSQL: exit 1 with one line', async () => {
    const port = await freePort();
    const result = await exited(cli(['serve'], { MFA_SECRET: SECRET, MFA_SENDER: 'outbox', MFA_DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/mfa`, PORT: '0' }));
    assert.equal(result.code, 1);
    oneLine(result.stderr, /^mfa-elements: cannot open the store \(postgres\): .*ECONNREFUSED/);
  });

  it('texts through SNS without aws4fetch installed (an optional peer): exit 1 with one line saying what to install', async () => {
    const sns = { AWS_REGION: 'ap-northeast-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-example' };
    const result = await exited(cli(['serve'], { MFA_SECRET: SECRET, MFA_SENDER: 'sns', MFA_STORE: 'memory', PORT: '0', ...sns }, [withoutPackage('aws4fetch')]));
    assert.equal(result.code, 1);
    oneLine(result.stderr, /^mfa-elements: cannot use the sender \(sns\): Texts through Amazon SNS need the aws4fetch package: npm install aws4fetch$/);
  });

  it('on SIGTERM stops taking requests, finishes the one in flight, then exits 0', async () => {
    const fake = await fakeProvider();
    try {
      const child = cli(['serve'], {
        MFA_SECRET: SECRET,
        MFA_SENDER: 'webhook',
        MFA_WEBHOOK_URL: `${fake.origin}/send`,
        MFA_WEBHOOK_SECRET: 'gateway-secret-0123456789abcdef0123',
        MFA_TRUSTED_PROXIES: '127.0.0.1',
        MFA_STORE: 'memory',
        PORT: '0',
      });
      const result = exited(child);
      const { url } = (await logged(child, 'started')) as { url: string };
      // The gateway takes a second and a half: the request is in flight when the signal comes.
      fake.answer({ status: 202, body: '', delayMs: 1500 });
      const pending = json(`${url}/api/mfa/enrollments`, { method: 'POST', headers: { 'X-Remote-User': 'alice' }, body: JSON.stringify({ phoneNumber: PHONE, method: 'sms' }) });
      while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill('SIGTERM');
      assert.equal((await pending).status, 201);
      const { code, stdout, stderr } = await result;
      assert.equal(code, 0, stderr);
      const events = stdout.trim().split('\n').map((line) => (JSON.parse(line) as { event: string }).event);
      assert.deepEqual(events.slice(-3), ['stopping', 'request', 'stopped']);
    } finally {
      await fake.close();
    }
  });
});
