import { MfaPhoneInput } from './mfa-phone-input.component.js';

export { MfaPhoneInput, loadPhoneModule } from './mfa-phone-input.component.js';
export type { PhoneInputStrings } from '../../locales/en.js';
export { registerLocale, type Translation, type TranslationSource } from '../shared/localize.js';

if (!customElements.get('mfa-phone-input')) customElements.define('mfa-phone-input', MfaPhoneInput);

declare global {
  interface HTMLElementTagNameMap {
    'mfa-phone-input': MfaPhoneInput;
  }
}
