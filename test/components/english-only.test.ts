/**
 * A page in English downloads no other language; a page that switches to one downloads that one
 * only, and its elements follow without a reload. (A file of its own: each test file is a new page.)
 */
import { expect, fixture, html } from '@open-wc/testing';
import { until } from '../support/api.js';
import { LOCALES } from '../../locales/index.js';
import '../../components/index.js';

const languagesFetched = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => /\/locales\/([\w-]+)\.[jt]s/.exec(entry.name)?.[1])
    .filter((tag) => tag && Object.hasOwn(LOCALES, tag));

it('fetches no language for English, then only the one a page switches to', async () => {
  const page = await fixture<HTMLDivElement>(html`<div lang="en-GB">
    <mfa-phone-enroll></mfa-phone-enroll><mfa-phone-input></mfa-phone-input><mfa-code-entry></mfa-code-entry><app-password-panel mode="display"></app-password-panel>
  </div>`);
  await Promise.all([...page.children].map((el) => (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete));
  const send = () => page.querySelector('mfa-code-entry')!.shadowRoot!.querySelector('[part~="send-button"]')!.textContent!.trim();
  expect(send()).to.equal('Send code');
  expect(languagesFetched()).to.deep.equal([]);

  page.setAttribute('lang', 'ko-KR');
  await until(() => send() === '인증번호 받기', 3000, 'Korean');
  expect(languagesFetched()).to.deep.equal(['ko']);
});
