/** Defines `<mfa-code-entry>`. */
import { MfaCodeEntry } from './mfa-code-entry.component.js';

export * from './mfa-code-entry.component.js';
export type { CodeEntryStrings } from '../../locales/en.js';
export { registerLocale, type Translation, type TranslationSource } from '../shared/localize.js';
export type { MfaErrorEventDetail, MfaErrorEventMap } from '../shared/events.js';

if (!customElements.get('mfa-code-entry')) customElements.define('mfa-code-entry', MfaCodeEntry);

declare global {
  interface HTMLElementTagNameMap {
    'mfa-code-entry': MfaCodeEntry;
  }
}
