/**
 * mfa-elements/server/pglite: the embedded store for one host, PostgreSQL compiled to WebAssembly
 * (`@electric-sql/pglite`) keeping its data in a folder. The same SQL as the PostgreSQL store.
 *
 * Durable across a killed process, not across a power loss: PGlite never calls fsync, so what it
 * committed sits in the operating system's cache until the system writes it out. One process per
 * folder: a second one would silently lose writes, so the folder is locked and a second opener
 * refused. For several instances, use PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { MfaStore, StoreTransaction, UserState } from '../store.js';
import { Tables, prepareSchema, runTransaction, sweepBudgets } from './sql.js';

/** Options of {@link PgliteStore.open}. */
export interface PgliteStoreOptions {
  /** Schema holding the tables; default `public`. */
  schema?: string;
  /** Milliseconds between sweeps of used-up budgets; default 600000; 0 to sweep only when you call `sweep()`. */
  sweepIntervalMs?: number;
}

// PGlite has one connection: one transaction at a time per database, whichever store runs it.
const queues = new WeakMap<PGlite, Promise<unknown>>();

function exclusive<T>(db: PGlite, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(db) ?? Promise.resolve()).then(task, task);
  queues.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}

/**
 * Folder layout: `pgdata/` (the database), `secret` (made by {@link PgliteStore.secret} when the
 * host configures none) and `lock` (the process that has the folder open).
 * @example
 * const store = await PgliteStore.open('.mfa-data');
 * const service = new MfaService({ sender, store, secret: process.env.MFA_SECRET ?? (await store.secret()) });
 * process.on('SIGTERM', () => void store.close());
 */
export class PgliteStore implements MfaStore {
  private readonly timer?: ReturnType<typeof setInterval>;
  private closed = false;

  private constructor(
    private readonly db: PGlite,
    private readonly tables: Tables,
    /** The data folder when this store opened it (and so closes and unlocks it), else undefined. */
    private readonly folder: string | undefined,
    sweepIntervalMs: number,
  ) {
    if (sweepIntervalMs > 0) {
      this.timer = setInterval(() => void this.sweep().catch(() => undefined), sweepIntervalMs);
      this.timer.unref();
    }
  }

  /**
   * Opens (or, the first time, creates) the data folder and locks it to this process.
   * @throws when another process has the folder open, or it holds tables of another shape or version.
   */
  static async open(folder: string, options: PgliteStoreOptions = {}): Promise<PgliteStore> {
    const dir = resolve(folder);
    const tables = new Tables(options.schema);
    mkdirSync(dir, { recursive: true });
    lockFolder(dir);
    try {
      const data = join(dir, 'pgdata');
      if (!existsSync(data)) {
        // A first start killed halfway must not leave a folder that will not open: the database is
        // made beside it and renamed into place only once complete.
        const partial = join(dir, 'pgdata.partial');
        rmSync(partial, { recursive: true, force: true });
        const fresh = await PGlite.create(partial);
        await prepareSchema(fresh, tables);
        await fresh.close();
        renameSync(partial, data);
      }
      const db = await PGlite.create(data);
      try {
        await exclusive(db, () => prepareSchema(db, tables));
      } catch (error) {
        await db.close();
        throw error;
      }
      return new PgliteStore(db, tables, dir, options.sweepIntervalMs ?? 600_000);
    } catch (error) {
      unlockFolder(dir);
      throw error;
    }
  }

  /**
   * A store on a PGlite database you opened yourself (in memory, say): no folder lock, and
   * `close()` leaves the database open. Several stores may share one database, each in its schema.
   */
  static async onDatabase(db: PGlite, options: PgliteStoreOptions = {}): Promise<PgliteStore> {
    const tables = new Tables(options.schema);
    await exclusive(db, () => prepareSchema(db, tables));
    return new PgliteStore(db, tables, undefined, options.sweepIntervalMs ?? 600_000);
  }

  transaction<T>(userId: string, work: (state: UserState, tx: StoreTransaction) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('mfa-elements: the store is closed.'));
    return exclusive(this.db, () => runTransaction(this.db, this.tables, userId, work));
  }

  /** Deletes budgets whose window has passed (at `now`, epoch ms); returns how many. */
  sweep(now = Date.now()): Promise<number> {
    return exclusive(this.db, () => sweepBudgets(this.db, this.tables, now));
  }

  /**
   * The HMAC secret kept in the data folder (file mode 600), made on first use: with it, app
   * passwords keep working after a restart without one configured. Back it up with the folder.
   */
  async secret(): Promise<string> {
    if (!this.folder) throw new Error('mfa-elements: only a store that opened a data folder keeps a secret there.');
    const file = join(this.folder, 'secret');
    if (!existsSync(file)) {
      // Written beside and renamed: a kill leaves no secret or a whole one, never half of one.
      writeFileSync(`${file}.partial`, randomBytes(32).toString('hex'), { mode: 0o600 });
      renameSync(`${file}.partial`, file);
    }
    return readFileSync(file, 'utf8').trim();
  }

  /** Waits for running transactions, closes the database and unlocks the folder. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    if (!this.folder) return;
    await exclusive(this.db, () => this.db.close());
    unlockFolder(this.folder);
  }
}

const REFUSED = 'one process per data folder; for several, use PostgreSQL';

/**
 * Takes the folder's lock file, `lock`, holding `pid@host`. A lock left by a process that is gone
 * (killed, say) is taken over; a live one, or one from another host, is refused.
 */
function lockFolder(dir: string): void {
  const lock = join(dir, 'lock');
  const mine = `${process.pid}@${hostname()}`;
  const offer = join(dir, `lock.${process.pid}`);
  writeFileSync(offer, mine);
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(offer, lock); // atomic: fails when the lock exists
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readFileSync(lock, 'utf8');
      const [pid, host] = holder.split('@');
      if (host !== hostname() || alive(Number(pid))) {
        throw new Error(`mfa-elements: the data folder ${dir} is in use by process ${holder}: ${REFUSED}.`);
      }
      // Gone: move its lock aside and try again. Should another opener have replaced it meanwhile,
      // what was moved is that opener's live lock: it goes back, and this opener is refused.
      const aside = `${lock}.stale.${process.pid}`;
      try {
        renameSync(lock, aside);
      } catch {
        continue; // another opener moved it first
      }
      const moved = readFileSync(aside, 'utf8');
      if (moved !== holder) {
        try {
          linkSync(aside, lock);
        } catch {
          // A third opener holds the folder now: it keeps it.
        }
        unlinkSync(aside);
        throw new Error(`mfa-elements: the data folder ${dir} is in use by process ${moved}: ${REFUSED}.`);
      }
      unlinkSync(aside);
    }
    throw new Error(`mfa-elements: the data folder ${dir} is being opened by another process: ${REFUSED}.`);
  } finally {
    unlinkSync(offer);
  }
}

function unlockFolder(dir: string): void {
  const lock = join(dir, 'lock');
  try {
    if (readFileSync(lock, 'utf8') === `${process.pid}@${hostname()}`) unlinkSync(lock);
  } catch {
    // Already gone.
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
