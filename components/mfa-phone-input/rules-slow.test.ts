/**
 * The country's name waits for the phone rules (a page's first use of Intl would hold up the first
 * render), but on a slow connection no longer than a second. In a file of its own, so that no
 * earlier test in this page has loaded the rules or named a country already.
 */
import { expect, fixtureSync, html } from '@open-wc/testing';
import { newSession, slowFile, until } from '../../test/support/api.js';
import type { MfaPhoneInput } from './mfa-phone-input.js';

describe('<mfa-phone-input> on a slow connection', () => {
  after(() => slowFile('/src/phone.ts', 0));

  it("names the country after a second without its rules, and adds its calling code once they come", async () => {
    await newSession();
    await slowFile('/src/phone.ts', 2500);
    // Imported only now, so that its lazy import of the rules comes after the delay is set.
    await import('./mfa-phone-input.js');
    // Not fixture(): it waits for updateComplete, which waits for the rules.
    const el = fixtureSync<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
    await until(() => el.shadowRoot?.querySelector('#country'), 2000, 'the first render');
    const start = performance.now();
    const country = el.shadowRoot!.querySelector<HTMLInputElement>('#country')!;
    expect(country.value, 'no name while the rules may still come at once').to.equal('');
    await until(() => country.value !== '', 2000, "the country's name");
    expect(country.value).to.equal('Japan');
    expect(performance.now() - start, 'about a second after the first render').to.be.within(800, 2000);
    await el.updateComplete;
    expect(country.value).to.equal('Japan (+81)');
    await expect(el).to.be.accessible();
  });
});
