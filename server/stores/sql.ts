/**
 * The SQL both PostgreSQL and PGlite run: one schema, checked at open, and the transaction every
 * request runs in. Drivers plug in as a {@link Queryable}; nothing here imports one.
 */
import { emptyState, judgeClaim, type StoreTransaction, type UserState } from '../store.js';

/** What this module needs of a connection: `pg`'s clients and PGlite both have it. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are read field by field below
  query(text: string, params?: unknown[]): Promise<{ rows: any[] }>;
}

/** The schema's version; a database of another version is refused at open. */
export const SCHEMA_VERSION = '1';

/** Columns each table must have, with PostgreSQL's names for their types. */
const SHAPE: Record<string, Record<string, string>> = {
  mfa_meta: { key: 'text', value: 'text' },
  mfa_users: { user_id: 'text', state: 'jsonb', updated_at: 'timestamp with time zone' },
  mfa_budgets: { bucket: 'text', times: 'jsonb', until_ms: 'bigint' },
};

/** An arbitrary, fixed key of the advisory lock that keeps two instances from creating the schema at once. */
const SCHEMA_LOCK = 7_316_410_208;

/** Table names, qualified by the schema the store was given. */
export class Tables {
  readonly meta: string;
  readonly users: string;
  readonly budgets: string;

  constructor(readonly schema = 'public') {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`mfa-elements: the schema name "${schema}" must be lowercase letters, digits and underscores.`);
    this.meta = `"${schema}".mfa_meta`;
    this.users = `"${schema}".mfa_users`;
    this.budgets = `"${schema}".mfa_budgets`;
  }
}

/**
 * Creates the schema where it is missing, then checks it: a table of another shape or another
 * version fails here, with a message saying which, rather than as a 500 on every request.
 */
export async function prepareSchema(db: Queryable, t: Tables): Promise<void> {
  await db.query('BEGIN');
  try {
    await db.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
    await db.query(`CREATE SCHEMA IF NOT EXISTS "${t.schema}"`);
    await db.query(`CREATE TABLE IF NOT EXISTS ${t.meta} (key text PRIMARY KEY, value text NOT NULL)`);
    await db.query(`CREATE TABLE IF NOT EXISTS ${t.users} (user_id text PRIMARY KEY, state jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(`CREATE TABLE IF NOT EXISTS ${t.budgets} (bucket text PRIMARY KEY, times jsonb NOT NULL, until_ms bigint NOT NULL)`);
    await db.query(`CREATE INDEX IF NOT EXISTS mfa_budgets_until ON ${t.budgets} (until_ms)`);
    const { rows } = await db.query(
      'SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = ANY($2) ORDER BY ordinal_position',
      [t.schema, Object.keys(SHAPE)],
    );
    for (const [table, columns] of Object.entries(SHAPE)) {
      const found = rows.filter((row) => row.table_name === table).map((row) => `${row.column_name} ${row.data_type}`);
      const wanted = Object.entries(columns).map(([name, type]) => `${name} ${type}`);
      if (found.join(', ') !== wanted.join(', ')) {
        throw new Error(
          `mfa-elements: table "${t.schema}".${table} has columns (${found.join(', ')}), not the (${wanted.join(', ')}) this version needs. ` +
            'Give the store a schema of its own (the `schema` option), or move that table away.',
        );
      }
    }
    await db.query(`INSERT INTO ${t.meta} (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO NOTHING`, [SCHEMA_VERSION]);
    const version = (await db.query(`SELECT value FROM ${t.meta} WHERE key = 'schema_version'`)).rows[0]?.value;
    if (version !== SCHEMA_VERSION) {
      throw new Error(`mfa-elements: schema "${t.schema}" is at version ${version}, and this version of mfa-elements reads version ${SCHEMA_VERSION} only.`);
    }
    await db.query('COMMIT');
  } catch (error) {
    await rollback(db);
    throw error;
  }
}

/** A connection whose transaction could not even be rolled back: never to be reused. */
export class BrokenConnection extends Error {}

async function rollback(db: Queryable): Promise<void> {
  try {
    await db.query('ROLLBACK');
  } catch (error) {
    throw new BrokenConnection('mfa-elements: a transaction could not be rolled back; the connection is dropped.', { cause: error });
  }
}

// Locks the row of `key` in `table` (creating it with `initial` when missing) and returns `column`,
// and whether the row was missing. SELECT … FOR UPDATE first: a row that exists takes one round trip.
async function lockRow(db: Queryable, table: string, keyColumn: string, key: string, column: string, insert: string, initial: unknown[]): Promise<[unknown, boolean]> {
  const select = `SELECT ${column} FROM ${table} WHERE ${keyColumn} = $1 FOR UPDATE`;
  let { rows } = await db.query(select, [key]);
  const missing = !rows.length;
  if (missing) {
    // A concurrent insert of the same key makes this wait for its commit, then do nothing.
    await db.query(insert, [key, ...initial]);
    ({ rows } = await db.query(select, [key]));
  }
  return [rows[0][column], missing];
}

/**
 * Runs one store transaction (`MfaStore.transaction`) on `db`, a connection of its own. The user's row is locked
 * first, then each bucket as it is claimed; the state is written back only when it changed.
 * `begin` opens the transaction (PostgreSQL also sets its lock timeout there).
 */
export async function runTransaction<T>(
  db: Queryable,
  t: Tables,
  userId: string,
  work: (state: UserState, tx: StoreTransaction) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  await db.query(begin);
  try {
    const empty = JSON.stringify(emptyState());
    const [stored, created] = await lockRow(db, t.users, 'user_id', userId, 'state', `INSERT INTO ${t.users} (user_id, state) VALUES ($1, $2::jsonb) ON CONFLICT (user_id) DO NOTHING`, [empty]);
    const state = { ...emptyState(), ...(stored as UserState) };
    const before = JSON.stringify(state);
    const lockBucket = async (bucket: string) =>
      (await lockRow(db, t.budgets, 'bucket', bucket, 'times', `INSERT INTO ${t.budgets} (bucket, times, until_ms) VALUES ($1, '[]', 0) ON CONFLICT (bucket) DO NOTHING`, []))[0] as number[];
    const tx: StoreTransaction = {
      async claim(bucket, now, windowMs, max) {
        const { live, claim } = judgeClaim(await lockBucket(bucket), now, windowMs, max);
        if (claim.ok) await db.query(`UPDATE ${t.budgets} SET times = $2::jsonb, until_ms = GREATEST(until_ms, $3) WHERE bucket = $1`, [bucket, JSON.stringify(live), now + windowMs]);
        return claim;
      },
      async release(bucket, at) {
        const times = await lockBucket(bucket);
        const index = times.indexOf(at);
        if (index < 0) return;
        times.splice(index, 1);
        await db.query(`UPDATE ${t.budgets} SET times = $2::jsonb WHERE bucket = $1`, [bucket, JSON.stringify(times)]);
      },
    };
    const result = await work(state, tx);
    const after = JSON.stringify(state);
    // A user who got no state (an unknown name given to checkAppPassword, say) leaves no row behind.
    if (created && after === empty) await db.query(`DELETE FROM ${t.users} WHERE user_id = $1`, [userId]);
    else if (after !== before) await db.query(`UPDATE ${t.users} SET state = $2::jsonb, updated_at = now() WHERE user_id = $1`, [userId, after]);
    await db.query('COMMIT');
    return result;
  } catch (error) {
    await rollback(db);
    throw error;
  }
}

/**
 * Deletes buckets whose events have all left their window, a batch at a time, skipping rows a
 * request holds (`SKIP LOCKED`): sweeping never waits for, nor blocks, a request. Returns how many.
 */
export async function sweepBudgets(db: Queryable, t: Tables, now: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await db.query(
      `DELETE FROM ${t.budgets} WHERE bucket IN (SELECT bucket FROM ${t.budgets} WHERE until_ms <= $1 LIMIT 500 FOR UPDATE SKIP LOCKED) RETURNING 1 AS gone`,
      [now],
    );
    total += rows.length;
    if (rows.length < 500) return total;
  }
}
