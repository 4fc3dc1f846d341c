/**
 * What the benches share: their section of BENCHMARKS.md, and for the browser benches the loopback
 * server of their page, one headless Chromium, the machine it ran on, and what a page has left behind.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { extname, join, normalize } from 'node:path';
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

/** Options of {@link serveBench}. */
interface BenchServer {
  /** The page, served at `/bench.html`. */
  page: string;
  /** Folders whose files are served as they are, e.g. `dist/`. */
  files: string[];
  /** Headers on every answer. */
  headers?: Record<string, string>;
  /** Answers other paths first (returns true when it did), e.g. the reference backend's. */
  other?: (path: string, request: IncomingMessage, response: ServerResponse) => boolean;
}

/** Serves a bench page and its files on loopback, uncached; returns its origin and how to stop it. */
export async function serveBench({ page, files, headers = {}, other }: BenchServer): Promise<{ origin: string; close: () => void }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).slice(1);
    if (other?.(path, request, response)) return;
    if (path === 'bench.html') return void response.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    if (!files.some((prefix) => path.startsWith(prefix)) || !existsSync(path)) return void response.writeHead(404).end();
    const type = extname(path) === '.js' || extname(path) === '.mjs' ? 'text/javascript; charset=utf-8' : 'application/octet-stream';
    response.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': 'no-store' }).end(readFileSync(join('.', path)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => void server.close() };
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
