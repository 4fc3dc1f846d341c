/**
 * The framework-agnostic MFA client: one method per protocol operation, input checked before any
 * request, answers checked before they are returned, and `MfaError` the only thing ever thrown.
 */
import { MfaConnection } from './connection.js';
import * as op from './operations.js';
import type {
  AppPasswordInfo,
  CallOptions,
  Challenge,
  ChallengeResult,
  DeliveryMethod,
  Enrollment,
  EnrollmentResult,
  IssuedAppPassword,
  MfaMethods,
  PhoneInfo,
} from './types.js';

export type { MfaClientOptions } from './connection.js';
export { MAX_APP_PASSWORD_NAME, newIdempotencyKey, normalizeAppPasswordName } from './operations.js';

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
export class MfaClient extends MfaConnection {
  /**
   * Starts enrolling a phone and sends the first code.
   * @param input.phoneNumber E.164 (use `parseMobileNumber` from `mfa-elements/core` on user input).
   * @throws MfaError e.g. `invalid_phone_number`, `unsupported_region`, `rate_limited`.
   */
  startEnrollment(input: { phoneNumber: string; method: DeliveryMethod }, options: CallOptions = {}): Promise<Enrollment> {
    return op.startEnrollment(this, input, options);
  }

  /**
   * Sends a new code for an enrollment (older codes stop working), optionally by another method.
   * @throws MfaError e.g. `rate_limited` (with `retryAfter`), `expired`, `not_found`.
   */
  resendEnrollment(enrollmentId: string, input: { method?: DeliveryMethod } = {}, options: CallOptions = {}): Promise<Enrollment> {
    return op.resendEnrollment(this, enrollmentId, input, options);
  }

  /**
   * Verifies an enrollment code. The code may be raw user input: it is normalised first.
   * @throws MfaError e.g. `invalid_code` (with `attemptsLeft`), `expired`, `too_many_attempts`.
   */
  verifyEnrollment(enrollmentId: string, code: string, options: CallOptions = {}): Promise<EnrollmentResult> {
    return op.verifyEnrollment(this, enrollmentId, code, options);
  }

  /**
   * Starts a sign-in challenge and sends a code to the enrolled phone.
   * @throws MfaError e.g. `rate_limited`, `not_found` (no phone enrolled), `unauthorized`.
   */
  startChallenge(input: { method?: DeliveryMethod } = {}, options: CallOptions = {}): Promise<Challenge> {
    return op.startChallenge(this, input, options);
  }

  /** Sends a new code for a challenge. @throws MfaError as {@link resendEnrollment}. */
  resendChallenge(challengeId: string, input: { method?: DeliveryMethod } = {}, options: CallOptions = {}): Promise<Challenge> {
    return op.resendChallenge(this, challengeId, input, options);
  }

  /**
   * Verifies a sign-in code. Extra fields of the server's answer are kept in the result.
   * @throws MfaError as {@link verifyEnrollment}.
   */
  verifyChallenge(challengeId: string, code: string, input: { rememberDevice?: boolean } = {}, options: CallOptions = {}): Promise<ChallengeResult> {
    return op.verifyChallenge(this, challengeId, code, input, options);
  }

  /** Lists the user's app passwords (never their secrets). @throws MfaError e.g. `unauthorized`. */
  listAppPasswords(options: CallOptions = {}): Promise<AppPasswordInfo[]> {
    return op.listAppPasswords(this, options);
  }

  /**
   * Creates an app password; the answer holds the password, shown to the user once.
   * @throws MfaError `invalid_input` (reason `invalid_name`) for an empty or too long name.
   */
  createAppPassword(name: string, options: CallOptions = {}): Promise<IssuedAppPassword> {
    return op.createAppPassword(this, name, options);
  }

  /** Revokes an app password. @throws MfaError e.g. `not_found`. */
  revokeAppPassword(id: string, options: CallOptions = {}): Promise<void> {
    return op.revokeAppPassword(this, id, options);
  }

  /**
   * The user's sign-in methods: the phone on file (masked, its method, when it was registered) or
   * null, and how many app passwords exist.
   * @throws MfaError e.g. `unauthorized`.
   * @example
   * const { phone } = await client.getMethods(); // phone?.maskedPhone: '+81 •• •••• 5678'
   */
  getMethods(options: CallOptions = {}): Promise<MfaMethods> {
    return op.getMethods(this, options);
  }

  /**
   * Chooses how codes are sent from now on: text (`sms`) or call (`voice`). Changing the number
   * itself is an enrollment (`startEnrollment` while a phone is on file), which needs a fresh sign-in.
   * @throws MfaError e.g. `not_found` (no phone enrolled).
   */
  setMethod(method: DeliveryMethod, options: CallOptions = {}): Promise<PhoneInfo> {
    return op.setMethod(this, method, options);
  }

  /**
   * Removes the phone, where the backend allows it (the reference backend does not by default).
   * @throws MfaError `phone_required` when the backend keeps every account's phone; `not_found`.
   */
  removePhone(options: CallOptions = {}): Promise<void> {
    return op.removePhone(this, options);
  }
}
