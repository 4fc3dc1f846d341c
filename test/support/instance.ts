/**
 * One instance of the reference backend in a process of its own, as a host behind a load balancer
 * runs several. Environment: MFA_STORE (`postgres`, the default; `pglite`; `memory`), DATABASE_URL
 * and MFA_SCHEMA for PostgreSQL, MFA_DATA_DIR for PGlite, MFA_SECRET, MFA_LIMITS (JSON overrides).
 * Users are named by an X-User header; `GET /__sent` counts the texts this instance sent, and
 * `GET /__code?user=…` is the last code it sent that user. Prints `listening <port>`.
 */
import { createServer } from 'node:http';
import { DevOutbox, MemoryStore, MfaService, createMfaHandler, type MfaStore } from '../../server/index.js';
import { PgliteStore } from '../../server/stores/pglite.js';
import { PostgresStore } from '../../server/stores/postgres.js';

const kind = process.env.MFA_STORE ?? 'postgres';
const store: MfaStore =
  kind === 'memory'
    ? new MemoryStore()
    : kind === 'pglite'
      ? await PgliteStore.open(process.env.MFA_DATA_DIR!)
      : await PostgresStore.open({ connection: process.env.DATABASE_URL!, schema: process.env.MFA_SCHEMA, lockTimeoutMs: 30_000 });
const outbox = new DevOutbox();
let sent = 0;
const sender = { send: async (message: Parameters<DevOutbox['send']>[0]) => (sent++, outbox.send(message)), messagesFor: outbox.messagesFor.bind(outbox) };
const limits = process.env.MFA_LIMITS ? JSON.parse(process.env.MFA_LIMITS) : undefined;
const service = new MfaService({ sender, devOutbox: true, store, secret: process.env.MFA_SECRET!, limits });
const handler = createMfaHandler({ service, identify: (req) => (req.headers['x-user'] as string | undefined) ?? null });
const server = createServer((req, res) => {
  const url = new URL(req.url!, 'http://localhost');
  if (url.pathname === '/__sent') return void res.end(JSON.stringify({ sent }));
  if (url.pathname === '/__code') return void res.end(outbox.messagesFor(url.searchParams.get('user')!).at(-1)?.code ?? '');
  void handler(req, res);
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => server.close(() => void store.close()));
