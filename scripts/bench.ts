/**
 * Speed budgets for the hot paths, measured rather than asserted in tests: what runs on every
 * keystroke of the phone and code fields, and what the reference backend does per request.
 * Each figure is the median of several rounds; a budget fails only when it is missed by far, so
 * that a slow machine does not fail the build but a slow change does. Run with `npm run bench`.
 */
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { MfaClient } from '../src/client.js';
import { extractCodeDigits } from '../src/code.js';
import { canReceiveSms, formatTyped, listCountries, maskPhone, parseMobileNumber } from '../src/phone-full.js';
import { DevOutbox, MfaService, createMfaHandler } from '../server/index.js';

interface Result {
  name: string;
  /** Microseconds per operation, median of the rounds. */
  micros: number;
  /** The budget in microseconds. */
  budget: number;
}

const results: Result[] = [];

/** Median time per call of `body`, which performs `per` operations. */
async function measure(name: string, budget: number, per: number, body: () => unknown, rounds = 9, calls = 200): Promise<void> {
  // Only an asynchronous body is awaited: a microtask per call would count against the fast ones.
  const run = async () => {
    const result = body();
    if (result instanceof Promise) await result;
  };
  for (let i = 0; i < calls; i++) await run(); // warm up
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await run();
    times.push(((performance.now() - start) * 1000) / calls / per);
  }
  times.sort((a, b) => a - b);
  results.push({ name, micros: times[Math.floor(rounds / 2)]!, budget });
}

// Typing a Japanese mobile number, keystroke by keystroke, the way the field calls the helpers:
// format what is there, and check whether it is a complete mobile number yet.
const prefixes = (text: string) => [...text].map((_, i) => text.slice(0, i + 1));
const keystrokes = prefixes('090-1234-5678');
const typeAll = (text: string[], country: string) => {
  for (const prefix of text) {
    formatTyped(prefix, country);
    canReceiveSms(prefix, country);
  }
};
// A frame is 16 ms and a low-end phone is some ten times slower than a build machine: 250 µs here
// keeps one keystroke's work to a small part of a frame there.
await measure('phone field, one keystroke (format + validity), JP', 250, keystrokes.length, () => typeAll(keystrokes, 'JP'));
const international = prefixes('+44 7400 123456');
await measure('phone field, one keystroke, international GB', 250, international.length, () => typeAll(international, 'JP'));
await measure('parse a full-width number once', 100, 1, () => parseMobileNumber('０９０－１２３４－５６７８', 'JP'));
await measure('mask a number for display', 100, 1, () => maskPhone('+819012345678'));
await measure('country list (every region with its calling code)', 500, 1, () => listCountries(), 9, 50);
await measure('code field, one paste ("Your code is １２３ ４５６")', 10, 1, () => extractCodeDigits('Your code is １２３ ４５６', 6));

// The reference backend over real HTTP: one challenge (send) and its verification per user.
const outbox = new DevOutbox();
// Every simulated user texts the same number: lift the shared send budgets, which are not measured here.
const service = new MfaService({ sender: outbox, secret: 'bench-secret-of-sixteen-bytes', limits: { maxNumberSends: Infinity, maxPrefixSends: Infinity, maxGlobalSends: Infinity } });
let user = 0;
const handler = createMfaHandler({ service, identify: (req) => (req.headers['x-user'] as string | undefined) ?? null });
const server = createServer((req, res) => void handler(req, res));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as { port: number };
const baseUrl = `http://127.0.0.1:${port}/api/mfa`;
await measure('backend: enrol, then verify with the texted code (per request)', 5000, 2, async () => {
  const id = `user-${user++}`;
  const client = new MfaClient({ baseUrl, headers: { 'X-User': id }, retries: 0 });
  const enrollment = await client.startEnrollment({ phoneNumber: '+819012345678', method: 'sms' });
  await client.verifyEnrollment(enrollment.enrollmentId, outbox.messagesFor(id).at(-1)!.code);
}, 5, 40);
server.close();

let failed = 0;
for (const { name, micros, budget } of results) {
  // Three times the budget: a margin for slow or busy machines, not for slow code.
  const bad = micros > budget * 3;
  if (bad) failed++;
  const figure = micros >= 1000 ? `${(micros / 1000).toFixed(2)} ms` : `${micros.toFixed(1)} µs`;
  const limit = budget >= 1000 ? `${budget / 1000} ms` : `${budget} µs`;
  console.log(`${bad ? 'FAIL' : micros <= budget ? 'ok  ' : 'slow'} ${name}: ${figure} (budget ${limit})`);
}
console.log(failed ? `bench: ${failed} far over budget` : 'bench: every figure within its budget');
process.exit(failed ? 1 : 0);
