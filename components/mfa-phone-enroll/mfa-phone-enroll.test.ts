import { expect, fixture, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import sinon from 'sinon';
import { MfaClient } from '../../src/client.js';
import { ENDPOINT, lastCode, newSession, outbox, renderNow, requests, respondNext, until } from '../../test/support/api.js';
import type { MfaPhoneInput } from '../mfa-phone-input/mfa-phone-input.js';
import type { EnrollStep, MfaPhoneEnroll } from './mfa-phone-enroll.js';
import './mfa-phone-enroll.js';

const root = (el: MfaPhoneEnroll) => el.shadowRoot!;
const phoneInput = (el: MfaPhoneEnroll) => root(el).querySelector('mfa-phone-input') as MfaPhoneInput;
const numberField = (el: MfaPhoneEnroll) => phoneInput(el).shadowRoot!.querySelector('#number') as HTMLInputElement;
const button = (el: MfaPhoneEnroll, part: string) => root(el).querySelector(`[part~="${part}"]`) as HTMLButtonElement;
const errorText = (el: MfaPhoneEnroll) => root(el).querySelector('[part="error"]')!.textContent!.trim();
/** The message under the number field itself. */
const fieldError = (el: MfaPhoneEnroll) => phoneInput(el).shadowRoot!.querySelector('#error')!.textContent!.trim();
const panel = (el: MfaPhoneEnroll) => root(el).querySelector('app-password-panel')!;
const panelPart = (el: MfaPhoneEnroll, part: string) => panel(el).shadowRoot!.querySelector(`[part~="${part}"]`) as HTMLElement;
const shownPassword = (el: MfaPhoneEnroll) => panelPart(el, 'password').textContent!.replace(/\s+/g, '');
const codeEntry = (el: MfaPhoneEnroll) => root(el).querySelector('mfa-code-entry')!;
const codeField = (el: MfaPhoneEnroll) => codeEntry(el).shadowRoot!.querySelector('[part~="input"]') as HTMLInputElement;
const visibleHeading = (el: MfaPhoneEnroll) => [...root(el).querySelectorAll('h2')].find((h) => h.closest('[hidden]') === null)!.textContent;
/** The focused element, looking through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
/** Asserts focus without handing DOM nodes to the reporter (it hangs serialising them). */
function expectFocus(expected: Element | null | undefined, what: string): void {
  const active = deepActive();
  expect(active === expected, `focus on ${what}, not on ${active?.localName}#${active?.id}`).to.equal(true);
}
const enrollPosts = async () => (await requests()).filter((r) => r.method === 'POST' && r.path === '/enrollments');

/** Types one key at a time: WebKit's WebDriver drops the second of two identical keys sent together. */
async function type(text: string): Promise<void> {
  for (const key of text) await sendKeys({ type: key });
}

async function center(element: Element): Promise<[number, number]> {
  const box = element.getBoundingClientRect();
  return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
}

async function setup(template = html`<mfa-phone-enroll endpoint=${ENDPOINT} default-country="JP"></mfa-phone-enroll>`): Promise<{ el: MfaPhoneEnroll; steps: EnrollStep[] }> {
  const el = await fixture<MfaPhoneEnroll>(template);
  await el.updateComplete;
  await phoneInput(el).updateComplete;
  const steps: EnrollStep[] = [];
  el.addEventListener('mfa-step-change', (e) => steps.push(e.detail.step));
  return { el, steps };
}

async function enterNumber(el: MfaPhoneEnroll, text: string): Promise<void> {
  numberField(el).focus();
  numberField(el).select();
  await type(text);
  await phoneInput(el).updateComplete;
}

async function toStep(el: MfaPhoneEnroll, step: EnrollStep): Promise<void> {
  await until(() => el.step === step, 5000, `step ${step}`);
  await el.updateComplete;
}

async function enterCode(el: MfaPhoneEnroll): Promise<void> {
  await until(() => codeField(el), 3000, 'the code field');
  codeField(el).focus();
  await type(await lastCode());
}

describe('<mfa-phone-enroll>', () => {
  // Steps 2 and 3 load lazily (steps-offline.test.ts tests that): loaded once here, so that the
  // first test does not pay for fetching and compiling them within its own time.
  before(() => import('./steps.js'));
  beforeEach(() => newSession());
  afterEach(() => sinon.restore());

  for (const lang of ['en', 'ja']) {
    it(`is accessible in every step (${lang})`, async () => {
      const { el } = await setup(html`<mfa-phone-enroll lang=${lang} endpoint=${ENDPOINT} default-country="JP"></mfa-phone-enroll>`);
      await expect(el).to.be.accessible();
      button(el, 'next-button').click();
      await until(() => numberField(el).getAttribute('aria-invalid') === 'true', 3000, 'the number marked invalid');
      await expect(el).to.be.accessible();
      await enterNumber(el, '090-1234-5678');
      button(el, 'next-button').click();
      await toStep(el, 'verify');
      await until(() => codeField(el));
      await expect(el).to.be.accessible();
      await enterCode(el);
      await toStep(el, 'app-password');
      await expect(el).to.be.accessible();
      if (lang === 'ja') {
        expect(visibleHeading(el)).to.equal('ステップ 3: 既存のアプリを引き続き使用する');
        const intro = root(el).querySelector('#app-password-heading + p')!.textContent!;
        expect(intro).to.contain('対応していないアプリがあります。').and.contain('このアプリ パスワードを使用してください。');
        expect(intro).to.not.contain('アプリケーション');
      }
      button(el, 'finish-button').click();
      await toStep(el, 'done');
      await expect(el).to.be.accessible();
      if (lang === 'ja') expect(visibleHeading(el)).to.equal('電話番号の登録が完了しました');
    });
  }

  it('step 1 says what it asks, in English and Japanese, with the default notice and Next', async () => {
    const { el } = await setup();
    expect(visibleHeading(el)).to.equal('Step 1: How should we contact you?');
    const labels = [...root(el).querySelectorAll('.choice')].map((l) => l.textContent!.trim());
    expect(labels).to.deep.equal(['Send me a code by text message', 'Call me']);
    expect(root(el).querySelector('[part="notice"]')!.textContent).to.contain('charges may apply abroad with data roaming');
    expect(button(el, 'next-button').textContent!.trim()).to.equal('Next');
    el.setAttribute('lang', 'ja');
    await el.updateComplete;
    await phoneInput(el).updateComplete;
    expect(visibleHeading(el)).to.equal('ステップ 1: ご連絡方法を指定してください');
    expect([...root(el).querySelectorAll('.choice')].map((l) => l.textContent!.trim())).to.deep.equal(['テキストメッセージでコードを送信する', '電話で連絡する']);
    expect(button(el, 'next-button').textContent!.trim()).to.equal('次へ');
    expect(phoneInput(el).shadowRoot!.querySelector('label[for="country"]')!.textContent).to.equal('国または地域');
    expect(phoneInput(el).shadowRoot!.querySelector('label[for="number"]')!.textContent).to.equal('電話番号');
    expect(phoneInput(el).shadowRoot!.querySelector('#hint')!.textContent).to.equal('テキストメッセージまたは電話を受けられる携帯電話の番号です。先頭の 0 はあってもなくてもかまいません。');
    expect(root(el).querySelector('[part="notice"]')!.textContent).to.contain('テキストメッセージや電話の受信は通常無料ですが');
  });

  it('takes the notice from its slot, offers only the methods asked for, and takes string overrides', async () => {
    const { el } = await setup(
      html`<mfa-phone-enroll endpoint=${ENDPOINT} default-country="JP" methods="voice" .strings=${{ next: 'Continue', phoneInput: { numberLabel: 'Mobile' } }}
        ><p slot="notice">Ask the help desk about fees.</p></mfa-phone-enroll
      >`,
    );
    const slot = root(el).querySelector('slot[name="notice"]') as HTMLSlotElement;
    expect(slot.assignedElements()[0]!.textContent).to.equal('Ask the help desk about fees.');
    expect(root(el).querySelectorAll('input[type="radio"]')).to.have.length(0);
    expect(root(el).querySelector('[part="methods"]')!.textContent).to.equal('Call me');
    expect(button(el, 'next-button').textContent!.trim()).to.equal('Continue');
    expect(phoneInput(el).shadowRoot!.querySelector('label[for="number"]')!.textContent).to.equal('Mobile');
    await enterNumber(el, '080 1111 2222');
    button(el, 'next-button').click();
    await toStep(el, 'verify');
    expect((await outbox())[0]!.channel).to.equal('voice');
  });

  it('the whole flow over HTTP: number, code, app password copied once, Finish', async () => {
    const { el, steps } = await setup();
    const details: string[] = [];
    for (const name of ['mfa-step-change', 'mfa-enrolled', 'mfa-verified', 'mfa-code-sent', 'mfa-error']) {
      el.addEventListener(name, (e) => details.push(JSON.stringify((e as CustomEvent).detail)));
    }
    const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
    await enterNumber(el, '０９０－１２３４－５６７８');
    expect(el.matches(':state(contact)'), ':state(contact)').to.equal(true);
    const sms = root(el).querySelector('input[value="sms"]') as HTMLInputElement;
    expect(sms.checked).to.equal(true);
    button(el, 'next-button').click();
    await toStep(el, 'verify');
    expect(steps).to.deep.equal(['verify']);
    expect([el.matches(':state(contact)'), el.matches(':state(verify)')], ':state(verify) only').to.deep.equal([false, true]);
    expect(visibleHeading(el)).to.equal('Step 2: Enter the code we sent you');
    expect((await outbox())[0]!.to).to.equal('+819012345678');
    expectFocus(codeField(el), 'the code field');
    await enterCode(el);
    await toStep(el, 'app-password');
    expect(steps).to.deep.equal(['verify', 'app-password']);
    expectFocus(root(el).querySelector('#app-password-heading'), 'the step 3 heading');
    await panel(el).updateComplete;
    const shown = shownPassword(el);
    expect(shown).to.match(/^[a-z]{16}$/);
    await sendMouse({ type: 'click', position: await center(panelPart(el, 'copy-button')) });
    await until(() => writeText.called);
    expect(writeText.firstCall.args[0]).to.equal(shown);
    await until(() => panelPart(el, 'status').textContent);
    expect(panelPart(el, 'status').textContent).to.equal('Copied');
    const shownIn = panel(el);
    const enrolled = oneEvent(el, 'mfa-enrolled');
    button(el, 'finish-button').click();
    const { detail } = await enrolled;
    expect(detail).to.deep.equal({ phoneNumber: '+819012345678', maskedPhone: '+81 •• •••• 5678', method: 'sms' });
    await el.updateComplete;
    expect(steps).to.deep.equal(['verify', 'app-password', 'done']);
    expect([el.matches(':state(app-password)'), el.matches(':state(done)')], ':state(done) only').to.deep.equal([false, true]);
    expect(panel(el) === null, 'the panel is gone').to.equal(true);
    expect(shownIn.issued).to.equal(undefined);
    expect(shownIn.shadowRoot!.textContent!.replace(/\s+/g, '')).to.not.contain(shown);
    expect(root(el).querySelector('[part="status"]')!.textContent).to.contain('+81\u00a0••\u00a0••••\u00a05678');
    expect(details.some((d) => d.includes(shown))).to.equal(false);
    expect(el.getAttributeNames().some((n) => el.getAttribute(n)!.includes(shown))).to.equal(false);
  });

  it("exports the embedded elements' parts, for the page to style", async () => {
    const style = document.createElement('style');
    style.textContent = ['phone-input-input', 'phone-input-country-input', 'code-entry-input', 'app-password-copy-button'].map((name) => `mfa-phone-enroll::part(${name}) { scroll-margin-top: 7px; }`).join('\n');
    document.head.append(style);
    try {
      const styled = (element: Element) => getComputedStyle(element).scrollMarginTop;
      const { el } = await setup();
      expect(styled(numberField(el)), 'phone-input-input').to.equal('7px');
      expect(styled(phoneInput(el).shadowRoot!.querySelector('#country')!), 'phone-input-country-input').to.equal('7px');
      await enterNumber(el, '090-1234-5678');
      button(el, 'next-button').click();
      await toStep(el, 'verify');
      await until(() => codeField(el));
      expect(styled(codeField(el)), 'code-entry-input').to.equal('7px');
      await enterCode(el);
      await toStep(el, 'app-password');
      await panel(el).updateComplete;
      expect(styled(panelPart(el, 'copy-button')), 'app-password-copy-button').to.equal('7px');
    } finally {
      style.remove();
    }
  });

  it('offers in step 2 only the methods it offers in step 1', async () => {
    const { el } = await setup(html`<mfa-phone-enroll endpoint=${ENDPOINT} default-country="JP" methods="sms"></mfa-phone-enroll>`);
    await enterNumber(el, '090-1234-5678');
    button(el, 'next-button').click();
    await toStep(el, 'verify');
    await until(() => codeField(el), 3000, 'the code field');
    const inner = codeEntry(el).shadowRoot!;
    expect(inner.querySelector('[part~="resend-button"]'), 'Resend is there').to.not.equal(null);
    expect(inner.querySelector('[part~="voice-button"]'), 'no "Call me instead"').to.equal(null);
  });

  it('without an app password goes straight to done', async () => {
    await newSession({ appPasswordAtEnrollment: false });
    const { el, steps } = await setup();
    await enterNumber(el, '+44 7400 123456');
    (root(el).querySelector('input[value="voice"]') as HTMLInputElement).click();
    const enrolled = oneEvent(el, 'mfa-enrolled');
    button(el, 'next-button').click();
    await toStep(el, 'verify');
    expect((await outbox())[0]!.channel).to.equal('voice');
    await enterCode(el);
    const { detail } = await enrolled;
    expect(detail).to.deep.equal({ phoneNumber: '+447400123456', maskedPhone: '+44 •••• ••3456', method: 'voice' });
    await toStep(el, 'done');
    expect(steps).to.deep.equal(['verify', 'done']);
    expectFocus(root(el).querySelector('#done-heading'), 'the done heading');
  });

  it('removes the app password when it is disconnected', async () => {
    const { el } = await setup();
    await enterNumber(el, '090-1234-5678');
    button(el, 'next-button').click();
    await toStep(el, 'verify');
    await enterCode(el);
    await toStep(el, 'app-password');
    await panel(el).updateComplete;
    const shown = shownPassword(el);
    expect(shown).to.match(/^[a-z]{16}$/);
    const shownIn = panel(el);
    const parent = el.parentElement!;
    el.remove();
    await el.updateComplete;
    expect(shownIn.issued).to.equal(undefined);
    parent.append(el);
    await el.updateComplete;
    expect(panel(el) === null, 'the panel is gone').to.equal(true);
    expect(el.step).to.equal('done');
  });

  it('Next right after autofill, before the phone rules arrive, waits for them and sends', async () => {
    const el = fixtureSync<MfaPhoneEnroll>(html`<mfa-phone-enroll endpoint=${ENDPOINT} default-country="JP"></mfa-phone-enroll>`);
    renderNow(el);
    renderNow(phoneInput(el));
    expect(phoneInput(el).matches(':state(loading)'), 'the rules are still loading').to.equal(true);
    numberField(el).value = '090-1234-5678';
    numberField(el).dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' }));
    renderNow(phoneInput(el));
    button(el, 'next-button').click();
    renderNow(phoneInput(el));
    expect(phoneInput(el).shadowRoot!.querySelector('#error')!.textContent).to.equal('');
    await toStep(el, 'verify');
    expect(await enrollPosts()).to.have.length(1);
    expect((await outbox())[0]!.to).to.equal('+819012345678');
  });

  it('an invalid number gets its message on Next and sends nothing', async () => {
    const { el } = await setup();
    await enterNumber(el, '050-1234-5678');
    expect(phoneInput(el).shadowRoot!.querySelector('#error')!.textContent).to.equal('');
    button(el, 'next-button').click();
    await el.updateComplete;
    await phoneInput(el).updateComplete;
    expect(phoneInput(el).shadowRoot!.querySelector('#error')!.textContent).to.equal('This is an IP phone number (050). Enter a mobile number: codes go to mobile phones only.');
    expectFocus(numberField(el), 'the number field');
    expect(await enrollPosts()).to.have.length(0);
    expect(el.step).to.equal('contact');
  });

  it('double-clicking Next, or Enter twice, sends one enrollment request', async () => {
    const { el } = await setup();
    await enterNumber(el, '090-1234-5678');
    await respondNext({ status: 201, delayMs: 300, body: { enrollmentId: 'enr_slow', maskedPhone: '+81 •• •••• 5678', method: 'sms', codeLength: 6, expiresIn: 600, resendIn: 30 } });
    const next = button(el, 'next-button');
    // Disabled while the request runs (the first click may still be waiting for the phone rules or
    // for steps 2 and 3 to load on a slow engine: the second is then the one refused). Watched rather
    // than polled: where the driver's two clicks take longer than the request, a poll after them
    // came too late to see it.
    const disabled: (string | null)[] = [];
    const watch = new MutationObserver(() => disabled.push(next.getAttribute('aria-disabled')));
    watch.observe(next, { attributes: true, attributeFilter: ['aria-disabled'] });
    await sendMouse({ type: 'click', position: await center(next) });
    await sendMouse({ type: 'click', position: await center(next) });
    await toStep(el, 'verify');
    watch.disconnect();
    expect(disabled, 'Next disabled while the request runs').to.include('true');
    expect(await enrollPosts()).to.have.length(1);

    // The link's text lines up with the heading and the text above it, not its padding.
    const change = button(el, 'change-button');
    const inset = parseFloat(getComputedStyle(change).paddingInlineStart) + parseFloat(getComputedStyle(change).borderInlineStartWidth);
    expect(change.getBoundingClientRect().left + inset).to.be.closeTo(root(el).querySelector('#verify-heading')!.getBoundingClientRect().left, 1);
    change.click();
    await toStep(el, 'contact');
    expectFocus(numberField(el), 'the number field');
    expect(numberField(el).value).to.equal('090-1234-5678');
    await respondNext({ status: 201, delayMs: 300, body: { enrollmentId: 'enr_slow2', maskedPhone: '+81 •• •••• 5678', method: 'sms', codeLength: 6, expiresIn: 600, resendIn: 30 } });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Enter' });
    await toStep(el, 'verify');
    const posts = await enrollPosts();
    expect(posts).to.have.length(2);
    expect(posts[0]!.idempotencyKey).to.not.equal(posts[1]!.idempotencyKey);
  });

  describe('failures leave the user on step 1 with the number and a specific message', () => {
    async function failOnce(el: MfaPhoneEnroll, message: string): Promise<void> {
      button(el, 'next-button').click();
      await until(() => errorText(el), 5000, 'the error');
      expect(errorText(el)).to.equal(message);
      expect(el.step).to.equal('contact');
      expect(root(el).querySelector('section')!.hidden).to.equal(false);
      expect(phoneInput(el).value).to.not.equal('');
      expect(button(el, 'next-button').textContent!.trim()).to.not.match(/…$/);
    }

    it('a server error, then a retry with the same idempotency key that succeeds', async () => {
      const { el } = await setup();
      const errors: string[] = [];
      el.addEventListener('mfa-error', (e) => errors.push(e.detail.error.code));
      await enterNumber(el, '090-1234-5678');
      await respondNext({ status: 503, body: { error: { code: 'server_error' } } });
      await failOnce(el, 'Something went wrong on our side. Try again.');
      await expect(el).to.be.accessible();
      expect(errors).to.deep.equal(['server_error']);
      expect(numberField(el).value).to.equal('090-1234-5678');
      button(el, 'next-button').click();
      await toStep(el, 'verify');
      const posts = await enrollPosts();
      expect(posts).to.have.length(2);
      expect(posts[1]!.idempotencyKey).to.equal(posts[0]!.idempotencyKey);
      expect(await outbox()).to.have.length(1);
    });

    it('a network failure, then a retry with the same key', async () => {
      const keys: string[] = [];
      let failures = 1;
      const flaky: typeof fetch = (input, init) => {
        keys.push(new Headers(init?.headers).get('Idempotency-Key') ?? '');
        if (failures-- > 0) return Promise.reject(new TypeError('Failed to fetch'));
        return fetch(input, init);
      };
      const client = new MfaClient({ baseUrl: ENDPOINT, fetch: flaky, retries: 0 });
      const { el } = await setup(html`<mfa-phone-enroll .client=${client} default-country="JP"></mfa-phone-enroll>`);
      await enterNumber(el, '90 1234 5678');
      await failOnce(el, 'Could not connect. Check your connection and try again.');
      expect(numberField(el).value).to.equal('90-1234-5678');
      button(el, 'next-button').click();
      await toStep(el, 'verify');
      expect(keys).to.have.length(2);
      expect(keys[0]).to.match(/^[0-9a-f]{32}$/);
      expect(keys[1]).to.equal(keys[0]);
    });

    it('a success it cannot read (the code may have gone out), then a retry with the same key', async () => {
      const { el } = await setup();
      await enterNumber(el, '090-1234-5678');
      await respondNext({ status: 201, raw: '<html>Maintenance</html>' });
      await failOnce(el, 'The server sent an unexpected answer. Try again.');
      button(el, 'next-button').click();
      await toStep(el, 'verify');
      const posts = await enrollPosts();
      expect(posts).to.have.length(2);
      expect(posts[1]!.idempotencyKey).to.equal(posts[0]!.idempotencyKey);
    });

    it('429 with Retry-After: says how long to wait, and Next sends nothing until then', async () => {
      const { el } = await setup();
      await enterNumber(el, '090-1234-5678');
      await respondNext({ status: 429, headers: { 'Retry-After': '30' }, body: { error: { code: 'rate_limited' } } });
      await failOnce(el, 'Too many requests. Try again in 30 seconds.');
      expect(button(el, 'next-button').getAttribute('aria-disabled')).to.equal('true');
      button(el, 'next-button').click();
      await el.updateComplete;
      expect(await enrollPosts()).to.have.length(1);
      expect(errorText(el)).to.equal('Too many requests. Try again in 30 seconds.');
    });

    it('429 with Retry-After: once the wait is over, the message goes and Next works again', async () => {
      const { el } = await setup();
      await enterNumber(el, '090-1234-5678');
      await respondNext({ status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'rate_limited' } } });
      await failOnce(el, 'Too many requests. Try again in 1 second.');
      await until(() => errorText(el) === '', 3000, 'the message to go');
      expect(button(el, 'next-button').getAttribute('aria-disabled')).to.equal('false');
      button(el, 'next-button').click();
      await toStep(el, 'verify');
    });

    /** Next, refused for the number itself: said once, under the number, which takes focus and keeps what was typed. */
    async function refusedAtNumber(el: MfaPhoneEnroll, code: string, message: string, typed: string): Promise<void> {
      const failed = oneEvent(el, 'mfa-error');
      button(el, 'next-button').click();
      expect((await failed).detail.error.code).to.equal(code);
      await until(() => fieldError(el) !== '', 5000, 'the message under the number');
      expect([fieldError(el), errorText(el)]).to.deep.equal([message, '']);
      expect(numberField(el).getAttribute('aria-invalid')).to.equal('true');
      expect(phoneInput(el).validationMessage).to.equal(message);
      expectFocus(numberField(el), 'the number field');
      expect([el.step, numberField(el).value]).to.deep.equal(['contact', typed]);
      await expect(el).to.be.accessible();
    }

    it('invalid_phone_number from the server: said under the number, until the number changes', async () => {
      const { el } = await setup();
      await enterNumber(el, '090-1234-5678');
      await respondNext({ status: 422, body: { error: { code: 'invalid_phone_number' } } });
      await refusedAtNumber(el, 'invalid_phone_number', 'This phone number was not accepted. Check it and try again.', '090-1234-5678');
      await sendKeys({ press: 'Backspace' });
      await phoneInput(el).updateComplete;
      expect([fieldError(el), numberField(el).getAttribute('aria-invalid'), phoneInput(el).validity.customError]).to.deep.equal(['', 'false', false]);
    });

    it('unsupported_region from the reference backend, then another number works with a new key', async () => {
      await newSession({ unsupportedRegions: ['KP'] });
      const { el } = await setup();
      await enterNumber(el, '+850 191 234 5678');
      expect(phoneInput(el).country).to.equal('KP');
      await refusedAtNumber(el, 'unsupported_region', 'We cannot send codes to this country or region. Use a number from another country.', '+850 191 234 5678');
      await enterNumber(el, '+81 90 1234 5678');
      expect(fieldError(el)).to.equal('');
      button(el, 'next-button').click();
      await toStep(el, 'verify');
      const posts = await enrollPosts();
      expect(posts).to.have.length(2);
      expect(posts[1]!.idempotencyKey).to.not.equal(posts[0]!.idempotencyKey);
    });

    it('in Japanese', async () => {
      const { el } = await setup(html`<mfa-phone-enroll lang="ja" endpoint=${ENDPOINT} default-country="JP"></mfa-phone-enroll>`);
      await enterNumber(el, '090-1234-5678');
      await respondNext({ status: 500, body: { error: { code: 'server_error' } } });
      await failOnce(el, 'サーバーで問題が発生しました。もう一度お試しください。');
      await expect(el).to.be.accessible();
    });
  });

  it('keyboard only, end to end', async () => {
    await newSession();
    const before = document.createElement('button');
    before.textContent = 'before';
    const { el } = await setup();
    el.before(before);
    const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.id).to.equal('country');
    await type('uni');
    await type('ted k');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await phoneInput(el).updateComplete;
    expect(phoneInput(el).country).to.equal('GB');
    await sendKeys({ press: 'Tab' });
    expectFocus(numberField(el), 'the number field');
    await type('07400 123456');
    await sendKeys({ press: 'Tab' });
    expect((deepActive() as HTMLInputElement).value).to.equal('sms');
    await sendKeys({ press: 'ArrowDown' });
    expect((deepActive() as HTMLInputElement).value).to.equal('voice');
    await sendKeys({ press: 'Tab' });
    expectFocus(button(el, 'next-button'), 'Next');
    await sendKeys({ press: 'Enter' });
    await toStep(el, 'verify');
    expect((await outbox())[0]).to.include({ to: '+447400123456', channel: 'voice' });
    expectFocus(codeField(el), 'the code field');
    await type(await lastCode());
    await toStep(el, 'app-password');
    await panel(el).updateComplete;
    await sendKeys({ press: 'Tab' });
    expectFocus(panelPart(el, 'copy-button'), 'Copy');
    await sendKeys({ press: 'Enter' });
    await until(() => writeText.called);
    await sendKeys({ press: 'Tab' });
    expectFocus(button(el, 'finish-button'), 'Finish');
    const enrolled = oneEvent(el, 'mfa-enrolled');
    await sendKeys({ press: 'Enter' });
    expect((await enrolled).detail.method).to.equal('voice');
    before.remove();
  });
});
