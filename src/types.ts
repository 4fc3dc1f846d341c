/** The shapes of protocol v1 (see docs/protocol.md), as the client returns them. */

/** How a code reaches the user. */
export type DeliveryMethod = 'sms' | 'voice';

/** Where a code went and when the user may ask for another: common to enrollments and challenges. */
export interface CodeDelivery {
  /** The phone number with most digits hidden, e.g. `+81 •• •••• 5678`. */
  maskedPhone: string;
  method: DeliveryMethod;
  /** Number of digits in the code. */
  codeLength: number;
  /** Seconds until the code expires. */
  expiresIn: number;
  /** Seconds until a resend is allowed. */
  resendIn: number;
}

/** Answer to starting or resending an enrollment. */
export interface Enrollment extends CodeDelivery {
  enrollmentId: string;
}

/** Answer to starting or resending a sign-in challenge. */
export interface Challenge extends CodeDelivery {
  challengeId: string;
}

/** An app password as listed: never the secret. */
export interface AppPasswordInfo {
  id: string;
  name: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC, or null when never used. */
  lastUsedAt: string | null;
}

/** A freshly issued app password: the only time the secret is seen. */
export interface IssuedAppPassword {
  id: string;
  name: string;
  createdAt: string;
  password: string;
}

/** The phone on file, as `GET {base}/methods` and `PATCH {base}/phone` answer. */
export interface PhoneInfo {
  /** The number with most digits hidden, e.g. `+81 •• •••• 5678`. */
  maskedPhone: string;
  /** How codes are sent by default. */
  method: DeliveryMethod;
  /** ISO 8601, UTC, or null when the backend does not know. */
  registeredAt: string | null;
}

/** The user's sign-in methods (`GET {base}/methods`). */
export interface MfaMethods {
  /** The phone on file, or null when none is enrolled. */
  phone: PhoneInfo | null;
  /** How many app passwords exist. */
  appPasswords: number;
  /**
   * How this backend can send codes (`['sms']` where it does not call). Absent from backends that
   * predate it: then either may be offered, and a refused one answers `unsupported_region`.
   */
  offered?: DeliveryMethod[];
}

/** Answer to verifying an enrollment code. */
export interface EnrollmentResult {
  status: 'enrolled';
  phone: { maskedPhone: string; method: DeliveryMethod };
  /** Present when the backend issues an app password at enrollment. */
  appPassword?: IssuedAppPassword;
}

/** Answer to verifying a challenge code; extra fields from the server are kept. */
export interface ChallengeResult {
  status: 'verified';
  redirectUrl?: string;
  [field: string]: unknown;
}

/**
 * One protocol operation, as handed to a transport. A transport maps it onto its backend and
 * resolves with the backend's answer in the protocol's shape (the client validates it).
 */
export type MfaRequest =
  | { op: 'startEnrollment'; phoneNumber: string; method: DeliveryMethod }
  | { op: 'resendEnrollment'; enrollmentId: string; method?: DeliveryMethod }
  | { op: 'verifyEnrollment'; enrollmentId: string; code: string }
  | { op: 'startChallenge'; method?: DeliveryMethod }
  | { op: 'resendChallenge'; challengeId: string; method?: DeliveryMethod }
  | { op: 'verifyChallenge'; challengeId: string; code: string; rememberDevice: boolean }
  | { op: 'listAppPasswords' }
  | { op: 'createAppPassword'; name: string }
  | { op: 'revokeAppPassword'; id: string }
  | { op: 'getMethods' }
  | { op: 'setMethod'; method: DeliveryMethod }
  | { op: 'removePhone' };

/** The name of an operation. */
export type MfaOperation = MfaRequest['op'];

/** Per-call options of a transport. */
export interface TransportCallOptions {
  /** Cancels the call; the transport then rejects with `aborted`. */
  signal?: AbortSignal;
  /**
   * Set on every operation that can make the backend send a message. The same key means the same
   * user action: a backend must not send a second message for it.
   */
  idempotencyKey?: string;
}

/**
 * The only thing the client talks to. Resolve with the backend's answer (`undefined` for
 * operations without one); reject with an `MfaError` (anything else is treated as `network_error`).
 */
export interface MfaTransport {
  send(request: MfaRequest, options: TransportCallOptions): Promise<unknown>;
}

/**
 * What a successful operation changed on the backend, as {@link MfaClient.subscribe} reports it, so
 * that every part of a page showing the same account can follow. `source` is the caller's
 * `CallOptions.source`: a listener can tell its own changes from others'.
 */
export type MfaChange =
  | { kind: 'app-passwords'; source?: unknown }
  | { kind: 'phone'; phone: { maskedPhone: string; method: DeliveryMethod } | null; source?: unknown };

/** Per-call options of every client operation. */
export interface CallOptions {
  /** Cancels the call; it then rejects with `MfaError` code `aborted`. */
  signal?: AbortSignal;
  /** Who makes the call (an element, say); handed back as `source` of the {@link MfaChange} it causes. */
  source?: unknown;
  /**
   * For operations that send a message: the key of this user action. Omit it for a fresh key; pass
   * the key of a failed call to retry that same action without risking a second message.
   */
  idempotencyKey?: string;
}
