/**
 * `npm run bench:backend`: throughput and latency of the reference backend on each store, over
 * loopback HTTP. A session is one user's enrollment: `POST /enrollments`, then the verify with the
 * code it texted (read from the instance, not timed). Each backend runs in processes of its own (a
 * throwaway PostgreSQL cluster for the PostgreSQL rows); 1, 16 and 64 sessions run at once, for a
 * bounded time each. Prints a table and writes it into BENCHMARKS.md under `## Backend`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnChild, type Child } from '../test/support/child.js';
import { startCluster } from '../test/support/postgres.js';
import { writeSection } from './bench-support.js';

const INSTANCE = join(import.meta.dirname, '../test/support/instance.ts');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const loadBefore = loadavg()[0]!;
const CONCURRENCY = [1, 16, 64];
// Limits out of the way: the benchmark measures the work, not the refusals.
const LIMITS = JSON.stringify({ maxUserSends: 1e9, maxNumberSends: 1e9, maxPrefixSends: 1e9, maxGlobalSends: 1e9 });

interface Row {
  store: string;
  instances: number;
  concurrency: number;
  perSecond: number;
  p50: number;
  p99: number;
}

async function start(count: number, env: Record<string, string>): Promise<{ bases: string[]; stop: () => Promise<void> }> {
  const children: Child[] = [];
  const bases: string[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawnChild(INSTANCE, [], { MFA_SECRET: 'a bench secret of sixteen bytes or more', MFA_LIMITS: LIMITS, ...env });
    children.push(child);
    bases.push(`http://127.0.0.1:${(await child.line(/^listening \d+$/)).split(' ')[1]}`);
  }
  return {
    bases,
    async stop() {
      for (const child of children) child.process.kill('SIGTERM');
      await Promise.all(children.map((child) => child.exit));
    },
  };
}

let users = 0;

async function measure(store: string, bases: string[], concurrency: number): Promise<Row> {
  const latencies: number[] = [];
  const request = async (base: string, user: string, path: string, body: unknown) => {
    const started = performance.now();
    const response = await fetch(`${base}/api/mfa${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-User': user }, body: JSON.stringify(body) });
    const json = (await response.json()) as { enrollmentId?: string };
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
    latencies.push(performance.now() - started);
    return json;
  };
  const session = async () => {
    const user = `bench-${++users}`;
    // Enrolled through one instance, verified through the other when there are two.
    const [first, second] = [bases[users % bases.length]!, bases[(users + 1) % bases.length]!];
    const number = `+8190${String(10_000_000 + (users % 90_000_000)).padStart(8, '0')}`;
    const { enrollmentId } = await request(first, user, '/enrollments', { phoneNumber: number, method: 'sms' });
    const code = await (await fetch(`${first}/__code?user=${user}`)).text();
    await request(second, user, `/enrollments/${enrollmentId}/verify`, { code });
  };
  // A short warm-up, then the timed run.
  await Promise.all(Array.from({ length: concurrency }, () => session()));
  latencies.length = 0;
  const started = performance.now();
  const end = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await session();
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { store, instances: bases.length, concurrency, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

const rows: Row[] = [];
async function run(store: string, count: number, env: Record<string, string>) {
  const backend = await start(count, env);
  try {
    for (const concurrency of CONCURRENCY) {
      const row = await measure(store, backend.bases, concurrency);
      rows.push(row);
      console.log(`${store} ×${count}, ${concurrency} at once: ${row.perSecond.toFixed(0)} requests/s, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms`);
    }
  } finally {
    await backend.stop();
  }
}

const folder = mkdtempSync(join(tmpdir(), 'mfa-bench-'));
const cluster = await startCluster();
try {
  await run('memory', 1, { MFA_STORE: 'memory' });
  await run('PGlite', 1, { MFA_STORE: 'pglite', MFA_DATA_DIR: join(folder, 'data') });
  await run('PostgreSQL', 1, { MFA_STORE: 'postgres', DATABASE_URL: cluster.url, MFA_SCHEMA: 'one' });
  await run('PostgreSQL', 2, { MFA_STORE: 'postgres', DATABASE_URL: cluster.url, MFA_SCHEMA: 'two' });
} finally {
  await cluster.stop();
  rmSync(folder, { recursive: true, force: true });
}

// The machine's other work, read before the bench started processes of its own.
const load = loadBefore;
const busy =
  load > availableParallelism()
    ? ' The machine was busy with other work before the run: these figures show that contention more than the backend; compare rows with each other, and rerun on a quiet machine for absolute ones.'
    : '';
const section = `## Backend

Measured by \`npm run bench:backend\`: the reference backend over loopback HTTP, each instance a Node
process of its own, the load generator a third. A session is one user's enrollment (\`POST
/enrollments\`, then the verify with the code it texted); 1, 16 or 64 sessions run at once for
${SECONDS} s each. Requests/s counts both requests; p50 and p99 are per request, in milliseconds.
PostgreSQL is a local throwaway cluster with \`fsync=off\` (as in the tests), so its figures leave out
the disk a production server waits for; with two instances, each session enrolls through one and
verifies through the other. Machine: ${availableParallelism()} cores, load average ${load.toFixed(1)} before the run.${busy}

| Store | Instances | At once | Requests/s | p50 ms | p99 ms |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows.map((r) => `| ${r.store} | ${r.instances} | ${r.concurrency} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`).join('\n')}
`;

writeSection('## Backend', section);
console.log('Wrote the Backend section of BENCHMARKS.md.');
