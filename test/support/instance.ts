/**
 * One instance of the reference backend in a process of its own, on PostgreSQL, as a host behind a
 * load balancer runs several. Environment: DATABASE_URL, MFA_SECRET, MFA_SCHEMA. Users are named by
 * an X-User header; `GET /__sent` counts the texts this instance sent. Prints `listening <port>`.
 */
import { createServer } from 'node:http';
import { DevOutbox, MfaService, createMfaHandler } from '../../server/index.js';
import { PostgresStore } from '../../server/stores/postgres.js';

const store = await PostgresStore.open({ connection: process.env.DATABASE_URL!, schema: process.env.MFA_SCHEMA, lockTimeoutMs: 30_000 });
const outbox = new DevOutbox();
let sent = 0;
const sender = { send: async (message: Parameters<DevOutbox['send']>[0]) => (sent++, outbox.send(message)), messagesFor: outbox.messagesFor.bind(outbox) };
const service = new MfaService({ sender, devOutbox: true, store, secret: process.env.MFA_SECRET! });
const handler = createMfaHandler({ service, identify: (req) => (req.headers['x-user'] as string | undefined) ?? null });
const server = createServer((req, res) => {
  if (req.url === '/__sent') return void res.end(JSON.stringify({ sent }));
  void handler(req, res);
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => server.close(() => void store.close()));
