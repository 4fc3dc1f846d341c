/**
 * Size budgets, measured on the shipped bundles (minified, then gzip level 9; 1 KB = 1000 bytes):
 * the whole kit ≤ 60 KB including lit, floating-ui and the phone metadata; <mfa-code-entry> and
 * <app-password-panel> ≤ 12 KB each on their own, with no phone metadata in them.
 * Run after `npm run build`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGETS: { entry: string; label: string; budget: number }[] = [
  { entry: 'mfa-elements.bundle.js', label: 'whole kit (all elements, lazy chunks included)', budget: 60_000 },
  { entry: 'mfa-code-entry.bundle.js', label: '<mfa-code-entry> alone', budget: 12_000 },
  { entry: 'app-password-panel.bundle.js', label: '<app-password-panel> alone', budget: 12_000 },
];

/** Files an entry loads: statically, or also through dynamic import(). */
function closure(entry: string, withLazy: boolean, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(join('dist', entry), 'utf8');
  const pattern = withLazy ? /(?:from|import)\s*\(?\s*"(\.\.?\/[^"]+)"/g : /(?:from|import)\s*"(\.\.?\/[^"]+)"/g;
  for (const [, spec] of code.matchAll(pattern)) closure(normalize(join(dirname(entry), spec!)), withLazy, seen);
  return seen;
}

const gzipped = (files: Set<string>) => [...files].reduce((sum, file) => sum + gzipSync(readFileSync(join('dist', file)), { level: 9 }).length, 0);
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

let failed = 0;
for (const { entry, label, budget } of BUDGETS) {
  const all = closure(entry, true);
  const size = gzipped(all);
  const first = gzipped(closure(entry, false));
  const phone = [...all].some((file) => readFileSync(join('dist', file), 'utf8').includes('country_calling_codes'));
  const over = size > budget || (budget <= 12_000 && phone);
  if (over) failed++;
  console.log(
    `${over ? 'FAIL' : 'ok  '} ${label}: ${kb(size)} of ${kb(budget)} (before lazy chunks ${kb(first)}; ${all.size} files${phone ? '; has phone metadata' : ''})`,
  );
}
console.log(failed ? `size: ${failed} over budget` : 'size: every budget met');
process.exit(failed ? 1 : 0);
