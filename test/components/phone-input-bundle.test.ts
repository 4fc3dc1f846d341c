/**
 * The phone field's own bundle, for a page that needs only the field: it defines that element and
 * no other, and its lazy phone rules format a number and give E.164. Built as for bundle.test.ts.
 */
import { expect } from '@open-wc/testing';
import { until } from '../support/api.js';

const BUNDLE = '/dist/mfa-phone-input.bundle.js';

describe('dist/mfa-phone-input.bundle.js', () => {
  it('defines <mfa-phone-input> alone, its lazy phone rules format a number and give E.164, and the country is named after', async () => {
    await import(/* @vite-ignore */ BUNDLE);
    expect(customElements.get('mfa-phone-input')).to.not.equal(undefined);
    for (const tag of ['mfa-phone-enroll', 'mfa-code-entry', 'app-password-panel', 'mfa-security-info']) expect(customElements.get(tag), tag).to.equal(undefined);
    // A page's first use of Intl costs it tens of milliseconds: the first render and the first
    // formatted number ask it for no region name; the country's name follows in a task of its own.
    const named: string[] = [];
    const of = Intl.DisplayNames.prototype.of;
    Intl.DisplayNames.prototype.of = function (this: Intl.DisplayNames, code: string) {
      named.push(code);
      return of.call(this, code);
    };
    const input = document.createElement('mfa-phone-input') as HTMLElement & { value: string; updateComplete: Promise<boolean> };
    try {
      input.setAttribute('default-country', 'JP');
      document.body.append(input);
      await input.updateComplete;
      const field = input.shadowRoot!.querySelector<HTMLInputElement>('#number')!;
      const country = input.shadowRoot!.querySelector<HTMLInputElement>('#country')!;
      field.value = '09012345678';
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
      await input.updateComplete;
      expect(field.value, 'formatted at once, once the rules are there').to.equal('090-1234-5678');
      expect(input.value).to.equal('+819012345678');
      expect(named, 'regions named before the field formats').to.deep.equal([]);
      expect(country.value).to.equal('');
      await until(() => country.value === 'Japan (+81)', 5000, "the country's name");
      expect(named).to.deep.equal(['JP']);
    } finally {
      Intl.DisplayNames.prototype.of = of;
    }
    // Japan's rules were asked for alongside the phone module, not one round trip after it.
    const timing = (file: string) => performance.getEntriesByType('resource').find((entry) => entry.name.includes(`/bundle/${file}-`)) as PerformanceResourceTiming;
    expect(timing('rules-8').startTime, 'the rules fetched before the phone module arrived').to.be.below(timing('phone').responseEnd);
    input.remove();
  });
});
