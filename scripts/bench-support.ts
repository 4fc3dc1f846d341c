/**
 * What the benches share: their section of BENCHMARKS.md, and for the browser benches one headless
 * Chromium, the machine it ran on, and what a page has left behind.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Replaces the section under `heading` (a `## ` line) in BENCHMARKS.md, or adds it at the end; the rest stays as it is. */
export function writeSection(heading: string, section: string): void {
  const file = 'BENCHMARKS.md';
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  // The whole heading line: `## Browser` is not `## Browser memory`.
  const lines = text.split('\n');
  const from = lines.indexOf(heading);
  if (from < 0) return writeFileSync(file, `${text.trimEnd()}\n\n${section.trimEnd()}\n`);
  const next = lines.findIndex((line, index) => index > from && line.startsWith('## '));
  const kept = next < 0 ? [] : ['', ...lines.slice(next)];
  writeFileSync(file, [...lines.slice(0, from), section.trimEnd(), ...kept].join('\n').trimEnd() + '\n');
}

/** Headless Chromium from the system, with `gc()` exposed. */
export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--js-flags=--expose-gc'],
  });
}

/** The machine and browser, for the line above a table. */
export function machine(browserVersion: string): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${browserVersion} headless`;
}

/** What a page holds after garbage collection: heap, shadow roots alive, listeners on window and document. */
export async function leftovers(page: Page): Promise<{ heap: number; shadowRoots: number; listeners: number }> {
  const cdp = await page.createCDPSession();
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const roots = await page.queryObjects(await page.evaluateHandle(() => ShadowRoot.prototype));
  const shadowRoots = await page.evaluate((list) => (list as unknown as ShadowRoot[]).length, roots);
  let listeners = 0;
  for (const target of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: target });
    listeners += (await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! })).listeners.length;
  }
  await cdp.detach();
  return { heap: usedSize, shadowRoots, listeners };
}

/** A heap difference as `+123 kB`. */
export const kB = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${(bytes / 1000).toFixed(0)} kB`;
