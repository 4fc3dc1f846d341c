/**
 * mfa-elements/server/postgres: the store for several instances, or any production, on PostgreSQL
 * through `pg`. Every instance that shares the database keeps the same locks and the same budgets.
 */
import pg from 'pg';
import type { MfaStore, StoreTransaction, UserState } from '../store.js';
import { BrokenConnection, Tables, prepareSchema, runTransaction, sweepBudgets } from './sql.js';

/** Options of {@link PostgresStore.open}. */
export interface PostgresStoreOptions {
  /** A pool of your own (the store never ends it), or else… */
  pool?: pg.Pool;
  /** …a connection string or `pg` pool settings for a pool the store makes and ends on `close()`. */
  connection?: string | pg.PoolConfig;
  /** Schema holding the tables (`mfa_meta`, `mfa_users`, `mfa_budgets`), made if missing; default `public`. */
  schema?: string;
  /**
   * Milliseconds a request waits for a user's or a budget's lock before it fails with
   * `server_error` (PostgreSQL's `lock_timeout`); default 5000. Keeps a stuck transaction from
   * piling up every request behind it.
   */
  lockTimeoutMs?: number;
  /** Milliseconds between sweeps of used-up budgets; default 600000; 0 to sweep only when you call `sweep()`. */
  sweepIntervalMs?: number;
}

/**
 * Per-user serialization by row lock (`SELECT … FOR UPDATE` on the user's row), budgets locked
 * after it in the service's fixed order, and old budgets swept outside requests.
 * @example
 * const store = await PostgresStore.open({ connection: process.env.DATABASE_URL });
 * const service = new MfaService({ sender, store, secret: process.env.MFA_SECRET });
 */
export class PostgresStore implements MfaStore {
  private readonly timer?: ReturnType<typeof setInterval>;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool: boolean,
    private readonly tables: Tables,
    private readonly begin: string,
    sweepIntervalMs: number,
  ) {
    if (sweepIntervalMs > 0) {
      this.timer = setInterval(() => void this.sweep().catch(() => undefined), sweepIntervalMs);
      this.timer.unref();
    }
  }

  /**
   * Connects, creates the schema where it is missing and checks it.
   * @throws when the database cannot be reached, or holds tables of another shape or version.
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const tables = new Tables(options.schema);
    const lockTimeout = options.lockTimeoutMs ?? 5000;
    if (!Number.isInteger(lockTimeout) || lockTimeout < 0) throw new Error('mfa-elements: lockTimeoutMs must be a whole number of milliseconds.');
    const ownsPool = !options.pool;
    const pool = options.pool ?? new pg.Pool(typeof options.connection === 'string' ? { connectionString: options.connection } : options.connection);
    try {
      await withClient(pool, (client) => prepareSchema(client, tables));
    } catch (error) {
      if (ownsPool) await pool.end();
      throw error;
    }
    return new PostgresStore(pool, ownsPool, tables, `BEGIN; SET LOCAL lock_timeout = ${lockTimeout}`, options.sweepIntervalMs ?? 600_000);
  }

  transaction<T>(userId: string, work: (state: UserState, tx: StoreTransaction) => Promise<T>): Promise<T> {
    return withClient(this.pool, (client) => runTransaction(client, this.tables, userId, work, this.begin));
  }

  /** Deletes budgets whose window has passed (at `now`, epoch ms); returns how many. */
  sweep(now = Date.now()): Promise<number> {
    return withClient(this.pool, (client) => sweepBudgets(client, this.tables, now));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.ownsPool) await this.pool.end();
  }
}

async function withClient<T>(pool: pg.Pool, task: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: BrokenConnection | undefined;
  try {
    return await task(client);
  } catch (error) {
    if (error instanceof BrokenConnection) broken = error;
    throw error;
  } finally {
    client.release(broken);
  }
}
