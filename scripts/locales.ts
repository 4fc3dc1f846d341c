/**
 * Writes `locales/index.ts`, the one list of shipped languages, from the files in `locales/`: every
 * `<tag>.ts` there is a language. It lists each with its name in itself (`Intl.DisplayNames`) and,
 * English aside, with a literal `import('./<tag>.js')`, so that every bundler (Rollup, Vite,
 * webpack, esbuild) sees each language as a chunk of its own. The README's table of languages is
 * written from the same list.
 *
 * `npm run build`, `npm start`, `npm test`, `npm run test:browser` and the Storybook commands run
 * it first, so adding a language is adding its file: nothing in the list is a choice a person
 * makes, so it is rewritten rather than checked. It fails, naming the file, when a file name is not
 * a canonical language tag.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files of `locales/` that are not languages. */
const NOT_LANGUAGES = new Set(['index.ts']);
const README_START = '<!-- languages: written by scripts/locales.ts -->';
const README_END = '<!-- /languages -->';

/** The shipped languages in `dir`, English first, then by tag. Throws on a file named other than by its canonical tag. */
export function languagesIn(dir: string): string[] {
  const tags = readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !NOT_LANGUAGES.has(file))
    .map((file) => file.slice(0, -'.ts'.length));
  for (const tag of tags) {
    let canonical: string | undefined;
    try {
      [canonical] = Intl.getCanonicalLocales(tag);
    } catch {
      // Reported below.
    }
    if (canonical !== tag) {
      throw new Error(`${join(dir, `${tag}.ts`)}: a language file is named by its BCP 47 tag${canonical ? `, written ${canonical}.ts` : ''}`);
    }
  }
  if (!tags.includes('en')) throw new Error(`${dir}: en.ts, the English every element is built with, is missing`);
  return ['en', ...tags.filter((tag) => tag !== 'en').sort()];
}

/** A language's name in itself, as the Unicode CLDR data of `Intl.DisplayNames` has it. */
export const endonym = (tag: string): string => new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;

const quote = (text: string) => `'${text.replace(/[\\']/g, '\\$&')}'`;
const key = (tag: string) => (/^[a-z]+$/.test(tag) ? tag : quote(tag));

/** The text of `locales/index.ts` for these languages (English first). */
export function indexSource(languages: string[]): string {
  return `// Written by scripts/locales.ts from the files in locales/: do not edit. \`npm run build\`, \`npm start\`
// and \`npm test\` write it again, so a language is added by adding its file.
import type { Translation } from './en.js';

/** Every shipped language by canonical tag, English first, with its name in itself (from \`Intl.DisplayNames\`). */
export const LANGUAGES: Readonly<Record<string, string>> = {
${languages.map((tag) => `  ${key(tag)}: ${quote(endonym(tag))},`).join('\n')}
};

/**
 * Every shipped language but English (built into each element), each a module of its own that an
 * element loads the first time it shows that language. Literal imports, so that every bundler sees them.
 */
export const LOCALES: Readonly<Record<string, () => Promise<{ default: Translation }>>> = {
${languages
  .filter((tag) => tag !== 'en')
  .map((tag) => `  ${key(tag)}: () => import('./${tag}.js'),`)
  .join('\n')}
};
`;
}

/** The README's table of languages for these languages. */
export function readmeTable(languages: string[]): string {
  const rows = languages.map((tag) => `| \`${tag}\` | ${endonym(tag)} | ${new Intl.DisplayNames(['en'], { type: 'language' }).of(tag)}${tag === 'en' ? ' (built in)' : ''} |`);
  return [README_START, '| `lang` | language | in English |', '| --- | --- | --- |', ...rows, README_END].join('\n');
}

/** Writes `<dir>/index.ts` and the table in `readme` when they differ from what they should be; returns the files written. */
export function writeLanguages(dir = 'locales', readme = 'README.md'): string[] {
  const languages = languagesIn(dir);
  const written: string[] = [];
  const update = (file: string, text: string) => {
    let old: string | undefined;
    try {
      old = readFileSync(file, 'utf8');
    } catch {
      // Written below.
    }
    if (old !== text) (writeFileSync(file, text), written.push(file));
  };
  update(join(dir, 'index.ts'), indexSource(languages));
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`${readme}: the table of languages between ${README_START} and ${README_END} is missing`);
  update(readme, text.slice(0, start) + readmeTable(languages) + text.slice(end + README_END.length));
  return written;
}

/** {@link writeLanguages}, saying what it did; false (after saying why) when a file is misnamed. */
export function updateLanguages(): boolean {
  try {
    const written = writeLanguages();
    console.log(`languages: ${languagesIn('locales').join(', ')}${written.length ? ` (wrote ${written.join(', ')})` : ''}`);
    return true;
  } catch (error) {
    console.error(`languages: ${(error as Error).message}`);
    return false;
  }
}

if (process.argv[1]?.endsWith('locales.ts') && !updateLanguages()) process.exit(1);
