/**
 * Size budgets, measured on the shipped bundles (minified, then gzip level 9, each file on its own as
 * a browser fetches it; 1 KB = 1000 bytes). Run after `npm run build`.
 *
 * Each line shows the project's target and the figure measured. A build fails when it grows past
 * the ceiling (the size reached, plus a little room), so nothing gets bigger unnoticed; where a
 * target is not met yet, the line says by how much. The two small elements must never carry phone
 * metadata, and their own code (all but lit) must stay within 12 KB.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rollup, type RollupOptions } from 'rollup';

interface Budget {
  entry: string;
  label: string;
  target: number;
  ceiling: number;
  /** Leave lit's own files out of the count. */
  withoutLit?: boolean;
  noPhone?: boolean;
}

const BUDGETS: Budget[] = [
  { entry: 'mfa-elements.bundle.js', label: 'whole kit, lazy chunks included', target: 60_000, ceiling: 73_500 },
  { entry: 'mfa-code-entry.bundle.js', label: '<mfa-code-entry> alone, with lit', target: 12_000, ceiling: 17_300, noPhone: true },
  { entry: 'app-password-panel.bundle.js', label: '<app-password-panel> alone, with lit', target: 12_000, ceiling: 17_500, noPhone: true },
  { entry: 'mfa-code-entry.bundle.js', label: '<mfa-code-entry> own code (client, texts, styles; no lit)', target: 12_000, ceiling: 12_000, withoutLit: true },
  { entry: 'app-password-panel.bundle.js', label: '<app-password-panel> own code (client, texts, styles; no lit)', target: 12_000, ceiling: 12_000, withoutLit: true },
];

// Each file of dist/ is read and gzipped once, however many budgets count it.
const texts = new Map<string, string>();
const sizes = new Map<string, number>();
const textOf = (file: string) => texts.get(file) ?? texts.set(file, readFileSync(join('dist', file), 'utf8')).get(file)!;
const gzOf = (file: string) => sizes.get(file) ?? sizes.set(file, gz(textOf(file))).get(file)!;
const total = (files: Set<string>) => [...files].reduce((sum, file) => sum + gzOf(file), 0);

/** Files an entry loads, statically or (with `lazy`) also through dynamic import(). */
function closure(entry: string, lazy: boolean, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = textOf(entry);
  const pattern = lazy ? /(?:from|import)\s*\(?\s*"(\.\.?\/[^"]+)"/g : /(?:from|import)\s*"(\.\.?\/[^"]+)"/g;
  for (const [, spec] of code.matchAll(pattern)) closure(normalize(join(dirname(entry), spec!)), lazy, seen);
  return seen;
}

const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

// lit's own weight, built exactly as the bundles are, to take out of the "own code" figures.
const configs = (await import('../rollup.config.mjs' as string)).default as RollupOptions[];
const bundleConfig = configs.find((config) => typeof config.input === 'object' && 'mfa-elements.bundle' in config.input)!;
const lit = await rollup({ input: 'scripts/lit-reference.ts', plugins: bundleConfig.plugins });
const LIT = gz((await lit.generate({ format: 'esm' })).output[0].code);
await lit.close();

let failed = 0;
for (const { entry, label, target, ceiling, withoutLit, noPhone } of BUDGETS) {
  const files = closure(entry, true);
  const size = total(files) - (withoutLit ? LIT : 0);
  const first = total(closure(entry, false)) - (withoutLit ? LIT : 0);
  const phone = [...files].some((file) => textOf(file).includes('country_calling_codes'));
  const bad = size > ceiling || (noPhone && phone);
  if (bad) failed++;
  const verdict = bad ? 'FAIL' : size <= target ? 'ok  ' : 'over';
  const note = size <= target ? '' : `; target missed by ${kb(size - target)}, ceiling ${kb(ceiling)}`;
  console.log(`${verdict} ${label}: ${kb(size)} (target ${kb(target)}${note}; first render ${kb(first)}${phone ? '; phone metadata in a lazy chunk' : ''})`);
}
console.log(`lit itself: ${kb(LIT)}`);
console.log(failed ? `size: ${failed} over the ceiling` : 'size: no bundle grew past its ceiling');
process.exit(failed ? 1 : 0);
