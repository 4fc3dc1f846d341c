/**
 * The conformance check: the reference backend passes every check, and backends broken on purpose
 * fail the checks they break, with a non-zero exit code.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { configFromEnv } from '../../server/config.js';
import { conformance, runConformance } from '../../server/conformance.js';
import { serve, type RunningServer } from '../../server/serve.js';

const SECRET = 'conformance-secret-0123456789abcdef';

/** The reference backend in development mode: outbox, test clock, anonymous sessions. */
const reference = () => serve(configFromEnv({ PORT: '0', MFA_SECRET: SECRET, MFA_SENDER: 'outbox', MFA_STORE: 'memory' }), () => undefined);

/** A proxy in front of `target` that rewrites some answers: a backend broken on purpose. */
async function broken(target: string, rewrite: (path: string, status: number, body: string) => { status: number; body: string }): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const changed = rewrite(req.url ?? '/', answer.statusCode ?? 500, Buffer.concat(chunks).toString('utf8'));
        const headers = { ...answer.headers };
        delete headers['content-length'];
        res.writeHead(changed.status, headers);
        res.end(changed.body);
      });
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** The checks that fail against a fresh reference backend behind `rewrite` (named up to their colon). */
async function failedChecks(rewrite: Parameters<typeof broken>[1]) {
  const fresh = await reference();
  const proxy = await broken(fresh.url, rewrite);
  try {
    const results = await runConformance({ baseUrl: `${proxy.url}/api/mfa` });
    return { results, failed: results.filter((r) => r.status === 'fail').map((r) => r.name.split(':')[0]) };
  } finally {
    await proxy.close();
    await fresh.close();
  }
}

describe('conformance', () => {
  let backend: RunningServer;
  before(async () => {
    backend = await reference();
  });
  after(() => backend.close());

  it('the reference backend passes every check, none skipped, and the command exits 0', async () => {
    let printed = '';
    const code = await conformance([`${backend.url}/api/mfa`], (text) => (printed += text));
    assert.equal(code, 0, printed);
    assert.match(printed, /conformance: 13 passed, 0 failed, 0 skipped/);
    assert.match(printed, /^PASS {2}enrollment: 201 with the documented fields/m);
  });

  it('catches a backend that answers a cooldown without 429', async () => {
    const fresh = await reference();
    const proxy = await broken(fresh.url, (_path, status, body) => ({ status: status === 429 ? 400 : status, body }));
    try {
      let printed = '';
      assert.equal(await conformance([`${proxy.url}/api/mfa`], (text) => (printed += text)), 1);
      assert.match(printed, /^FAIL {2}resend cooldown: .*expected HTTP 429 with "rate_limited", got 400/m);
    } finally {
      await proxy.close();
      await fresh.close();
    }
  });

  it('catches a backend that lets a stale session change the phone', async () => {
    const { failed, results } = await failedChecks((path, status, body) => (path.endsWith('/enrollments') && status === 403 ? { status: 201, body: '{}' } : { status, body }));
    assert.deepEqual(failed, ['phone change'], JSON.stringify(results, null, 1));
  });

  it('catches a backend that accepts a code twice and lets one user verify another’s enrollment', async () => {
    const { failed, results } = await failedChecks((path, status, body) => (path.endsWith('/verify') && status === 404 ? { status: 200, body: '{"status":"enrolled"}' } : { status, body }));
    assert.deepEqual(failed, ['bad input', 'single use', 'isolation'], JSON.stringify(results, null, 1));
  });

  it('refuses to run without a base URL', async () => {
    let printed = '';
    assert.equal(await conformance([], (text) => (printed += text)), 2);
    assert.match(printed, /^Usage: mfa-elements conformance <base URL>/);
  });
});
