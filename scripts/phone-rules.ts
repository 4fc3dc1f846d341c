/**
 * Writes the phone rules the elements load on demand, in src/phone-rules/, from the `mobile`
 * metadata libphonenumber-js ships (its own generator downloads Google's data at run time, which a
 * build must not depend on). Run after upgrading libphonenumber-js; `--check` fails when the files
 * are not what this script would write.
 *
 * - `index.ts`: every calling code and its regions, the main one first (for the country list and
 *   for reading a typed `+code` before its rules arrive);
 * - `rules-1.ts` … `rules-9.ts`: the rules of every calling code starting with that digit, in the
 *   shape of libphonenumber-js's metadata (merged into the metadata object as they arrive);
 * - `regions.ts`: which of those files each region needs, so that an element can fetch its default
 *   country's rules alongside the phone module rather than after it.
 *
 * Each region keeps only what reading and formatting a mobile number needs: the formats some mobile
 * number of its calling code uses (found by trying many random mobile numbers of each region), each
 * with only the last of its leading-digits patterns (the only one formatting a whole number reads);
 * no extension prefix and no default international prefix. Japan, the default country, keeps every
 * format, so that any Japanese number is grouped as it is typed. test/core/phone-rules.test.ts
 * checks that random mobile numbers format the same with these rules as with the full metadata.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';

const DIR = 'src/phone-rules';
/** Regions that keep every format. */
const KEEP_ALL = new Set(['JP']);
const SAMPLES = 400;

// Positions in libphonenumber-js's metadata (version 4) arrays.
const FORMATS = 4;
const TYPES = 11;
const DEFAULT_IDD = 12;
const EXT = 13;
const MOBILE = 1;
const LEADING_DIGITS = 2;

type Plan = unknown[];
type Format = unknown[];
interface Metadata {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, Plan>;
  nonGeographic: Record<string, Plan>;
}
const metadata = createRequire(import.meta.url)('libphonenumber-js/metadata.mobile.json') as Metadata;

/** Random national numbers a region's mobile pattern accepts, of a length it allows. */
function mobileNumbers(plan: Plan, seed: number): string[] {
  const mobile = (plan[TYPES] as unknown[] | undefined)?.[MOBILE] as [string, number[]?] | undefined;
  if (!mobile) return [];
  const lengths = mobile[1] ?? (plan[3] as number[]);
  const pattern = new RegExp(`^(?:${mobile[0]})$`);
  return fc.sample(fc.stringMatching(pattern), { numRuns: SAMPLES, seed }).filter((n) => lengths.includes(n.length));
}

/** The format libphonenumber-js picks for a national number: the first whose last leading-digits pattern and pattern match. */
function formatFor(formats: Format[], national: string): Format | undefined {
  return formats.find((format) => {
    const leading = format[LEADING_DIGITS] as string[] | undefined;
    if (leading?.length && national.search(new RegExp(`^(?:${leading.at(-1)})`)) !== 0) return false;
    return new RegExp(`^(?:${format[0] as string})$`).test(national);
  });
}

function trimPlan(plan: Plan, used: Set<Format> | undefined): Plan {
  const out = [...plan];
  const formats = plan[FORMATS] as Format[] | 0 | undefined;
  if (formats && used) {
    const kept = formats.filter((format) => used.has(format)).map((format) => {
      const copy = [...format];
      const leading = copy[LEADING_DIGITS] as string[] | undefined;
      if (leading?.length) copy[LEADING_DIGITS] = [leading.at(-1)];
      return copy;
    });
    out[FORMATS] = kept.length ? kept : 0;
  }
  out[DEFAULT_IDD] = 0;
  out[EXT] = 0;
  while (out.length && out.at(-1) === 0) out.pop();
  return out;
}

/** The formats some mobile number of these plans uses, of the main plan's (undefined: keep all). */
function usedFormats(main: Plan, plans: Plan[]): Set<Format> {
  const formats = (main[FORMATS] as Format[] | 0 | undefined) || [];
  const used = new Set<Format>();
  for (const plan of plans) {
    for (const national of mobileNumbers(plan, seed++)) {
      const format = formatFor(formats, national);
      if (format) used.add(format);
    }
  }
  return used;
}

let seed = 1;
const groups = new Map<string, Metadata>();
const groupOf = (code: string) => groups.get(code[0]!) ?? groups.set(code[0]!, { version: metadata.version, country_calling_codes: {}, countries: {}, nonGeographic: {} }).get(code[0]!)!;
for (const [code, regions] of Object.entries(metadata.country_calling_codes)) {
  // Every region of a calling code is formatted with its main region's formats.
  const plans = regions.map((region) => metadata.countries[region]!);
  const used = KEEP_ALL.has(regions[0]!) ? undefined : usedFormats(plans[0]!, plans);
  const group = groupOf(code);
  group.country_calling_codes[code] = regions;
  regions.forEach((region, i) => (group.countries[region] = trimPlan(metadata.countries[region]!, i === 0 ? used : undefined)));
}
// Numbers of no region (+800, +882, …): read by calling code alone.
for (const [code, plan] of Object.entries(metadata.nonGeographic)) groupOf(code).nonGeographic[code] = trimPlan(plan, usedFormats(plan, [plan]));

const { version } = createRequire(import.meta.url)('libphonenumber-js/package.json') as { version: string };
const header = `// Written by scripts/phone-rules.ts from libphonenumber-js ${version}'s mobile metadata: do not edit.\n`;
const files = new Map<string, string>([['index.ts', `${header}export const CALLING_CODES: Record<string, string[]> = ${JSON.stringify(metadata.country_calling_codes)};\n`]]);
for (const [digit, group] of [...groups].sort()) files.set(`rules-${digit}.ts`, `${header}export default ${JSON.stringify(group)};\n`);
// Which of those files each region's numbers need: one digit per two-letter code from AA to ZZ
// (0: not a region), a quarter of a KB where naming the regions would cost 0.6.
const digits = Array.from({ length: 26 * 26 }, () => '0');
for (const [digit, group] of groups) for (const region of Object.keys(group.countries)) digits[(region.charCodeAt(0) - 65) * 26 + region.charCodeAt(1) - 65] = digit;
files.set('regions.ts', `${header}export const RULES_FILE = '${digits.join('').replace(/0+$/, '')}';\n`);

if (process.argv.includes('--check')) {
  const stale = [...files].filter(([name, text]) => {
    try {
      return readFileSync(`${DIR}/${name}`, 'utf8') !== text;
    } catch {
      return true;
    }
  });
  if (stale.length) {
    console.log(`${DIR}: ${stale.map(([name]) => name).join(', ')} out of date; run npx tsx scripts/phone-rules.ts`);
    process.exit(1);
  }
  console.log(`${DIR}: up to date`);
} else {
  mkdirSync(DIR, { recursive: true });
  for (const [name, text] of files) writeFileSync(`${DIR}/${name}`, text);
  console.log(`${DIR}: ${files.size} files written`);
}
