/**
 * `npm run screenshots` (and `npm test`, after it builds Storybook): every story of every element
 * in every shipped language, from `storybook-static/` served on 127.0.0.1 with the reference
 * backend, in headless Chromium 320 px wide. Writes `screenshots/<story-id>/<lang>.png` (git-ignored)
 * for people to review, and fails a story in a language when:
 * - nothing rendered, or the page is not in that language;
 * - its text is the English render's, or holds a text of locales/en.ts (English left over);
 * - text is clipped or overflows (the browser tests' check, test/support/layout.ts);
 * - the console or the page reported an error;
 * - the screenshot is blank.
 * Ends with `screenshots: N passed, M failed`, one per story and language.
 *
 * Usage: `npm run screenshots [-- code-entry wrong-code]` (stories whose id contains any of the
 * words; default every one). `npm run screenshots` builds Storybook first; `npm test` runs this
 * after its own build.
 *
 * One browser; one page per language, reused from story to story, the languages side by side,
 * since a story mostly waits (for its scripted answers and to settle).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import puppeteer, { type Page } from 'puppeteer';
import en from '../locales/en.js';
import { LANGUAGES } from '../locales/index.js';
import { DevOutbox, MfaService, anonymousSession, createMfaHandler } from '../server/index.js';
import { telltales } from '../test/support/texts.js';
import { CHROMIUM } from './browsers.js';
import { serveFolder } from './serve.js';
import type { Shown } from './story-page.js';

const STATIC = 'storybook-static';
const OUT = 'screenshots';
const WIDTH = 320;
/** How long a story's text must stay the same to count as settled (scripted answers take 400 ms), and the most to wait. */
const QUIET = 500;
const MAX = 5000;
/** The least share of a screenshot's pixels that must differ from its background. */
const INK = 0.002;

const started = performance.now();
const index = JSON.parse(readFileSync(join(STATIC, 'index.json'), 'utf8')) as { entries: Record<string, { id: string; type: string }> };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const stories = Object.values(index.entries)
  .filter((entry) => entry.type === 'story' && (wanted.length === 0 || wanted.some((word) => entry.id.includes(word))))
  .map((entry) => entry.id);
const languages = Object.keys(LANGUAGES);
const english = telltales(en);
const inPage = (await build({ entryPoints: ['scripts/story-page.ts'], bundle: true, format: 'iife', globalName: 'mfaStory', target: 'es2022', write: false })).outputFiles[0]!.text;

const service = new MfaService({ sender: new DevOutbox() });
const { server, origin } = await serveFolder(STATIC, createMfaHandler({ service, identify: anonymousSession(), basePath: '/api/mfa' }));
// Pages side by side: none may be slowed down as a background tab.
const browser = await puppeteer.launch({ ...CHROMIUM, args: [...CHROMIUM.args, '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'], protocolTimeout: 30_000 });
for (const dir of wanted.length ? stories.map((story) => join(OUT, story)) : [OUT]) rmSync(dir, { recursive: true, force: true });

/** A page for one language, and the errors it reported since it last loaded a story. */
async function open(): Promise<{ page: Page; errors: string[] }> {
  // A window each: a tab in the background is not painted, and its screenshot would wait for ever.
  const page = await browser.newPage({ type: 'window' });
  const errors: string[] = [];
  await page.setViewport({ width: WIDTH, height: 640 });
  await page.evaluateOnNewDocument(inPage);
  page.on('console', (message) => void (message.type() === 'error' && errors.push(`console.error: ${message.text()}`)));
  page.on('pageerror', (error) => void errors.push(`page error: ${String(error)}`));
  return { page, errors };
}

/** A story in a language, settled: the first one loaded from its address, the next ones switched to as Storybook's sidebar does. */
async function show({ page, errors }: { page: Page; errors: string[] }, story: string, lang: string): Promise<Shown> {
  errors.length = 0;
  if (page.url() === 'about:blank') await page.goto(`${origin}/iframe.html?id=${story}&viewMode=story&globals=lang:${lang}`);
  else await page.evaluate(`mfaStory.select(${JSON.stringify(story)}, ${MAX})`);
  return page.evaluate(`mfaStory.settle(${QUIET}, ${MAX})`) as Promise<Shown>;
}

/** Writes the story's screenshot in a language and says what is wrong with it (but for its likeness to English). */
async function judge({ page, errors }: { page: Page; errors: string[] }, story: string, lang: string, shown: Shown): Promise<string[]> {
  const png = await page.screenshot({ fullPage: true, optimizeForSpeed: true });
  mkdirSync(join(OUT, story), { recursive: true });
  writeFileSync(join(OUT, story, `${lang}.png`), png);
  const problems = [...errors];
  if (!shown.rendered) problems.push('nothing rendered');
  if (shown.lang !== lang) problems.push(`the page is in ${shown.lang}`);
  if (lang !== 'en') problems.push(...english.filter((phrase) => shown.text.includes(phrase)).map((phrase) => `English left over: ${phrase}`));
  problems.push(...shown.clipped.map((what) => `clipped: ${what}`));
  const ink = (await page.evaluate(`mfaStory.inked(${JSON.stringify(Buffer.from(png).toString('base64'))})`)) as number;
  if (ink < INK) problems.push(`blank screenshot (${(ink * 100).toFixed(2)} % of pixels inked)`);
  return problems;
}

// Each language goes through the stories at its own pace (none waits for the slowest of a story);
// the English texts are compared once all are done.
const pages = await Promise.all(languages.map(open));
let results: { text: string; problems: string[] }[][];
try {
  results = await Promise.all(
    languages.map(async (lang, i) => {
      const out: { text: string; problems: string[] }[] = [];
      for (const story of stories) {
        const shown = await show(pages[i]!, story, lang);
        out.push({ text: shown.text, problems: await judge(pages[i]!, story, lang, shown) });
      }
      return out;
    }),
  );
} finally {
  await browser.close();
  server.close();
}
const totals = { passed: 0, failed: 0 };
for (const [s, story] of stories.entries()) {
  const failed: string[] = [];
  for (const [i, lang] of languages.entries()) {
    const { text, problems } = results[i]![s]!;
    if (lang !== 'en' && text === results[0]![s]!.text) problems.push('the same text as in English');
    if (problems.length) failed.push(`${lang}: ${problems.join('; ')}`);
  }
  totals.failed += failed.length;
  totals.passed += languages.length - failed.length;
  console.log(`${failed.length ? '✖' : '✔'} ${story}${failed.map((line) => `\n    ${line}`).join('')}`);
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(`${stories.length} stories × ${languages.length} languages in ${seconds} s; screenshots in ${OUT}/`);
console.log(`screenshots: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
