/**
 * Verification-code normalisation: what users type, paste or autofill becomes ASCII digits.
 * Handles full-width digits from a Japanese IME, digits of other scripts (Devanagari from a Nepali
 * keyboard, Arabic-Indic), spaces, hyphens and dashes between digit groups, and whole messages pasted
 * in ("Your code is 123 456").
 */
import { invalidInput } from './errors.js';

/** Shortest and longest code the client accepts when the length is not known. */
export const MIN_CODE_LENGTH = 4;
export const MAX_CODE_LENGTH = 10;

// Separators people put inside a code: white space, ASCII and Unicode hyphens and dashes, the minus
// sign, the katakana prolonged sound mark an IME produces for "-", and dots.
const SEPARATORS = /(\d)[\s\-‐‑‒–—―−ー・.]+(?=\d)/gu;

/**
 * Best-effort digits from any input: never throws, never returns more than `length` digits when a
 * length is given. Meant for a field as the user types: `"１２３ ４"` gives `"1234"`, and a pasted
 * `"Your code is 123456. @example.com #123456"` gives `"123456"`.
 */
export function extractCodeDigits(input: string, length?: number): string {
  const digits = pick(input, length);
  return length ? digits.slice(0, length) : digits;
}

// A decimal digit of another script (Devanagari १ from a Nepali keyboard, Arabic-Indic ١) as ASCII:
// Unicode places each script's digits in a run of ten, so its value is its place in the run.
function asciiDigit(digit: string): string {
  const code = digit.codePointAt(0)!;
  let start = code;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return String((code - start) % 10);
}

// The digits the input means, not yet cut to length.
function pick(input: string, length?: number): string {
  const text = String(input ?? '').normalize('NFKC').replace(/[^\P{Nd}0-9]/gu, asciiDigit).replace(SEPARATORS, '$1');
  const runs = text.match(/\d+/g) ?? [];
  // Text around digits: take the first run that has the code's length (or a plausible one).
  const fits = (run: string) => (length ? run.length === length : run.length >= MIN_CODE_LENGTH && run.length <= MAX_CODE_LENGTH);
  return runs.length > 1 ? (runs.find(fits) ?? runs.join('')) : (runs[0] ?? '');
}

/**
 * The code to send: ASCII digits of exactly `length` (or 4 to 10 when no length is given).
 * @throws MfaError `invalid_input` (reason `invalid_code`) when no such code is in the input.
 * @example normalizeCode('１２３－４５６', 6) // '123456'
 */
export function normalizeCode(input: string, length?: number): string {
  const digits = pick(input, length);
  const ok = length ? digits.length === length : digits.length >= MIN_CODE_LENGTH && digits.length <= MAX_CODE_LENGTH;
  if (!ok) {
    throw invalidInput('invalid_code', length ? `Enter the ${length}-digit code.` : 'Enter the code you received.');
  }
  return digits;
}
