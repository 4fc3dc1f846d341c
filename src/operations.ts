/**
 * The protocol's operations, one function each over an {@link MfaConnection}: input checked before any
 * request, answers checked before they are returned, `MfaError` the only thing ever thrown, and the
 * changes a success made told to the connection's listeners. `MfaClient` offers each as a method
 * (documented there); elements call these functions, so that each carries only the ones it uses.
 */
import { normalizeCode } from './code.js';
import type { MfaConnection } from './connection.js';
import { MfaError, invalidInput, toMfaError } from './errors.js';
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
} from './types.js';
import * as check from './validate.js';

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

/** Builds the request (checking the input), sends it, and checks the answer. */
async function call<T>(
  connection: MfaConnection,
  build: () => MfaRequest,
  parse: (value: unknown) => T,
  options: CallOptions | null,
  sends = false,
): Promise<T> {
  const { signal, idempotencyKey: key } = options ?? {};
  try {
    const request = build();
    if (signal?.aborted) throw new MfaError('aborted');
    const idempotencyKey = sends ? (key ?? newIdempotencyKey()) : undefined;
    const answer = await connection.transport.send(request, { signal, idempotencyKey });
    return parse(answer);
  } catch (error) {
    throw toMfaError(error, signal);
  }
}

/** The answer, once the changes it made are told, each marked with the caller's `source`. */
async function change<T>(connection: MfaConnection, answer: Promise<T>, options: CallOptions | null, changes: (value: T) => MfaChange[]): Promise<T> {
  const value = await answer;
  for (const made of changes(value)) connection.notify({ ...made, source: options?.source });
  return value;
}

/** See `MfaClient.startEnrollment`. */
export function startEnrollment(connection: MfaConnection, input: { phoneNumber: string; method: DeliveryMethod }, options: CallOptions = {}): Promise<Enrollment> {
  return call(
    connection,
    () => {
      if (!E164.test(input?.phoneNumber)) throw new MfaError('invalid_input', 'The phone number must be in E.164 form, e.g. +819012345678.');
      return { op: 'startEnrollment', phoneNumber: input.phoneNumber, method: requireMethod(input.method) };
    },
    check.enrollment,
    options,
    true,
  );
}

/** See `MfaClient.resendEnrollment`. */
export function resendEnrollment(connection: MfaConnection, enrollmentId: string, input: { method?: DeliveryMethod } = {}, options: CallOptions = {}): Promise<Enrollment> {
  return call(
    connection,
    () => ({ op: 'resendEnrollment', enrollmentId: requireId(enrollmentId), method: requireMethod(input.method, true) }),
    check.enrollment,
    options,
    true,
  );
}

/** See `MfaClient.verifyEnrollment`. */
export function verifyEnrollment(connection: MfaConnection, enrollmentId: string, code: string, options: CallOptions = {}): Promise<EnrollmentResult> {
  const answer = call(
    connection,
    () => ({ op: 'verifyEnrollment', enrollmentId: requireId(enrollmentId), code: normalizeCode(code) }),
    check.enrollmentResult,
    options,
  );
  return change(connection, answer, options, (result) => [{ kind: 'phone', phone: result.phone }, ...(result.appPassword ? [{ kind: 'app-passwords' } as const] : [])]);
}

/** See `MfaClient.startChallenge`. */
export function startChallenge(connection: MfaConnection, input: { method?: DeliveryMethod } = {}, options: CallOptions = {}): Promise<Challenge> {
  return call(connection, () => ({ op: 'startChallenge', method: requireMethod(input.method, true) }), check.challenge, options, true);
}

/** See `MfaClient.resendChallenge`. */
export function resendChallenge(connection: MfaConnection, challengeId: string, input: { method?: DeliveryMethod } = {}, options: CallOptions = {}): Promise<Challenge> {
  return call(
    connection,
    () => ({ op: 'resendChallenge', challengeId: requireId(challengeId), method: requireMethod(input.method, true) }),
    check.challenge,
    options,
    true,
  );
}

/** See `MfaClient.verifyChallenge`. */
export function verifyChallenge(
  connection: MfaConnection,
  challengeId: string,
  code: string,
  input: { rememberDevice?: boolean } = {},
  options: CallOptions = {},
): Promise<ChallengeResult> {
  return call(
    connection,
    () => ({ op: 'verifyChallenge', challengeId: requireId(challengeId), code: normalizeCode(code), rememberDevice: input.rememberDevice === true }),
    check.challengeResult,
    options,
  );
}

/** See `MfaClient.listAppPasswords`. */
export function listAppPasswords(connection: MfaConnection, options: CallOptions = {}): Promise<AppPasswordInfo[]> {
  return call(connection, () => ({ op: 'listAppPasswords' }), check.appPasswordList, options);
}

/** See `MfaClient.createAppPassword`. */
export function createAppPassword(connection: MfaConnection, name: string, options: CallOptions = {}): Promise<IssuedAppPassword> {
  const answer = call(connection, () => ({ op: 'createAppPassword', name: normalizeAppPasswordName(name) }), check.issuedAppPassword, options);
  return change(connection, answer, options, () => [{ kind: 'app-passwords' }]);
}

/** See `MfaClient.revokeAppPassword`. */
export function revokeAppPassword(connection: MfaConnection, id: string, options: CallOptions = {}): Promise<void> {
  const answer = call(
    connection,
    () => ({ op: 'revokeAppPassword', id: requireId(id) }),
    () => undefined,
    options,
  );
  return change(connection, answer, options, () => [{ kind: 'app-passwords' }]);
}

/** See `MfaClient.getMethods`. */
export function getMethods(connection: MfaConnection, options: CallOptions = {}): Promise<MfaMethods> {
  return call(connection, () => ({ op: 'getMethods' }), check.methods, options);
}

/** See `MfaClient.setMethod`. */
export function setMethod(connection: MfaConnection, method: DeliveryMethod, options: CallOptions = {}): Promise<PhoneInfo> {
  const answer = call(connection, () => ({ op: 'setMethod', method: requireMethod(method) }), check.phoneInfo, options);
  return change(connection, answer, options, ({ maskedPhone, method: chosen }) => [{ kind: 'phone', phone: { maskedPhone, method: chosen } }]);
}

/** See `MfaClient.removePhone`. */
export function removePhone(connection: MfaConnection, options: CallOptions = {}): Promise<void> {
  const answer = call(connection, () => ({ op: 'removePhone' }), () => undefined, options);
  return change(connection, answer, options, () => [{ kind: 'phone', phone: null }]);
}
