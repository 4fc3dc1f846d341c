/**
 * `npm test`: the list of languages, typecheck, lint, manifest freshness, build, size and speed
 * budgets, the Node tests, the packed package and the framework example apps, screenshots of every
 * story in every language, and the three-browser suite. Every step runs even when an earlier one
 * failed, so one run shows everything; each check counts as one test. Ends with
 * `tests: N passed, M failed`. Before all of it, `preflight.ts` makes sure the system programs the
 * tests need are there.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preflight } from './preflight.js';
import { run } from './run.js';

// The browsers, PostgreSQL and Dovecot first: a missing program is said plainly (or installed, as
// root on Debian), never reported as failing tests.
if (!preflight()) process.exit(2);

const totals = { passed: 0, failed: 0 };
const failures: string[] = [];

async function check(name: string, command: string, args: string[]): Promise<boolean> {
  console.log(`\n── ${name}`);
  const { code } = await run(command, args);
  if (code === 0) totals.passed++;
  else (totals.failed++, failures.push(name));
  return code === 0;
}

// First: every later step reads the list of languages (locales/index.ts), rewritten from locales/.
await check('list of languages', 'npx', ['tsx', 'scripts/locales.ts']);
await check('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
await check('lint', 'npx', ['eslint', '--max-warnings=0', '.']);
await check('custom-elements.json is fresh', 'npx', ['tsx', 'scripts/manifest.ts', '--check']);
await check('phone rules are fresh', 'npx', ['tsx', 'scripts/phone-rules.ts', '--check']);
if (await check('build', 'npx', ['tsx', 'scripts/build.ts'])) await check('size budgets', 'npx', ['tsx', 'scripts/size.ts']);
else (totals.failed++, failures.push('size budgets (no build)'));
await check('speed budgets', 'npx', ['tsx', 'scripts/bench.ts']);
const stories = await check('stories build', 'npm', ['run', '--silent', 'build-storybook']);

/** A step that counts its own tests: adds what its summary line says (one failure if it says nothing). */
async function counted(name: string, command: string, args: string[], passed: RegExp, failed: RegExp): Promise<void> {
  console.log(`\n── ${name}`);
  const { code, output } = await run(command, args, { capture: true });
  const pass = Number(passed.exec(output)?.[1] ?? 0);
  const fail = Number(failed.exec(output)?.[1] ?? (code === 0 ? 0 : 1));
  totals.passed += pass;
  totals.failed += fail || (code !== 0 ? 1 : 0);
  if (fail || code !== 0) failures.push(name);
}

await counted('Node tests', 'npm', ['run', '--silent', 'test:node'], /ℹ pass (\d+)/, /ℹ fail (\d+)/);
// The packed package (publint, attw) and the React, Vue, Svelte and Angular example apps.
await counted('package and example apps', 'npx', ['tsx', 'scripts/examples.ts'], /^examples: (\d+) passed/m, /^examples: \d+ passed, (\d+) failed/m);

// Every story of every element in every language, from the Storybook just built: screenshots/ to review.
if (stories) await counted('screenshots of every story in every language', 'npx', ['tsx', 'scripts/screenshots.ts'], /^screenshots: (\d+) passed/m, /^screenshots: \d+ passed, (\d+) failed/m);
else (totals.failed++, failures.push('screenshots (no Storybook build)'));

console.log('\n── Browser tests (Chromium, Firefox ESR, WebKit)');
const countsFile = join(mkdtempSync(join(tmpdir(), 'mfa-test-')), 'counts.json');
const browser = await run('npx', ['tsx', 'scripts/test-browsers.ts'], { env: { TEST_COUNTS_FILE: countsFile } });
let counts = { passed: 0, failed: 1 };
try {
  counts = JSON.parse(readFileSync(countsFile, 'utf8'));
} catch {
  // The runner did not finish: counted as one failure.
}
totals.passed += counts.passed;
totals.failed += counts.failed || (browser.code !== 0 ? 1 : 0);
if (counts.failed || browser.code !== 0) failures.push('browser tests');

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
