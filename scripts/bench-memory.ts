/**
 * Memory of each element in a real browser: 1,000 mounts and removals of every element of the kit,
 * each brought to the state a user sees (a typed number, a code sent with its waits running, a loaded
 * list), against the reference backend on loopback. Before and after, once one warm-up mount has
 * loaded the code: the heap after garbage collection, the shadow roots still alive, the listeners on
 * window and document, and the timers still pending a moment after the last removal.
 *
 * Prints the figures and writes them to BENCHMARKS.md under `## Browser memory` (the rest of the file
 * is left as it is). Not a test: figures, not verdicts; run `npm run build` first.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Page } from 'puppeteer-core';
import { MfaClient } from '../src/client.js';
import { DevOutbox, MemoryStore, MfaService, createMfaHandler } from '../server/index.js';
import { kB, launchChromium, leftovers, machine, serveBench, writeSection } from './bench-support.js';

const loadBefore = loadavg()[0]!;
const CYCLES = Number(process.env.BENCH_CYCLES ?? 1000);
const USER = 'bench-user';
// Limits out of the way: every mount of <mfa-code-entry> sends a code.
const LIMITS = { maxUserSends: 1e9, maxNumberSends: 1e9, maxPrefixSends: 1e9, maxGlobalSends: 1e9 };

if (!existsSync('dist/mfa-elements.bundle.js')) throw new Error('Run `npm run build` first.');

// The backend, one user with a phone and an app password, as a page of a signed-in user has.
const outbox = new DevOutbox();
const store = new MemoryStore();
const service = new MfaService({ sender: outbox, devOutbox: true, store, secret: 'a bench secret of sixteen bytes or more', limits: LIMITS });
const api = createMfaHandler({ service, identify: () => USER });

// The page: timers counted from before the kit loads, then one function per element that mounts it,
// waits for the state a user sees, and removes it.
const PAGE = `<!doctype html><html lang="en"><body><script type="module">
const live = new Set();
const { setTimeout: st, setInterval: si, clearTimeout: ct, clearInterval: ci } = window;
window.setTimeout = (fn, ms, ...args) => { const id = st((...a) => { live.delete(id); typeof fn === 'function' && fn(...a); }, ms, ...args); live.add(id); return id; };
window.setInterval = (fn, ms, ...args) => { const id = si(fn, ms, ...args); live.add(id); return id; };
window.clearTimeout = (id) => { live.delete(id); ct(id); };
window.clearInterval = (id) => { live.delete(id); ci(id); };
await import('/dist/mfa-elements.bundle.js');
const until = async (test) => { for (let i = 0; !test(); i++) { if (i > 500) throw new Error('stuck'); await new Promise((r) => st(r, 5)); } };
const shadowPart = (el, part) => el.shadowRoot?.querySelector(\`[part~='\${part}']\`);
const mount = async (tag, attributes) => {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
  await el.updateComplete;
  return el;
};
const type = (field, text) => { field.value = text; field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text.at(-1) })); };
const ELEMENTS = {
  async 'mfa-phone-input'() {
    const el = await mount('mfa-phone-input', { 'default-country': 'JP' });
    const field = el.shadowRoot.querySelector('#number');
    type(field, '09012345678');
    await until(() => field.value === '090-1234-5678');
    return el;
  },
  async 'mfa-code-entry'() {
    const el = await mount('mfa-code-entry', { endpoint: '/api/mfa', 'auto-send': '' });
    await until(() => shadowPart(el, 'input'));
    return el;
  },
  async 'app-password-panel'() {
    const el = await mount('app-password-panel', { endpoint: '/api/mfa' });
    await until(() => shadowPart(el, 'revoke-button'));
    return el;
  },
  async 'mfa-phone-enroll'() {
    const el = await mount('mfa-phone-enroll', { endpoint: '/api/mfa', 'default-country': 'JP' });
    await until(() => el.shadowRoot.querySelector('mfa-phone-input')?.shadowRoot?.querySelector('#number'));
    return el;
  },
  async 'mfa-security-info'() {
    const el = await mount('mfa-security-info', { endpoint: '/api/mfa' });
    await until(() => shadowPart(el, 'change-button'));
    return el;
  },
};
window.bench = {
  /** Mounts and removes \`count\` times: the timers pending while the last one showed, and after. */
  async cycles(tag, count) {
    let shown = 0;
    for (let i = 0; i < count; i++) {
      const el = await ELEMENTS[tag]();
      shown = live.size;
      el.remove();
    }
    // A moment for what removal cancels to settle (aborted requests, a last frame).
    await new Promise((r) => st(r, 200));
    return { shown, left: live.size };
  },
};
window.ready = true;
</script></body></html>`;

const { origin, close } = await serveBench({
  page: PAGE,
  files: ['dist/'],
  other: (path, request, response) => path.startsWith('api/mfa/') && (void api(request, response), true),
});

// The user enrolls a phone and creates an app password, as the panel and security info then show.
const client = new MfaClient({ baseUrl: `${origin}/api/mfa` });
const enrollment = await client.startEnrollment({ phoneNumber: '+819012345678', method: 'sms' });
await client.verifyEnrollment(enrollment.enrollmentId, outbox.messagesFor(USER).at(-1)!.code);
await client.createAppPassword('Thunderbird');

const browser = await launchChromium();

interface Snapshot {
  heap: number;
  shadowRoots: number;
  listeners: number;
  timers: { shown: number; left: number };
}

async function snapshot(page: Page, timers: Snapshot['timers']): Promise<Snapshot> {
  return { ...(await leftovers(page)), timers };
}

const cycles = (page: Page, tag: string, count: number) =>
  page.evaluate((t, n) => (window as unknown as { bench: { cycles(t: string, n: number): Promise<Snapshot['timers']> } }).bench.cycles(t, n), tag, count);

const TAGS = ['mfa-phone-input', 'mfa-code-entry', 'app-password-panel', 'mfa-phone-enroll', 'mfa-security-info'];
const results: { tag: string; before: Snapshot; after: Snapshot; seconds: number }[] = [];
for (const tag of TAGS) {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`${tag}: ${error}`));
  await page.goto(`${origin}/bench.html`);
  await page.waitForFunction('window.ready === true');
  // One mount first, so that the code, rules and language loaded once are not counted as a leak.
  const before = await snapshot(page, await cycles(page, tag, 1));
  const start = performance.now();
  const timers = await cycles(page, tag, CYCLES);
  const seconds = (performance.now() - start) / 1000;
  results.push({ tag, before, after: await snapshot(page, timers), seconds });
  await page.close();
  console.log(`${tag}: ${CYCLES} cycles in ${seconds.toFixed(1)} s`);
}
const version = await browser.version();
await browser.close();
close();

const rows = [
  `| element, ${CYCLES} mounts and removals | heap after GC, against the start | shadow roots alive (start → end) | listeners on window and document (start → end) | timers pending (start → end; while shown) |`,
  '| --- | --- | --- | --- | --- |',
  ...results.map(
    ({ tag, before, after }) =>
      `| \`<${tag}>\` | ${kB(after.heap - before.heap)} | ${before.shadowRoots} → ${after.shadowRoots} | ${before.listeners} → ${after.listeners} | ${before.timers.left} → ${after.timers.left}; ${after.timers.shown} |`,
  ),
];
const section = [
  '## Browser memory',
  '',
  `Measured by \`npm run bench:browser\` on ${new Date().toISOString().slice(0, 10)}: ${machine(version)}, load average ${loadBefore.toFixed(1)}`,
  'before the run. Each element from the kit bundle, mounted and brought to what a user sees (a typed number; a code sent,',
  'its waits running; the loaded list of app passwords; the first step; the loaded security info) against the reference',
  'backend on loopback, then removed; figures after one warm-up mount and after the cycles. The target: heap within 1 MB',
  'of the start, and no shadow root, listener or timer left.',
  '',
  ...rows,
  '',
].join('\n');
console.log(section);

writeSection('## Browser memory', section);
