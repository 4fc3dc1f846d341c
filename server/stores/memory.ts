/** The in-memory store: for tests and throwaway demos. Everything is gone when the process ends. */
import { emptyState, judgeClaim, type MfaStore, type StoreTransaction, type UserState } from '../store.js';

interface Bucket {
  times: number[];
  /** Epoch ms after which every event has left its window. */
  until: number;
}

/**
 * Keeps state in this process, structured-cloned so callers never share objects with it. One
 * process only: its locks and budgets are not seen by another instance (use PostgreSQL for that).
 */
export class MemoryStore implements MfaStore {
  private readonly users = new Map<string, UserState>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Size of `buckets` at which it is next swept of buckets whose events all left their window. */
  private sweepAt = 10_000;

  async transaction<T>(userId: string, work: (state: UserState, tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.locked(userId, async () => {
      const stored = this.users.get(userId);
      const state = stored ? structuredClone(stored) : emptyState();
      // What to do to put the buckets back should `work` fail.
      const undo: (() => void)[] = [];
      const tx: StoreTransaction = {
        claim: async (bucket, now, windowMs, max) => {
          // No await between the read and the write: atomic within the process.
          const { live, claim } = judgeClaim(this.buckets.get(bucket)?.times ?? [], now, windowMs, max);
          if (!claim.ok) return claim;
          this.buckets.set(bucket, { times: live, until: Math.max(this.buckets.get(bucket)?.until ?? 0, now + windowMs) });
          undo.push(() => this.remove(bucket, now));
          this.sweep(now);
          return claim;
        },
        release: async (bucket, at) => {
          if (this.remove(bucket, at)) undo.push(() => this.buckets.get(bucket)?.times.push(at));
        },
      };
      try {
        const result = await work(state, tx);
        // A user who got no state (an unknown name given to checkAppPassword, say) is not kept.
        if (stored || JSON.stringify(state) !== JSON.stringify(emptyState())) this.users.set(userId, structuredClone(state));
        return result;
      } catch (error) {
        for (const step of undo.reverse()) step();
        throw error;
      }
    });
  }

  async close(): Promise<void> {}

  // Removes one event at `at` from `bucket`; false when there was none.
  private remove(bucket: string, at: number): boolean {
    const times = this.buckets.get(bucket)?.times;
    const index = times?.indexOf(at) ?? -1;
    if (index >= 0) times!.splice(index, 1);
    return index >= 0;
  }

  // Buckets used once and never again must not pile up. Swept when the map has doubled since the
  // last sweep, not on every claim: a flood of sends is exactly when it is large.
  private sweep(now: number): void {
    if (this.buckets.size <= this.sweepAt) return;
    for (const [name, bucket] of this.buckets) if (bucket.until <= now) this.buckets.delete(name);
    this.sweepAt = Math.max(10_000, this.buckets.size * 2);
  }

  // One transaction at a time per user: read, change and write back without interleaving.
  private async locked<T>(userId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(userId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(userId, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(userId) === settled) this.locks.delete(userId);
    }
  }
}
