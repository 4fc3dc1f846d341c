/**
 * The one error type of mfa-elements. Every failure of the client, a transport or a helper
 * ends as an `MfaError`; nothing else is ever thrown.
 */
import { errors as english } from '../locales/en.js';

/** Error codes a server may send (protocol v1). */
export type MfaServerErrorCode =
  | 'invalid_phone_number'
  | 'unsupported_region'
  | 'invalid_code'
  | 'expired'
  | 'too_many_attempts'
  | 'rate_limited'
  | 'not_found'
  | 'unauthorized'
  | 'phone_required'
  | 'step_up_required'
  | 'server_error';

/** Error codes the client produces itself; a server never sends them. */
export type MfaClientErrorCode = 'network_error' | 'timeout' | 'aborted' | 'bad_response' | 'invalid_input';

/** Every error code. */
export type MfaErrorCode = MfaServerErrorCode | MfaClientErrorCode;

/**
 * Why a value was refused before any request (`invalid_input` only), so that a UI can say precisely
 * what is wrong with a phone number, a code or a name.
 */
export type MfaInputReason =
  | 'empty'
  | 'not_a_number'
  | 'invalid_country'
  | 'too_short'
  | 'too_long'
  | 'landline'
  | 'toll_free'
  | 'ip_phone'
  | 'not_mobile'
  | 'invalid_code'
  | 'invalid_name'
  | 'invalid_id';

const SERVER_CODES: readonly string[] = [
  'invalid_phone_number',
  'unsupported_region',
  'invalid_code',
  'expired',
  'too_many_attempts',
  'rate_limited',
  'not_found',
  'unauthorized',
  'phone_required',
  'step_up_required',
  'server_error',
] satisfies MfaServerErrorCode[];

/** True for a code a server may send. */
export function isServerErrorCode(code: unknown): code is MfaServerErrorCode {
  return typeof code === 'string' && SERVER_CODES.includes(code);
}

/** Fields of an {@link MfaError} besides its code and message. */
export interface MfaErrorInit {
  /** HTTP status of the response, when there was one. */
  status?: number;
  /** Seconds to wait before trying again (`rate_limited`, sometimes `too_many_attempts`). */
  retryAfter?: number;
  /** Wrong codes still allowed (`invalid_code`). */
  attemptsLeft?: number;
  /** What exactly was wrong with the input (`invalid_input`). */
  reason?: MfaInputReason;
  /** The underlying error, if any. */
  cause?: unknown;
}

// A brand rather than `instanceof`, so that errors from two copies of the library still match.
const BRAND = Symbol.for('mfa-elements.MfaError');

/** A failed MFA operation. `code` says what went wrong; the other fields say what to do next. */
export class MfaError extends Error {
  declare readonly [BRAND]: true;
  readonly code: MfaErrorCode;
  readonly status?: number;
  readonly retryAfter?: number;
  readonly attemptsLeft?: number;
  readonly reason?: MfaInputReason;

  /** Without a message, the error's English text of `locales/en.ts`, the one elements show. */
  constructor(code: MfaErrorCode, message?: string, init: MfaErrorInit = {}) {
    // Given as '' first, so that the message stays a property of its own that is not enumerable.
    super(message || '', init.cause === undefined ? undefined : { cause: init.cause });
    Object.defineProperty(this, BRAND, { value: true });
    this.name = 'MfaError';
    this.code = code;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfter !== undefined) this.retryAfter = init.retryAfter;
    if (init.attemptsLeft !== undefined) this.attemptsLeft = init.attemptsLeft;
    if (init.reason !== undefined) this.reason = init.reason;
    const text = english[code];
    this.message ||= typeof text === 'function' ? text(this) : text;
  }
}

/** True when `value` is an {@link MfaError}, from this or any other copy of the library. */
export function isMfaError(value: unknown): value is MfaError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** `invalid_input` with a reason, for input refused before any request. */
export function invalidInput(reason: MfaInputReason, message: string): MfaError {
  return new MfaError('invalid_input', message, { reason });
}

/**
 * True for a failure after which the server may or may not have acted (the request may have
 * arrived, or its answer was lost or unreadable): a retry of the same action must carry the same
 * idempotency key, and what the action made may exist.
 */
export function mayHaveActed(error: MfaError): boolean {
  // An unreadable 2xx did act; an unknown code on a 4xx is a refusal all the same.
  if (error.code === 'bad_response') return !(error.status !== undefined && error.status >= 400);
  return ['network_error', 'timeout', 'server_error', 'aborted'].includes(error.code);
}

/**
 * Turns anything thrown into an {@link MfaError}: an `MfaError` passes through, an abort becomes
 * `aborted`, anything else `network_error` with the original as `cause`.
 */
export function toMfaError(error: unknown, signal?: AbortSignal): MfaError {
  if (isMfaError(error)) return error;
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
    return new MfaError('aborted', undefined, { cause: error });
  }
  return new MfaError('network_error', undefined, { cause: error });
}
