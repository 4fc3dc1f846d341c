/**
 * Speed in a real browser, side by side with intl-tel-input (29.5.1, with its utils, the phone
 * field most sites embed), in headless Chromium through puppeteer. Both fields are served from
 * loopback as a page without a build step would load them: ours from its own bundle
 * (dist/mfa-phone-input.bundle.js, run `npm run build` first; the mount also from the kit bundle,
 * dist/mfa-elements.bundle.js), theirs as its minified script with its
 * utils loaded lazily, `separateDialCode: false` so that it formats a typed trunk 0 at all.
 *
 * - mount to interactive: script start to a field that has formatted a typed number, on fresh pages;
 *   and the main thread's own time in it (traced), and the page's first use of Intl: theirs makes it
 *   within its mount, ours names the country in a task of its own once the field formats;
 * - keystroke to rendered: one character typed (an `input` event, as a key gives) to the formatted
 *   value in the field and laid out, over 1,000 keystrokes of Japanese and British numbers;
 * - memory: 1,000 mounts and removals of each field: heap after garbage collection against the
 *   start, shadow roots and listeners left behind.
 *
 * Prints the figures and writes them to BENCHMARKS.md under `## Browser` (the rest of the file is
 * left as it is). Not a test: figures, not verdicts; takes a minute or two.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Page } from 'puppeteer-core';
import { kB, launchChromium, leftovers, machine, serveBench, writeSection } from './bench-support.js';

// The machine's other work, read before the bench starts its own.
const loadBefore = loadavg()[0]!;

// 25 fresh pages: with 15 the median mount moved by a tenth between runs on a busy machine.
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const KEYSTROKES = 1000;
const CYCLES = 1000;
const FILES = ['dist/', 'node_modules/intl-tel-input/dist/js/'];

if (!existsSync('dist/mfa-elements.bundle.js') || !existsSync('dist/mfa-phone-input.bundle.js')) throw new Error('Run `npm run build` first.');

// The page: each field behind the same three functions, so that both are driven alike.
const PAGE = `<!doctype html><html lang="en"><body><script type="module">
const type = (field, text) => { field.value = text; field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text.at(-1) })); };
const ours = (bundle) => async (country) => {
  await import(bundle);
  const el = document.createElement('mfa-phone-input');
  el.setAttribute('default-country', country);
  document.body.append(el);
  await el.updateComplete;
  const field = el.shadowRoot.querySelector('#number');
  return { field, settle: () => el.updateComplete, remove: () => el.remove() };
};
const fields = {
  ours: ours('/dist/mfa-phone-input.bundle.js'),
  kit: ours('/dist/mfa-elements.bundle.js'),
  async theirs(country) {
    if (!window.intlTelInput) await new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement('script'), { src: '/node_modules/intl-tel-input/dist/js/intlTelInput.min.js', onload: resolve, onerror: reject });
      document.head.append(script);
    });
    const field = Object.assign(document.createElement('input'), { type: 'tel' });
    document.body.append(field);
    const iti = window.intlTelInput(field, { initialCountry: country.toLowerCase(), separateDialCode: false, loadUtils: () => import('/node_modules/intl-tel-input/dist/js/utils.js') });
    await iti.promise;
    return { field, settle: () => undefined, remove: () => (iti.destroy(), field.remove()) };
  },
};
window.bench = {
  /** Script start to a field that has formatted a typed number (ms). */
  async mount(which) {
    const start = performance.mark('mount-start').startTime;
    const { field, settle } = await fields[which]('JP');
    type(field, '09012345678');
    await settle();
    field.getBoundingClientRect();
    if (field.value !== '090-1234-5678') throw new Error(which + ' formatted ' + field.value);
    return performance.mark('mount-end').startTime - start;
  },
  /** The page's first use of Intl (ms): within theirs' mount, after ours' (it names the country later). */
  intl() {
    const start = performance.now();
    new Intl.DisplayNames(['en'], { type: 'region' }).of('JP');
    return performance.now() - start;
  },
  /** Milliseconds from each keystroke to its formatted value laid out. */
  async keystrokes(which, country, number, count) {
    const { field, settle, remove } = await fields[which](country);
    const times = [];
    let last = '';
    while (times.length < count) {
      for (let i = 1; i <= number.length && times.length < count; i++) {
        const start = performance.now();
        type(field, field.value + number[i - 1]);
        await settle();
        field.getBoundingClientRect();
        times.push(performance.now() - start);
      }
      if (!last && times.length % number.length === 0) last = field.value;
      type(field, '');
      await settle();
    }
    remove();
    return { times, last };
  },
  /** Mounts and removes a field \`count\` times. */
  async cycles(which, count) {
    for (let i = 0; i < count; i++) {
      const { field, settle, remove } = await fields[which]('JP');
      type(field, '0901234');
      await settle();
      remove();
    }
  },
};
window.ready = true;
</script></body></html>`;

// Cross-origin isolated: elsewhere `performance.now()` is coarsened to 0.1 ms, which is most of a keystroke.
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const { origin, close } = await serveBench({ page: PAGE, files: FILES, headers: ISOLATED });

const browser = await launchChromium();

async function freshPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${origin}/bench.html`);
  await page.waitForFunction('window.ready === true');
  if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error('The bench page is not cross-origin isolated: its timer would be coarse.');
  return page;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const quantile = (values: number[], q: number) => sorted(values)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const median = (values: number[]) => quantile(values, 0.5);
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const ms = (value: number) => `${value.toFixed(value < 1 ? 3 : value < 10 ? 2 : 0)} ms`;
const spread = (values: number[]) => `${ms(quantile(values, 0.1))}–${ms(quantile(values, 0.9))}`;

// Ours from the phone field's own bundle; the kit bundle (every element) is timed for the mount too.
type Which = 'ours' | 'theirs';
const WHICH: Which[] = ['ours', 'theirs'];
const NAME: Record<Which, string> = { ours: '`<mfa-phone-input>`', theirs: 'intl-tel-input 29.5.1' };
const rows: string[] = [];
const row = (...cells: string[]) => rows.push(`| ${cells.join(' | ')} |`);

// Mount to interactive: alternate the two on fresh pages, so that a busy moment hits both alike.
const mounts: Record<Which | 'kit', number[]> = { ours: [], kit: [], theirs: [] };
for (let run = 0; run < RUNS; run++) {
  for (const which of ['ours', 'kit', 'theirs'] as const) {
    const page = await freshPage();
    mounts[which].push(await page.evaluate((w) => (window as unknown as { bench: { mount(w: string): Promise<number> } }).bench.mount(w), which));
    await page.close();
  }
}

// The main thread's own time within the mount, from a trace of the page: the time the page could do
// nothing else. Unlike the time to interactive it leaves out waiting (for the network, for other
// processes on a busy machine), so it moves less from run to run. Traced on pages of their own, as
// tracing slows a page down.
const busy: Record<Which | 'kit', number[]> = { ours: [], kit: [], theirs: [] };
const intl: number[] = [];
for (let run = 0; run < RUNS; run++) {
  for (const which of ['ours', 'kit', 'theirs'] as const) {
    const page = await freshPage();
    await page.tracing.start({ categories: ['disabled-by-default-devtools.timeline', 'blink.user_timing'] });
    await page.evaluate((w) => (window as unknown as { bench: { mount(w: string): Promise<number> } }).bench.mount(w), which);
    busy[which].push(mainThreadTime(await page.tracing.stop()));
    await page.close();
  }
  const page = await freshPage();
  intl.push(await page.evaluate(() => (window as unknown as { bench: { intl(): number } }).bench.intl()));
  await page.close();
}

/** Milliseconds of the page's main thread's own time (not waiting) in its tasks between the mount's two marks. */
function mainThreadTime(trace: Uint8Array | undefined): number {
  const events = (JSON.parse(Buffer.from(trace!).toString('utf8')) as { traceEvents: { name: string; cat: string; ph: string; tid: number; ts: number; dur?: number; tdur?: number }[] }).traceEvents;
  const mark = (name: string) => events.find((event) => event.name === name && event.cat.includes('user_timing'))!;
  const [start, end] = [mark('mount-start'), mark('mount-end')];
  const tasks = events.filter((event) => event.tid === start.tid && event.ph === 'X' && event.name === 'RunTask' && event.ts + event.dur! > start.ts && event.ts < end.ts);
  return tasks.reduce((sum, task) => sum + (task.tdur ?? task.dur!), 0) / 1000;
}

// Keystrokes: a few fresh pages each, 1,000 keystrokes of each country per page, the two fields
// alternating page by page (as for the mount), so that a busy moment of the machine hits both alike.
const NUMBERS = { JP: '09012345678', GB: '07400123456' };
const keys: Record<string, number[]> = {};
const formatted: Record<string, string> = {};
for (const [country, number] of Object.entries(NUMBERS)) {
  for (let run = 0; run < 3; run++) {
    for (const which of WHICH) {
      const page = await freshPage();
      const result = await page.evaluate((w, c, n, k) => (window as unknown as { bench: { keystrokes(...a: unknown[]): Promise<{ times: number[]; last: string }> } }).bench.keystrokes(w, c, n, k), which, country, number, KEYSTROKES);
      (keys[`${which} ${country}`] ??= []).push(...result.times);
      formatted[`${which} ${country}`] = result.last;
      await page.close();
    }
  }
}

// Memory: heap after GC, shadow roots and window/document listeners, before and after 1,000 cycles.
const memory: Record<Which, { heap: number; shadowRoots: number; listeners: number; before: { heap: number; shadowRoots: number; listeners: number } }> = {} as never;
for (const which of WHICH) {
  const page = await freshPage();
  // One mount first, so that the code and rules loaded once are not counted as a leak.
  await page.evaluate((w) => (window as unknown as { bench: { cycles(w: string, n: number): Promise<void> } }).bench.cycles(w, 1), which);
  const before = await leftovers(page);
  await page.evaluate((w, n) => (window as unknown as { bench: { cycles(w: string, n: number): Promise<void> } }).bench.cycles(w, n), which, CYCLES);
  memory[which] = { ...(await leftovers(page)), before };
  await page.close();
}
const version = await browser.version();
await browser.close();
close();

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
row('measure', NAME.ours, NAME.theirs, 'ours ÷ theirs');
row('---', '---', '---', '---');
for (const [which, bundle] of [['ours', 'its own bundle'], ['kit', 'the kit bundle']] as const) {
  row(`mount to interactive, ours from ${bundle}, median of ${RUNS} fresh pages (10th–90th percentile)`, `${ms(median(mounts[which]))} (${spread(mounts[which])})`, `${ms(median(mounts.theirs))} (${spread(mounts.theirs)})`, ratio(median(mounts[which]), median(mounts.theirs)));
  row(`main thread's own time in that mount, ours from ${bundle}, median of ${RUNS} traced fresh pages`, ms(median(busy[which])), ms(median(busy.theirs)), ratio(median(busy[which]), median(busy.theirs)));
}
row(`a page's first use of Intl (region names), median of ${RUNS} fresh pages: ours names the country in a task after its mount, theirs within it`, 'after: ' + ms(median(intl)), 'within: ' + ms(median(intl)), '');
for (const country of Object.keys(NUMBERS)) {
  const [a, b] = [keys[`ours ${country}`]!, keys[`theirs ${country}`]!];
  row(`keystroke to rendered, ${country} (${formatted[`ours ${country}`]} / ${formatted[`theirs ${country}`]}), median of ${a.length}`, ms(median(a)), ms(median(b)), ratio(median(a), median(b)));
  row(`keystroke to rendered, ${country}, 95th percentile`, ms(quantile(a, 0.95)), ms(quantile(b, 0.95)), ratio(quantile(a, 0.95), quantile(b, 0.95)));
  row(`keystroke to rendered, ${country}, mean`, ms(mean(a)), ms(mean(b)), ratio(mean(a), mean(b)));
}
row(`heap after ${CYCLES} mounts and removals, after GC, against the start`, kB(memory.ours.heap - memory.ours.before.heap), kB(memory.theirs.heap - memory.theirs.before.heap), '');
row('shadow roots alive after GC (start → end)', `${memory.ours.before.shadowRoots} → ${memory.ours.shadowRoots}`, `${memory.theirs.before.shadowRoots} → ${memory.theirs.shadowRoots}`, '');
row('listeners on window and document (start → end)', `${memory.ours.before.listeners} → ${memory.ours.listeners}`, `${memory.theirs.before.listeners} → ${memory.theirs.listeners}`, '');

const section = [
  '## Browser',
  '',
  `Measured by \`npm run bench:browser\` on ${new Date().toISOString().slice(0, 10)}: ${machine(version)}, load average ${loadBefore.toFixed(1)}`,
  'before the run. Compare the two columns with each other; absolute figures vary from machine to machine. Ours: the phone',
  'field\'s own bundle (`dist/mfa-phone-input.bundle.js`) and its lazy chunks, and for one mount row the kit bundle',
  '(`dist/mfa-elements.bundle.js`, which defines every element); theirs: `intlTelInput.min.js` with `utils.js`',
  'loaded lazily, `separateDialCode: false`. Both served from loopback, no cache, to a cross-origin isolated page',
  '(so that `performance.now()` has microseconds, not the 0.1 ms steps of other pages).',
  '',
  ...rows,
  '',
].join('\n');
console.log(section);

writeSection('## Browser', section);
