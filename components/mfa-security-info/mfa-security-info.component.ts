import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { MfaConnection } from '../../src/connection.js';
import { toMfaError, type MfaError } from '../../src/errors.js';
import type { DeliveryMethod, MfaChange, PhoneInfo } from '../../src/types.js';
import { getMethods, setMethod } from '../../src/operations.js';
import { ClientChanges, clientFor } from '../shared/client.js';
import { emit } from '../shared/events.js';
import { LocalizeController, unbroken } from '../shared/localize.js';
import { methodList } from '../shared/methods.js';
import { setStates } from '../shared/states.js';
import { baseStyles, choiceStyles, panelStyles } from '../shared/styles.js';
import type { MfaEnrolledDetail, PhoneEnrollStringOverrides } from '../mfa-phone-enroll/mfa-phone-enroll.component.js';
import { styles } from './mfa-security-info.styles.js';
import { errors, phoneErrors, securityInfo, type AppPasswordPanelStrings, type CodeEntryStrings, type ErrorMessages, type SecurityInfoStrings } from '../../locales/en.js';

/** Detail of `mfa-phone-changed`: the new number as the server masks it, never in full. */
export interface MfaPhoneChangedDetail {
  maskedPhone: string;
  method: DeliveryMethod;
}

/** Detail of `mfa-method-changed`. */
export interface MfaMethodChangedDetail {
  maskedPhone: string;
  method: DeliveryMethod;
}

/** The events `<mfa-security-info>` fires (and `mfa-error`), by name. They bubble and are composed, so they are typed on the document and window too. */
export interface MfaSecurityInfoEventMap {
  'mfa-phone-changed': CustomEvent<MfaPhoneChangedDetail>;
  'mfa-method-changed': CustomEvent<MfaMethodChangedDetail>;
}

declare global {
  interface HTMLElementEventMap extends MfaSecurityInfoEventMap {}
  interface DocumentEventMap extends MfaSecurityInfoEventMap {}
  interface WindowEventMap extends MfaSecurityInfoEventMap {}
}

/** All strings, with error texts and the embedded elements' texts. */
export type SecurityInfoStringOverrides = Partial<SecurityInfoStrings> & {
  errors?: Partial<ErrorMessages>;
  codeEntry?: Partial<CodeEntryStrings>;
  phoneEnroll?: PhoneEnrollStringOverrides;
  appPasswordPanel?: Partial<AppPasswordPanelStrings>;
};

/** What the element shows. */
type View = 'loading' | 'failed' | 'overview' | 'step-up' | 'new-phone' | 'changed';

// Events of the embedded flows that mean something else outside: a page that signs in on
// `mfa-verified` must not take the step-up for a sign-in.
const stop = (event: Event) => event.stopPropagation();

/**
 * The sign-in methods on file, after the initial setting: the registered phone and how codes come
 * (text or call, switched at once), changing the number safely, and the app passwords.
 *
 * A change first asks for a code sent to the current phone (a sign-in challenge with
 * `<mfa-code-entry>`: a stolen password alone is not enough), then runs steps 1 and 2 of
 * `<mfa-phone-enroll>` for the new number, then confirms. The backend replaces the number only once
 * the new one is verified, and tells the old one. Other elements on the page that share the client
 * follow at once. The embedded flows' `mfa-verified`, `mfa-enrolled` and `mfa-step-change` stay
 * inside: the step-up is no sign-in.
 *
 * @tag mfa-security-info
 * @summary Shows the phone on file and its method, changes it after a step-up, and lists app passwords.
 *
 * @fires mfa-phone-changed - The new number was verified and replaced the old one: `{ maskedPhone, method }`.
 * @fires mfa-method-changed - Codes now come the other way (text or call): `{ maskedPhone, method }`.
 * @fires mfa-error - A request failed: `{ error }` (also from the embedded elements).
 * @fires mfa-code-sent - From the embedded code entries, when a code is sent.
 * @fires mfa-app-password-created - From the embedded `<app-password-panel>`.
 * @fires mfa-app-password-revoked - From the embedded `<app-password-panel>`.
 *
 * @slot app-passwords - Replaces the embedded `<app-password-panel>`, e.g. with a link to a page of its own.
 *
 * @csspart title - The heading.
 * @csspart intro - The text under the heading.
 * @csspart loading - The loading message.
 * @csspart phone - The box with the phone on file.
 * @csspart number - The masked number.
 * @csspart registered - When it was registered.
 * @csspart methods - The text/call choice.
 * @csspart change-button - "Change".
 * @csspart heading - The heading of the step-up, new-number and confirmation steps.
 * @csspart code-entry - The `<mfa-code-entry>` of the step-up.
 * @csspart phone-enroll - The `<mfa-phone-enroll>` for the new number.
 * @csspart cancel-button - Leaves a change.
 * @csspart done-button - Closes the confirmation.
 * @csspart app-passwords - The embedded `<app-password-panel>`.
 * @csspart status - The polite live region (a saved choice, a changed number).
 * @csspart error - Any error message.
 * @csspart retry-button - The Retry button after loading failed.
 *
 * @cssproperty --mfa-security-info-max-width - Widest the element grows (default 40rem).
 * @cssproperty --mfa-color-primary - And the other `--mfa-*` tokens of the shared styles.
 *
 * @cssstate loading - The methods are loading.
 * @cssstate saving - A text/call choice is being saved.
 * @cssstate changing - A change of number is under way (step-up or new number).
 * @cssstate changed - The confirmation of a change is shown.
 * @cssstate error - An error is shown.
 */
export class MfaSecurityInfo extends LitElement {
  static override styles = [baseStyles, choiceStyles, panelStyles, styles];
  /** Reactive properties: internal state (`state: true`), then the public ones, documented on their fields. */
  static override properties = {
    view: { state: true },
    phone: { state: true },
    error: { state: true },
    saving: { state: true },
    status: { state: true },
    offered: { state: true },
    endpoint: {},
    client: { attribute: false },
    defaultCountry: { attribute: 'default-country' },
    methods: { converter: methodList },
    strings: { attribute: false },
  };

  private readonly localize = new LocalizeController(this, 'securityInfo', securityInfo, { ...errors, ...phoneErrors });
  private readonly internals = this.attachInternals?.();

  private view: View = 'loading';
  private phone: PhoneInfo | null = null;
  private error?: MfaError;
  private saving?: DeliveryMethod;
  private status = '';
  /** How the backend says it can send codes; undefined where it does not say. */
  private offered?: DeliveryMethod[];

  private abort = new AbortController();
  private loads = 0;
  /** A choice made while another was being saved: saved next. */
  private wanted?: DeliveryMethod;

  /** Base URL of the MFA API, used when `client` is not set. */
  endpoint?: string;
  /** The client to use (an `MfaClient`, for any transport) instead of one on `endpoint`. */
  client?: MfaConnection;
  /** Country or region selected at first for a new number (ISO code, e.g. `JP`). */
  defaultCountry = '';
  /** Which methods to offer (`sms`, `voice`, space- or comma-separated); default both, of those the backend says it has. */
  methods: DeliveryMethod[] = ['sms', 'voice'];
  /** Per-instance text overrides (`errors`, and `codeEntry`, `phoneEnroll`, `appPasswordPanel` for the embedded parts). */
  strings?: SecurityInfoStringOverrides;

  // Another element changed the phone (or a change here came back through the client): show it.
  private readonly onChange = (change: MfaChange): void => {
    if (change.kind === 'phone' && (this.view === 'overview' || this.view === 'changed')) void this.load(true);
  };

  constructor() {
    super();
    new ClientChanges(this, this.onChange);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.abort = new AbortController();
    if (this.hasUpdated) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort.abort();
  }

  /** Waits (briefly) for the language to arrive, so that the first render is not in English. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.localize.whenReady(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.isConnected && (changed.has('endpoint') || changed.has('client'))) void this.load();
  }

  protected override updated(): void {
    setStates(this.internals, {
      loading: this.view === 'loading',
      saving: Boolean(this.saving),
      changing: this.view === 'step-up' || this.view === 'new-phone',
      changed: this.view === 'changed',
      error: Boolean(this.error),
    });
  }

  private get activeClient(): MfaConnection | undefined {
    try {
      return clientFor(this);
    } catch {
      return undefined;
    }
  }

  /** The methods to offer: those asked for that the backend has. */
  private get choices(): DeliveryMethod[] {
    return this.methods.filter((method) => !this.offered || this.offered.includes(method));
  }

  /** Loads the methods; `quiet` keeps what is shown meanwhile, and on failure. */
  private async load(quiet = false): Promise<void> {
    const load = ++this.loads;
    const { signal } = this.abort;
    if (!quiet) this.view = 'loading';
    try {
      const { phone, offered } = await getMethods(clientFor(this), { signal });
      if (load !== this.loads || signal.aborted) return;
      this.phone = phone;
      this.offered = offered;
      if (!quiet) this.error = undefined;
      if (this.view === 'loading' || this.view === 'failed') this.view = 'overview';
    } catch (thrown) {
      if (quiet || load !== this.loads) return;
      const error = toMfaError(thrown, signal);
      if (signal.aborted) return;
      this.error = error;
      this.view = 'failed';
      emit(this, 'mfa-error', { error });
    }
  }

  private async announce(text: string): Promise<void> {
    // Emptied first so that the same words twice are announced twice.
    this.status = '';
    await this.updateComplete;
    this.status = text;
  }

  private async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** Text or call: saved at once; one request at a time, the last choice wins. */
  private async choose(method: DeliveryMethod): Promise<void> {
    if (this.saving) {
      this.wanted = method;
      return;
    }
    if (!this.phone || method === this.phone.method) return;
    this.saving = method;
    this.error = undefined;
    const { signal } = this.abort;
    try {
      const phone = await setMethod(clientFor(this), method, { signal, source: this });
      if (signal.aborted) return;
      this.phone = phone;
      void this.announce(this.localize.term('methodSaved', phone.method));
      emit<MfaMethodChangedDetail>(this, 'mfa-method-changed', { maskedPhone: phone.maskedPhone, method: phone.method });
    } catch (thrown) {
      const error = toMfaError(thrown, signal);
      if (signal.aborted) return;
      this.error = error;
      this.wanted = undefined;
      emit(this, 'mfa-error', { error });
    } finally {
      this.saving = undefined;
    }
    const next = this.wanted;
    this.wanted = undefined;
    if (next && !signal.aborted) void this.choose(next);
  }

  private startChange(): void {
    this.error = undefined;
    this.status = '';
    this.view = 'step-up';
    void this.focusOn('#step-up-heading');
  }

  private onStepUp(event: CustomEvent<{ flow: string }>): void {
    event.stopPropagation();
    if (event.detail.flow !== 'challenge' || this.view !== 'step-up') return;
    this.view = 'new-phone';
    void this.focusOn('#new-phone-heading');
  }

  private onEnrolled(event: CustomEvent<MfaEnrolledDetail>): void {
    event.stopPropagation();
    if (this.view !== 'new-phone') return;
    const { maskedPhone, method } = event.detail;
    this.phone = { maskedPhone, method, registeredAt: this.phone?.registeredAt ?? null };
    this.view = 'changed';
    void this.load(true);
    emit<MfaPhoneChangedDetail>(this, 'mfa-phone-changed', { maskedPhone, method });
    void this.focusOn('#changed-heading');
  }

  private cancel(): void {
    this.view = 'overview';
    void this.focusOn('[part~=change-button]');
  }

  private done(): void {
    this.view = 'overview';
    void this.focusOn('[part~=change-button]');
  }

  private date(iso: string): string {
    try {
      return new Intl.DateTimeFormat(this.localize.formatLang, { dateStyle: 'medium' }).format(new Date(iso));
    } catch {
      return new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(iso));
    }
  }

  private heading(id: string, text: string) {
    return html`<h3 id=${id} part="heading" tabindex="-1">${text}</h3>`;
  }

  private renderPhone(phone: PhoneInfo) {
    const t = this.localize.term.bind(this.localize);
    return html`<div part="phone" class="phone box">
        <div>
          <span class="label" id="phone-label">${t('phoneLabel')}</span>
          <span part="number" class="number">${unbroken(phone.maskedPhone)}</span>
          ${phone.registeredAt
            ? html`<span part="registered" class="hint">${t('registeredOn')} <time datetime=${phone.registeredAt}>${this.date(phone.registeredAt)}</time></span>`
            : nothing}
        </div>
        <button part="change-button" class="secondary" type="button" aria-label=${t('changeLabel')} @click=${this.startChange}>${t('change')}</button>
      </div>
      ${this.choices.length > 1
        ? html`<fieldset part="methods" aria-busy=${Boolean(this.saving)}>
            <legend>${t('methodLegend')}</legend>
            ${this.choices.map(
              (m) => html`<label class="choice"
                ><input type="radio" name="method" value=${m} .checked=${(this.saving ?? phone.method) === m} @change=${() => this.choose(m)} />${t(m)}</label
              >`,
            )}
          </fieldset>`
        : nothing}`;
  }

  private renderOverview() {
    const t = this.localize.term.bind(this.localize);
    return html`${this.phone ? this.renderPhone(this.phone) : html`<p part="phone" class="phone box">${t('noPhone')}</p>`}
      <p part="error" class="error" role="alert">${this.error ? this.localize.error(this.error) : ''}</p>
      <slot name="app-passwords">
        <app-password-panel part="app-passwords" .client=${this.activeClient} .strings=${{ ...this.strings?.appPasswordPanel, errors: this.strings?.errors }}></app-password-panel>
      </slot>`;
  }

  private renderChange() {
    const t = this.localize.term.bind(this.localize);
    const client = this.activeClient;
    const cancel = html`<div class="actions">
      <button part="cancel-button" class="secondary" type="button" @click=${this.cancel}>${t('cancel')}</button>
    </div>`;
    if (this.view === 'step-up') {
      return html`<section aria-labelledby="step-up-heading">
        ${this.heading('step-up-heading', t('stepUpHeading'))}
        <p>${t('stepUpIntro')}</p>
        <mfa-code-entry
          part="code-entry"
          auto-send
          .client=${client}
          .methods=${this.choices}
          .strings=${{ ...this.strings?.codeEntry, errors: this.strings?.errors }}
          @mfa-verified=${this.onStepUp}
        ></mfa-code-entry>
        ${cancel}
      </section>`;
    }
    return html`<section aria-labelledby="new-phone-heading">
      ${this.heading('new-phone-heading', t('newPhoneHeading'))}
      <mfa-phone-enroll
        part="phone-enroll"
        .client=${client}
        default-country=${this.defaultCountry || nothing}
        .methods=${this.choices}
        .strings=${{ ...this.strings?.phoneEnroll, errors: this.strings?.errors }}
        @mfa-verified=${stop}
        @mfa-step-change=${stop}
        @mfa-enrolled=${this.onEnrolled}
      ></mfa-phone-enroll>
      ${cancel}
    </section>`;
  }

  override render() {
    const t = this.localize.term.bind(this.localize);
    const { view } = this;
    let body;
    if (view === 'loading') body = html`<p part="loading" class="hint">${t('loading')}</p>`;
    else if (view === 'failed') {
      body = html`<div class="notice box">
        <p part="error" class="error" role="alert">${t('loadFailed')} ${this.error ? this.localize.error(this.error) : ''}</p>
        <button part="retry-button" type="button" @click=${() => this.load().then(() => this.focusOn('[part~=change-button], [part~=retry-button]'))}>${t('retry')}</button>
      </div>`;
    } else if (view === 'overview') body = this.renderOverview();
    else if (view === 'changed') {
      body = html`<section aria-labelledby="changed-heading">
        ${this.heading('changed-heading', t('changedHeading'))}
        <p>${this.phone ? t('changed', unbroken(this.phone.maskedPhone)) : ''}</p>
        <div class="actions"><button part="done-button" type="button" @click=${this.done}>${t('done')}</button></div>
      </section>`;
    } else body = this.renderChange();
    return html`<h2 id="title" part="title">${t('title')}</h2>
      <p part="intro" class="hint">${t('intro')}</p>
      <p part="status" class="status" role="status">${this.status}</p>
      ${body}`;
  }
}
