/** Defines `<mfa-security-info>` and the elements it embeds. Import this module to use the element. */
import { MfaSecurityInfo } from './mfa-security-info.component.js';
import '../mfa-code-entry/mfa-code-entry.js';
import '../mfa-phone-enroll/mfa-phone-enroll.js';
import '../app-password-panel/app-password-panel.js';

export * from './mfa-security-info.component.js';
export type { SecurityInfoStrings } from '../../locales/en.js';
export { registerLocale, type Translation, type TranslationSource } from '../shared/localize.js';
export type { MfaErrorEventDetail, MfaErrorEventMap } from '../shared/events.js';

if (!customElements.get('mfa-security-info')) customElements.define('mfa-security-info', MfaSecurityInfo);

declare global {
  interface HTMLElementTagNameMap {
    'mfa-security-info': MfaSecurityInfo;
  }
}
