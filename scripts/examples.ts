/**
 * `npm run examples`: the package and the example apps (examples/<framework>) as users get them.
 * Packs the kit and checks the tarball with publint and @arethetypeswrong/cli. Then, per app:
 * installs it from its lockfile plus the packed tarball, builds it for production, runs its type
 * checker on the app and on its file of deliberate mistakes (every line marked `MISTAKE:`, and no
 * other, must be reported), serves the build with the reference backend on 127.0.0.1 and drives it
 * in Chromium: one full enrollment, then the `<mfa-security-info>` the app shows once enrolled (the
 * masked phone on file, a switch to call and back to text, a change of number behind a code sent to
 * the old one). The app's own handlers show what mfa-step-change, mfa-enrolled, mfa-method-changed
 * and mfa-phone-changed carried; each element must hold the app's `strings` object as a property;
 * the console must stay clean. Ends with `examples: N passed, M failed`.
 *
 * Usage: `npm run examples [-- react vue]` (default: every app). Builds dist/ first when missing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer';
import { CHROMIUM } from './browsers.js';
import { run } from './run.js';
import { serveFolder } from './serve.js';

interface Example {
  /** Folder under examples/. */
  name: string;
  /** Where the production build lands, inside the app's folder. */
  out: string;
  /** Pages to drive (a query string each): React has the native tag and the wrapper. */
  pages: string[];
  /** The file of deliberate mistakes, and how to read a reported line number from the checker's output. */
  mistakes: { file: string; lines: RegExp };
}

const EXAMPLES: Example[] = [
  { name: 'react', out: 'dist', pages: ['?style=native', '?style=wrapper'], mistakes: { file: 'src/mistakes.tsx', lines: /src\/mistakes\.tsx\((\d+),\d+\): error/g } },
  { name: 'vue', out: 'dist', pages: [''], mistakes: { file: 'src/Mistakes.vue', lines: /src\/Mistakes\.vue\((\d+),\d+\): error/g } },
  { name: 'svelte', out: 'dist', pages: [''], mistakes: { file: 'src/Mistakes.svelte', lines: /ERROR "src\/Mistakes\.svelte" (\d+):\d+/g } },
  { name: 'angular', out: 'dist/browser', pages: [''], mistakes: { file: 'src/app/mistakes.ts', lines: /src\/app\/mistakes\.ts:(\d+):\d+ - error/g } },
];

const root = resolve(import.meta.dirname, '..');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const examples = EXAMPLES.filter((e) => wanted.length === 0 || wanted.includes(e.name));
const totals = { passed: 0, failed: 0 };
const failures: string[] = [];

function record(name: string, ok: boolean, why = ''): boolean {
  console.log(`${ok ? '✔' : '✖'} ${name}${ok || !why ? '' : `\n    ${why.replaceAll('\n', '\n    ')}`}`);
  if (ok) totals.passed++;
  else (totals.failed++, failures.push(name));
  return ok;
}

/** Runs an npm command in an example's folder; true when it exits 0. */
async function npm(dir: string, args: string[], capture = false): Promise<{ ok: boolean; output: string }> {
  const { code, output } = await run('npm', args, { capture, cwd: dir, env: { PUPPETEER_SKIP_DOWNLOAD: '1', NG_CLI_ANALYTICS: 'false' } });
  // Without colours: the checkers' line numbers are read from it.
  return { ok: code === 0, output: stripVTControlCharacters(output) };
}

/** Lines of `file` marked `MISTAKE:`, 1-based. */
function markedLines(file: string): number[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => (line.includes('MISTAKE:') ? [index + 1] : []));
}

/**
 * README blocks marked `<!-- example: <file> -->` that are not lines of that file, in order: the
 * README shows only what an example app runs.
 */
function readmeDrift(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const drift: string[] = [];
  for (const [, file, block] of readme.matchAll(/<!-- example: (\S+) -->\n```\w*\n([^]*?)\n```/g)) {
    const lines = readFileSync(join(root, file!), 'utf8').split('\n').map((line) => line.trim());
    let at = 0;
    for (const line of block!.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const found = lines.indexOf(line, at);
      if (found === -1) drift.push(`${file}: ${line}`);
      else at = found + 1;
    }
  }
  return drift;
}

/** The app's build and the reference backend (from the installed package) on 127.0.0.1. */
async function serve(dir: string, out: string): Promise<{ server: Server; origin: string }> {
  const { MfaService, DevOutbox, createMfaHandler, anonymousSession } = await import(pathToFileURL(join(dir, 'node_modules/mfa-elements/dist/server.js')).href);
  // Calls on, so that the security info offers the switch to call the drive makes.
  const service = new MfaService({ sender: new DevOutbox(), devOutbox: true, voice: true });
  return serveFolder(resolve(dir, out), createMfaHandler({ service, identify: anonymousSession(), basePath: '/api/mfa' }));
}

/**
 * Waits for the element `selector` picks (`>>>` reaches into shadow roots). Polls: waitForSelector
 * timed out on Finish appearing inside the enrollment's shadow root while it was on screen.
 */
async function find(page: Page, selector: string): Promise<ElementHandle<Element>> {
  const ends = Date.now() + 20000;
  for (;;) {
    const found = await page.$(selector);
    if (found) return found;
    if (Date.now() > ends) throw new Error(`nothing matched ${selector} within 20 s`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Focuses a field and types into it, as a user. */
async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await (await find(page, selector)).focus();
  await page.keyboard.type(text);
}

/**
 * Types the `nth` code (1-based) of the development outbox into a code field, as a user. The page's
 * first API answer sets its session cookie; the field shows only once the request that sent the code
 * was answered, so the outbox is read in that session (a read before it would start another).
 */
async function enterCode(page: Page, selector: string, nth: number): Promise<void> {
  const field = await find(page, selector);
  const found = await page.waitForFunction(
    async (nth) => {
      const { messages } = (await (await fetch('/api/mfa/__dev/outbox')).json()) as { messages: { code: string }[] };
      return messages.filter((m) => m.code)[nth - 1]?.code;
    },
    { timeout: 20000, polling: 200 },
    nth,
  );
  await field.focus();
  await page.keyboard.type((await found.jsonValue()) as string);
}

/** Waits until the app's `<output id>` says `expected`; a problem when it says something else. */
async function shows(page: Page, id: string, expected: string, problems: string[]): Promise<void> {
  try {
    await page.waitForFunction((id, expected) => document.getElementById(id)?.textContent === expected, { timeout: 20000 }, id, expected);
  } catch {
    const shown = await page.evaluate((id) => document.getElementById(id)?.textContent, id);
    problems.push(`the app's #${id} shows ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`);
  }
}

/** The app's `strings` object must be the element's property (never an attribute), and its text shown in `part`. */
async function holdsStrings(page: Page, tag: string, key: string, part: string, expected: string, problems: string[]): Promise<void> {
  const seen = await page.evaluate(
    (tag, key, part) => {
      const el = document.querySelector(tag) as HTMLElement & { strings?: Record<string, unknown> };
      return { property: el.strings?.[key], attribute: el.hasAttribute('strings'), shown: el.shadowRoot!.querySelector(`[part~="${part}"]`)?.textContent?.trim() };
    },
    tag,
    key,
    part,
  );
  if (seen.property !== expected || seen.attribute || seen.shown !== expected) problems.push(`strings did not reach <${tag}> as a property: ${JSON.stringify(seen)}`);
}

/**
 * As a user: one full enrollment (number, Next, the code from the development outbox, Finish), then
 * the security info the app shows once enrolled: the phone on file, call and back to text, and a
 * change of number (a code to the phone on file, the new number, its code).
 */
async function drive(browser: Browser, url: string): Promise<string[]> {
  const problems: string[] = [];
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
  try {
    await page.goto(url);
    await find(page, 'mfa-phone-enroll >>> mfa-phone-input >>> #number');
    await holdsStrings(page, 'mfa-phone-enroll', 'next', 'next-button', 'Continue', problems);
    await typeInto(page, 'mfa-phone-enroll >>> mfa-phone-input >>> #number', '09012345678');
    await (await find(page, 'mfa-phone-enroll >>> [part~="next-button"]')).click();
    await enterCode(page, 'mfa-phone-enroll >>> mfa-code-entry >>> [part~="input"]', 1);
    await (await find(page, 'mfa-phone-enroll >>> [part~="finish-button"]')).click();
    // What the app's own handlers received, as the app shows it.
    await shows(page, 'enrolled', '+819012345678 +81 •• •••• 5678 sms', problems);
    await shows(page, 'steps', 'verify app-password done', problems);

    const info = 'mfa-security-info';
    const number = await find(page, `${info} >>> [part~="number"]`);
    // As read: without the isolates around the number, its no-break spaces as spaces.
    const onFile = await number.evaluate((el) => el.textContent!.replace(/[\u2066-\u2069]/g, '').replace(/\s+/g, ' '));
    if (onFile !== '+81 •• •••• 5678') problems.push(`the security info shows ${JSON.stringify(onFile)} on file, expected "+81 •• •••• 5678"`);
    await holdsStrings(page, info, 'title', 'title', 'Your sign-in phone', problems);
    // Call, then text again, so that the change below sends its codes as texts.
    await (await find(page, `${info} >>> input[value="sms"]`)).focus();
    await page.keyboard.press('ArrowDown');
    await shows(page, 'method-changed', '+81 •• •••• 5678 voice', problems);
    await page.keyboard.press('ArrowUp');
    await shows(page, 'method-changed', '+81 •• •••• 5678 sms', problems);

    await (await find(page, `${info} >>> [part~="change-button"]`)).click();
    await enterCode(page, `${info} >>> mfa-code-entry >>> [part~="input"]`, 2);
    await typeInto(page, `${info} >>> mfa-phone-enroll >>> mfa-phone-input >>> #number`, '09087654321');
    await (await find(page, `${info} >>> mfa-phone-enroll >>> [part~="next-button"]`)).click();
    await enterCode(page, `${info} >>> mfa-phone-enroll >>> mfa-code-entry >>> [part~="input"]`, 3);
    await shows(page, 'phone-changed', '+81 •• •••• 4321 sms', problems);
  } catch (error) {
    problems.push(String(error));
  } finally {
    await context.close();
  }
  return problems;
}

const drift = readmeDrift();
record("the README's framework snippets are the example apps' code", drift.length === 0, drift.join('\n'));
if (!existsSync(join(root, 'dist/index.js'))) await run('npx', ['tsx', 'scripts/build.ts']);
const packDir = mkdtempSync(join(tmpdir(), 'mfa-pack-'));
const pack = await run('npm', ['pack', '--silent', '--pack-destination', packDir], { capture: true, cwd: root });
const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
let browser: Browser | undefined;
if (record('npm pack', pack.code === 0 && tarball !== undefined, pack.output)) {
  // The tarball as published: its package.json, exports and types, for every resolution mode of an
  // ES module (the package is ESM only, deliberately: see the README).
  const publint = await run('npx', ['publint', 'run', '--strict', join(packDir, tarball!)], { capture: true, cwd: root });
  record('publint on the packed tarball', publint.code === 0 && !/warning|error/i.test(publint.output), publint.output);
  const { ELEMENTS } = (await import('../rollup.config.mjs' as string)) as { ELEMENTS: string[] };
  const perElement = ELEMENTS.map((tag) => `./react/${tag}`);
  const attw = await run('npx', ['attw', join(packDir, tarball!), '--profile', 'esm-only', '--format', 'ascii', '--no-color', '--include-entrypoints', ...perElement], { capture: true, cwd: root });
  record('@arethetypeswrong/cli on the packed tarball', attw.code === 0, attw.output);
  browser = await puppeteer.launch(CHROMIUM);
  for (const example of examples) {
    const dir = join(root, 'examples', example.name);
    const name = (step: string) => `${example.name}: ${step}`;
    console.log(`\n── examples/${example.name}`);
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    // The lockfile pins the framework; the kit comes from the tarball, unpinned, so it is always this commit's.
    const ci = await npm(dir, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], true);
    const kit = ci.ok && (await npm(dir, ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', join(packDir, tarball!)], true));
    if (!record(name('install (npm ci, then the packed kit)'), ci.ok && kit !== false && kit.ok, ci.output + (kit ? kit.output : ''))) continue;
    const built = await npm(dir, ['run', '--silent', 'build'], true);
    record(name('production build'), built.ok, built.output);
    const checked = await npm(dir, ['run', '--silent', 'typecheck'], true);
    record(name('type check'), checked.ok, checked.output);
    const mistakes = await npm(dir, ['run', '--silent', 'mistakes'], true);
    const reported = [...new Set([...mistakes.output.matchAll(example.mistakes.lines)].map((m) => Number(m[1])))].sort((a, b) => a - b);
    const marked = markedLines(join(dir, example.mistakes.file));
    record(name(`type check reports exactly the ${marked.length} marked mistakes`), !mistakes.ok && JSON.stringify(reported) === JSON.stringify(marked), `marked ${marked.join(', ')}; reported ${reported.join(', ')}\n${mistakes.output}`);
    if (!built.ok) continue;
    const { server, origin } = await serve(dir, example.out);
    try {
      for (const query of example.pages) {
        const problems = await drive(browser, `${origin}/${query}`);
        record(name(`enrollment and security info in Chromium${query ? ` (${query.slice(1)})` : ''}`), problems.length === 0, problems.join('\n'));
      }
    } finally {
      server.close();
    }
  }
}
await browser?.close();
rmSync(packDir, { recursive: true, force: true });
if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`examples: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
