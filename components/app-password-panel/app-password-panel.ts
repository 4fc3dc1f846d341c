/** Defines `<app-password-panel>`. Import this module to use the element. */
import { AppPasswordPanel } from './app-password-panel.component.js';

export { AppPasswordPanel } from './app-password-panel.component.js';
export type { AppPasswordCreatedDetail, AppPasswordRevokedDetail, AppPasswordPanelEventMap, AppPasswordPanelStringOverrides } from './app-password-panel.component.js';
export type { MfaErrorEventDetail, MfaErrorEventMap } from '../shared/events.js';
export type { AppPasswordPanelStrings } from '../../locales/en.js';
export { registerLocale, type Translation, type TranslationSource } from '../shared/localize.js';

if (!customElements.get('app-password-panel')) customElements.define('app-password-panel', AppPasswordPanel);

declare global {
  interface HTMLElementTagNameMap {
    'app-password-panel': AppPasswordPanel;
  }
}
