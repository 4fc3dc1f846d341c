/**
 * Size budgets per flow: what a browser fetches for one thing a user does, each file minified, then
 * gzip level 9 on its own, summed (1 KB = 1000 bytes). Run after `npm run build`.
 *
 * A flow is an entry bundle and its static imports, plus the lazy chunks the flow needs, named by
 * the module they are built from (`steps`, `phone`, `rules-8`, …). The list is checked: each named
 * chunk must exist and be reachable by a dynamic `import()` from the files already counted, so a
 * chunk renamed, merged or no longer lazy fails here instead of being silently left out. Each line
 * shows the project's target and the figure measured; the check fails when a flow grows past its
 * ceiling (the size reached, plus a little room). The two small elements must never carry phone
 * metadata, nor client operations they do not use.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rollup, type RollupOptions } from 'rollup';
import { LOCALES } from '../locales/index.js';

interface Flow {
  label: string;
  entry: string;
  /** Lazy chunks the flow loads, by the name of the module each is built from. */
  lazy: string[];
  target: number;
  ceiling: number;
  /** Leave lit's own files out of the count. */
  withoutLit?: boolean;
  /** What the flow's files must not hold: phone metadata, or the rules of operations it never calls. */
  absent?: Record<string, RegExp>;
  stretch?: number;
}

const KIT = 'mfa-elements.bundle.js';
const PHONE = /country_calling_codes|phone-rules/;
// libphonenumber-js's default es6/ build (its Babel helpers: a fifth of a keystroke); the bundles carry its modern build.
const OLD_PHONE = { "libphonenumber-js's es6 build (Babel helpers)": /Reflect\.construct|getOwnPropertyDescriptors/ };
const FLOWS: Flow[] = [
  { label: 'first render of <mfa-phone-enroll> (kit bundle)', entry: KIT, lazy: [], target: 25_000, ceiling: 24_050 },
  // Typing the number loads the phone rules (with Japan's, the default country) and steps 2 and 3.
  { label: 'whole JP enrollment (number, code, app password, Finish)', entry: KIT, lazy: ['phone', 'rules-8', 'steps'], target: 50_000, ceiling: 44_650, absent: OLD_PHONE },
  // Opening the list loads its positioning; picking the United Kingdom, the rules of +44.
  { label: 'whole enrollment after picking the United Kingdom', entry: KIT, lazy: ['phone', 'rules-8', 'floating-ui.dom', 'rules-4', 'steps'], target: 60_000, ceiling: 54_350, absent: OLD_PHONE },
  { label: '<mfa-code-entry> alone, sign-in (its own bundle)', entry: 'mfa-code-entry.bundle.js', lazy: [], target: 14_000, stretch: 12_000, ceiling: 15_750, absent: { 'phone metadata': PHONE, 'operations it never calls': /op:"(startEnrollment|\w+AppPasswords?|getMethods|setMethod|removePhone)"/ } },
  { label: '<app-password-panel> alone, list + create (its own bundle)', entry: 'app-password-panel.bundle.js', lazy: [], target: 14_000, stretch: 12_000, ceiling: 15_350, absent: { 'phone metadata': PHONE, 'operations it never calls': /op:"(\w+(Challenge|Enrollment)|getMethods|setMethod|removePhone)"/ } },
  // A form with only the phone field: its first render, then the phone rules with Japan's.
  { label: '<mfa-phone-input> alone, first render (its own bundle)', entry: 'mfa-phone-input.bundle.js', lazy: [], target: 17_000, ceiling: 16_200, absent: { 'client operations': /op:"/ } },
  { label: '<mfa-phone-input> alone, typing a JP number (its own bundle)', entry: 'mfa-phone-input.bundle.js', lazy: ['phone', 'rules-8'], target: 32_000, ceiling: 30_250, absent: { 'client operations': /op:"/, ...OLD_PHONE } },
  { label: '<mfa-code-entry> own code (no lit)', entry: 'mfa-code-entry.bundle.js', lazy: [], target: 12_000, ceiling: 10_000, withoutLit: true },
  { label: '<app-password-panel> own code (no lit)', entry: 'app-password-panel.bundle.js', lazy: [], target: 12_000, ceiling: 9_600, withoutLit: true },
];

// Each file of dist/ is read and gzipped once, however many flows count it.
const texts = new Map<string, string>();
const sizes = new Map<string, number>();
const textOf = (file: string) => texts.get(file) ?? texts.set(file, readFileSync(join('dist', file), 'utf8')).get(file)!;
const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;
const gzOf = (file: string) => sizes.get(file) ?? sizes.set(file, gz(textOf(file))).get(file)!;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

// A language other than English is a chunk of its own (`ja-<hash>.js`), fetched only on a page in that
// language (instead of nothing): it is counted on its own line, never in the flows.
const LANGUAGES = Object.keys(LOCALES);
const languageOf = (file: string) => LANGUAGES.find((tag) => new RegExp(`^${tag}-[\\w-]{8}\\.js$`).test(basename(file)));

const specifiers = (file: string, dynamic: boolean) => {
  const pattern = dynamic ? /import\s*\(\s*"(\.\.?\/[^"]+)"\s*\)/g : /(?:from|import)\s*"(\.\.?\/[^"]+)"/g;
  return [...textOf(file).matchAll(pattern)].map(([, spec]) => normalize(join(dirname(file), spec!)));
};

/** A file and everything it imports statically. */
function closure(file: string, into = new Set<string>()): Set<string> {
  if (into.has(file)) return into;
  into.add(file);
  for (const spec of specifiers(file, false)) closure(spec, into);
  return into;
}

/** The files of a flow: its entry's closure, then each lazy chunk (which the files so far must import dynamically) and its closure. */
function filesOf({ entry, lazy }: Flow): Set<string> {
  const files = closure(entry);
  for (const name of lazy) {
    const reachable = [...files].flatMap((file) => specifiers(file, true));
    const chunk = reachable.find((file) => new RegExp(`(^|/)${name.replace(/\./g, '\\.')}-[\\w-]+\\.js$`).test(file));
    if (!chunk) throw new Error(`${entry}: no lazy chunk "${name}" is imported by ${[...files].join(', ')}`);
    closure(chunk, files);
  }
  return files;
}

// lit's own weight, built exactly as the bundles are, to take out of the "own code" figures.
const configs = (await import('../rollup.config.mjs' as string)).default as RollupOptions[];
const bundleConfig = configs.find((config) => typeof config.input === 'object' && 'mfa-elements.bundle' in config.input)!;
const lit = await rollup({ input: 'scripts/lit-reference.ts', plugins: bundleConfig.plugins });
const LIT = gz((await lit.generate({ format: 'esm' })).output[0].code);
await lit.close();

let failed = 0;
for (const flow of FLOWS) {
  const { label, target, ceiling, withoutLit, absent = {}, stretch } = flow;
  let files: Set<string>;
  try {
    files = filesOf(flow);
  } catch (error) {
    failed++;
    console.log(`FAIL ${label}: ${(error as Error).message}`);
    continue;
  }
  const size = [...files].reduce((sum, file) => sum + gzOf(file), 0) - (withoutLit ? LIT : 0);
  const carried = Object.keys(absent).filter((what) => [...files].some((file) => absent[what]!.test(textOf(file))));
  const bad = size > ceiling || carried.length > 0;
  if (bad) failed++;
  const verdict = bad ? 'FAIL' : size <= target ? 'ok  ' : 'over';
  const notes = [`target ${kb(target)}`, ...(stretch ? [`stretch ${kb(stretch)}`] : []), `ceiling ${kb(ceiling)}`];
  if (size > target) notes.push(`target missed by ${kb(size - target)}`);
  for (const what of carried) notes.push(`carries ${what}`);
  const parts = withoutLit ? '' : `: ${[...files].map((file) => `${file.replace(/-[\w-]{8}\.js$/, '')} ${kb(gzOf(file))}`).join(' + ')}`;
  console.log(`${verdict} ${label}: ${kb(size)} (${notes.join('; ')})${parts}`);
}
// The languages each bundle can load, one chunk each (every bundle has its own copy): the largest
// copy is what a page in that language adds to a flow.
const languageSizes = new Map<string, number>();
for (const file of readdirSync('dist/bundle').filter((name) => languageOf(name))) {
  const tag = languageOf(file)!;
  languageSizes.set(tag, Math.max(languageSizes.get(tag) ?? 0, gzOf(join('bundle', file))));
}
console.log(`each language but English, loaded only where shown: ${[...languageSizes].sort((a, b) => b[1] - a[1]).map(([tag, size]) => `${tag} ${kb(size)}`).join(', ')}`);
console.log(`lit itself: ${kb(LIT)}; files shipped: ${readdirSync('dist/bundle').length} lazy chunks`);
console.log(failed ? `size: ${failed} flow(s) over the ceiling` : 'size: no flow grew past its ceiling');
process.exit(failed ? 1 : 0);
