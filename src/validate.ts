/**
 * Strict checks of what a backend answered. A wrong shape becomes `bad_response` here, so that no
 * code further down ever sees a half-valid object.
 */
import { MfaError } from './errors.js';
import type {
  AppPasswordInfo,
  Challenge,
  ChallengeResult,
  CodeDelivery,
  DeliveryMethod,
  Enrollment,
  EnrollmentResult,
  IssuedAppPassword,
} from './types.js';

type Obj = Record<string, unknown>;

function fail(what: string): never {
  throw new MfaError('bad_response', `The server's answer is not valid: ${what}.`);
}

function object(value: unknown, what: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} is not an object`);
  return value as Obj;
}

function string(o: Obj, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') fail(`"${key}" is not a non-empty string`);
  return v;
}

function count(o: Obj, key: string, min = 0): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`"${key}" is not a whole number of at least ${min}`);
  return v;
}

function timestamp(o: Obj, key: string): string {
  const v = string(o, key);
  if (Number.isNaN(Date.parse(v))) fail(`"${key}" is not a timestamp`);
  return v;
}

function method(o: Obj): DeliveryMethod {
  const v = o.method;
  if (v !== 'sms' && v !== 'voice') fail('"method" is neither "sms" nor "voice"');
  return v;
}

function delivery(o: Obj): CodeDelivery {
  return {
    maskedPhone: string(o, 'maskedPhone'),
    method: method(o),
    codeLength: count(o, 'codeLength', 1),
    expiresIn: count(o, 'expiresIn'),
    resendIn: count(o, 'resendIn'),
  };
}

export function enrollment(value: unknown): Enrollment {
  const o = object(value, 'the enrollment');
  return { enrollmentId: string(o, 'enrollmentId'), ...delivery(o) };
}

export function challenge(value: unknown): Challenge {
  const o = object(value, 'the challenge');
  return { challengeId: string(o, 'challengeId'), ...delivery(o) };
}

export function issuedAppPassword(value: unknown): IssuedAppPassword {
  const o = object(value, 'the app password');
  return { id: string(o, 'id'), name: string(o, 'name'), createdAt: timestamp(o, 'createdAt'), password: string(o, 'password') };
}

export function enrollmentResult(value: unknown): EnrollmentResult {
  const o = object(value, 'the enrollment result');
  if (o.status !== 'enrolled') fail('"status" is not "enrolled"');
  const phone = object(o.phone, '"phone"');
  const result: EnrollmentResult = { status: 'enrolled', phone: { maskedPhone: string(phone, 'maskedPhone'), method: method(phone) } };
  if (o.appPassword !== undefined && o.appPassword !== null) result.appPassword = issuedAppPassword(o.appPassword);
  return result;
}

export function challengeResult(value: unknown): ChallengeResult {
  const o = object(value, 'the verification result');
  if (o.status !== 'verified') fail('"status" is not "verified"');
  if (o.redirectUrl !== undefined && typeof o.redirectUrl !== 'string') fail('"redirectUrl" is not a string');
  return { ...o, status: 'verified' };
}

export function appPasswordList(value: unknown): AppPasswordInfo[] {
  const o = object(value, 'the list');
  if (!Array.isArray(o.appPasswords)) fail('"appPasswords" is not a list');
  return o.appPasswords.map((item) => {
    const p = object(item, 'an app password');
    const lastUsedAt = p.lastUsedAt === null || p.lastUsedAt === undefined ? null : timestamp(p, 'lastUsedAt');
    return { id: string(p, 'id'), name: string(p, 'name'), createdAt: timestamp(p, 'createdAt'), lastUsedAt };
  });
}
