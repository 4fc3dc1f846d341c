/**
 * Strict checks of what a backend answered. A wrong shape becomes `bad_response` here, so that no
 * code further down ever sees a half-valid object. Table-driven to stay small: every element ships it.
 */
import { MfaError } from './errors.js';
import type { AppPasswordInfo, Challenge, ChallengeResult, DeliveryMethod, Enrollment, EnrollmentResult, IssuedAppPassword, MfaMethods, PhoneInfo } from './types.js';

type Obj = Record<string, unknown>;

/**
 * What a field must be: `s` non-empty string, `n` whole number ≥ 0, `c` whole number ≥ 1,
 * `t` timestamp, `t?` timestamp or null (missing becomes null), `m` delivery method.
 */
type Kind = 's' | 'n' | 'c' | 't' | 't?' | 'm';

const ok: Record<Kind, (v: unknown) => boolean> = {
  s: (v) => typeof v === 'string' && v !== '',
  n: (v) => Number.isInteger(v) && (v as number) >= 0,
  c: (v) => Number.isInteger(v) && (v as number) >= 1,
  t: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  't?': (v) => v == null || ok.t(v),
  m: (v) => v === 'sms' || v === 'voice',
};

function fail(what: string): never {
  throw new MfaError('bad_response', `The server's answer is not valid: ${what}.`);
}

function object(value: unknown, what: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} is not an object`);
  return value as Obj;
}

/** Picks exactly the fields of `spec` from `value`, each checked. */
function shape<T>(value: unknown, spec: Record<string, Kind>, what: string): T {
  const o = object(value, what);
  const out: Obj = {};
  for (const [key, kind] of Object.entries(spec)) {
    if (!ok[kind](o[key])) fail(`"${key}" of ${what}`);
    out[key] = kind === 't?' ? (o[key] ?? null) : o[key];
  }
  return out as T;
}

const DELIVERY: Record<string, Kind> = { maskedPhone: 's', method: 'm', codeLength: 'c', expiresIn: 'n', resendIn: 'n' };
const ISSUED: Record<string, Kind> = { id: 's', name: 's', createdAt: 't', password: 's' };

export const enrollment = (v: unknown) => shape<Enrollment>(v, { enrollmentId: 's', ...DELIVERY }, 'the enrollment');
export const challenge = (v: unknown) => shape<Challenge>(v, { challengeId: 's', ...DELIVERY }, 'the challenge');
export const issuedAppPassword = (v: unknown) => shape<IssuedAppPassword>(v, ISSUED, 'the app password');

export function enrollmentResult(value: unknown): EnrollmentResult {
  const o = object(value, 'the result');
  if (o.status !== 'enrolled') fail('"status" of the result');
  const result: EnrollmentResult = { status: 'enrolled', phone: shape(o.phone, { maskedPhone: 's', method: 'm' }, 'the phone') };
  if (o.appPassword != null) result.appPassword = issuedAppPassword(o.appPassword);
  return result;
}

export function challengeResult(value: unknown): ChallengeResult {
  const o = object(value, 'the result');
  if (o.status !== 'verified' || (o.redirectUrl !== undefined && typeof o.redirectUrl !== 'string')) fail('"status" or "redirectUrl" of the result');
  return { ...o, status: 'verified' };
}

export function appPasswordList(value: unknown): AppPasswordInfo[] {
  const list = object(value, 'the list').appPasswords;
  if (!Array.isArray(list)) fail('"appPasswords"');
  return list.map((item) => shape<AppPasswordInfo>(item, { id: 's', name: 's', createdAt: 't', lastUsedAt: 't?' }, 'an app password'));
}

export const phoneInfo = (v: unknown) => shape<PhoneInfo>(v, { maskedPhone: 's', method: 'm', registeredAt: 't?' }, 'the phone');

export function methods(value: unknown): MfaMethods {
  const o = object(value, 'the methods');
  if (!ok.n(o.appPasswords)) fail('"appPasswords" of the methods');
  if (o.offered !== undefined && !(Array.isArray(o.offered) && o.offered.length > 0 && o.offered.every(ok.m))) fail('"offered" of the methods');
  return { phone: o.phone === null ? null : phoneInfo(o.phone), appPasswords: o.appPasswords as number, ...(o.offered !== undefined && { offered: o.offered as DeliveryMethod[] }) };
}
