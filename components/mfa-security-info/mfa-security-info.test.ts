import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { clientFor } from '../shared/client.js';
import { getMethods, startEnrollment, verifyEnrollment } from '../../src/operations.js';
import { ENDPOINT, lastCode, newSession, outbox, requests, respondNext, until } from '../../test/support/api.js';
import type { MfaCodeEntry } from '../mfa-code-entry/mfa-code-entry.js';
import type { MfaPhoneEnroll } from '../mfa-phone-enroll/mfa-phone-enroll.js';
import type { MfaPhoneInput } from '../mfa-phone-input/mfa-phone-input.js';
import { securityInfo as en } from '../../locales/en.js';
import ja from '../../locales/ja.js';
import './mfa-security-info.js';
import type { MfaSecurityInfo } from './mfa-security-info.js';

const OLD = '+819012345678';
const root = (el: HTMLElement) => el.shadowRoot!;
const part = <T extends HTMLElement = HTMLElement>(el: HTMLElement, name: string) => root(el).querySelector<T>(`[part~='${name}']`);
/** Text as read, without the isolates around a phone number. */
const text = (el: HTMLElement, name: string) => part(el, name)?.textContent?.replace(/[\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim() ?? '';
const is = (el: HTMLElement, state: string) => el.matches(`:state(${state})`);
const stepUp = (el: MfaSecurityInfo) => root(el).querySelector<MfaCodeEntry>('mfa-code-entry')!;
const enroll = (el: MfaSecurityInfo) => root(el).querySelector<MfaPhoneEnroll>('mfa-phone-enroll')!;
const radio = (el: MfaSecurityInfo, method: string) => root(el).querySelector<HTMLInputElement>(`input[value=${method}]`)!;

/** The focused element, looking through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Fills a field of an embedded element as typing would (their own tests type key by key). */
function fill(field: HTMLInputElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
}

/** Enrolls the first phone through the page's shared client. */
async function enrolled(phoneNumber = OLD): Promise<void> {
  const client = clientFor({ endpoint: ENDPOINT });
  const enrollment = await startEnrollment(client, { phoneNumber, method: 'sms' });
  await verifyEnrollment(client, enrollment.enrollmentId, await lastCode());
}

async function shown(lang = 'en'): Promise<MfaSecurityInfo> {
  const el = await fixture<MfaSecurityInfo>(html`<mfa-security-info endpoint=${ENDPOINT} lang=${lang} default-country="JP"></mfa-security-info>`);
  await until(() => !is(el, 'loading'), 5000, 'the methods');
  await el.updateComplete;
  return el;
}

/** From the overview to the new-number step, by keyboard: Change, then the code sent to the phone on file. */
async function passStepUp(el: MfaSecurityInfo): Promise<void> {
  part(el, 'change-button')!.focus();
  await sendKeys({ press: 'Enter' });
  await until(() => stepUp(el)?.shadowRoot?.querySelector('[part~=input]'), 5000, 'the step-up code field');
  fill(stepUp(el).shadowRoot!.querySelector('[part~=input]') as HTMLInputElement, await lastCode());
  await until(() => enroll(el), 5000, 'the new-number step');
  await enroll(el).updateComplete;
}

/** Enters the new number and its code. */
async function enterNewPhone(el: MfaSecurityInfo, national: string): Promise<void> {
  const input = enroll(el).shadowRoot!.querySelector<MfaPhoneInput>('mfa-phone-input')!;
  await input.updateComplete;
  fill(input.shadowRoot!.querySelector('#number') as HTMLInputElement, national);
  await input.updateComplete;
  enroll(el).shadowRoot!.querySelector<HTMLElement>('[part~=next-button]')!.click();
  const field = () => enroll(el).shadowRoot!.querySelector('mfa-code-entry')?.shadowRoot?.querySelector<HTMLInputElement>('[part~=input]');
  await until(field, 5000, 'the new number code field');
  fill(field()!, await lastCode());
}

describe('<mfa-security-info>', () => {
  beforeEach(() => newSession());

  for (const lang of ['en', 'ja'] as const) {
    it(`is accessible while loading, without a phone and when loading failed (${lang})`, async () => {
      const strings = lang === 'ja' ? ja.securityInfo : en;
      await respondNext({ status: 200, body: { phone: null, appPasswords: 0 }, delayMs: 600 });
      const loading = await fixture<MfaSecurityInfo>(html`<mfa-security-info endpoint=${ENDPOINT} lang=${lang}></mfa-security-info>`);
      expect(is(loading, 'loading')).to.equal(true);
      await expect(loading).to.be.accessible();
      await until(() => !is(loading, 'loading'), 5000, 'no phone');
      expect(text(loading, 'phone')).to.equal(strings.noPhone);
      await expect(loading).to.be.accessible();
      await respondNext({ status: 503, body: { error: { code: 'server_error' } } });
      const failed = await shown(lang);
      expect(part(failed, 'retry-button')).to.exist;
      await expect(failed).to.be.accessible();
    });

    it(`is accessible with a phone, in the step-up, the new number and the confirmation (${lang})`, async () => {
      const strings = lang === 'ja' ? ja.securityInfo : en;
      await enrolled();
      const el = await shown(lang);
      expect(text(el, 'number')).to.equal('+81 •• •••• 5678');
      await expect(el).to.be.accessible();
      await passStepUp(el);
      await expect(el).to.be.accessible();
      await enterNewPhone(el, '09087654321');
      await until(() => is(el, 'changed'), 5000, 'the confirmation');
      await expect(el).to.be.accessible();
      expect(root(el).textContent).to.include(strings.changedHeading);
    });
  }

  it('shows the phone on file, its method and when it was registered', async () => {
    await enrolled();
    const el = await shown();
    expect(text(el, 'number')).to.equal('+81 •• •••• 5678');
    const time = part(el, 'registered')!.querySelector('time')!;
    expect(Date.parse(time.getAttribute('datetime')!)).to.be.closeTo(Date.now(), 60_000);
    expect(radio(el, 'sms').checked).to.equal(true);
    expect(radio(el, 'voice').checked).to.equal(false);
    expect(part(el, 'change-button')!.getAttribute('aria-label')).to.equal('Change sign-in phone');
  });

  it('offers a call only where the backend says it can call', async () => {
    const phone = { maskedPhone: '+81 •• •••• 5678', method: 'sms', registeredAt: null };
    await respondNext({ status: 200, body: { phone, appPasswords: 0, offered: ['sms'] } });
    const el = await shown();
    expect(text(el, 'number')).to.equal('+81 •• •••• 5678');
    expect(part(el, 'methods'), 'no choice of one').to.equal(null);
    await expect(el).to.be.accessible();
    // A backend from before "offered" says nothing: both are offered, as before.
    await respondNext({ status: 200, body: { phone, appPasswords: 0 } });
    const older = await shown();
    expect(radio(older, 'voice')).to.not.equal(null);
  });

  it('changes the number by keyboard: a step-up code, the new number and its code, then a confirmation and mfa-phone-changed', async () => {
    await enrolled();
    const el = await shown();
    const leaked: string[] = [];
    for (const name of ['mfa-verified', 'mfa-enrolled', 'mfa-step-change']) document.addEventListener(name, () => leaked.push(name));
    document.body.focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal(part(el, 'change-button'));
    const changed = oneEvent(el, 'mfa-phone-changed');
    await passStepUp(el);
    expect(deepActive()?.id, 'focus on the new step').to.equal('new-phone-heading');
    await enterNewPhone(el, '09087654321');
    const { detail } = await changed;
    expect(detail).to.deep.equal({ maskedPhone: '+81 •• •••• 4321', method: 'sms' });
    await el.updateComplete;
    expect(deepActive()?.id).to.equal('changed-heading');
    expect(leaked, 'the embedded flows stay inside').to.deep.equal([]);
    const messages = await outbox();
    const notice = messages.at(-1)!;
    expect(notice.to).to.equal(OLD);
    expect(notice.text).to.not.include('4321');
    const challenge = (await requests()).filter((r) => r.method === 'POST' && r.path === '/challenges');
    expect(challenge, 'one step-up challenge').to.have.length(1);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(text(el, 'number')).to.equal('+81 •• •••• 4321');
    expect(deepActive()).to.equal(part(el, 'change-button'));
  });

  it('leaves a change with Cancel, the old number kept and focus back on Change', async () => {
    await enrolled();
    const el = await shown();
    await passStepUp(el);
    part(el, 'cancel-button')!.click();
    await el.updateComplete;
    expect(text(el, 'number')).to.equal('+81 •• •••• 5678');
    expect(deepActive()).to.equal(part(el, 'change-button'));
  });

  it('switches between text and call at once, announcing it and firing mfa-method-changed', async () => {
    await enrolled();
    const el = await shown();
    const changed = oneEvent(el, 'mfa-method-changed');
    radio(el, 'sms').focus();
    await sendKeys({ press: 'ArrowDown' });
    const { detail } = await changed;
    expect(detail).to.deep.equal({ maskedPhone: '+81 •• •••• 5678', method: 'voice' });
    await until(() => text(el, 'status') === en.methodSaved('voice'), 3000, 'the announcement');
    const patches = (await requests()).filter((r) => r.method === 'PATCH');
    expect(patches).to.have.length(1);
    expect((await getMethods(clientFor({ endpoint: ENDPOINT }))).phone!.method).to.equal('voice');
  });

  it('keeps the saved method and says why when saving fails', async () => {
    await enrolled();
    const el = await shown();
    let errors = 0;
    el.addEventListener('mfa-error', () => errors++);
    // The embedded panel asks for its list once shown: the canned failure must be the PATCH's, not that.
    await until(async () => (await requests()).some((r) => r.method === 'GET' && r.path === '/app-passwords'), 5000, "the panel's list request");
    await respondNext({ status: 500, body: { error: { code: 'server_error' } } });
    radio(el, 'voice').click();
    await until(() => is(el, 'error'), 3000, 'the error');
    await el.updateComplete;
    expect(text(el, 'error')).to.equal('Something went wrong on our side. Try again.');
    expect(radio(el, 'sms').checked).to.equal(true);
    expect(errors).to.equal(1);
  });

  it('fires nothing when the application sets its properties', async () => {
    await enrolled();
    const el = await shown();
    const fired: string[] = [];
    for (const name of ['mfa-phone-changed', 'mfa-method-changed', 'mfa-error']) el.addEventListener(name, () => fired.push(name));
    el.methods = ['sms'];
    el.strings = { title: 'Sign-in methods' };
    el.defaultCountry = 'US';
    await el.updateComplete;
    expect(text(el, 'title')).to.equal('Sign-in methods');
    expect(part(el, 'methods')).to.equal(null);
    expect(fired).to.deep.equal([]);
  });

  it('follows a phone change made elsewhere on the page', async () => {
    await enrolled();
    const el = await shown();
    await enrolled('+819011112222');
    await until(() => text(el, 'number') === '+81 •• •••• 2222', 5000, 'the new number');
  });
});
