/**
 * Every element entry in package.json `exports` defines its element when an application bundles it
 * for production: esbuild and Rollup (which Vite uses for builds) drop the modules that package.json
 * `sideEffects` does not list, so a `customElements.define` outside the entry files would vanish.
 * Each entry is bundled as a user's one-line import of the package, then loaded in Chromium.
 */
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import puppeteer from 'puppeteer';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM } from '../../scripts/browsers.js';
import { run } from '../../scripts/run.js';

/** Entry → the elements it promises to define. */
const ENTRIES: Record<string, string[]> = {
  'mfa-elements': ['mfa-code-entry', 'mfa-phone-input', 'mfa-phone-enroll', 'app-password-panel', 'mfa-security-info'],
  'mfa-elements/mfa-code-entry': ['mfa-code-entry'],
  'mfa-elements/mfa-phone-input': ['mfa-phone-input'],
  'mfa-elements/mfa-phone-enroll': ['mfa-phone-enroll', 'mfa-phone-input', 'mfa-code-entry', 'app-password-panel'],
  'mfa-elements/app-password-panel': ['app-password-panel'],
  'mfa-elements/mfa-security-info': ['mfa-security-info', 'mfa-code-entry', 'mfa-phone-enroll', 'app-password-panel'],
};
/**
 * Elements an entry defines only once they are needed (the enrollment's steps 2 and 3 load when the
 * user starts on step 1): their defines must be in the bundle, but a page that only imports the
 * entry does not run them yet.
 */
const LATER: Record<string, string[]> = { 'mfa-elements/mfa-phone-enroll': ['mfa-code-entry', 'app-password-panel'] };
const atOnce = (entry: string) => ENTRIES[entry]!.filter((tag) => !LATER[entry]?.includes(tag));

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'mfa-entries-'));
// An application folder with the package installed as a user gets it: by name, through `exports`.
mkdirSync(join(work, 'node_modules'));
symlinkSync(root, join(work, 'node_modules', 'mfa-elements'), 'dir');

const fileName = (bundler: string, entry: string) => `${bundler}-${entry.replaceAll('/', '_')}.js`;

async function bundleAll(): Promise<string[]> {
  const files: string[] = [];
  for (const entry of Object.keys(ENTRIES)) {
    const input = join(work, `${entry.replaceAll('/', '_')}.input.js`);
    writeFileSync(input, `import '${entry}';\n`);
    const esbuildOut = join(work, fileName('esbuild', entry));
    await build({ entryPoints: [input], bundle: true, minify: true, format: 'esm', platform: 'browser', conditions: ['production'], outfile: esbuildOut, logLevel: 'error' });
    const bundle = await rollup({ input, plugins: [nodeResolve({ browser: true, exportConditions: ['production'], rootDir: work })], onwarn: () => {} });
    await bundle.write({ file: join(work, fileName('rollup', entry)), format: 'esm', inlineDynamicImports: true });
    await bundle.close();
    files.push(fileName('esbuild', entry), fileName('rollup', entry));
  }
  return files;
}

describe('package entries under bundlers', () => {
  before(async () => {
    if (!existsSync(join(root, 'dist/index.js'))) await run('npx', ['rollup', '-c', '--silent']);
    await bundleAll();
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  for (const bundler of ['esbuild', 'rollup']) {
    for (const [entry, tags] of Object.entries(ENTRIES)) {
      test(`${bundler}: import '${entry}' keeps the define of ${tags.join(', ')}`, () => {
        const code = readFileSync(join(work, fileName(bundler, entry)), 'utf8');
        for (const tag of tags) assert.match(code, new RegExp(`\\.define\\(\\s*["'\`]${tag}["'\`]`), `${tag} in ${bundler} output`);
      });
    }
  }

  test('Chromium: each bundle defines its elements, and they render', async () => {
    const server = createServer((request, response) => {
      const name = decodeURIComponent(new URL(request.url!, 'http://x').pathname.slice(1));
      if (name === '') return response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>entries</title>');
      if (!/^[\w.-]+\.js$/.test(name) || !existsSync(join(work, name))) return response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(work, name)));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    const browser = await puppeteer.launch(CHROMIUM);
    try {
      for (const bundler of ['esbuild', 'rollup']) {
        for (const entry of Object.keys(ENTRIES)) {
          const tags = atOnce(entry);
          const page = await browser.newPage();
          const errors: string[] = [];
          page.on('pageerror', (error) => errors.push(String(error)));
          await page.goto(`http://127.0.0.1:${port}/`);
          const rendered = await page.evaluate(async (src: string, tags: string[]) => {
            await import(src);
            return Promise.all(
              tags.map(async (tag) => {
                if (!customElements.get(tag)) return `${tag}: undefined`;
                const element = document.body.appendChild(document.createElement(tag)) as HTMLElement & { updateComplete: Promise<unknown> };
                await element.updateComplete;
                return element.shadowRoot?.childElementCount ? `${tag}: rendered` : `${tag}: empty`;
              }),
            );
          }, `/${fileName(bundler, entry)}`, tags);
          assert.deepEqual(rendered, tags.map((tag) => `${tag}: rendered`), `${bundler} ${entry}`);
          assert.deepEqual(errors, [], `${bundler} ${entry}: page errors`);
          await page.close();
        }
      }
    } finally {
      await browser.close();
      server.close();
    }
  });
});
