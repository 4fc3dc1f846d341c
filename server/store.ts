/** Per-user state of the reference backend, and the store interface that keeps it (stores in `stores/`). */
import type { DeliveryMethod } from '../src/types.js';

/** An enrollment or a challenge waiting for its code. */
export interface PendingVerification {
  id: string;
  /** E.164 number the code goes to. */
  phoneNumber: string;
  method: DeliveryMethod;
  /** Keyed hash of the current code; older codes are forgotten on resend. */
  codeHash: string;
  /** Epoch milliseconds when the current code stops working. */
  codeExpiresAt: number;
  /** Epoch milliseconds of the last send. */
  lastSentAt: number;
  /** Messages sent for it so far, the first included. */
  sends: number;
  /** Wrong codes so far; never reset by a resend. */
  failedAttempts: number;
}

/** A stored app password: only the hash of the secret. */
export interface StoredAppPassword {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  passwordHash: string;
}

/** A remembered answer to a request that carried an `Idempotency-Key`. */
export interface IdempotentAnswer {
  expiresAt: number;
  status: number;
  body: unknown;
  /** The request's body as sent, so the same key with another body is refused. */
  request?: string;
}

/** Everything the backend keeps about one user. */
export interface UserState {
  /** The phone on file; `registeredAt` (ISO 8601) is missing for phones enrolled before it was kept. */
  phone?: { phoneNumber: string; method: DeliveryMethod; registeredAt?: string };
  enrollments: Record<string, PendingVerification>;
  challenges: Record<string, PendingVerification>;
  appPasswords: Record<string, StoredAppPassword>;
  /** Epoch milliseconds of recent sends, for the per-user rate limit. */
  sendTimes: number[];
  /** Epoch milliseconds of recent wrong codes, for the per-user daily limit. */
  failTimes?: number[];
  idempotency: Record<string, IdempotentAnswer>;
}

/** What {@link StoreTransaction.claim} answers: counted, or refused with the wait in seconds. */
export type Claim = { ok: true } | { ok: false; retryAfter: number };

/**
 * Shared budgets, inside one {@link MfaStore.transaction}. A bucket is a name the service chooses
 * (`number:<keyed hash>`, `prefix:<keyed hash>`, `global`): the store never sees a phone number.
 */
export interface StoreTransaction {
  /**
   * Counts one event at `now` (epoch ms) in `bucket` unless it already holds `max` events newer than
   * `now - windowMs`; then refuses with the seconds until the oldest leaves the window (at least 1).
   * The bucket stays locked until the transaction ends, and the count is undone if it fails.
   */
  claim(bucket: string, now: number, windowMs: number, max: number): Promise<Claim>;
  /** Withdraws one event counted at `at` in `bucket` by an earlier transaction (a send that failed). */
  release(bucket: string, at: number): Promise<void>;
}

/**
 * Where user state lives, and the lock that keeps every instance of the backend to the same rules.
 *
 * `transaction` holds `userId`'s lock from the read to the write, across processes when the store is
 * shared: two requests of one user never interleave, whichever instance serves them. Locks are taken
 * user first, then buckets (in the order the service claims them), so two transactions never wait
 * on each other. When `work` resolves, its changes to `state` and its claims are saved together;
 * when it throws, nothing is saved, its claims are undone and the error is rethrown. Nothing slow
 * (no text message) may run inside `work`: it holds the user's lock, and an embedded store's only
 * connection.
 */
export interface MfaStore {
  /** Runs `work` on `userId`'s state (an empty one for a new user) under that user's lock. */
  transaction<T>(userId: string, work: (state: UserState, tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Releases connections, timers and locks; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** A fresh, empty state. */
export function emptyState(): UserState {
  return { enrollments: {}, challenges: {}, appPasswords: {}, sendTimes: [], failTimes: [], idempotency: {} };
}

/**
 * The events of `times` still inside the window, and whether one more is allowed: the one rule of
 * {@link StoreTransaction.claim}, shared by every store.
 */
export function judgeClaim(times: readonly number[], now: number, windowMs: number, max: number): { live: number[]; claim: Claim } {
  const live = times.filter((t) => t + windowMs > now);
  if (live.length < max) return { live: [...live, now], claim: { ok: true } };
  const oldest = live.length ? Math.min(...live) : now;
  const retryAfter = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
  return { live, claim: { ok: false, retryAfter } };
}
