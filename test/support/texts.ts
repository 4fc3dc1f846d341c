/** Every text of a translation, flattened, for the tests that look for English left over. */
import { MfaError } from '../../src/errors.js';
import type { Translation } from '../../locales/en.js';

/** Texts that are the same in every language on purpose: a name with its calling code. */
export const SAME_EVERYWHERE = new Set(['phoneInput.countryOption']);

/** Every text of a translation by `section.key`, functions called with sample values. */
export function texts(translation: Translation): Map<string, string> {
  const error = new MfaError('invalid_code', undefined, { attemptsLeft: 2, retryAfter: 30 });
  const out = new Map<string, string>();
  for (const [section, table] of Object.entries(translation)) {
    for (const [key, value] of Object.entries(table as Record<string, unknown>)) {
      const call = value as (...args: unknown[]) => string;
      out.set(`${section}.${key}`, typeof value === 'function' ? (section.endsWith('rrors') ? call(error) : call(3, 2)) : (value as string));
    }
  }
  return out;
}

/** The texts of `translation` that, found on a page in another language, are English left over: not the same everywhere, four characters or more. */
export function telltales(translation: Translation): string[] {
  return [...texts(translation)].filter(([key, text]) => !SAME_EVERYWHERE.has(key) && text.length >= 4).map(([, text]) => text.replace(/\s+/g, ' '));
}
