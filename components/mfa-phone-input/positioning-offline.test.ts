/**
 * The country list's positioning (@floating-ui/dom) loads on the first open. When that load fails,
 * the list still opens right under the field and works; the next open tries again. In a file of its
 * own, so that no earlier test in this page has loaded it already.
 */
import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { failFile, newSession, recordUnhandled, until } from '../../test/support/api.js';
import type { MfaPhoneInput } from './mfa-phone-input.js';

const FLOATING = '/node_modules/@floating-ui/dom/dist/floating-ui.dom.mjs';

describe('<mfa-phone-input> when the list positioning cannot be loaded', () => {
  it('opens the list under the field all the same, and loads it on a later open', async () => {
    await newSession();
    await failFile(FLOATING, 1000);
    const unhandled = recordUnhandled();
    await import('./mfa-phone-input.js');
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP" preferred-countries="JP US"></mfa-phone-input>`);
    await el.updateComplete;
    const part = (selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector)!;
    part('.toggle').click();
    await el.updateComplete;
    await aTimeout(300);
    const popup = part('.popup');
    const field = part('.combo').getBoundingClientRect();
    const list = popup.getBoundingClientRect();
    expect(popup.hidden).to.equal(false);
    expect(list.top).to.be.closeTo(field.bottom + 4, 2);
    expect(list.left).to.be.closeTo(field.left, 2);
    expect(list.width).to.be.closeTo(field.width, 2);
    expect(popup.style.maxHeight, 'not positioned by the library').to.equal('');
    part('#option-US').click();
    await el.updateComplete;
    expect(el.country).to.equal('US');

    await failFile(FLOATING, 0);
    part('.toggle').click();
    await el.updateComplete;
    if (!/Firefox\//.test(navigator.userAgent)) {
      // Firefox ESR keeps a failed dynamic import for the life of the page; elsewhere the library takes over.
      await until(() => popup.style.maxHeight !== '', 5000, 'the list to be positioned by the library');
    }
    expect(unhandled.stop(), 'no unhandled rejection').to.deep.equal([]);
  });
});
