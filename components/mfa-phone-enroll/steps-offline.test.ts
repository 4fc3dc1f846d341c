/**
 * Steps 2 and 3 load when the user starts on step 1. When that load fails (the connection drops just
 * then), Next says so on step 1, keeps the number, sends no code, and tries again when pressed again.
 * In a file of its own, so that no earlier test in this page has loaded the steps already.
 */
import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ENDPOINT, failFile, newSession, recordUnhandled, requests, until } from '../../test/support/api.js';
import type { MfaPhoneEnroll } from './mfa-phone-enroll.js';

const STEPS = '/components/mfa-phone-enroll/steps.ts';
const MESSAGE = 'Could not connect. Check your connection and try again.';

describe('<mfa-phone-enroll> when steps 2 and 3 cannot be loaded', () => {
  it('says so on step 1, sends no code, and tries again on the next Next', async () => {
    await newSession();
    await failFile(STEPS, 1000);
    const unhandled = recordUnhandled();
    await import('./mfa-phone-enroll.js');
    const el = await fixture<MfaPhoneEnroll>(html`<mfa-phone-enroll endpoint=${ENDPOINT} default-country="JP"></mfa-phone-enroll>`);
    const phone = el.shadowRoot!.querySelector('mfa-phone-input')!;
    await phone.updateComplete;
    const number = phone.shadowRoot!.querySelector<HTMLInputElement>('#number')!;
    const error = () => el.shadowRoot!.querySelector('[part="error"]')!.textContent!.trim();
    const next = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="next-button"]')!;
    number.focus();
    for (const key of '09012345678') await sendKeys({ type: key });
    next.click();
    await until(() => error() !== '', 3000, 'the message');
    expect([error(), el.step, number.value]).to.deep.equal([MESSAGE, 'contact', '090-1234-5678']);
    expect(await requests(), 'no code sent').to.deep.equal([]);
    expect(customElements.get('mfa-code-entry')).to.equal(undefined);

    // The connection is back: Next again.
    await failFile(STEPS, 0);
    next.click();
    if (/Firefox\//.test(navigator.userAgent)) {
      // Firefox ESR keeps a failed dynamic import for the life of the page: only a reload helps.
      await aTimeout(500);
      expect([error(), el.step, (await requests()).length]).to.deep.equal([MESSAGE, 'contact', 0]);
    } else {
      await until(() => el.step === 'verify', 5000, 'step 2');
      await el.updateComplete;
      expect(customElements.get('mfa-code-entry')).to.not.equal(undefined);
      expect(el.shadowRoot!.querySelector('mfa-code-entry')?.shadowRoot?.childElementCount).to.be.above(0);
      expect((await requests()).filter((r) => r.method === 'POST')).to.have.length(1);
    }
    expect(unhandled.stop(), 'no unhandled rejection').to.deep.equal([]);
  });
});
