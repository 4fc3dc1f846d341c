/**
 * The phone rules as modules of their own, one per first digit of the calling code, and which of
 * them a region needs. Apart from `phone.ts` so that an element can start fetching its default
 * country's rules alongside the phone module, not one round trip after it.
 */
import { RULES_FILE } from './regions.js';

/** The rules of the calling codes starting with each digit. */
export const RULES_OF: Record<string, () => Promise<{ default: import('../phone.js').PhoneRules }>> = {
  1: () => import('./rules-1.js'),
  2: () => import('./rules-2.js'),
  3: () => import('./rules-3.js'),
  4: () => import('./rules-4.js'),
  5: () => import('./rules-5.js'),
  6: () => import('./rules-6.js'),
  7: () => import('./rules-7.js'),
  8: () => import('./rules-8.js'),
  9: () => import('./rules-9.js'),
};

/** Which rules a region's numbers need: the first digit of its calling code (`JP` → `8`). */
export function rulesFileOf(region: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(region)) return undefined;
  const digit = RULES_FILE[(region.charCodeAt(0) - 65) * 26 + region.charCodeAt(1) - 65];
  return digit && digit !== '0' ? digit : undefined;
}

/**
 * Starts fetching the rules a region's numbers need. The browser keeps the module, so the load
 * that needs it (`loadRules`) finds it there or joins the fetch; a failure is left to that load,
 * which tries again.
 */
export function prefetchRules(region: string): void {
  RULES_OF[rulesFileOf(region) ?? '']?.().catch(() => undefined);
}
