import { MfaPhoneEnroll } from './mfa-phone-enroll.component.js';
import '../mfa-phone-input/mfa-phone-input.js';

export * from './mfa-phone-enroll.component.js';
export type { PhoneEnrollStrings } from '../../locales/en.js';
export { registerLocale, type Translation, type TranslationSource } from '../shared/localize.js';
// The embedded code entry's events bubble out of this element too.
export type { MfaCodeSentDetail, MfaVerifiedDetail, MfaCodeEntryEventMap } from '../mfa-code-entry/mfa-code-entry.component.js';
export type { MfaErrorEventDetail, MfaErrorEventMap } from '../shared/events.js';

if (!customElements.get('mfa-phone-enroll')) customElements.define('mfa-phone-enroll', MfaPhoneEnroll);

declare global {
  interface HTMLElementTagNameMap {
    'mfa-phone-enroll': MfaPhoneEnroll;
  }
}
