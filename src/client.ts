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
  MfaChange,
  MfaMethods,
  PhoneInfo,
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
  private readonly listeners = new Set<(change: MfaChange) => void>();

  /** @throws MfaError `invalid_input` without a transport or a `baseUrl`. */
  constructor(options: MfaClientOptions) {
    const given = (options ?? {}) as Partial<{ transport: MfaTransport }> & Partial<FetchTransportOptions>;
    if (given.transport) this.transport = given.transport;
    else if (typeof given.baseUrl === 'string') this.transport = createFetchTransport(given as FetchTransportOptions);
    else throw new MfaError('invalid_input', 'Give the client a transport or a baseUrl.');
  }

  /**
   * Calls `listener` after every successful operation that changed the account: an enrollment
   * verified (`phone`, and `app-passwords` when it issued one), an app password created or revoked.
   * Elements sharing this client use it to stay in step. Returns the function that unsubscribes.
   * @example
   * const stop = client.subscribe((change) => change.kind === 'app-passwords' && refreshList());
   */
  subscribe(listener: (change: MfaChange) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private notify(change: MfaChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        // A failing listener must neither stop the others nor turn a success into a failure: it is
        // reported as an uncaught error would be.
        if (typeof reportError === 'function') reportError(error);
        else
          queueMicrotask(() => {
            throw error;
          });
      }
    }
  }

  /** `call`, then the changes its answer made known, each marked with the caller's `source`. */
  private async change<T>(answer: Promise<T>, options: CallOptions | null, changes: (value: T) => MfaChange[]): Promise<T> {
    const value = await answer;
    for (const change of changes(value)) this.notify({ ...change, source: options?.source });
    return value;
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
    const answer = this.call(
      () => ({ op: 'verifyEnrollment', enrollmentId: requireId(enrollmentId), code: normalizeCode(code) }),
      check.enrollmentResult,
      options,
    );
    return this.change(answer, options, (result) => [{ kind: 'phone', phone: result.phone }, ...(result.appPassword ? [{ kind: 'app-passwords' } as const] : [])]);
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
    const answer = this.call(() => ({ op: 'createAppPassword', name: normalizeAppPasswordName(name) }), check.issuedAppPassword, options);
    return this.change(answer, options, () => [{ kind: 'app-passwords' }]);
  }

  /** Revokes an app password. @throws MfaError e.g. `not_found`. */
  revokeAppPassword(id: string, options: CallOptions = {}): Promise<void> {
    const answer = this.call(
      () => ({ op: 'revokeAppPassword', id: requireId(id) }),
      () => undefined,
      options,
    );
    return this.change(answer, options, () => [{ kind: 'app-passwords' }]);
  }

  /**
   * The user's sign-in methods: the phone on file (masked, its method, when it was registered) or
   * null, and how many app passwords exist.
   * @throws MfaError e.g. `unauthorized`.
   * @example
   * const { phone } = await client.getMethods(); // phone?.maskedPhone: '+81 •• •••• 5678'
   */
  getMethods(options: CallOptions = {}): Promise<MfaMethods> {
    return this.call(() => ({ op: 'getMethods' }), check.methods, options);
  }

  /**
   * Chooses how codes are sent from now on: text (`sms`) or call (`voice`). Changing the number
   * itself is an enrollment (`startEnrollment` while a phone is on file), which needs a fresh sign-in.
   * @throws MfaError e.g. `not_found` (no phone enrolled).
   */
  setMethod(method: DeliveryMethod, options: CallOptions = {}): Promise<PhoneInfo> {
    const answer = this.call(() => ({ op: 'setMethod', method: requireMethod(method) }), check.phoneInfo, options);
    return this.change(answer, options, ({ maskedPhone, method: chosen }) => [{ kind: 'phone', phone: { maskedPhone, method: chosen } }]);
  }

  /**
   * Removes the phone, where the backend allows it (the reference backend does not by default).
   * @throws MfaError `phone_required` when the backend keeps every account's phone; `not_found`.
   */
  removePhone(options: CallOptions = {}): Promise<void> {
    const answer = this.call(() => ({ op: 'removePhone' }), () => undefined, options);
    return this.change(answer, options, () => [{ kind: 'phone', phone: null }]);
  }
}
