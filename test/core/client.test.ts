/**
 * The core client through the fetch transport, against the reference backend over real HTTP:
 * every protocol operation and every error code.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { MfaClient, normalizeAppPasswordName } from '../../src/client.js';
import { MfaError, isMfaError, type MfaErrorCode } from '../../src/errors.js';
import { createFetchTransport, parseRetryAfter, type FetchTransportOptions } from '../../src/fetch-transport.js';
import type { MfaChange, MfaTransport } from '../../src/types.js';
import { errors } from '../../locales/en.js';
import { ENDPOINT, advanceClock, failSends, lastCode, newSession, outbox, requests, respondNext } from '../support/api.js';

const PHONE = '+819012345678';

function client(options: Partial<FetchTransportOptions> = {}) {
  return new MfaClient({ baseUrl: ENDPOINT, ...options });
}

/** Runs `action` and returns the MfaError it rejects with (fails the test if it resolves). */
async function failure(action: Promise<unknown>, code?: MfaErrorCode): Promise<MfaError> {
  try {
    await action;
  } catch (error) {
    expect(isMfaError(error), `${error} is an MfaError`).to.equal(true);
    if (code) expect((error as MfaError).code).to.equal(code);
    return error as MfaError;
  }
  throw new Error('expected a rejection');
}

async function enrolled(c = client()) {
  const enrollment = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
  const result = await c.verifyEnrollment(enrollment.enrollmentId, await lastCode());
  return { enrollment, result };
}

describe('MfaClient over the fetch transport', () => {
  beforeEach(() => newSession());

  describe('enrollment', () => {
    it('starts an enrollment, sends one text with a WebOTP line and an Idempotency-Key', async () => {
      const enrollment = await client().startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      expect(enrollment).to.include({ maskedPhone: '+81 •• •••• 5678', method: 'sms', codeLength: 6, expiresIn: 600, resendIn: 30 });
      expect(enrollment.enrollmentId).to.match(/^enr_/);
      const [message] = await outbox();
      expect(message!.to).to.equal(PHONE);
      expect(message!.code).to.match(/^\d{6}$/);
      expect(message!.text.endsWith(`@${location.hostname} #${message!.code}`)).to.equal(true);
      const [request] = await requests();
      expect(request).to.include({ method: 'POST', path: '/enrollments' });
      expect(request!.idempotencyKey).to.match(/^[0-9a-f]{32}$/);
    });

    it('verifies the code and returns the one-time app password', async () => {
      const { result } = await enrolled();
      expect(result.status).to.equal('enrolled');
      expect(result.phone).to.deep.equal({ maskedPhone: '+81 •• •••• 5678', method: 'sms' });
      expect(result.appPassword!.password).to.match(/^[a-z]{16}$/);
    });

    it('accepts a pasted, full-width code', async () => {
      const c = client();
      const enrollment = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      const code = await lastCode();
      const fullWidth = [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
      const result = await c.verifyEnrollment(enrollment.enrollmentId, `Your code is ${fullWidth.slice(0, 3)} ${fullWidth.slice(3)}`);
      expect(result.status).to.equal('enrolled');
    });

    it('resends after the cooldown, by voice, and the older code stops working', async () => {
      const c = client();
      const enrollment = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      const first = await lastCode();
      await advanceClock(30);
      const again = await c.resendEnrollment(enrollment.enrollmentId, { method: 'voice' });
      expect(again).to.include({ enrollmentId: enrollment.enrollmentId, method: 'voice', resendIn: 30 });
      const messages = await outbox();
      expect(messages.map((m) => m.channel)).to.deep.equal(['sms', 'voice']);
      const second = messages[1]!.code;
      if (first !== second) await failure(c.verifyEnrollment(enrollment.enrollmentId, first), 'invalid_code');
      expect((await c.verifyEnrollment(enrollment.enrollmentId, second)).status).to.equal('enrolled');
    });

    it('sends one message for two requests with the same idempotency key', async () => {
      const c = client();
      const a = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' }, { idempotencyKey: 'same-action' });
      const b = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' }, { idempotencyKey: 'same-action' });
      expect(b.enrollmentId).to.equal(a.enrollmentId);
      expect(await outbox()).to.have.length(1);
    });
  });

  describe('sign-in challenge', () => {
    it('starts, resends and verifies a challenge, passing extra fields through', async () => {
      await newSession({ redirectUrl: '/home' });
      const c = client();
      await enrolled(c);
      const challenge = await c.startChallenge();
      expect(challenge).to.include({ maskedPhone: '+81 •• •••• 5678', method: 'sms', codeLength: 6, expiresIn: 300 });
      await advanceClock(30);
      const again = await c.resendChallenge(challenge.challengeId);
      expect(again.challengeId).to.equal(challenge.challengeId);
      const result = await c.verifyChallenge(challenge.challengeId, await lastCode(), { rememberDevice: true });
      expect(result).to.deep.equal({ status: 'verified', redirectUrl: '/home' });
      const verify = (await requests()).at(-1)!;
      expect(verify.path).to.equal(`/challenges/${challenge.challengeId}/verify`);
      expect(verify.idempotencyKey, 'verifications carry no key').to.equal(undefined);
    });

    it('answers not_found when no phone is enrolled', async () => {
      await failure(client().startChallenge(), 'not_found');
    });
  });

  describe('app passwords', () => {
    it('lists, creates and revokes, never listing a secret', async () => {
      const c = client();
      const created = await c.createAppPassword('  Thunderbird  ');
      expect(created.name).to.equal('Thunderbird');
      expect(created.password).to.match(/^[a-z]{16}$/);
      const list = await c.listAppPasswords();
      expect(list).to.deep.equal([{ id: created.id, name: 'Thunderbird', createdAt: created.createdAt, lastUsedAt: null }]);
      await c.revokeAppPassword(created.id);
      expect(await c.listAppPasswords()).to.deep.equal([]);
    });

    it('refuses empty and too long names before any request', async () => {
      const c = client();
      expect((await failure(c.createAppPassword('   '), 'invalid_input')).reason).to.equal('invalid_name');
      expect((await failure(c.createAppPassword('x'.repeat(65)), 'invalid_input')).reason).to.equal('invalid_name');
      expect(await c.createAppPassword('x'.repeat(64))).to.have.property('id');
      expect(await requests()).to.have.length(1);
    });

    it('refuses names with control, direction or invisible characters, on both sides', async () => {
      const hidden = ['Thunderbird\u202Egpj.exe', 'Mail\u0000', 'Mail\r\nBcc', 'Mail\u2066x\u2069', '\u200B', 'a\u200Db', 'a\u00ADb', 'a\u2028b', 'a\uE000', '\u3164', 'a\uFEFFb'];
      const c = client();
      for (const name of hidden) expect(() => normalizeAppPasswordName(name), JSON.stringify(name)).to.throw(/control, direction or invisible/);
      for (const name of hidden) {
        const response = await fetch(`${ENDPOINT}/app-passwords`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) });
        expect(response.status, JSON.stringify(name)).to.equal(422);
      }
      // Letters of any script, emoji with their variation selector, and a precomposed form are names.
      expect(normalizeAppPasswordName(' Thunderbird (ノートPC) ❤️ ')).to.equal('Thunderbird (ノートPC) ❤️');
      expect(normalizeAppPasswordName('Cafe\u0301')).to.equal('Café');
      expect(await c.listAppPasswords()).to.deep.equal([]);
    });
  });

  describe('server error codes', () => {
    it('invalid_phone_number for a landline', async () => {
      await failure(client().startEnrollment({ phoneNumber: '+81312345678', method: 'sms' }), 'invalid_phone_number');
    });

    it('unsupported_region for a region the backend does not send to', async () => {
      await newSession({ unsupportedRegions: ['KP'] });
      const error = await failure(client().startEnrollment({ phoneNumber: '+8501912345678', method: 'sms' }), 'unsupported_region');
      expect(error.status).to.equal(422);
    });

    it('invalid_code with attemptsLeft, then too_many_attempts', async () => {
      const c = client();
      const { enrollmentId } = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      const wrong = (await lastCode()) === '000000' ? '111111' : '000000';
      for (let left = 4; left >= 1; left--) {
        expect((await failure(c.verifyEnrollment(enrollmentId, wrong), 'invalid_code')).attemptsLeft).to.equal(left);
      }
      await failure(c.verifyEnrollment(enrollmentId, wrong), 'too_many_attempts');
      // Locked: even the right code and a resend are refused.
      await failure(c.verifyEnrollment(enrollmentId, await lastCode()), 'too_many_attempts');
      await advanceClock(30);
      await failure(c.resendEnrollment(enrollmentId), 'too_many_attempts');
    });

    it('expired after the code lifetime', async () => {
      const c = client();
      const { enrollmentId } = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      await advanceClock(601);
      const error = await failure(c.verifyEnrollment(enrollmentId, await lastCode()), 'expired');
      expect(error.status).to.equal(410);
    });

    it('rate_limited with retryAfter, as the reference backend answers a resend asked too soon', async () => {
      const c = client();
      const { enrollmentId } = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      await advanceClock(10);
      const error = await failure(c.resendEnrollment(enrollmentId), 'rate_limited');
      expect(error.retryAfter).to.equal(20);
      expect(error.status).to.equal(429);
    });

    it('not_found for an unknown enrollment and app password', async () => {
      await failure(client().verifyEnrollment('enr_unknown', '123456'), 'not_found');
      await failure(client().revokeAppPassword('ap_unknown'), 'not_found');
    });

    it('unauthorized without the session cookie', async () => {
      const error = await failure(client({ credentials: 'omit' }).listAppPasswords(), 'unauthorized');
      expect(error.status).to.equal(401);
    });

    it('server_error when the text provider fails, and a retry with the same key succeeds', async () => {
      const c = client();
      await failSends(true);
      await failure(c.startEnrollment({ phoneNumber: PHONE, method: 'sms' }, { idempotencyKey: 'k-1' }), 'server_error');
      await failSends(false);
      const enrollment = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' }, { idempotencyKey: 'k-1' });
      expect(enrollment.enrollmentId).to.match(/^enr_/);
      expect(await outbox()).to.have.length(1);
    });
  });

  describe('reading answers', () => {
    it('parses Retry-After given as seconds or as an HTTP date on a bare 429', async () => {
      await respondNext({ status: 429, headers: { 'Retry-After': '42' } });
      expect((await failure(client().listAppPasswords(), 'rate_limited')).retryAfter).to.equal(42);
      const date = new Date(Date.now() + 90_000).toUTCString();
      await respondNext({ status: 429, headers: { 'Retry-After': date } });
      const retryAfter = (await failure(client().listAppPasswords(), 'rate_limited')).retryAfter!;
      expect(retryAfter).to.be.within(88, 91);
      expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).to.equal(60);
      expect(parseRetryAfter('soon')).to.equal(undefined);
      expect([parseRetryAfter(undefined), parseRetryAfter('1.5'), parseRetryAfter('-5')]).to.deep.equal([undefined, undefined, undefined]);
    });

    it('keeps the server message; unknown codes map to server_error (5xx) or bad_response', async () => {
      await respondNext({ status: 503, body: { error: { code: 'maintenance', message: 'Back at 6' } } });
      const e1 = await failure(client().listAppPasswords(), 'server_error');
      expect(e1.message).to.equal('Back at 6');
      await respondNext({ status: 400, body: { error: { code: 'teapot', message: 'Odd' } } });
      expect((await failure(client().listAppPasswords(), 'bad_response')).message).to.equal('Odd');
      await respondNext({ status: 502, raw: '<html>Bad gateway</html>' });
      await failure(client().listAppPasswords(), 'server_error');
    });

    it('bad_response for non-JSON and for JSON of the wrong shape', async () => {
      await respondNext({ status: 200, raw: '<html>login</html>' });
      await failure(client().listAppPasswords(), 'bad_response');
      await respondNext({ status: 201, body: { enrollmentId: 'enr_1', maskedPhone: '+81', method: 'fax', codeLength: 6, expiresIn: 1, resendIn: 1 } });
      await failure(client().startEnrollment({ phoneNumber: PHONE, method: 'sms' }), 'bad_response');
      await respondNext({ status: 200, body: { appPasswords: [{ id: 'ap_1', name: 'x', createdAt: 'yesterday' }] } });
      await failure(client().listAppPasswords(), 'bad_response');
      await respondNext({ status: 200, body: { status: 'verified', redirectUrl: 42 } });
      await failure(client().verifyChallenge('chl_1', '123456'), 'bad_response');
    });

    it('never follows a redirect, which would carry the request elsewhere: a clear bad_response', async () => {
      await respondNext({ status: 307, headers: { Location: `${ENDPOINT}/elsewhere` } });
      const error = await failure(client().createAppPassword('Thunderbird'), 'bad_response');
      expect(error.message).to.match(/redirect/);
      expect((await requests()).map((r) => r.path)).to.deep.equal(['/app-passwords']);
    });

    it('a 3xx the browser hands back is an unknown status: bad_response', async () => {
      await respondNext({ status: 304 });
      await failure(client().listAppPasswords(), 'bad_response');
    });
  });

  describe('network, time-outs and cancellation', () => {
    it('network_error when the server cannot be reached', async () => {
      const unreachable = new MfaClient({ baseUrl: 'http://127.0.0.1:9/api/mfa', retries: 0 });
      await failure(unreachable.listAppPasswords(), 'network_error');
    });

    it('retries a send once after a network failure, with the same Idempotency-Key', async () => {
      const keys: (string | null)[] = [];
      let calls = 0;
      const flaky: typeof fetch = (input, init) => {
        keys.push(new Headers(init?.headers).get('Idempotency-Key'));
        return ++calls === 1 ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init);
      };
      const enrollment = await client({ fetch: flaky }).startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      expect(enrollment.enrollmentId).to.match(/^enr_/);
      expect(keys).to.have.length(2);
      expect(keys[0]).to.be.a('string').and.equal(keys[1]);
    });

    it('a delete whose answer was lost is done: the retry finding the password gone resolves, it is not not_found', async () => {
      const { result } = await enrolled();
      const id = result.appPassword!.id;
      let calls = 0;
      // The first DELETE reaches the server and deletes; its answer is lost on the way back.
      const lossy: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (init?.method === 'DELETE' && ++calls === 1) throw new TypeError('Failed to fetch');
        return response;
      };
      await client({ fetch: lossy }).revokeAppPassword(id);
      expect(calls).to.equal(2);
      expect((await client().listAppPasswords()).map((item) => item.id)).to.not.include(id);
      // Asked once and not found, it is still not_found: nothing says it was this call that deleted it.
      await failure(client().revokeAppPassword(id), 'not_found');
    });

    it('never retries a verification by itself', async () => {
      let calls = 0;
      const down: typeof fetch = () => (calls++, Promise.reject(new TypeError('Failed to fetch')));
      await failure(client({ fetch: down }).verifyEnrollment('enr_1', '123456'), 'network_error');
      expect(calls).to.equal(1);
    });

    it('timeout when the server is too slow', async () => {
      await respondNext({ status: 200, body: { appPasswords: [] }, delayMs: 1500 });
      const error = await failure(client({ timeoutMs: 200, retries: 0 }).listAppPasswords(), 'timeout');
      expect(error.message).to.match(/too long/);
    });

    it('aborted by the signal, before or during the request', async () => {
      const before = new AbortController();
      before.abort();
      await failure(client().listAppPasswords({ signal: before.signal }), 'aborted');
      expect(await requests()).to.have.length(0);
      await respondNext({ status: 200, body: { appPasswords: [] }, delayMs: 1500 });
      const during = new AbortController();
      const pending = client().listAppPasswords({ signal: during.signal });
      setTimeout(() => during.abort(), 50);
      await failure(pending, 'aborted');
    });

    it('invalid_input before any request for a number not in E.164 form or a malformed code', async () => {
      await failure(client().startEnrollment({ phoneNumber: '090-1234-5678', method: 'sms' }), 'invalid_input');
      await failure(client().startEnrollment({ phoneNumber: PHONE, method: 'fax' as 'sms' }), 'invalid_input');
      expect((await failure(client().verifyEnrollment('enr_1', 'abc'), 'invalid_input')).reason).to.equal('invalid_code');
      expect((await failure(client().revokeAppPassword(''), 'invalid_input')).reason).to.equal('invalid_id');
      // ".." would be resolved as a path step and reach another route.
      expect((await failure(client().revokeAppPassword('..'), 'invalid_input')).reason).to.equal('invalid_id');
      expect(await requests()).to.have.length(0);
    });

    it('throws nothing but MfaError, even when called wrongly from plain JavaScript', async () => {
      const untyped = (value: unknown) => value as never;
      for (const make of [() => new MfaClient(untyped({})), () => new MfaClient(untyped(undefined)), () => createFetchTransport(untyped({}))]) {
        let thrown: unknown;
        try {
          make();
        } catch (error) {
          thrown = error;
        }
        expect(isMfaError(thrown) && thrown.code, String(thrown)).to.equal('invalid_input');
      }
      await respondNext({ status: 200, body: { appPasswords: [] } });
      expect(await client().listAppPasswords(untyped(null))).to.deep.equal([]);
      await failure(client({ csrf: () => { throw new Error('no token'); } }).listAppPasswords(), 'invalid_input');
    });

    it('a request cancelled just as an error answer arrives is aborted, not that error', async () => {
      const controller = new AbortController();
      // The answer's headers are in when the caller cancels.
      const late: typeof fetch = async () => (controller.abort(), Response.json({ error: { code: 'server_error' } }, { status: 500 }));
      await failure(client({ fetch: late }).listAppPasswords({ signal: controller.signal }), 'aborted');
    });

    it('keeps absurd retry and timeout options within bounds', async () => {
      let calls = 0;
      const failing: typeof fetch = () => (calls++, Promise.reject(new TypeError('offline')));
      await failure(client({ fetch: failing, retries: Infinity }).listAppPasswords(), 'network_error');
      expect(calls, 'Infinity retries is the default one retry').to.equal(2);
      await respondNext({ status: 200, body: { appPasswords: [] }, delayMs: 50 });
      // 2^31 ms and more overflow setTimeout, which would then time out at once.
      expect(await client({ timeoutMs: 2 ** 32 }).listAppPasswords()).to.deep.equal([]);
    });
  });

  describe('headers', () => {
    function recording(seen: Headers[]): typeof fetch {
      return (input, init) => (seen.push(new Headers(init?.headers)), fetch(input, init));
    }

    afterEach(() => document.querySelector('meta[name="csrf-token"]')?.remove());

    it('sends the CSRF meta token as X-CSRF-Token when nothing else is configured', async () => {
      const meta = Object.assign(document.createElement('meta'), { name: 'csrf-token', content: 'meta-token' });
      document.head.append(meta);
      const seen: Headers[] = [];
      await client({ fetch: recording(seen) }).createAppPassword('Mail');
      expect(seen[0]!.get('X-CSRF-Token')).to.equal('meta-token');
      expect(seen[0]!.get('Content-Type')).to.equal('application/json');
      expect(seen[0]!.get('Accept')).to.equal('application/json');
    });

    it('sends the CSRF token on reads too, and never the meta token to another origin', async () => {
      document.head.append(Object.assign(document.createElement('meta'), { name: 'csrf-token', content: 'meta-token' }));
      const seen: Headers[] = [];
      await client({ fetch: recording(seen) }).listAppPasswords();
      expect(seen[0]!.get('X-CSRF-Token')).to.equal('meta-token');
      const elsewhere: typeof fetch = (_input, init) => (seen.push(new Headers(init?.headers)), Promise.resolve(Response.json({ appPasswords: [] })));
      await new MfaClient({ baseUrl: 'https://mfa.other.example/api', fetch: elsewhere }).listAppPasswords();
      expect(seen[1]!.get('X-CSRF-Token')).to.equal(null);
    });

    it('a configured CSRF header (value or function) wins over the meta tag, with extra headers', async () => {
      document.head.append(Object.assign(document.createElement('meta'), { name: 'csrf-token', content: 'meta-token' }));
      const seen: Headers[] = [];
      await client({ fetch: recording(seen), csrf: { name: 'X-XSRF', value: 'v1' }, headers: { 'X-Tenant': 'uni' } }).createAppPassword('A');
      await client({ fetch: recording(seen), csrf: () => ({ name: 'X-XSRF', value: 'v2' }) }).createAppPassword('B');
      expect(seen.map((h) => [h.get('X-XSRF'), h.get('X-CSRF-Token')])).to.deep.equal([
        ['v1', null],
        ['v2', null],
      ]);
      expect(seen[0]!.get('X-Tenant')).to.equal('uni');
    });
  });

  describe('change notifications', () => {
    /** Subscribes to `c`, collecting every change it reports. */
    function heard(c: MfaClient): MfaChange[] {
      const changes: MfaChange[] = [];
      c.subscribe((change) => changes.push(change));
      return changes;
    }

    it('reports an enrollment (and its app password), a created and a revoked password, with the caller as source', async () => {
      const c = client();
      const changes = heard(c);
      const source = {};
      const enrollment = await c.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      expect(changes, 'starting changes nothing yet').to.deep.equal([]);
      await c.verifyEnrollment(enrollment.enrollmentId, await lastCode(), { source });
      expect(changes).to.deep.equal([
        { kind: 'phone', phone: { maskedPhone: '+81 •• •••• 5678', method: 'sms' }, source },
        { kind: 'app-passwords', source },
      ]);
      const made = await c.createAppPassword('Thunderbird');
      await c.revokeAppPassword(made.id);
      await c.listAppPasswords();
      expect(changes.slice(2)).to.deep.equal([
        { kind: 'app-passwords', source: undefined },
        { kind: 'app-passwords', source: undefined },
      ]);
    });

    it('reads the methods, and reports a switch between text and call as a phone change', async () => {
      const c = client();
      await enrolled(c);
      const changes = heard(c);
      const methods = await c.getMethods();
      expect(methods.appPasswords).to.equal(1);
      expect(methods.phone).to.include({ maskedPhone: '+81 •• •••• 5678', method: 'sms' });
      expect(methods.offered).to.deep.equal(['sms', 'voice']);
      // A backend from before "offered" is still read; a wrong one is an answer not understood.
      await respondNext({ status: 200, body: { phone: null, appPasswords: 0 } });
      expect(await c.getMethods()).to.deep.equal({ phone: null, appPasswords: 0 });
      await respondNext({ status: 200, body: { phone: null, appPasswords: 0, offered: ['sms', 'fax'] } });
      await failure(c.getMethods(), 'bad_response');
      const phone = await c.setMethod('voice');
      expect(phone.method).to.equal('voice');
      expect(changes).to.deep.equal([{ kind: 'phone', phone: { maskedPhone: '+81 •• •••• 5678', method: 'voice' }, source: undefined }]);
      const request = (await requests()).at(-1)!;
      expect(request).to.include({ method: 'PATCH', path: '/phone' });
      await failure(c.removePhone(), 'phone_required');
      expect(changes).to.have.length(1);
    });

    it('reports nothing for a failed operation, nor after unsubscribing, and survives a failing listener', async () => {
      const c = client();
      const changes = heard(c);
      await respondNext({ status: 500, body: { error: { code: 'server_error' } } });
      await failure(c.createAppPassword('Mail'), 'server_error');
      await failure(c.verifyEnrollment('enr_nothing', '123456'), 'not_found');
      expect(changes).to.deep.equal([]);
      const reported = sinon.stub(window, 'reportError');
      try {
        const stop = c.subscribe(() => {
          throw new Error('listener failed');
        });
        const made = await c.createAppPassword('Mail');
        expect(made.name, 'the operation still succeeded').to.equal('Mail');
        expect(changes, 'the other listener still heard it').to.have.length(1);
        expect(reported.callCount).to.equal(1);
        expect((reported.firstCall.args[0] as Error).message).to.equal('listener failed');
        stop();
        await c.createAppPassword('Mail 2');
        expect(reported.callCount, 'the unsubscribed listener was not called').to.equal(1);
        expect(changes).to.have.length(2);
      } finally {
        reported.restore();
      }
    });
  });

  describe('custom transports', () => {
    it('anything a transport throws becomes an MfaError; answers are validated the same way', async () => {
      const throwing: MfaTransport = { send: () => Promise.reject(new Error('socket closed')) };
      const error = await failure(new MfaClient({ transport: throwing }).listAppPasswords(), 'network_error');
      expect((error.cause as Error).message).to.equal('socket closed');
      const wrong: MfaTransport = { send: async () => ({ nope: true }) };
      await failure(new MfaClient({ transport: wrong }).startChallenge(), 'bad_response');
    });

    it('hands the transport one operation with its idempotency key', async () => {
      const seen: unknown[] = [];
      const transport: MfaTransport = {
        async send(request, options) {
          seen.push({ request, key: typeof options.idempotencyKey });
          return { challengeId: 'c1', maskedPhone: '•• 78', method: 'voice', codeLength: 6, expiresIn: 300, resendIn: 30 };
        },
      };
      const challenge = await new MfaClient({ transport }).startChallenge({ method: 'voice' });
      expect(challenge.challengeId).to.equal('c1');
      expect(seen).to.deep.equal([{ request: { op: 'startChallenge', method: 'voice' }, key: 'string' }]);
    });
  });

  it('a transport created separately can be shared', async () => {
    const transport = createFetchTransport({ baseUrl: `${ENDPOINT}/` });
    expect((await new MfaClient({ transport }).listAppPasswords()).length).to.equal(0);
  });
});

describe('MfaError', () => {
  it('without a message, says the English text the elements show, made from its fields, as a property of its own that is not enumerable', () => {
    expect(new MfaError('network_error').message).to.equal(errors.network_error);
    expect(new MfaError('invalid_phone_number').message).to.equal(errors.invalid_phone_number);
    expect(new MfaError('invalid_code', '', { attemptsLeft: 2 }).message).to.equal('That code is not correct. 2 attempts left.');
    expect(new MfaError('bad_response', 'The list is not an array.').message).to.equal('The list is not an array.');
    expect(Object.getOwnPropertyDescriptor(new MfaError('timeout'), 'message')).to.include({ value: errors.timeout, enumerable: false });
  });
});
