/**
 * The self-contained bundle as a page without a build step loads it: every element defined, and
 * the phone rules arriving in their lazy chunk. `npm test` builds it just before; on its own,
 * `npm run test:browser` builds it when dist/ has none.
 */
import { expect } from '@open-wc/testing';
import { until } from '../support/api.js';

const BUNDLE = '/dist/mfa-elements.bundle.js';

describe('dist/mfa-elements.bundle.js', () => {
  it('defines every element (two of them a moment later), and its lazy phone rules format a number and give E.164', async () => {
    await import(/* @vite-ignore */ BUNDLE);
    for (const tag of ['mfa-phone-enroll', 'mfa-phone-input']) expect(customElements.get(tag), tag).to.not.equal(undefined);
    // The others come in chunks the bundle fetches right after itself.
    for (const tag of ['mfa-code-entry', 'app-password-panel', 'mfa-security-info']) await until(() => customElements.get(tag), 5000, tag);
    const input = document.createElement('mfa-phone-input') as HTMLElement & { value: string };
    input.setAttribute('default-country', 'JP');
    document.body.append(input);
    const numberField = () => input.shadowRoot?.querySelector<HTMLInputElement>('input[inputmode=tel]');
    await until(numberField, 5000, 'the number field');
    const field = numberField()!;
    field.value = '09012345678';
    field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
    await until(() => field.value === '090-1234-5678', 5000, 'the phone rules to load and format');
    expect(input.value).to.equal('+819012345678');
    input.remove();
  });
});
