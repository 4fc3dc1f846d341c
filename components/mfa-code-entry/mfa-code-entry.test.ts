import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { MfaClient } from '../../src/client.js';
import type { MfaError } from '../../src/errors.js';
import { createFetchTransport } from '../../src/fetch-transport.js';
import type { Enrollment, MfaRequest } from '../../src/types.js';
import { ENDPOINT, advanceClock, lastCode, newSession, outbox, requests, respondNext, until } from '../../test/support/api.js';
import './mfa-code-entry.js';
import type { MfaCodeEntry, MfaVerifiedDetail } from './mfa-code-entry.js';

const PHONE = '+819012345678';
const MASKED = '+81 •• •••• 5678';
/** As shown in running text: kept on one line. */
const SHOWN = `\u2066${MASKED.replaceAll(' ', '\u00a0')}\u2069`;

const part = <T extends HTMLElement = HTMLElement>(el: MfaCodeEntry, name: string) => el.shadowRoot!.querySelector<T>(`[part~='${name}']`);
const input = (el: MfaCodeEntry) => part<HTMLInputElement>(el, 'input')!;
const is = (el: MfaCodeEntry, state: string) => el.matches(`:state(${state})`);
/** The hidden live region that announces when a wait starts and ends. */
const announcer = (el: MfaCodeEntry) => el.shadowRoot!.querySelector('.visually-hidden[role=status]')!;
const text = (el: MfaCodeEntry, name: string) => part(el, name)?.textContent?.trim() ?? '';
const verifies = async () => (await requests()).filter((r) => /^\/challenges\/.+\/verify$/.test(r.path)).length;

/** Enrols the session's user, so that sign-in challenges can be started. */
async function enrollPhone(): Promise<void> {
  const client = new MfaClient({ baseUrl: ENDPOINT });
  const enrollment = await client.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
  await client.verifyEnrollment(enrollment.enrollmentId, await lastCode());
}

/** A sign-in element that already sent its code. */
async function sentChallenge(template = html`<mfa-code-entry endpoint=${ENDPOINT} auto-send></mfa-code-entry>`): Promise<MfaCodeEntry> {
  const el = await fixture<MfaCodeEntry>(template);
  await until(() => is(el, 'sent'), 5000, 'the code to be sent');
  return el;
}

/** Resend and "Call me instead" are unavailable: clicking them sends nothing, and the code in hand still works. */
async function sendsBlockedCodeWorks(el: MfaCodeEntry): Promise<void> {
  const before = (await requests()).length;
  click(el, 'resend-button');
  click(el, 'voice-button');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect((await requests()).length).to.equal(before);
  type(el, await lastCode());
  await until(() => is(el, 'verified'));
}

/** Types into the field the way the browser reports it: value, then an input event. */
function type(el: MfaCodeEntry, value: string, init: InputEventInit = {}): void {
  const field = input(el);
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', ...init }));
}

function paste(el: MfaCodeEntry, value: string): ClipboardEvent {
  const data = new DataTransfer();
  data.setData('text/plain', value);
  const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true });
  input(el).dispatchEvent(event);
  // Firefox hides the data of synthetic paste events; it then inserts the text itself, as here.
  if (!event.defaultPrevented) type(el, value, { inputType: 'insertFromPaste' });
  return event;
}

/** Real key presses, one at a time (WebKit's driver drops a repeated key typed in one go). */
async function press(keys: string): Promise<void> {
  for (const key of keys) await sendKeys({ press: key });
}

function enter(el: MfaCodeEntry, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, composed: true, ...init });
  input(el).dispatchEvent(event);
  return event;
}

const click = (el: MfaCodeEntry, name: string) => part(el, name)!.click();

/** Waits until nothing is being sent or checked. */
async function settled(el: MfaCodeEntry): Promise<void> {
  await el.updateComplete;
  await until(() => !is(el, 'sending') && !is(el, 'verifying'), 5000, 'the request to end');
  await el.updateComplete;
}

/** A code that is not the one just sent. */
async function wrongCode(): Promise<string> {
  return (await lastCode()).replace(/^./, (d) => String((Number(d) + 1) % 10));
}

/** A client whose transport records every request before the fetch transport sends it. */
function recordingClient(): { client: MfaClient; sent: MfaRequest[] } {
  const sent: MfaRequest[] = [];
  const inner = createFetchTransport({ baseUrl: ENDPOINT });
  return { sent, client: new MfaClient({ transport: { send: (request, options) => (sent.push(request), inner.send(request, options)) } }) };
}

/** A client whose requests reach the backend only after `ms`. */
function slowClient(ms: number): MfaClient {
  const inner = createFetchTransport({ baseUrl: ENDPOINT });
  return new MfaClient({ transport: { send: async (request, options) => (await new Promise((resolve) => setTimeout(resolve, ms)), inner.send(request, options)) } });
}

/**
 * A client whose next fetches fail as a dropped connection does (`network_error`) or hang until the
 * transport gives up (`timeout`); it records every attempt, reaching the backend or not.
 */
function flakyClient() {
  const attempts: { path: string; key: string | null }[] = [];
  let next: { kind: 'network_error' | 'timeout'; times: number } | undefined;
  const fetch: typeof globalThis.fetch = (url, init) => {
    attempts.push({ path: String(url).slice(ENDPOINT.length), key: new Headers(init?.headers).get('Idempotency-Key') });
    if (!next || next.times-- <= 0) return globalThis.fetch(url, init);
    if (next.kind === 'network_error') return Promise.reject(new TypeError('Failed to fetch'));
    return new Promise((_, reject) => init!.signal!.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
  };
  return {
    attempts,
    client: new MfaClient({ transport: createFetchTransport({ baseUrl: ENDPOINT, fetch, timeoutMs: 1000 }) }),
    failNext: (kind: 'network_error' | 'timeout', times: number) => void (next = { kind, times }),
  };
}

const FAILURES = {
  network_error: 'Could not connect. Check your connection and try again.',
  timeout: 'The server took too long to answer. Try again.',
} as const;

describe('<mfa-code-entry>', () => {
  beforeEach(async () => {
    await newSession({ redirectUrl: '/home' });
  });

  describe('accessibility (axe) in every state, in English and Japanese', () => {
    for (const lang of ['en', 'ja']) {
      it(`is accessible: initial, sent, error, locked and verified (${lang})`, async () => {
        await newSession({ limits: { maxAttempts: 2 } });
        await enrollPhone();
        const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}><mfa-code-entry endpoint=${ENDPOINT} with-remember-device></mfa-code-entry></div>`);
        const el = wrapper.querySelector('mfa-code-entry')!;
        await expect(el).to.be.accessible();

        click(el, 'send-button');
        await until(() => is(el, 'sent'));
        await expect(el).to.be.accessible();

        type(el, await wrongCode());
        await until(() => is(el, 'error'));
        expect(input(el).getAttribute('aria-invalid')).to.equal('true');
        await expect(el).to.be.accessible();

        type(el, await wrongCode());
        await until(() => is(el, 'locked'));
        await expect(el).to.be.accessible();

        const second = await sentChallenge(html`<mfa-code-entry lang=${lang} endpoint=${ENDPOINT} auto-send></mfa-code-entry>`);
        type(second, await lastCode());
        await until(() => is(second, 'verified'));
        await expect(second).to.be.accessible();
      });
    }
  });

  describe('sign-in challenge', () => {
    beforeEach(enrollPhone);

    it('waits for "Send code" without auto-send, then sends, says where the code went and focuses the field', async () => {
      const el = await fixture<MfaCodeEntry>(html`<mfa-code-entry endpoint=${ENDPOINT}></mfa-code-entry>`);
      const before = (await requests()).length;
      expect(text(el, 'send-button')).to.equal('Send code');
      expect(input(el)).to.equal(null);
      expect((await requests()).length).to.equal(before);

      const sent = oneEvent(document, 'mfa-code-sent');
      click(el, 'send-button');
      const event = (await sent) as HTMLElementEventMap['mfa-code-sent'];
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail).to.deep.equal({ flow: 'challenge', maskedPhone: MASKED, method: 'sms', resendIn: 30, expiresIn: 300 });
      await until(() => el.shadowRoot!.activeElement === input(el), 3000, 'focus on the field');
      expect(text(el, 'status')).to.equal(`We've sent a text message to your phone at ${SHOWN}.`);
      expect(part(el, 'status')!.getAttribute('role')).to.equal('status');
      expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
      const field = input(el);
      expect(field.getAttribute('autocomplete')).to.equal('one-time-code');
      expect(field.getAttribute('inputmode')).to.equal('numeric');
      expect(field.labels![0]!.textContent!.trim()).to.equal('Verification code');
      expect(field.getAttribute('aria-describedby')).to.include('hint');
      expect(el.shadowRoot!.querySelectorAll('input:not([type=checkbox])')).to.have.length(1);
      expect((await requests()).filter((r) => r.path === '/challenges')).to.have.length(1);
    });

    it('sends once at connect with auto-send, not again when moved in the page', async () => {
      const el = await sentChallenge();
      document.body.append(el);
      await el.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await requests()).filter((r) => r.path === '/challenges')).to.have.length(1);
      expect(is(el, 'sent')).to.equal(true);
      el.remove();
    });

    it('sends again, with the same key, when moved in the page while the first send was on its way', async () => {
      await respondNext({ status: 503, body: { error: { code: 'server_error' } }, delayMs: 1000 });
      const el = await fixture<MfaCodeEntry>(html`<mfa-code-entry endpoint=${ENDPOINT} auto-send></mfa-code-entry>`);
      await until(async () => (await requests()).some((r) => r.path === '/challenges'), 3000, 'the first send');
      document.body.append(el);
      await until(() => is(el, 'sent'), 5000, 'the code to be sent');
      const sends = (await requests()).filter((r) => r.path === '/challenges');
      expect(sends).to.have.length(2);
      expect(sends[1]!.idempotencyKey).to.be.a('string').and.equal(sends[0]!.idempotencyKey);
      expect(await outbox()).to.have.length(2);
      expect(is(el, 'error')).to.equal(false);
      el.remove();
    });

    it('asks for the method given in the method attribute', async () => {
      const el = await sentChallenge(html`<mfa-code-entry endpoint=${ENDPOINT} method="voice" auto-send></mfa-code-entry>`);
      expect((await outbox()).at(-1)!.channel).to.equal('voice');
      expect(text(el, 'status')).to.equal(`We're calling your phone at ${SHOWN} to tell you the code.`);
      expect(part(el, 'voice-button')).to.equal(null);
    });

    it('does not take focus from the page when it sends by itself', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div><input aria-label="elsewhere" /><mfa-code-entry endpoint=${ENDPOINT}></mfa-code-entry></div>`);
      const other = wrapper.querySelector('input')!;
      other.focus();
      const el = wrapper.querySelector('mfa-code-entry')!;
      el.autoSend = true;
      el.remove();
      wrapper.append(el);
      await until(() => is(el, 'sent'));
      await el.updateComplete;
      expect(document.activeElement === other, 'focus stays on the page').to.equal(true);
    });

    it('does not take focus the user moved elsewhere while the code was being sent', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div><input aria-label="elsewhere" /><mfa-code-entry .client=${slowClient(300)}></mfa-code-entry></div>`);
      const el = wrapper.querySelector('mfa-code-entry')!;
      part(el, 'send-button')!.focus();
      click(el, 'send-button');
      await until(() => is(el, 'sending'));
      const other = wrapper.querySelector('input')!;
      other.focus();
      await until(() => is(el, 'sent'));
      await el.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(document.activeElement === other, 'focus stays where the user put it').to.equal(true);
    });

    it('verifies a typed code by itself once complete, with the server result in mfa-verified', async () => {
      const el = await sentChallenge();
      const code = await lastCode();
      const verified = oneEvent(el, 'mfa-verified');
      // As the README listens: on the document, with the detail typed (this line is also a type check).
      let onDocument: MfaVerifiedDetail['flow'] | undefined;
      const listener = (event: DocumentEventMap['mfa-verified']) => (onDocument = event.detail.flow);
      document.addEventListener('mfa-verified', listener);
      type(el, code.slice(0, 3));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await verifies()).to.equal(0);
      type(el, code);
      const event = (await verified) as HTMLElementEventMap['mfa-verified'];
      document.removeEventListener('mfa-verified', listener);
      expect(onDocument).to.equal('challenge');
      expect(event.detail).to.deep.equal({ flow: 'challenge', result: { status: 'verified', redirectUrl: '/home' } });
      expect(is(el, 'verified')).to.equal(true);
      expect(text(el, 'status')).to.equal('Verified.');
      expect(input(el)).to.equal(null);
      expect(await verifies()).to.equal(1);
    });

    it('submits with a real keyboard: digits typed, then Enter, one request', async () => {
      const el = await sentChallenge();
      const code = await lastCode();
      input(el).focus();
      await press(code.slice(0, 5));
      expect(input(el).value).to.equal(code.slice(0, 5));
      await sendKeys({ press: 'Enter' });
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('Enter all 6 digits of the code.');
      expect(await verifies()).to.equal(0);
      await press(code.slice(5));
      await sendKeys({ press: 'Enter' });
      await until(() => is(el, 'verified'));
      expect(await verifies()).to.equal(1);
    });

    it('turns full-width digits, spaces and hyphens into the ASCII code as the user types', async () => {
      const el = await sentChallenge();
      type(el, '１２３ -');
      expect(input(el).value).to.equal('123');
      type(el, '12-3 4ab');
      expect(input(el).value).to.equal('1234');
      const code = await lastCode();
      const full = [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
      type(el, `${full.slice(0, 3)}－${full.slice(3)}`);
      expect(input(el).value).to.equal(code);
      await until(() => is(el, 'verified'));
    });

    it('takes the code out of a pasted message ("Your code is 123456")', async () => {
      const el = await sentChallenge();
      const code = await lastCode();
      paste(el, `Your code is ${code.slice(0, 3)} ${code.slice(3)}. Do not share it.`);
      expect(input(el).value).to.equal(code);
      await until(() => is(el, 'verified'));
      expect(await verifies()).to.equal(1);
    });

    it('neither validates nor submits while an IME is composing', async () => {
      const el = await sentChallenge();
      const code = await lastCode();
      const full = [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
      const field = input(el);
      field.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, composed: true }));
      type(el, full, { isComposing: true, inputType: 'insertCompositionText' });
      expect(field.value).to.equal(full);
      expect(enter(el, { isComposing: true }).defaultPrevented).to.equal(true);
      part<HTMLFormElement>(el, 'form')!.requestSubmit();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await verifies()).to.equal(0);
      expect(is(el, 'verifying') || is(el, 'error')).to.equal(false);

      field.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, composed: true, data: full }));
      expect(field.value).to.equal(code);
      await until(() => is(el, 'verified'));
      expect(await verifies()).to.equal(1);
    });

    it('can submit after leaving the field when the IME never said its composition ended', async () => {
      const el = await sentChallenge();
      const code = await lastCode();
      const full = [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
      const field = input(el);
      field.focus();
      field.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, composed: true }));
      type(el, full, { isComposing: true, inputType: 'insertCompositionText' });
      // Some IMEs drop the composition on blur without a compositionend.
      field.blur();
      click(el, 'verify-button');
      await until(() => is(el, 'verified'), 3000, 'the code to be verified');
      expect(await verifies()).to.equal(1);
    });

    it('input, paste, Enter, the Verify button and autofill together make exactly one verify request', async () => {
      const el = await sentChallenge();
      const code = await lastCode();
      const events: string[] = [];
      el.addEventListener('mfa-verified', () => events.push('verified'));
      el.addEventListener('mfa-error', () => events.push('error'));
      type(el, code);
      paste(el, code);
      enter(el);
      part<HTMLFormElement>(el, 'form')!.requestSubmit();
      click(el, 'verify-button');
      type(el, code, { inputType: 'insertReplacementText' });
      await until(() => is(el, 'verified'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await verifies()).to.equal(1);
      expect(events).to.deep.equal(['verified']);
    });

    it('the Verify button first, then the input event: still one request', async () => {
      const el = await sentChallenge();
      const code = await lastCode();
      input(el).value = code;
      click(el, 'verify-button');
      type(el, code);
      paste(el, code);
      await until(() => is(el, 'verified'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await verifies()).to.equal(1);
    });

    it('sends rememberDevice with the checkbox, checked or not', async () => {
      const { client, sent } = recordingClient();
      for (const checked of [false, true]) {
        const el = await sentChallenge(html`<mfa-code-entry .client=${client} with-remember-device auto-send></mfa-code-entry>`);
        const box = part(el, 'remember-device')!;
        expect(box.textContent!.trim()).to.equal("Don't ask again on this device");
        const checkbox = box.querySelector('input')!;
        const rect = checkbox.getBoundingClientRect();
        expect(rect.width >= 24 && rect.height >= 24).to.equal(true);
        if (checked) checkbox.click();
        type(el, await lastCode());
        await until(() => is(el, 'verified'));
        expect(sent.at(-1)).to.include({ op: 'verifyChallenge', rememberDevice: checked });
      }
    });

    it('has no remember-device checkbox without with-remember-device', async () => {
      const el = await sentChallenge();
      expect(part(el, 'remember-device')).to.equal(null);
    });

    it('keeps every target at least 24 × 24 px', async () => {
      const el = await sentChallenge();
      for (const name of ['input', 'verify-button', 'resend-button', 'voice-button']) {
        const rect = part(el, name)!.getBoundingClientRect();
        expect(rect.width, name).to.be.at.least(24);
        expect(rect.height, name).to.be.at.least(24);
      }
    });

    it('never puts the code in an attribute, an event, the console, a URL or storage', async () => {
      const el = await sentChallenge();
      const code = await lastCode();
      const details: unknown[] = [];
      for (const name of ['mfa-verified', 'mfa-error', 'mfa-code-sent']) el.addEventListener(name, (e) => details.push((e as CustomEvent).detail));
      const log = sinon.spy(console, 'log');
      const warn = sinon.spy(console, 'warn');
      const error = sinon.spy(console, 'error');
      // Whole URLs, query strings included, of everything the page fetches from here on.
      const urls: PerformanceEntry[] = [];
      const fetched = new PerformanceObserver((list) => urls.push(...list.getEntries()));
      fetched.observe({ type: 'resource' });
      try {
        type(el, code);
        await until(() => is(el, 'verified'));
        // Room for anything slower than the verification (a stray request, a late write) to show.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const attributes = [el, ...el.shadowRoot!.querySelectorAll('*')].flatMap((node) => [...node.attributes].map((a) => a.value));
        expect(attributes.join(' ')).not.to.include(code);
        expect(JSON.stringify(details)).not.to.include(code);
        expect(details).to.have.length(1);
        expect([...log.args, ...warn.args, ...error.args].flat().join(' ')).not.to.include(code);
        expect(location.href).not.to.include(code);
        const paths = (await requests()).map((r) => r.path);
        expect(paths.some((p) => /\/verify$/.test(p))).to.equal(true);
        expect(paths.join(' ')).not.to.include(code);
        const fetchedUrls = [...urls, ...fetched.takeRecords()].map((e) => e.name);
        expect(fetchedUrls.some((url) => url.includes('/verify')), 'the observer saw the verification').to.equal(true);
        expect(fetchedUrls.join(' ')).not.to.include(code);
        const stored = (storage: Storage) => Object.keys(storage).map((k) => `${k}=${storage.getItem(k)}`).join(' ');
        expect(stored(localStorage) + stored(sessionStorage)).not.to.include(code);
      } finally {
        log.restore();
        warn.restore();
        error.restore();
        fetched.disconnect();
      }
    });
  });

  describe('resend, voice and the countdown', () => {
    beforeEach(enrollPhone);

    it('disables Resend and "Call me instead" while resendIn runs, counts down visibly and announces only start and end', async () => {
      await newSession({ limits: { resendCooldown: 2 } });
      await enrollPhone();
      const el = await sentChallenge();
      const region = announcer(el);
      const announced: string[] = [region.textContent!.trim()];
      new MutationObserver(() => announced.push(region.textContent!.trim())).observe(region, { childList: true, subtree: true, characterData: true });
      const statusChanges: string[] = [];
      new MutationObserver(() => statusChanges.push(text(el, 'status'))).observe(part(el, 'status')!, { childList: true, subtree: true, characterData: true });

      expect(part(el, 'resend-button')!.getAttribute('aria-disabled')).to.equal('true');
      expect(part(el, 'voice-button')!.getAttribute('aria-disabled')).to.equal('true');
      expect(part(el, 'verify-button')!.getAttribute('aria-disabled')).to.equal('false');
      expect(text(el, 'countdown')).to.equal('You can ask for a new code in 0:02.');
      expect(part(el, 'countdown')!.closest('[aria-live],[role=status],[role=alert]')).to.equal(null);
      expect(part(el, 'help'), 'no help while the wait runs').to.equal(null);
      click(el, 'resend-button');
      await until(() => text(el, 'countdown') === 'You can ask for a new code in 0:01.', 3000, 'the countdown to tick');
      await until(() => part(el, 'resend-button')!.getAttribute('aria-disabled') === 'false', 3000, 'resend to be allowed');
      expect(part(el, 'countdown')).to.equal(null);
      expect(part(el, 'voice-button')!.getAttribute('aria-disabled')).to.equal('false');
      expect(text(el, 'help')).to.equal('No text yet? It can take a minute to arrive. You can ask for a new code, or for a call.');
      expect(part(el, 'help')!.closest('[aria-live],[role=status],[role=alert]')).to.equal(null);
      expect(announced.filter(Boolean)).to.deep.equal(['You can ask for a new code in 2 seconds.', 'You can now ask for a new code.']);
      expect(statusChanges).to.deep.equal([]);
      expect((await requests()).filter((r) => r.path.endsWith('/resend'))).to.have.length(0);
    });

    it('keeps the countdown right when the tab was in the background (timers throttled)', async () => {
      const el = await sentChallenge();
      expect(text(el, 'countdown')).to.equal('You can ask for a new code in 0:30.');
      // Only the clock moves, as in a background tab where timers do not fire.
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      try {
        clock.tick(25_000);
        document.dispatchEvent(new Event('visibilitychange'));
        await el.updateComplete;
        expect(text(el, 'countdown')).to.equal('You can ask for a new code in 0:05.');
        clock.tick(6_000);
        document.dispatchEvent(new Event('visibilitychange'));
        await el.updateComplete;
        expect(part(el, 'countdown')).to.equal(null);
        expect(part(el, 'resend-button')!.getAttribute('aria-disabled')).to.equal('false');
      } finally {
        clock.restore();
      }
    });

    it('resends, says older codes no longer work, and the older code is refused', async () => {
      await newSession({ limits: { resendCooldown: 0 } });
      await enrollPhone();
      const el = await sentChallenge();
      const old = await lastCode();
      const sent = oneEvent(el, 'mfa-code-sent');
      click(el, 'resend-button');
      expect((await sent).detail.flow).to.equal('challenge');
      expect(text(el, 'status')).to.equal(`We've sent a text message to your phone at ${SHOWN}. Codes sent earlier no longer work.`);
      expect((await requests()).filter((r) => r.path.endsWith('/resend'))).to.have.length(1);
      const fresh = await lastCode();
      if (fresh !== old) {
        type(el, old);
        await until(() => is(el, 'error'));
        expect(text(el, 'error')).to.match(/^That code is not correct/);
      }
      type(el, fresh);
      await until(() => is(el, 'verified'));
    });

    it('"Call me instead" resends by voice call, and "Text me instead" goes back to texts', async () => {
      await newSession({ limits: { resendCooldown: 0 } });
      await enrollPhone();
      const el = await sentChallenge();
      expect(text(el, 'voice-button')).to.equal('Call me instead');
      expect(part(el, 'text-button')).to.equal(null);
      const sent = oneEvent(el, 'mfa-code-sent');
      click(el, 'voice-button');
      expect((await sent).detail.method).to.equal('voice');
      expect((await outbox()).at(-1)!.channel).to.equal('voice');
      expect(text(el, 'status')).to.include(`We're calling your phone at ${SHOWN}`);
      expect(part(el, 'voice-button')).to.equal(null);
      expect(text(el, 'help')).to.equal('No call yet? You can ask for a new code, or for a text message.');
      expect(text(el, 'text-button')).to.equal('Text me instead');
      const texted = oneEvent(el, 'mfa-code-sent');
      click(el, 'text-button');
      expect((await texted).detail.method).to.equal('sms');
      expect((await outbox()).at(-1)!.channel).to.equal('sms');
      expect(text(el, 'voice-button')).to.equal('Call me instead');
      type(el, await lastCode());
      await until(() => is(el, 'verified'));
    });

    it('offers no call where methods leaves voice out (a backend that cannot call)', async () => {
      await newSession({ limits: { resendCooldown: 0 } });
      await enrollPhone();
      const el = await sentChallenge(html`<mfa-code-entry endpoint=${ENDPOINT} methods="sms" auto-send></mfa-code-entry>`);
      await until(() => part(el, 'help'), 3000, 'the help line');
      expect(part(el, 'voice-button')).to.equal(null);
      expect(text(el, 'help')).to.equal('No text yet? It can take a minute to arrive. You can ask for a new code.');
      expect(text(el, 'resend-button')).to.equal('Resend code');
    });
  });

  describe('errors keep the user in place', () => {
    beforeEach(enrollPhone);

    it('wrong code: says how many attempts are left, clears and focuses the field', async () => {
      const el = await sentChallenge();
      const failed = oneEvent(el, 'mfa-error');
      input(el).focus();
      type(el, await wrongCode());
      const event = (await failed) as HTMLElementEventMap['mfa-error'];
      expect(event.detail.error.code).to.equal('invalid_code');
      expect(event.detail.error.attemptsLeft).to.equal(4);
      await el.updateComplete;
      expect(text(el, 'error')).to.equal('That code is not correct. 4 attempts left.');
      expect(input(el).value).to.equal('');
      expect(input(el).getAttribute('aria-invalid')).to.equal('true');
      expect(input(el).getAttribute('aria-describedby')).to.include('error');
      await until(() => el.shadowRoot!.activeElement === input(el), 3000, 'focus on the field');
      expect(is(el, 'error') && is(el, 'sent')).to.equal(true);
      type(el, await lastCode());
      await until(() => is(el, 'verified'));
      expect(text(el, 'error')).to.equal('');
    });

    it('wrong code inside another shadow root (as in enrollment): the field gets focus back', async () => {
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      const root = host.attachShadow({ mode: 'open' });
      const el = document.createElement('mfa-code-entry');
      el.endpoint = ENDPOINT;
      el.autoSend = true;
      root.append(el);
      await until(() => is(el, 'sent'), 5000, 'the code to be sent');
      // Focus is in the element (on its Verify button) while the page's focus is on the outer host.
      part(el, 'verify-button')!.focus();
      const failed = oneEvent(el, 'mfa-error');
      type(el, await wrongCode());
      await failed;
      await until(() => el.shadowRoot!.activeElement === input(el), 3000, 'focus on the field');
      expect(input(el).value).to.equal('');
    });

    it('expired code: says so and offers the resend button', async () => {
      await newSession({ limits: { resendCooldown: 0 } });
      await enrollPhone();
      const el = await sentChallenge();
      await advanceClock(301);
      input(el).focus();
      type(el, await lastCode());
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('This code has expired. Send a new code.');
      await until(() => el.shadowRoot!.activeElement === part(el, 'resend-button'), 3000, 'focus on resend');
      click(el, 'resend-button');
      await settled(el);
      expect(text(el, 'error')).to.equal('');
      type(el, await lastCode());
      await until(() => is(el, 'verified'));
    });

    it('a code whose time has run out says so at once: no request, no mfa-error, focus left alone; a new code clears it', async () => {
      await newSession({ limits: { resendCooldown: 0, challengeTtl: 2 } });
      await enrollPhone();
      const el = await sentChallenge();
      let errors = 0;
      el.addEventListener('mfa-error', () => errors++);
      input(el).focus();
      type(el, '12');
      expect(text(el, 'error')).to.equal('');
      await until(() => text(el, 'error') !== '', 6000, 'the code to run out');
      expect(text(el, 'error')).to.equal('This code has expired. Send a new code.');
      expect(input(el).getAttribute('aria-invalid')).to.equal('true');
      expect(el.shadowRoot!.activeElement).to.equal(input(el));
      expect(input(el).value, 'what was typed stays').to.equal('12');
      expect([errors, await verifies()]).to.deep.equal([0, 0]);
      await expect(el).to.be.accessible();
      click(el, 'resend-button');
      await settled(el);
      expect(text(el, 'error')).to.equal('');
    });

    it('too many attempts: hides the field, explains and locks', async () => {
      await newSession({ limits: { maxAttempts: 1 } });
      await enrollPhone();
      const el = await sentChallenge();
      input(el).focus();
      type(el, await wrongCode());
      await until(() => is(el, 'locked'));
      expect(input(el)).to.equal(null);
      expect(part(el, 'verify-button')).to.equal(null);
      expect(part(el, 'resend-button')).to.equal(null);
      expect(text(el, 'error')).to.equal('Too many wrong codes. For your security, start again later.');
      await until(() => el.shadowRoot!.activeElement === part(el, 'error'), 3000, 'focus on the explanation');
    });

    it('rate limited resend: says how long to wait and disables only sending', async () => {
      await newSession({ limits: { resendCooldown: 0 } });
      await enrollPhone();
      const el = await sentChallenge();
      await respondNext({ status: 429, body: { error: { code: 'rate_limited', retryAfter: 20 } } });
      click(el, 'resend-button');
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('Too many requests. Try again in 20 seconds.');
      expect(part(el, 'resend-button')!.getAttribute('aria-disabled')).to.equal('true');
      expect(part(el, 'voice-button')!.getAttribute('aria-disabled')).to.equal('true');
      expect(text(el, 'countdown')).to.equal('You can ask for a new code in 0:20.');
      expect(part(el, 'verify-button')!.getAttribute('aria-disabled')).to.equal('false');
      await sendsBlockedCodeWorks(el);
    });

    it('rate limited resend: the message goes when the wait is over', async () => {
      await newSession({ limits: { resendCooldown: 0 } });
      await enrollPhone();
      const el = await sentChallenge();
      await respondNext({ status: 429, body: { error: { code: 'rate_limited', retryAfter: 1 } } });
      click(el, 'resend-button');
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('Too many requests. Try again in 1 second.');
      await until(() => part(el, 'resend-button')!.getAttribute('aria-disabled') === 'false', 3000, 'resend to be allowed');
      expect(text(el, 'error')).to.equal('');
      expect(is(el, 'error')).to.equal(false);
    });

    it('no more codes for this sign-in: back to "Send code", which starts a new challenge', async () => {
      await newSession({ limits: { resendCooldown: 0, maxSends: 1 } });
      await enrollPhone();
      const el = await sentChallenge();
      const failed = oneEvent(el, 'mfa-error');
      part(el, 'resend-button')!.focus();
      click(el, 'resend-button');
      const { error } = ((await failed) as HTMLElementEventMap['mfa-error']).detail;
      expect([error.code, error.retryAfter]).to.deep.equal(['rate_limited', undefined]);
      await settled(el);
      expect(is(el, 'sent')).to.equal(false);
      expect(input(el)).to.equal(null);
      expect(text(el, 'error')).to.equal('No more codes can be sent for this sign-in. Send a new code to start again.');
      expect(part(el, 'send-button')!.getAttribute('aria-disabled')).to.equal('false');
      await until(() => el.shadowRoot!.activeElement === part(el, 'send-button'), 3000, 'focus on "Send code"');
      await expect(el).to.be.accessible();
      click(el, 'send-button');
      await until(() => is(el, 'sent'));
      expect(text(el, 'error')).to.equal('');
      expect((await requests()).filter((r) => r.path === '/challenges')).to.have.length(2);
      type(el, await lastCode());
      await until(() => is(el, 'verified'));
    });

    for (const action of ['verify', 'resend']) {
      it(`a challenge gone from the server (on ${action}): back to "Send code", which starts a new one`, async () => {
        await newSession({ limits: { resendCooldown: 0 } });
        await enrollPhone();
        const el = await sentChallenge();
        const code = await lastCode();
        // A pending challenge is dropped a day after its last code.
        await advanceClock(86_401);
        input(el).focus();
        if (action === 'verify') type(el, code);
        else click(el, 'resend-button');
        await until(() => is(el, 'error'));
        await settled(el);
        expect(is(el, 'sent')).to.equal(false);
        expect(text(el, 'error')).to.equal('This sign-in request is no longer valid. Send a new code to start again.');
        expect(part(el, 'send-button')!.getAttribute('aria-disabled')).to.equal('false');
        await until(() => el.shadowRoot!.activeElement === part(el, 'send-button'), 3000, 'focus on "Send code"');
        click(el, 'send-button');
        await until(() => is(el, 'sent'));
        type(el, await lastCode());
        await until(() => is(el, 'verified'));
      });
    }

    it('rate limited verification: waits before checking again, sending stays possible, and says when the wait is over', async () => {
      await newSession({ limits: { resendCooldown: 0 } });
      await enrollPhone();
      const el = await sentChallenge();
      const region = announcer(el);
      const announced: string[] = [];
      new MutationObserver(() => announced.push(region.textContent!.trim())).observe(region, { childList: true, subtree: true, characterData: true });
      await respondNext({ status: 429, body: { error: { code: 'rate_limited', retryAfter: 2 } } });
      type(el, await lastCode());
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('Too many requests. Try again in 2 seconds.');
      expect(part(el, 'verify-button')!.getAttribute('aria-disabled')).to.equal('true');
      expect(part(el, 'resend-button')!.getAttribute('aria-disabled')).to.equal('false');
      expect(input(el).value).to.have.length(6);
      await until(() => part(el, 'verify-button')!.getAttribute('aria-disabled') === 'false', 3000, 'verify to be allowed');
      await el.updateComplete;
      expect(is(el, 'error')).to.equal(false);
      expect(text(el, 'error')).to.equal('');
      expect(announced.filter(Boolean)).to.deep.equal(['You can enter a code again.']);
      click(el, 'verify-button');
      await until(() => is(el, 'verified'));
      expect(await verifies()).to.equal(2);
    });

    it('rate limited first send: says how long, counts down and then allows sending', async () => {
      await respondNext({ status: 429, body: { error: { code: 'rate_limited' } }, headers: { 'Retry-After': '2' } });
      const el = await fixture<MfaCodeEntry>(html`<mfa-code-entry endpoint=${ENDPOINT} auto-send></mfa-code-entry>`);
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('Too many requests. Try again in 2 seconds.');
      expect(part(el, 'send-button')!.getAttribute('aria-disabled')).to.equal('true');
      expect(text(el, 'countdown')).to.match(/^You can ask for a new code in 0:0[12]\.$/);
      click(el, 'send-button');
      await el.updateComplete;
      expect(is(el, 'sending')).to.equal(false);
      await until(() => part(el, 'send-button')!.getAttribute('aria-disabled') === 'false', 4000, 'sending to be allowed');
      click(el, 'send-button');
      await until(() => is(el, 'sent'));
      expect((await requests()).filter((r) => r.path === '/challenges')).to.have.length(2);
    });

    it('rate limited first send without a wait: "Send code" stays usable', async () => {
      await respondNext({ status: 429, body: { error: { code: 'rate_limited' } } });
      const el = await fixture<MfaCodeEntry>(html`<mfa-code-entry endpoint=${ENDPOINT} auto-send></mfa-code-entry>`);
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('Too many requests. Try again later.');
      expect(part(el, 'send-button')!.getAttribute('aria-disabled')).to.equal('false');
      click(el, 'send-button');
      await until(() => is(el, 'sent'));
    });

    it('focuses the field when the host is focused', async () => {
      const el = await sentChallenge();
      el.focus();
      expect(el.shadowRoot!.activeElement === input(el), 'focus on the field').to.equal(true);
    });

    it('a failed first send can be retried with the same idempotency key', async () => {
      await respondNext({ status: 503, body: { error: { code: 'server_error' } } });
      const el = await fixture<MfaCodeEntry>(html`<mfa-code-entry endpoint=${ENDPOINT} auto-send></mfa-code-entry>`);
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('Something went wrong on our side. Try again.');
      expect(is(el, 'sent')).to.equal(false);
      click(el, 'send-button');
      await until(() => is(el, 'sent'));
      const sends = (await requests()).filter((r) => r.path === '/challenges');
      expect(sends).to.have.length(2);
      expect(sends[0]!.idempotencyKey).to.be.a('string').and.equal(sends[1]!.idempotencyKey);
      expect(await outbox()).to.have.length(2);
    });

    it('a failed resend retried reuses its key, also after an answer it could not read; another action gets a fresh one', async () => {
      await newSession({ limits: { resendCooldown: 0 } });
      await enrollPhone();
      const el = await sentChallenge();
      await respondNext({ status: 200, raw: 'not json' });
      click(el, 'resend-button');
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('The server sent an unexpected answer. Try again.');
      await respondNext({ status: 502, body: { error: { code: 'server_error' } } });
      click(el, 'resend-button');
      await settled(el);
      expect(text(el, 'error')).to.equal('Something went wrong on our side. Try again.');
      click(el, 'resend-button');
      await settled(el);
      expect(is(el, 'error')).to.equal(false);
      click(el, 'voice-button');
      await settled(el);
      expect(part(el, 'voice-button')).to.equal(null);
      const keys = (await requests()).filter((r) => r.path.endsWith('/resend')).map((r) => r.idempotencyKey);
      expect(keys).to.have.length(4);
      // A 2xx it could not read: the server may well have sent the code, so the retry is the same send.
      expect(keys[0]).to.equal(keys[1]);
      expect(keys[1]).to.equal(keys[2]);
      expect(keys[3]).not.to.equal(keys[2]);
    });

    it('a failed verification keeps the code and can be retried', async () => {
      const el = await sentChallenge();
      const code = await lastCode();
      await respondNext({ status: 500, body: { error: { code: 'server_error' } } });
      type(el, code);
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('Something went wrong on our side. Try again.');
      expect(input(el).value).to.equal(code);
      paste(el, code);
      type(el, code);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await verifies()).to.equal(1);
      click(el, 'verify-button');
      await until(() => is(el, 'verified'));
      expect(await verifies()).to.equal(2);
    });

    for (const kind of ['network_error', 'timeout'] as const) {
      it(`a verification that failed with ${kind} keeps the code and can be retried`, async () => {
        const { client, failNext } = flakyClient();
        const el = await sentChallenge(html`<mfa-code-entry .client=${client} auto-send></mfa-code-entry>`);
        const code = await lastCode();
        failNext(kind, 1);
        type(el, code);
        await until(() => is(el, 'error'), 5000, 'the error');
        await settled(el);
        expect(text(el, 'error')).to.equal(FAILURES[kind]);
        expect(input(el).value).to.equal(code);
        expect(input(el).getAttribute('aria-invalid')).to.equal('false');
        expect(part(el, 'verify-button')!.getAttribute('aria-disabled')).to.equal('false');
        click(el, 'verify-button');
        await until(() => is(el, 'verified'));
        expect(await verifies()).to.equal(1);
      });

      it(`a resend that failed with ${kind} keeps the field and is retried with the same key`, async () => {
        await newSession({ limits: { resendCooldown: 0 } });
        await enrollPhone();
        const { client, failNext, attempts } = flakyClient();
        const el = await sentChallenge(html`<mfa-code-entry .client=${client} auto-send></mfa-code-entry>`);
        type(el, '12');
        // The transport tries a keyed send twice by itself before giving up.
        failNext(kind, 2);
        click(el, 'resend-button');
        await until(() => is(el, 'error'), 5000, 'the error');
        await settled(el);
        expect(text(el, 'error')).to.equal(FAILURES[kind]);
        expect(is(el, 'sent')).to.equal(true);
        expect(input(el).value).to.equal('12');
        expect(part(el, 'resend-button')!.getAttribute('aria-disabled')).to.equal('false');
        click(el, 'resend-button');
        await until(() => text(el, 'status').includes('Codes sent earlier no longer work.'));
        const keys = attempts.filter((a) => a.path.endsWith('/resend')).map((a) => a.key);
        expect(keys).to.have.length(3);
        expect(new Set(keys).size).to.equal(1);
        const reached = (await requests()).filter((r) => r.path.endsWith('/resend'));
        expect(reached.map((r) => r.idempotencyKey)).to.deep.equal([keys[0]]);
        type(el, await lastCode());
        await until(() => is(el, 'verified'));
      });
    }

    it('shows no error for anything that ends after success or after removal', async () => {
      await newSession({ limits: { resendCooldown: 0 } });
      await enrollPhone();
      const el = await sentChallenge();
      const errors: MfaError[] = [];
      el.addEventListener('mfa-error', (e) => errors.push(e.detail.error));
      type(el, await lastCode());
      await until(() => is(el, 'verified'));
      const count = (await requests()).length;
      input(el)?.dispatchEvent(new Event('input'));
      part<HTMLFormElement>(el, 'form')!.requestSubmit();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect((await requests()).length).to.equal(count);

      // A slow answer that arrives after the element was removed.
      const other = await sentChallenge();
      other.addEventListener('mfa-error', (e) => errors.push(e.detail.error));
      await respondNext({ status: 500, body: { error: { code: 'server_error' } }, delayMs: 300 });
      type(other, await lastCode());
      await until(() => is(other, 'verifying'));
      other.remove();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(errors).to.deep.equal([]);
      expect(text(el, 'error') + text(other, 'error')).to.equal('');
      expect(is(el, 'verified')).to.equal(true);
    });
  });

  describe('WebOTP', () => {
    beforeEach(enrollPhone);

    let calls: { signal: AbortSignal; resolve: (value: unknown) => void }[];
    let restore: () => void;
    let rejections: PromiseRejectionEvent[];
    const onRejection = (event: PromiseRejectionEvent) => rejections.push(event);

    beforeEach(() => {
      calls = [];
      rejections = [];
      window.addEventListener('unhandledrejection', onRejection);
      // The browser's WebOTP, as in Chrome on Android: pending until an SMS arrives, AbortError on abort.
      const get = (options?: CredentialRequestOptions) =>
        new Promise((resolve, reject) => {
          const signal = options!.signal!;
          calls.push({ signal, resolve });
          signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
        });
      (window as unknown as Record<string, unknown>).OTPCredential = class {};
      if (navigator.credentials) {
        const stub = sinon.stub(navigator.credentials, 'get').callsFake(get as typeof navigator.credentials.get);
        restore = () => stub.restore();
      } else {
        Object.defineProperty(navigator, 'credentials', { value: { get }, configurable: true });
        restore = () => delete (navigator as unknown as Record<string, unknown>).credentials;
      }
    });

    afterEach(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      window.removeEventListener('unhandledrejection', onRejection);
      restore();
      delete (window as unknown as Record<string, unknown>).OTPCredential;
      expect(rejections).to.deep.equal([]);
    });

    it('fills the field from the SMS and verifies once', async () => {
      const el = await sentChallenge();
      expect(calls).to.have.length(1);
      const code = await lastCode();
      calls[0]!.resolve({ type: 'otp', code });
      await until(() => is(el, 'verified'));
      expect(await verifies()).to.equal(1);
    });

    it('is aborted by a manual submit', async () => {
      const el = await sentChallenge();
      input(el).value = await lastCode();
      click(el, 'verify-button');
      expect(calls[0]!.signal.aborted).to.equal(true);
      await until(() => is(el, 'verified'));
    });

    it('is aborted and started again when a new code is sent, and aborted on disconnect', async () => {
      await newSession({ limits: { resendCooldown: 0 } });
      await enrollPhone();
      const el = await sentChallenge();
      click(el, 'resend-button');
      expect(calls[0]!.signal.aborted).to.equal(true);
      await until(() => calls.length === 2, 3000, 'a new listener');
      expect(calls[1]!.signal.aborted).to.equal(false);
      el.remove();
      expect(calls[1]!.signal.aborted).to.equal(true);
    });

    it('listens again when the element is put back in the page', async () => {
      const el = await sentChallenge();
      const parent = el.parentElement!;
      el.remove();
      expect(calls[0]!.signal.aborted).to.equal(true);
      parent.append(el);
      await until(() => calls.length === 2, 3000, 'a new listener');
      expect(calls[1]!.signal.aborted).to.equal(false);
      calls[1]!.resolve({ type: 'otp', code: await lastCode() });
      await until(() => is(el, 'verified'));
      expect(await verifies()).to.equal(1);
    });

    it('ignores a code that arrives after the step changed', async () => {
      const el = await sentChallenge();
      const code = await lastCode();
      type(el, code);
      await until(() => is(el, 'verified'));
      expect(calls[0]!.signal.aborted).to.equal(true);
      calls[0]!.resolve({ code });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await verifies()).to.equal(1);
    });
  });

  describe('enrollment mode', () => {
    async function enrollmentEl(appPasswordAtEnrollment = true, limits = {}): Promise<{ el: MfaCodeEntry; enrollment: Enrollment }> {
      await newSession({ appPasswordAtEnrollment, limits });
      const client = new MfaClient({ baseUrl: ENDPOINT });
      const enrollment = await client.startEnrollment({ phoneNumber: PHONE, method: 'sms' });
      const events: Event[] = [];
      const el = await fixture<MfaCodeEntry>(html`<mfa-code-entry .client=${client} .enrollment=${enrollment} auto-send with-remember-device @mfa-code-sent=${(e: Event) => events.push(e)}></mfa-code-entry>`);
      expect(events, 'no event when the application sets a property').to.deep.equal([]);
      return { el, enrollment };
    }

    it('shows where the enrollment code went and never starts a challenge', async () => {
      const { el } = await enrollmentEl();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(is(el, 'sent')).to.equal(true);
      expect(text(el, 'status')).to.equal(`We've sent a text message to your phone at ${SHOWN}.`);
      expect((await requests()).map((r) => r.path)).to.deep.equal(['/enrollments']);
      expect(part(el, 'remember-device')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('verifies with verifyEnrollment; the event has no password and takeAppPassword hands it over once', async () => {
      const { el } = await enrollmentEl();
      const verified = oneEvent(el, 'mfa-verified');
      type(el, await lastCode());
      const { detail } = (await verified) as HTMLElementEventMap['mfa-verified'];
      expect(detail.flow).to.equal('enrollment');
      expect(detail.result.status).to.equal('enrolled');
      const shown = (detail.result as { appPassword: Record<string, unknown> }).appPassword;
      expect(Object.keys(shown).sort()).to.deep.equal(['createdAt', 'id', 'name']);
      const secret = el.takeAppPassword()!;
      expect(secret.id).to.equal(shown.id);
      expect(secret.password).to.match(/^[a-z]{16}$/);
      expect(JSON.stringify(detail)).not.to.include(secret.password);
      expect(el.takeAppPassword()).to.equal(undefined);
      expect((await requests()).map((r) => r.path).at(-1)).to.match(/^\/enrollments\/[^/]+\/verify$/);
    });

    it('forgets the app password on disconnect', async () => {
      const { el } = await enrollmentEl();
      type(el, await lastCode());
      await until(() => is(el, 'verified'));
      el.remove();
      expect(el.takeAppPassword()).to.equal(undefined);
    });

    it('works without an app password at enrollment', async () => {
      const { el } = await enrollmentEl(false);
      const verified = oneEvent(el, 'mfa-verified');
      type(el, await lastCode());
      const { detail } = (await verified) as HTMLElementEventMap['mfa-verified'];
      expect(detail.result).to.deep.equal({ status: 'enrolled', phone: { maskedPhone: MASKED, method: 'sms' } });
      expect(el.takeAppPassword()).to.equal(undefined);
    });

    it('resends with resendEnrollment and fires mfa-code-sent with flow "enrollment"', async () => {
      const { el, enrollment } = await enrollmentEl(true, { resendCooldown: 0 });
      const sent = oneEvent(el, 'mfa-code-sent');
      click(el, 'resend-button');
      const { detail } = (await sent) as HTMLElementEventMap['mfa-code-sent'];
      expect(detail).to.deep.equal({ flow: 'enrollment', maskedPhone: MASKED, method: 'sms', resendIn: 0, expiresIn: 600 });
      expect((await requests()).map((r) => r.path)).to.deep.equal(['/enrollments', `/enrollments/${enrollment.enrollmentId}/resend`]);
      type(el, await lastCode());
      await until(() => is(el, 'verified'));
    });

    it('no more codes for this enrollment: sends stay blocked and it says to enter the number again', async () => {
      const { el } = await enrollmentEl(true, { resendCooldown: 0, maxSends: 1 });
      click(el, 'resend-button');
      await until(() => is(el, 'error'));
      await settled(el);
      expect(text(el, 'error')).to.equal('No more codes can be sent for this number now. Go back and enter your number again.');
      expect(part(el, 'resend-button')!.getAttribute('aria-disabled')).to.equal('true');
      expect(part(el, 'voice-button')!.getAttribute('aria-disabled')).to.equal('true');
      expect(part(el, 'help')).to.equal(null);
      await sendsBlockedCodeWorks(el);
    });

    it('an enrollment gone from the server: says to start again, and stays put', async () => {
      const { el } = await enrollmentEl();
      await respondNext({ status: 404, body: { error: { code: 'not_found' } } });
      type(el, await lastCode());
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('This request is no longer valid. Start again.');
      expect(is(el, 'sent')).to.equal(true);
    });

    it('starts over when handed another enrollment', async () => {
      const { el } = await enrollmentEl(true, { resendCooldown: 0 });
      type(el, await wrongCode());
      await until(() => is(el, 'error'));
      const client = new MfaClient({ baseUrl: ENDPOINT });
      el.enrollment = await client.startEnrollment({ phoneNumber: '+819087654321', method: 'voice' });
      await el.updateComplete;
      expect(is(el, 'error')).to.equal(false);
      expect(text(el, 'status')).to.equal(`We're calling your phone at \u2066${'+81 •• •••• 4321'.replaceAll(' ', '\u00a0')}\u2069 to tell you the code.`);
      type(el, await lastCode());
      await until(() => is(el, 'verified'));
    });
  });

  describe('languages and strings', () => {
    beforeEach(enrollPhone);

    it('speaks Japanese from the nearest lang', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="ja-JP"><mfa-code-entry endpoint=${ENDPOINT} with-remember-device></mfa-code-entry></div>`);
      const el = wrapper.querySelector('mfa-code-entry')!;
      expect(text(el, 'send-button')).to.equal('コードを送信');
      click(el, 'send-button');
      await until(() => is(el, 'sent'));
      expect(text(el, 'status')).to.equal(`${SHOWN} にテキストメッセージを送信しました。`);
      expect(text(el, 'label')).to.equal('確認コード');
      expect(text(el, 'verify-button')).to.equal('確認');
      expect(text(el, 'resend-button')).to.equal('コードを再送信');
      expect(text(el, 'remember-device')).to.equal('このデバイスでは今後確認しない');
      expect(text(el, 'countdown')).to.equal('あと 0:30 でコードを再送信できます。');
      expect(announcer(el).textContent!.trim()).to.equal('あと 30 秒でコードを再送信できます。');
      type(el, await wrongCode());
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('コードが正しくありません。あと 4 回入力できます。');
      wrapper.lang = 'en';
      await until(() => text(el, 'label') === 'Verification code', 3000, 'English');
    });

    it('says in Japanese what to do when no text came, once a new code can be asked for (axe clean)', async () => {
      await newSession({ limits: { resendCooldown: 0 } });
      await enrollPhone();
      const el = await sentChallenge(html`<mfa-code-entry lang="ja" endpoint=${ENDPOINT} auto-send></mfa-code-entry>`);
      expect(part(el, 'countdown')).to.equal(null);
      expect(text(el, 'help')).to.equal('テキストメッセージが届きませんか？届くまで 1 分ほどかかることがあります。コードを再送信するか、電話で受け取ることもできます。');
      await expect(el).to.be.accessible();
    });

    it('says in Japanese when a new code can be asked for, and what to do when no call came', async () => {
      await newSession({ limits: { resendCooldown: 1 } });
      await enrollPhone();
      const el = await sentChallenge(html`<mfa-code-entry lang="ja" endpoint=${ENDPOINT} method="voice" auto-send></mfa-code-entry>`);
      await until(() => part(el, 'help'), 3000, 'the wait to end');
      expect(announcer(el).textContent!.trim()).to.equal('コードを再送信できるようになりました。');
      expect(text(el, 'help')).to.equal('電話がかかってきませんか？コードを再送信するか、テキストメッセージで受け取ることもできます。');
      expect(text(el, 'text-button')).to.equal('代わりにテキストメッセージで受け取る');
    });

    it('lets every string and error text be overridden', async () => {
      const el = await fixture<MfaCodeEntry>(html`<mfa-code-entry endpoint=${ENDPOINT}></mfa-code-entry>`);
      el.strings = { send: 'Text me', label: 'Code', sentSms: (phone) => `Sent to ${phone}`, errors: { invalid_code: 'Nope.' } };
      await el.updateComplete;
      expect(text(el, 'send-button')).to.equal('Text me');
      click(el, 'send-button');
      await until(() => is(el, 'sent'));
      expect(text(el, 'label')).to.equal('Code');
      expect(text(el, 'status')).to.equal(`Sent to ${SHOWN}`);
      type(el, await wrongCode());
      await until(() => is(el, 'error'));
      expect(text(el, 'error')).to.equal('Nope.');
    });
  });
});
