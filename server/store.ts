/** Per-user state of the reference backend, and the store interface that keeps it. */
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
  phone?: { phoneNumber: string; method: DeliveryMethod };
  enrollments: Record<string, PendingVerification>;
  challenges: Record<string, PendingVerification>;
  appPasswords: Record<string, StoredAppPassword>;
  /** Epoch milliseconds of recent sends, for the per-user rate limit. */
  sendTimes: number[];
  /** Epoch milliseconds of recent wrong codes, for the per-user daily limit. */
  failTimes?: number[];
  idempotency: Record<string, IdempotentAnswer>;
}

/**
 * Where user state lives. The backend reads a user's state, changes it and writes it back while
 * holding that user's lock, so a store needs no transactions of its own for a single process.
 */
export interface MfaStore {
  get(userId: string): Promise<UserState | undefined>;
  set(userId: string, state: UserState): Promise<void>;
}

/** A fresh, empty state. */
export function emptyState(): UserState {
  return { enrollments: {}, challenges: {}, appPasswords: {}, sendTimes: [], failTimes: [], idempotency: {} };
}

/** The default store: in memory, structured-cloned so callers never share objects with it. */
export class MemoryStore implements MfaStore {
  private readonly users = new Map<string, UserState>();

  async get(userId: string): Promise<UserState | undefined> {
    const state = this.users.get(userId);
    return state && structuredClone(state);
  }

  async set(userId: string, state: UserState): Promise<void> {
    this.users.set(userId, structuredClone(state));
  }
}
