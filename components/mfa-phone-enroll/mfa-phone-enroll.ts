import { MfaPhoneEnroll } from './mfa-phone-enroll.component.js';
import '../mfa-phone-input/mfa-phone-input.js';
import '../mfa-code-entry/mfa-code-entry.js';
import '../app-password-panel/app-password-panel.js';

export * from './mfa-phone-enroll.component.js';
export type { PhoneEnrollStrings } from '../../locales/en.js';
export { registerLocale, type Translation, type TranslationSource } from '../shared/localize.js';
export type { MfaErrorEventDetail, MfaErrorEventMap } from '../shared/events.js';

if (!customElements.get('mfa-phone-enroll')) customElements.define('mfa-phone-enroll', MfaPhoneEnroll);

declare global {
  interface HTMLElementTagNameMap {
    'mfa-phone-enroll': MfaPhoneEnroll;
  }
}
