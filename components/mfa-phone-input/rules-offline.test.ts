/**
 * The phone rules load lazily once the field is on the page. When that load fails (the connection drops
 * just then), the field says so, keeps what was typed, and tries again when the user does. In a file
 * of its own, so that no earlier test in this page has loaded the rules already.
 */
import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { failFile, newSession, recordUnhandled, until } from '../../test/support/api.js';
import type { MfaPhoneInput } from './mfa-phone-input.js';

const MESSAGE = 'Could not load what is needed to check the number. Check your connection, then try again or reload the page.';

describe('<mfa-phone-input> when the phone rules cannot be loaded', () => {
  it('says so, keeps what was typed, and tries again when the user leaves the field', async () => {
    await newSession();
    // Every load of the rules fails until the connection is back.
    await failFile('/src/phone.ts', 1000);
    const unhandled = recordUnhandled();
    // Imported only now, so that its lazy import of the rules comes after the failure is set.
    await import('./mfa-phone-input.js');
    const form = await fixture<HTMLFormElement>(html`<form><mfa-phone-input name="phone" default-country="JP"></mfa-phone-input><button>Go</button></form>`);
    const el = form.querySelector('mfa-phone-input') as MfaPhoneInput;
    await el.updateComplete;
    const number = el.shadowRoot!.querySelector<HTMLInputElement>('#number')!;
    const error = () => el.shadowRoot!.querySelector('#error')?.textContent?.trim() ?? '';
    number.focus();
    for (const key of '09012345678') await sendKeys({ type: key });
    await sendKeys({ press: 'Tab' });
    await until(() => error() !== '', 3000, 'the message');
    expect(error()).to.equal(MESSAGE);
    expect(number.getAttribute('aria-invalid')).to.equal('true');
    expect(number.value, 'what was typed stays').to.equal('09012345678');
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('#country')!.value, 'the country named, without the calling code its rules hold').to.equal('Japan');
    expect([new FormData(form).get('phone'), form.checkValidity(), el.validationMessage]).to.deep.equal([null, false, MESSAGE]);
    await expect(el).to.be.accessible();

    // The connection is back; the user leaves the field again (pressing Next in <mfa-phone-enroll> does the same).
    await failFile('/src/phone.ts', 0);
    number.focus();
    await sendKeys({ press: 'Tab' });
    if (/Firefox\//.test(navigator.userAgent)) {
      // Firefox ESR keeps a failed dynamic import for the life of the page: only a reload helps, as the message says.
      await aTimeout(500);
      expect([error(), number.value]).to.deep.equal([MESSAGE, '09012345678']);
    } else {
      await until(() => el.value.startsWith('+'), 5000, 'the rules to load on the next try');
      expect([el.value, number.value, error()]).to.deep.equal(['+819012345678', '090-1234-5678', '']);
      expect([new FormData(form).get('phone'), form.checkValidity()]).to.deep.equal(['+819012345678', true]);
    }
    expect(unhandled.stop(), 'no unhandled rejection').to.deep.equal([]);
  });

  it("another country's rules: a number typed with its +code waits for them, says so when they cannot come, and is read once they do", async () => {
    // The default country's rules are loaded (previous test); those of +44 (rules-4) are not.
    await newSession();
    await failFile('/src/phone-rules/rules-4.ts', 1000);
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input name="phone" default-country="JP"></mfa-phone-input>`);
    await el.updateComplete;
    const number = el.shadowRoot!.querySelector<HTMLInputElement>('#number')!;
    const error = () => el.shadowRoot!.querySelector('#error')?.textContent?.trim() ?? '';
    number.focus();
    for (const key of '+447400123456') await sendKeys({ type: key });
    expect([number.value, el.country, el.validity.valid]).to.deep.equal(['+447400123456', 'JP', false]);
    await sendKeys({ press: 'Tab' });
    await until(() => error() !== '', 3000, 'the message');
    expect([error(), number.value, el.validationMessage]).to.deep.equal([MESSAGE, '+447400123456', MESSAGE]);

    await failFile('/src/phone-rules/rules-4.ts', 0);
    number.focus();
    await sendKeys({ press: 'Tab' });
    if (/Firefox\//.test(navigator.userAgent)) {
      await aTimeout(500);
      expect([error(), number.value]).to.deep.equal([MESSAGE, '+447400123456']);
    } else {
      await until(() => el.validity.valid, 5000, 'the rules of +44 on the next try');
      expect([el.value, number.value, el.country, error(), el.validity.valid]).to.deep.equal(['+447400123456', '+44 7400 123456', 'GB', '', true]);
    }
  });
});
