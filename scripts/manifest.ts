/**
 * Writes custom-elements.json from the element classes, or with `--check` fails when the committed
 * one is stale (a documented attribute, event or part changed without regenerating it).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { run } from './run.js';

const check = process.argv.includes('--check');
const outdir = check ? mkdtempSync(join(tmpdir(), 'cem-')) : '.';
// The analyzer resolves --outdir against the working directory, even when it is absolute.
const { code } = await run('npx', ['cem', 'analyze', '--quiet', '--outdir', relative('.', outdir) || '.'], { capture: check });
if (code !== 0) process.exit(code);
if (check) {
  const fresh = readFileSync(join(outdir, 'custom-elements.json'), 'utf8');
  rmSync(outdir, { recursive: true, force: true });
  let committed = '';
  try {
    committed = readFileSync('custom-elements.json', 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (fresh !== committed) {
    console.error('custom-elements.json is stale: run `npm run build` and commit it.');
    process.exit(1);
  }
  console.log('custom-elements.json is up to date.');
}
