/**
 * The framework-agnostic MFA client: one method per protocol operation, input checked before any
 * request, answers checked before they are returned, and `MfaError` the only thing ever thrown.
 */
import { normalizeCode } from './code.js';
import { MfaError, invalidInput, toMfaError } from './errors.js';
import { createFetchTransport, type FetchTransportOptions } from './fetch-transport.js';
import type {
  AppPasswordInfo,
  CallOptions,
  Challenge,
  ChallengeResult,
  DeliveryMethod,
  Enrollment,
  EnrollmentResult,
  IssuedAppPassword,
  MfaRequest,
  MfaTransport,
} from './types.js';
import * as check from './validate.js';

/** Options of {@link MfaClient}: a transport, or the fetch transport's options. */
export type MfaClientOptions = { transport: MfaTransport } | FetchTransportOptions;

/** Longest app-password name, in characters after trimming. */
export const MAX_APP_PASSWORD_NAME = 64;

/** A fresh random idempotency key (works in insecure contexts too, unlike `randomUUID`). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const E164 = /^\+[1-9]\d{6,14}$/;

function requireMethod(method: unknown, optional: true): DeliveryMethod | undefined;
function requireMethod(method: unknown, optional?: false): DeliveryMethod;
function requireMethod(method: unknown, optional = false): DeliveryMethod | undefined {
  if (optional && method === undefined) return undefined;
  if (method === 'sms' || method === 'voice') return method;
  throw new MfaError('invalid_input', 'The method must be "sms" or "voice".');
}

function requireId(value: unknown): string {
  // "." and ".." would be read as path steps, and reach another route.
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..') throw invalidInput('invalid_id', 'An identifier is missing.');
  return value;
}

/**
 * Characters a name must not hold: controls (NUL, CR, LF, tab), format characters (the bidi
 * overrides and isolates that make "Thunderbird\u202Egpj.exe" read "Thunderbirdexe.jpg", zero-width
 * spaces and joiners, soft hyphens), line and paragraph separators, private-use characters, and the
 * other default-ignorable ones that render as nothing (Hangul fillers), except variation selectors,
 * which emoji need.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}]|(?![\uFE00-\uFE0F])\p{Default_Ignorable_Code_Point}/u;

/**
 * Normalises an app-password name: NFC, trimmed, 1 to 64 characters, none of them a control, a
 * direction override or an invisible character. The client and the reference backend both use it.
 * @throws MfaError `invalid_input` (reason `invalid_name`).
 */
export function normalizeAppPasswordName(name: string): string {
  const trimmed = String(name ?? '')
    .normalize('NFC')
    .trim();
  if (trimmed === '') throw invalidInput('invalid_name', 'Enter a name for the app password.');
  if ([...trimmed].length > MAX_APP_PASSWORD_NAME) {
    throw invalidInput('invalid_name', `The name can have at most ${MAX_APP_PASSWORD_NAME} characters.`);
  }
  if (HIDDEN.test(trimmed)) throw invalidInput('invalid_name', 'The name cannot hold control, direction or invisible characters.');
  return trimmed;
}

/**
 * Talks to an MFA backend through a transport.
 *
 * Every method rejects only with {@link MfaError}: input the client can see is wrong is
 * `invalid_input` before any request; an answer of the wrong shape is `bad_response`.
 *
 * @example
 * const client = new MfaClient({ baseUrl: '/api/mfa' });
 * const enrollment = await client.startEnrollment({ phoneNumber: '+819012345678', method: 'sms' });
 * await client.verifyEnrollment(enrollment.enrollmentId, '123456');
 */
export class MfaClient {
  /** The transport every operation goes through. */
  readonly transport: MfaTransport;

  /** @throws MfaError `invalid_input` without a transport or a `baseUrl`. */
  constructor(options: MfaClientOptions) {
    const given = (options ?? {}) as Partial<{ transport: MfaTransport }> & Partial<FetchTransportOptions>;
    if (given.transport) this.transport = given.transport;
    else if (typeof given.baseUrl === 'string') this.transport = createFetchTransport(given as FetchTransportOptions);
    else throw new MfaError('invalid_input', 'Give the client a transport or a baseUrl.');
  }

  private async call<T>(build: () => MfaRequest, parse: (value: unknown) => T, options: CallOptions | null, sends = false): Promise<T> {
    const { signal, idempotencyKey: key } = options ?? {};
    try {
      const request = build();
      if (signal?.aborted) throw new MfaError('aborted');
      const idempotencyKey = sends ? (key ?? newIdempotencyKey()) : undefined;
      const answer = await this.transport.send(request, { signal, idempotencyKey });
      return parse(answer);
    } catch (error) {
      throw toMfaError(error, signal);
    }
  }

  /**
   * Starts enrolling a phone and sends the first code.
   * @param input.phoneNumber E.164 (use `parseMobileNumber` from `mfa-elements/core` on user input).
   * @throws MfaError e.g. `invalid_phone_number`, `unsupported_region`, `rate_limited`.
   */
  startEnrollment(input: { phoneNumber: string; method: DeliveryMethod }, options: CallOptions = {}): Promise<Enrollment> {
    return this.call(
      () => {
        if (!E164.test(input?.phoneNumber)) throw new MfaError('invalid_input', 'The phone number must be in E.164 form, e.g. +819012345678.');
        return { op: 'startEnrollment', phoneNumber: input.phoneNumber, method: requireMethod(input.method) };
      },
      check.enrollment,
      options,
      true,
    );
  }

  /**
   * Sends a new code for an enrollment (older codes stop working), optionally by another method.
   * @throws MfaError e.g. `rate_limited` (with `retryAfter`), `expired`, `not_found`.
   */
  resendEnrollment(enrollmentId: string, input: { method?: DeliveryMethod } = {}, options: CallOptions = {}): Promise<Enrollment> {
    return this.call(
      () => ({ op: 'resendEnrollment', enrollmentId: requireId(enrollmentId), method: requireMethod(input.method, true) }),
      check.enrollment,
      options,
      true,
    );
  }

  /**
   * Verifies an enrollment code. The code may be raw user input: it is normalised first.
   * @throws MfaError e.g. `invalid_code` (with `attemptsLeft`), `expired`, `too_many_attempts`.
   */
  verifyEnrollment(enrollmentId: string, code: string, options: CallOptions = {}): Promise<EnrollmentResult> {
    return this.call(
      () => ({ op: 'verifyEnrollment', enrollmentId: requireId(enrollmentId), code: normalizeCode(code) }),
      check.enrollmentResult,
      options,
    );
  }

  /**
   * Starts a sign-in challenge and sends a code to the enrolled phone.
   * @throws MfaError e.g. `rate_limited`, `not_found` (no phone enrolled), `unauthorized`.
   */
  startChallenge(input: { method?: DeliveryMethod } = {}, options: CallOptions = {}): Promise<Challenge> {
    return this.call(() => ({ op: 'startChallenge', method: requireMethod(input.method, true) }), check.challenge, options, true);
  }

  /** Sends a new code for a challenge. @throws MfaError as {@link resendEnrollment}. */
  resendChallenge(challengeId: string, input: { method?: DeliveryMethod } = {}, options: CallOptions = {}): Promise<Challenge> {
    return this.call(
      () => ({ op: 'resendChallenge', challengeId: requireId(challengeId), method: requireMethod(input.method, true) }),
      check.challenge,
      options,
      true,
    );
  }

  /**
   * Verifies a sign-in code. Extra fields of the server's answer are kept in the result.
   * @throws MfaError as {@link verifyEnrollment}.
   */
  verifyChallenge(challengeId: string, code: string, input: { rememberDevice?: boolean } = {}, options: CallOptions = {}): Promise<ChallengeResult> {
    return this.call(
      () => ({ op: 'verifyChallenge', challengeId: requireId(challengeId), code: normalizeCode(code), rememberDevice: input.rememberDevice === true }),
      check.challengeResult,
      options,
    );
  }

  /** Lists the user's app passwords (never their secrets). @throws MfaError e.g. `unauthorized`. */
  listAppPasswords(options: CallOptions = {}): Promise<AppPasswordInfo[]> {
    return this.call(() => ({ op: 'listAppPasswords' }), check.appPasswordList, options);
  }

  /**
   * Creates an app password; the answer holds the password, shown to the user once.
   * @throws MfaError `invalid_input` (reason `invalid_name`) for an empty or too long name.
   */
  createAppPassword(name: string, options: CallOptions = {}): Promise<IssuedAppPassword> {
    return this.call(() => ({ op: 'createAppPassword', name: normalizeAppPasswordName(name) }), check.issuedAppPassword, options);
  }

  /** Revokes an app password. @throws MfaError e.g. `not_found`. */
  revokeAppPassword(id: string, options: CallOptions = {}): Promise<void> {
    return this.call(
      () => ({ op: 'revokeAppPassword', id: requireId(id) }),
      () => undefined,
      options,
    );
  }
}
