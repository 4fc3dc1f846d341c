/**
 * `npm run examples`: the package and the example apps (examples/<framework>) as users get them.
 * Packs the kit and checks the tarball with publint and @arethetypeswrong/cli. Then, per app:
 * installs it from its lockfile plus the packed tarball, builds it for production, runs its type
 * checker on the app and on its file of deliberate mistakes (every line marked `MISTAKE:`, and no
 * other, must be reported), serves the build with the reference backend on 127.0.0.1 and drives
 * one full enrollment in Chromium. The app's own handlers show what mfa-step-change and
 * mfa-enrolled carried; the element must hold the app's `strings` object as a property; the
 * console must stay clean. Ends with `examples: N passed, M failed`.
 *
 * Usage: `npm run examples [-- react vue]` (default: every app). Builds dist/ first when missing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import puppeteer, { type Browser } from 'puppeteer';
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
  const service = new MfaService({ sender: new DevOutbox(), devOutbox: true });
  return serveFolder(resolve(dir, out), createMfaHandler({ service, identify: anonymousSession(), basePath: '/api/mfa' }));
}

/** One full enrollment, as a user: number, Next, the code from the development outbox, Finish. */
async function enroll(browser: Browser, url: string): Promise<string[]> {
  const problems: string[] = [];
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
  try {
    await page.goto(url);
    const enrollEl = 'mfa-phone-enroll';
    await page.waitForFunction(
      (tag) => document.querySelector(tag)?.shadowRoot?.querySelector('mfa-phone-input')?.shadowRoot?.querySelector('#number'),
      { timeout: 20000 },
      enrollEl,
    );
    const strings = await page.evaluate((tag) => {
      const el = document.querySelector(tag) as HTMLElement & { strings?: { next?: string } };
      return { property: el.strings?.next, attribute: el.hasAttribute('strings'), button: el.shadowRoot!.querySelector('[part~="next-button"]')?.textContent?.trim() };
    }, enrollEl);
    if (strings.property !== 'Continue' || strings.attribute || strings.button !== 'Continue') problems.push(`strings did not reach the element as a property: ${JSON.stringify(strings)}`);

    await page.evaluate((tag) => (document.querySelector(tag)!.shadowRoot!.querySelector('mfa-phone-input')!.shadowRoot!.querySelector('#number') as HTMLInputElement).focus(), enrollEl);
    await page.keyboard.type('09012345678');
    await page.evaluate((tag) => (document.querySelector(tag)!.shadowRoot!.querySelector('[part~="next-button"]') as HTMLButtonElement).click(), enrollEl);
    await page.waitForFunction((tag) => (document.querySelector(tag) as HTMLElement & { step: string }).step === 'verify', { timeout: 20000 }, enrollEl);
    const code = await page.evaluate(async () => {
      const { messages } = (await (await fetch('/api/mfa/__dev/outbox')).json()) as { messages: { code: string }[] };
      return messages.at(-1)!.code;
    });
    await page.waitForFunction((tag) => document.querySelector(tag)!.shadowRoot!.querySelector('mfa-code-entry')?.shadowRoot?.querySelector('[part~="input"]'), { timeout: 20000 }, enrollEl);
    await page.evaluate((tag) => (document.querySelector(tag)!.shadowRoot!.querySelector('mfa-code-entry')!.shadowRoot!.querySelector('[part~="input"]') as HTMLInputElement).focus(), enrollEl);
    await page.keyboard.type(code);
    await page.waitForFunction((tag) => (document.querySelector(tag) as HTMLElement & { step: string }).step === 'app-password', { timeout: 20000 }, enrollEl);
    await page.evaluate((tag) => (document.querySelector(tag)!.shadowRoot!.querySelector('[part~="finish-button"]') as HTMLButtonElement).click(), enrollEl);
    // What the app's own handlers received, as the app shows it.
    await page.waitForFunction(() => document.querySelector('#enrolled')?.textContent, { timeout: 20000 });
    const shown = await page.evaluate(() => ({ steps: document.querySelector('#steps')!.textContent, enrolled: document.querySelector('#enrolled')!.textContent }));
    const expected = { steps: 'verify app-password done', enrolled: '+819012345678 +81 •• •••• 5678 sms' };
    if (JSON.stringify(shown) !== JSON.stringify(expected)) problems.push(`the app's handlers saw ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`);
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
  const perElement = ['mfa-code-entry', 'mfa-phone-input', 'mfa-phone-enroll', 'app-password-panel'].map((tag) => `./react/${tag}`);
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
        const problems = await enroll(browser, `${origin}/${query}`);
        record(name(`enrollment in Chromium${query ? ` (${query.slice(1)})` : ''}`), problems.length === 0, problems.join('\n'));
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
