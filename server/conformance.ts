/**
 * `mfa-elements conformance <base URL>`: checks any backend against protocol v1 (docs/protocol.md)
 * over HTTP, reading codes from its development outbox (`GET {base}/__dev/outbox`) when it has one
 * and moving its clock (`POST {base}/__dev/clock`) when it offers one. Prints a table; any failure
 * makes the exit code 1.
 */

/** One check's outcome. */
export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail?: string;
}

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** The protocol's base URL, e.g. `http://127.0.0.1:8000/api/mfa`. */
  baseUrl: string;
  /** Extra headers of the two users' sessions (a cookie, say); with none, cookies the backend sets are kept. */
  sessions?: [Record<string, string>, Record<string, string>];
  /** A mobile number the backend accepts (E.164); default a Japanese one. */
  phoneNumber?: string;
}

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
  headers: Headers;
}

class Failure extends Error {}
class Skip extends Error {}

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Failure(message);
}

/** A user's session: its headers and the cookies the backend set. */
class Session {
  private readonly cookies = new Map<string, string>();
  private keys = 0;

  constructor(
    private readonly base: string,
    private readonly headers: Record<string, string>,
    readonly name: string,
  ) {}

  async call(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> {
    const headers: Record<string, string> = { Accept: 'application/json', ...this.headers, ...extra };
    if (this.cookies.size) headers.Cookie = [headers.Cookie, ...[...this.cookies].map(([k, v]) => `${k}=${v}`)].filter(Boolean).join('; ');
    const hasBody = method === 'POST' || method === 'PATCH';
    if (hasBody) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${this.base}${path}`, { method, headers, body: hasBody ? JSON.stringify(body ?? {}) : undefined, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      if (at > 0) this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined, headers: response.headers };
  }

  /** A send, with a fresh Idempotency-Key unless one is given. */
  send(path: string, body: unknown, key = `conformance-${this.name}-${Date.now()}-${this.keys++}`): Promise<Answer> {
    return this.call('POST', path, body, { 'Idempotency-Key': key });
  }

  /** The codes the development outbox holds for this session, oldest first; undefined without one. */
  async codes(): Promise<string[] | undefined> {
    const answer = await this.call('GET', '/__dev/outbox');
    if (answer.status !== 200 || !Array.isArray(answer.body?.messages)) return undefined;
    return (answer.body.messages as { code?: unknown }[]).map((m) => String(m.code));
  }

  async lastCode(): Promise<string> {
    const codes = await this.codes();
    if (!codes) throw new Skip('the backend has no development outbox to read codes from');
    expect(codes.length, 'the development outbox holds no message after a send');
    return codes.at(-1)!;
  }
}

/** The error object of a non-2xx answer, checked against the protocol's shape. */
function errorOf(answer: Answer, status: number | number[], code: string): Record<string, unknown> {
  const statuses = Array.isArray(status) ? status : [status];
  const error = answer.body?.error as Record<string, unknown> | undefined;
  expect(statuses.includes(answer.status), `expected HTTP ${statuses.join(' or ')} with "${code}", got ${answer.status} ${JSON.stringify(answer.body ?? null)}`);
  expect(error && typeof error === 'object', `expected a body { "error": { "code": … } }, got ${JSON.stringify(answer.body ?? null)}`);
  expect(error.code === code, `expected error code "${code}", got "${String(error.code)}"`);
  expect(error.message === undefined || typeof error.message === 'string', '"message" must be a string when present');
  for (const field of ['attemptsLeft', 'retryAfter']) {
    expect(error[field] === undefined || (Number.isInteger(error[field]) && (error[field] as number) >= 0), `"${field}" must be a whole number when present`);
  }
  return error;
}

function delivery(answer: Answer, status: number, idField: 'enrollmentId' | 'challengeId'): Record<string, unknown> {
  expect(answer.status === status, `expected HTTP ${status}, got ${answer.status} ${JSON.stringify(answer.body ?? null)}`);
  const b = answer.body ?? {};
  expect(typeof b[idField] === 'string' && (b[idField] as string).length > 0, `"${idField}" must be a non-empty string`);
  expect(typeof b.maskedPhone === 'string', '"maskedPhone" must be a string');
  expect(b.method === 'sms' || b.method === 'voice', '"method" must be "sms" or "voice"');
  for (const field of ['codeLength', 'expiresIn', 'resendIn']) expect(Number.isInteger(b[field]) && (b[field] as number) >= 0, `"${field}" must be a whole number`);
  return b;
}

/** Runs every check; never throws. */
export async function runConformance(options: ConformanceOptions): Promise<CheckResult[]> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const phone = options.phoneNumber ?? '+819012345678';
  const a = new Session(base, options.sessions?.[0] ?? {}, 'a');
  const b = new Session(base, options.sessions?.[1] ?? {}, 'b');
  const results: CheckResult[] = [];
  const enroll = (s: Session, key?: string) => s.send('/enrollments', { phoneNumber: phone, method: 'sms' }, key);
  const wrong = (code: string) => (code[0] === '0' ? '1' : '0') + code.slice(1);

  /** Moves the backend's clock, when it offers one. */
  async function advance(seconds: number): Promise<void> {
    const answer = await a.call('POST', '/__dev/clock', { advance: seconds });
    if (answer.status !== 200) throw new Skip('the backend offers no test clock (POST {base}/__dev/clock)');
  }
  /** Waits out a resend cooldown: by the test clock, or for real when it is short. */
  async function waitFor(seconds: number): Promise<void> {
    if (seconds <= 0) return;
    try {
      await advance(seconds);
    } catch (error) {
      if (!(error instanceof Skip) || seconds > 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 200));
    }
  }

  async function check(name: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
      results.push({ name, status: 'pass' });
    } catch (error) {
      if (error instanceof Skip) results.push({ name, status: 'skip', detail: error.message });
      else results.push({ name, status: 'fail', detail: error instanceof Error ? error.message : String(error) });
    }
  }

  await check('enrollment: 201 with the documented fields', async () => {
    delivery(await enroll(a), 201, 'enrollmentId');
  });

  await check('idempotency: the same key answers the same and sends one message', async () => {
    const before = (await a.codes())?.length;
    const key = `conformance-idem-${Date.now()}`;
    const first = await enroll(a, key);
    const second = await enroll(a, key);
    delivery(first, 201, 'enrollmentId');
    expect(second.status === first.status, `the replay answered ${second.status}, the first ${first.status}`);
    expect(second.body?.enrollmentId === first.body?.enrollmentId, 'the replay names another enrollment');
    if (before === undefined) throw new Skip('answers match; without a development outbox the messages cannot be counted');
    expect((await a.codes())!.length === before + 1, 'two messages were sent for one key');
  });

  await check('bad input: invalid_phone_number, not_found, and the error shape', async () => {
    errorOf(await a.send('/enrollments', { phoneNumber: '+81123', method: 'sms' }), [400, 422], 'invalid_phone_number');
    errorOf(await a.send('/enrollments/enr_conformance_unknown/verify', { code: '123456' }), 404, 'not_found');
    errorOf(await a.call('DELETE', '/app-passwords/ap_conformance_unknown'), 404, 'not_found');
  });

  await check('resend cooldown: 429 rate_limited with retryAfter (body or Retry-After)', async () => {
    const started = delivery(await enroll(a), 201, 'enrollmentId');
    if (started.resendIn === 0) throw new Skip('the backend has no resend cooldown');
    const early = await a.send(`/enrollments/${started.enrollmentId}/resend`, {});
    const error = errorOf(early, 429, 'rate_limited');
    expect(Number.isInteger(error.retryAfter) || early.headers.get('Retry-After'), 'a cooldown must say how long to wait');
  });

  await check('attempt limit: attemptsLeft counts down, a resend never resets it, then too_many_attempts', async () => {
    const started = delivery(await enroll(a), 201, 'enrollmentId');
    const id = started.enrollmentId as string;
    const code = await a.lastCode();
    const first = errorOf(await a.send(`/enrollments/${id}/verify`, { code: wrong(code) }), [400, 422], 'invalid_code');
    expect(Number.isInteger(first.attemptsLeft), 'invalid_code must say attemptsLeft');
    const left = first.attemptsLeft as number;
    await waitFor(started.resendIn as number);
    delivery(await a.send(`/enrollments/${id}/resend`, {}), 200, 'enrollmentId');
    const fresh = await a.lastCode();
    let last: Answer | undefined;
    for (let i = 0; i < left; i++) {
      last = await a.send(`/enrollments/${id}/verify`, { code: wrong(fresh) });
      if (i < left - 1) expect(errorOf(last, [400, 422], 'invalid_code').attemptsLeft === left - 1 - i, 'attemptsLeft went up after a resend');
    }
    errorOf(last!, [423, 429], 'too_many_attempts');
    errorOf(await a.send(`/enrollments/${id}/verify`, { code: fresh }), [423, 429], 'too_many_attempts');
  });

  let appPasswordId: string | undefined;
  await check('single use: a verified code is refused the second time', async () => {
    const started = delivery(await enroll(a), 201, 'enrollmentId');
    const code = await a.lastCode();
    const done = await a.send(`/enrollments/${started.enrollmentId}/verify`, { code });
    expect(done.status === 200 && done.body?.status === 'enrolled', `expected 200 { status: "enrolled" }, got ${done.status} ${JSON.stringify(done.body ?? null)}`);
    appPasswordId = (done.body?.appPassword as { id?: string } | undefined)?.id;
    const again = await a.send(`/enrollments/${started.enrollmentId}/verify`, { code });
    expect(again.status >= 400, `the same code was accepted twice (HTTP ${again.status})`);
  });

  await check('sign-in challenge: 201, then verified', async () => {
    const started = delivery(await a.send('/challenges', {}), 201, 'challengeId');
    const done = await a.send(`/challenges/${started.challengeId}/verify`, { code: await a.lastCode(), rememberDevice: false });
    expect(done.status === 200 && done.body?.status === 'verified', `expected 200 { status: "verified" }, got ${done.status} ${JSON.stringify(done.body ?? null)}`);
  });

  await check('expiry: a code past expiresIn is 410 expired', async () => {
    const started = delivery(await a.send('/challenges', {}), 201, 'challengeId');
    const code = await a.lastCode();
    await advance((started.expiresIn as number) + 1);
    errorOf(await a.send(`/challenges/${started.challengeId}/verify`, { code }), 410, 'expired');
  });

  await check('app passwords: list, create (201, shown once), revoke (204), revoke again (404)', async () => {
    const created = await a.send('/app-passwords', { name: 'Conformance' });
    expect(created.status === 201, `expected 201, got ${created.status}`);
    for (const field of ['id', 'name', 'createdAt', 'password']) expect(typeof created.body?.[field] === 'string', `"${field}" must be a string`);
    const listed = await a.call('GET', '/app-passwords');
    expect(listed.status === 200 && Array.isArray(listed.body?.appPasswords), 'GET /app-passwords must answer { appPasswords: [...] }');
    const entry = (listed.body!.appPasswords as Record<string, unknown>[]).find((p) => p.id === created.body!.id);
    expect(entry, 'the new app password is not listed');
    expect(!('password' in entry), 'the list reveals a password');
    expect(entry.lastUsedAt === null || typeof entry.lastUsedAt === 'string', '"lastUsedAt" must be null or a string');
    expect((await a.call('DELETE', `/app-passwords/${created.body!.id}`)).status === 204, 'revoking must answer 204');
    errorOf(await a.call('DELETE', `/app-passwords/${created.body!.id}`), 404, 'not_found');
  });

  await check('isolation: another user cannot see or touch them', async () => {
    const started = delivery(await enroll(a), 201, 'enrollmentId');
    const code = await a.lastCode();
    errorOf(await b.send(`/enrollments/${started.enrollmentId}/verify`, { code }), 404, 'not_found');
    errorOf(await b.send(`/enrollments/${started.enrollmentId}/resend`, {}), 404, 'not_found');
    const theirs = await b.call('GET', '/app-passwords');
    expect(theirs.status === 200, `the second session answered ${theirs.status}`);
    if (appPasswordId) {
      expect(!(theirs.body!.appPasswords as { id: string }[]).some((p) => p.id === appPasswordId), 'another user sees the app password');
      // 404, or a step-up the other user has not passed (a backend may ask that first): either way
      // the password must still be there.
      const touched = await b.call('DELETE', `/app-passwords/${appPasswordId}`);
      if (touched.status === 403) errorOf(touched, 403, 'step_up_required');
      else errorOf(touched, 404, 'not_found');
      const mine = await a.call('GET', '/app-passwords');
      expect((mine.body?.appPasswords as { id: string }[] | undefined)?.some((p) => p.id === appPasswordId), 'another user revoked the app password');
    }
    const own = await a.send(`/enrollments/${started.enrollmentId}/verify`, { code });
    expect(own.status === 200, 'the owner could no longer verify after the other user tried');
  });

  /** The phone of `GET {base}/methods`, checked against the protocol's shape. */
  async function methodsOf(s: Session): Promise<Record<string, unknown> | null> {
    const answer = await s.call('GET', '/methods');
    expect(answer.status === 200, `GET /methods answered ${answer.status}`);
    expect(Number.isInteger(answer.body?.appPasswords) && (answer.body!.appPasswords as number) >= 0, '"appPasswords" must be a whole number');
    const phone = answer.body!.phone as Record<string, unknown> | null | undefined;
    expect(phone !== undefined, '"phone" must be an object or null');
    if (phone === null) return null;
    expect(typeof phone.maskedPhone === 'string', '"phone.maskedPhone" must be a string');
    expect(phone.method === 'sms' || phone.method === 'voice', '"phone.method" must be "sms" or "voice"');
    expect(phone.registeredAt === null || typeof phone.registeredAt === 'string', '"phone.registeredAt" must be a string or null');
    return phone;
  }

  await check('methods: GET /methods gives the phone on file, masked, or null', async () => {
    const phone = await methodsOf(a);
    expect(phone, 'a user with a phone enrolled has "phone": null');
    expect(!/\d{5}/.test(String(phone.maskedPhone)), `the number is not masked: ${String(phone.maskedPhone)}`);
    expect((await methodsOf(b)) === null, 'a user with no phone has a phone on file');
  });

  await check('text or call: PATCH /phone switches, and GET /methods says so', async () => {
    const toVoice = await a.call('PATCH', '/phone', { method: 'voice' });
    if (toVoice.status === 422) {
      errorOf(toVoice, 422, 'unsupported_region'); // this backend makes no calls
    } else {
      expect(toVoice.status === 200 && toVoice.body?.method === 'voice', `expected 200 { method: "voice" }, got ${toVoice.status} ${JSON.stringify(toVoice.body ?? null)}`);
      expect((await methodsOf(a))?.method === 'voice', 'GET /methods still says "sms"');
    }
    const toSms = await a.call('PATCH', '/phone', { method: 'sms' });
    expect(toSms.status === 200 && toSms.body?.method === 'sms', `expected 200 { method: "sms" }, got ${toSms.status}`);
    errorOf(await a.call('PATCH', '/phone', { method: 'fax' }), 400, 'invalid_request');
    errorOf(await b.call('PATCH', '/phone', { method: 'sms' }), 404, 'not_found');
  });

  // Last: it moves the clock past the step-up window.
  await check('phone change: refused as step_up_required without a fresh code from this session', async () => {
    await advance(24 * 3600);
    errorOf(await enroll(a), 403, 'step_up_required');
  });

  return results;
}

/** Prints `results` as a table. */
export function formatResults(results: CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  const mark = { pass: 'PASS', fail: 'FAIL', skip: 'skip' };
  const lines = results.map((r) => `${mark[r.status]}  ${r.name.padEnd(width)}${r.detail ? `  ${r.detail}` : ''}`);
  const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  return [...lines, '', `conformance: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`].join('\n');
}

const USAGE = 'Usage: mfa-elements conformance <base URL> [--session-a "Header: value"] [--session-b "Header: value"] [--phone +819012345678]';

/** The command: parses `args`, runs, prints; resolves to the exit code. */
export async function conformance(args: string[], print: (text: string) => void = (text) => process.stdout.write(`${text}\n`)): Promise<number> {
  let baseUrl: string | undefined;
  const sessions: [Record<string, string>, Record<string, string>] = [{}, {}];
  let phoneNumber: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--session-a' || arg === '--session-b') {
      const header = /^([^:]+):\s*(.*)$/.exec(args[++i] ?? '');
      if (!header) return (print(USAGE), 2);
      sessions[arg === '--session-a' ? 0 : 1][header[1]!.trim()] = header[2]!;
    } else if (arg === '--phone') phoneNumber = args[++i];
    else if (!baseUrl && /^https?:\/\//.test(arg)) baseUrl = arg;
    else return (print(USAGE), 2);
  }
  if (!baseUrl) return (print(USAGE), 2);
  const results = await runConformance({ baseUrl, sessions, phoneNumber });
  print(formatResults(results));
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}
