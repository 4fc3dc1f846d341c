/**
 * The one-time display of a freshly issued app password, shared by both modes of the panel: the
 * password grouped for reading, the advice that it will not be shown again, Copy, and (when
 * copying failed) a selected field to copy by hand. The groups are set apart by CSS alone, so that
 * the text holds no spaces to copy by hand, and form a list, so that a screen reader reads them one
 * by one.
 */
import { html, nothing } from 'lit';
import type { IssuedAppPassword } from '../../src/types.js';
import type { AppPasswordPanelStrings } from '../../locales/en.js';

/** The password without any whitespace: what is copied and what the app needs. */
export const compact = (password: string) => password.replace(/\s+/g, '');

/** The password in groups of four for reading: `abcd`, `efgh`, `ijkl`, `mnop`. */
export const groups = (password: string) => compact(password).match(/.{1,4}/g) ?? [];

/** What the display needs from its host. */
export interface OneTimePasswordView {
  issued: IssuedAppPassword;
  term: <K extends keyof AppPasswordPanelStrings>(key: K, ...args: AppPasswordPanelStrings[K] extends (...a: infer A) => string ? A : []) => string;
  /** Copying failed: show the password in a selected field to copy by hand. */
  manual: boolean;
  onCopy: () => void;
  /** Dismisses the password (management mode); no Done button without it. */
  onDone?: () => void;
}

/** Renders the display. Every value is bound as text or as a property, never as markup or attribute. */
export function oneTimePassword(view: OneTimePasswordView) {
  const { issued, term } = view;
  return html`<section part="issued" class="issued box" aria-labelledby="issued-title">
    <h3 id="issued-title" class="label">${term('issuedTitle', issued.name)}</h3>
    <p><code part="password" class="password" id="password" role="list" dir="ltr">${groups(issued.password).map((group) => html`<span role="listitem">${group}</span>`)}</code></p>
    <p part="advice" class="hint">${term('advice')}</p>
    ${view.manual
      ? html`<div class="field">
          <label for="manual">${term('manualLabel')}</label>
          <input id="manual" part="manual-input" dir="ltr" readonly autocomplete="off" spellcheck="false" .value=${compact(issued.password)} />
        </div>`
      : nothing}
    <div class="actions">
      <button part="copy-button" type="button" @click=${view.onCopy}>${term('copy')}</button>
      ${view.onDone ? html`<button part="done-button" class="secondary" type="button" @click=${view.onDone}>${term('done')}</button>` : nothing}
    </div>
  </section>`;
}
