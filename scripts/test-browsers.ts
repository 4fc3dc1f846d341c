/**
 * Runs every browser test in Chromium, Firefox ESR and WebKit against the reference backend served
 * over HTTP by the test runner, then prints `browser tests: N passed, M failed`.
 *
 * Usage: `npm run test:browser [-- --files "components/mfa-code-entry/*.test.ts"]`;
 * `ENGINES=chromium,webkit` picks engines.
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { defaultReporter, startTestRunner, summaryReporter, type Reporter, type TestSuiteResult } from '@web/test-runner';
import { existsSync, writeFileSync } from 'node:fs';
import { ENGINES, launchers, type Engine } from './browsers.js';
import { updateLanguages } from './locales.js';
import { run } from './run.js';
import { createTestBackend } from '../test/support/backend.js';

// The tests loop over the list of languages: a language file added since it was written is listed first.
if (!updateLanguages()) process.exit(1);

// test/components/bundle.test.ts and phone-input-bundle.test.ts load the built bundles; `npm test` builds them just before.
if (!existsSync('dist/mfa-elements.bundle.js') || !existsSync('dist/mfa-phone-input.bundle.js')) await run('npx', ['rollup', '-c', '--silent']);

// As the bundles ship them (see rollup.config.mjs): the elements' templates minified, and
// libphonenumber-js's modern build.
const { templates, modernPhone } = (await import('../rollup.config.mjs' as string)) as Record<'templates' | 'modernPhone', () => import('rollup').Plugin>;

const engines = (process.env.ENGINES?.split(',') ?? ENGINES).filter((e): e is Engine => ENGINES.includes(e as Engine));
const { browsers, stop } = await launchers(engines);
const backend = createTestBackend();
const counts = { passed: 0, failed: 0, skipped: 0 };

function count(suite: TestSuiteResult | undefined): void {
  if (!suite) return;
  for (const test of suite.tests) {
    if (test.skipped) counts.skipped++;
    else if (test.passed) counts.passed++;
    else counts.failed++;
  }
  suite.suites.forEach(count);
}

const counter: Reporter = {
  onTestRunFinished({ sessions }) {
    for (const session of sessions) {
      count(session.testResults);
      // A file that failed to load or threw outside a test counts as one failure.
      if (session.errors.length > 0) counts.failed++;
    }
  },
};

const runner = await startTestRunner({
  readFileConfig: false,
  autoExitProcess: false,
  config: {
    files: ['test/core/**/*.test.ts', 'components/**/*.test.ts', 'test/components/**/*.test.ts'],
    nodeResolve: { exportConditions: ['development'] },
    // TypeScript and decorators lowered for every engine (none runs decorators natively).
    plugins: [fromRollup(modernPhone)(), fromRollup(templates)(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
    middleware: [backend.koa],
    browsers,
    concurrency: 1,
    concurrentBrowsers: 3,
    staticLogging: true,
    browserStartTimeout: 60000,
    testsStartTimeout: 60000,
    testsFinishTimeout: 180000,
    testFramework: { config: { timeout: 15000 } },
    reporters: [defaultReporter(), summaryReporter({ flatten: false }), counter],
  },
});

if (!runner) process.exit(1);
runner.on('stopped', (passed) => {
  stop();
  const line = `browser tests: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`;
  console.log(line);
  if (process.env.TEST_COUNTS_FILE) writeFileSync(process.env.TEST_COUNTS_FILE, JSON.stringify(counts));
  process.exit(passed && counts.failed === 0 ? 0 : 1);
});
