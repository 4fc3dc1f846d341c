/**
 * Writes custom-elements.json from the element classes, or with `--check` fails when the committed
 * one is stale (a documented attribute, event or part changed without regenerating it).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { run } from './run.js';

const check = process.argv.includes('--check');
const outdir = check ? mkdtempSync(join(tmpdir(), 'cem-')) : '.';
// The analyzer resolves --outdir against the working directory, even when it is absolute.
const { code } = await run('npx', ['cem', 'analyze', '--quiet', '--outdir', relative('.', outdir) || '.'], { capture: check });
if (code !== 0) process.exit(code);

/** The manifest with its modules in path order: the analyzer lists them in whatever order it read them. */
function canonical(text: string): string {
  const manifest = JSON.parse(text) as { modules: { path: string }[] };
  manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const fresh = canonical(readFileSync(join(outdir, 'custom-elements.json'), 'utf8'));
if (!check) {
  writeFileSync('custom-elements.json', fresh);
} else {
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
