import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { MfaConnection } from '../../src/connection.js';
import { newIdempotencyKey, startEnrollment } from '../../src/operations.js';
import { mayHaveActed, toMfaError, type MfaError } from '../../src/errors.js';
import type { DeliveryMethod, Enrollment, IssuedAppPassword } from '../../src/types.js';
import { clientFor } from '../shared/client.js';
import { CountdownController } from '../shared/countdown.js';
import { duringIme, emit } from '../shared/events.js';
import { methodList } from '../shared/methods.js';
import { lazy } from '../shared/lazy.js';
import { LocalizeController, unbroken } from '../shared/localize.js';
import { setStates } from '../shared/states.js';
import { baseStyles, choiceStyles } from '../shared/styles.js';
import type { AppPasswordPanel } from '../app-password-panel/app-password-panel.component.js';
import type { MfaCodeEntry, MfaVerifiedDetail, PublicEnrollmentResult } from '../mfa-code-entry/mfa-code-entry.component.js';
import type { MfaPhoneInput } from '../mfa-phone-input/mfa-phone-input.component.js';
import { styles } from './mfa-phone-enroll.styles.js';
import { errors, phoneEnroll, phoneErrors, type AppPasswordPanelStrings, type CodeEntryStrings, type ErrorMessages, type PhoneEnrollStrings, type PhoneInputStrings } from '../../locales/en.js';

/** The steps of the flow. */
export type EnrollStep = 'contact' | 'verify' | 'app-password' | 'done';

/** Detail of `mfa-step-change`. */
export interface MfaStepChangeDetail {
  step: EnrollStep;
}

/** Detail of `mfa-enrolled`: never the app password. */
export interface MfaEnrolledDetail {
  /** The enrolled number, E.164. */
  phoneNumber: string;
  /** The number as the server masks it, e.g. `+81 •• •••• 5678`. */
  maskedPhone: string;
  /** How codes will be sent. */
  method: DeliveryMethod;
}

/** The events `<mfa-phone-enroll>` fires (and `mfa-error`), by name. They bubble and are composed, so they are typed on the document and window too. */
export interface MfaPhoneEnrollEventMap {
  'mfa-step-change': CustomEvent<MfaStepChangeDetail>;
  'mfa-enrolled': CustomEvent<MfaEnrolledDetail>;
}

declare global {
  interface HTMLElementEventMap extends MfaPhoneEnrollEventMap {}
  interface DocumentEventMap extends MfaPhoneEnrollEventMap {}
  interface WindowEventMap extends MfaPhoneEnrollEventMap {}
}

/** All strings, with error texts and the embedded elements' texts. */
export type PhoneEnrollStringOverrides = Partial<PhoneEnrollStrings> & {
  errors?: Partial<ErrorMessages>;
  phoneInput?: Partial<PhoneInputStrings>;
  codeEntry?: Partial<CodeEntryStrings>;
  appPasswordPanel?: Partial<AppPasswordPanelStrings>;
};

/** Loads steps 2 and 3 (the code entry and the app-password panel) once, when the user starts on step 1; after a failure, the next call tries again. */
const loadSteps = lazy(() => import('./steps.js'));

/** `exportparts` for an embedded element: each of its parts as `<prefix>-<part>`. */
const exported = (prefix: string, parts: string) => parts.replace(/\S+/g, (part) => `${part}:${prefix}-${part}`).replace(/ /g, ',');

/**
 * The whole initial setting of a phone for verification codes, in three steps: the number and how
 * to be contacted; the code sent to it (`<mfa-code-entry>`); and, when the server issues one, the
 * app password for applications that cannot do the extra verification, shown once.
 *
 * Next sends one request however often it is pressed; a failed request leaves the user on step 1
 * with the number intact and a specific message, and retrying after a network or server failure
 * (or an answer it could not read) reuses the same idempotency key, so no second code is sent. The
 * app password never appears in an event, and is removed from the page and from memory on Finish
 * or when the element is removed.
 *
 * The embedded elements' parts are exported as `<its part>-<their part>` (the list below), so the
 * page can style them too: `mfa-phone-enroll::part(phone-input-error)`.
 *
 * @tag mfa-phone-enroll
 * @summary Enrolls a phone for verification codes: number, code, app password, done.
 *
 * @fires {CustomEvent<MfaStepChangeDetail>} mfa-step-change - The step changed: `{ step }` (`contact`, `verify`, `app-password`, `done`).
 * @fires {CustomEvent<MfaEnrolledDetail>} mfa-enrolled - The user finished: `{ phoneNumber, maskedPhone, method }`.
 * @fires {CustomEvent<MfaErrorEventDetail>} mfa-error - A request failed: `{ error }` (also bubbles from the embedded code entry).
 * @fires {CustomEvent<MfaCodeSentDetail>} mfa-code-sent - From the embedded code entry, when a new code is sent.
 * @fires {CustomEvent<MfaVerifiedDetail>} mfa-verified - From the embedded code entry, when the code is accepted (no secrets).
 *
 * @slot notice - Text about fees and roaming under the method; a sensible default is built in.
 *
 * @csspart heading - The heading of each step.
 * @csspart phone-input - The `<mfa-phone-input>`.
 * @csspart methods - The method choice.
 * @csspart notice - The box around the notice slot.
 * @csspart error - The error of step 1 (an alert).
 * @csspart next-button - Step 1's Next.
 * @csspart code-entry - The `<mfa-code-entry>` of step 2.
 * @csspart change-button - "Change phone number".
 * @csspart app-password - The `<app-password-panel>` showing the one-time app password with Copy.
 * @csspart finish-button - Step 3's Finish.
 * @csspart status - The message once done.
 * @csspart phone-input-country - The country picker's box (flag and text field).
 * @csspart phone-input-country-input - The country picker's text field.
 * @csspart phone-input-listbox - The list of countries and regions.
 * @csspart phone-input-option - One country or region in the list.
 * @csspart phone-input-label - The number field's label.
 * @csspart phone-input-hint - The hint under the number label.
 * @csspart phone-input-prefix - The calling code shown before the number.
 * @csspart phone-input-input - The number field.
 * @csspart phone-input-error - The number's error message.
 * @csspart code-entry-form - The code entry's form.
 * @csspart code-entry-status - The live status line (where the code went).
 * @csspart code-entry-label - The code field's label.
 * @csspart code-entry-hint - The hint under the code label.
 * @csspart code-entry-input - The code field.
 * @csspart code-entry-error - The code's error message.
 * @csspart code-entry-verify-button - Submits the code.
 * @csspart code-entry-resend-button - Sends a new code.
 * @csspart code-entry-voice-button - Sends a new code by voice call.
 * @csspart code-entry-text-button - Sends a new code by text message, after a call.
 * @csspart code-entry-countdown - The wait before a new code can be asked for.
 * @csspart code-entry-help - What to do when no text or call came.
 * @csspart app-password-issued - The one-time display of the app password.
 * @csspart app-password-password - The app password, in groups of four.
 * @csspart app-password-advice - The advice that it will not be shown again.
 * @csspart app-password-manual-input - The field to copy it from by hand, when copying failed.
 * @csspart app-password-copy-button - The Copy button.
 * @csspart app-password-status - The polite live region ("Copied").
 *
 * @cssproperty --mfa-phone-enroll-max-width - Widest the element grows (default 32rem).
 * @cssproperty --mfa-color-primary - And the other `--mfa-*` tokens of the shared styles.
 *
 * @cssstate sending - The enrollment request of step 1 is running.
 * @cssstate contact - Step 1 is shown (likewise `verify`, `app-password`, `done`).
 */
export class MfaPhoneEnroll extends LitElement {
  static override styles = [baseStyles, choiceStyles, styles];
  /** Reactive properties: internal state (`state: true`), then the public ones, documented on their fields. */
  static override properties = {
    current: { state: true },
    method: { state: true },
    sending: { state: true },
    error: { state: true },
    enrollment: { state: true },
    issued: { state: true },
    endpoint: {},
    client: { attribute: false },
    defaultCountry: { attribute: 'default-country' },
    preferredCountries: { attribute: 'preferred-countries' },
    methods: { converter: methodList },
    strings: { attribute: false },
  };
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  private readonly localize = new LocalizeController(this, 'phoneEnroll', phoneEnroll, { ...errors, ...phoneErrors });
  private readonly internals = this.attachInternals();

  private get phoneInput(): MfaPhoneInput {
    return this.renderRoot?.querySelector<MfaPhoneInput>('mfa-phone-input') as MfaPhoneInput;
  }

  private get codeEntry(): MfaCodeEntry | undefined {
    return this.renderRoot?.querySelector<MfaCodeEntry>('mfa-code-entry') ?? undefined;
  }

  private get panel(): AppPasswordPanel | undefined {
    return this.renderRoot?.querySelector<AppPasswordPanel>('app-password-panel') ?? undefined;
  }

  private current: EnrollStep = 'contact';
  private method?: DeliveryMethod;
  private sending = false;
  private error?: MfaError;
  private enrollment?: Enrollment;
  /** The one-time app password, only while step 3 shows it. */
  private issued?: IssuedAppPassword;

  private controller?: AbortController;
  /** The last attempt whose outcome is unknown: same number and method, same key. */
  private unsure?: { phoneNumber: string; method: DeliveryMethod; key: string };
  /** After a 429 with Retry-After, Next does nothing until the time has passed; then "try again in …" goes. */
  private readonly nextWait = new CountdownController(this, () => {
    if (this.error === this.rateLimit) this.error = undefined;
  });
  private rateLimit?: MfaError;
  private phoneNumber = '';
  private enrolled?: PublicEnrollmentResult['phone'];
  private activeClient?: MfaConnection;

  /** Base URL of the protocol (a fetch transport); ignored when `client` is set. */
  endpoint?: string;
  /** The client to use (an `MfaClient`, for any transport) instead of one on `endpoint`. */
  client?: MfaConnection;
  /** Country or region selected at first (ISO code, e.g. `JP`). */
  defaultCountry = '';
  /** Countries or regions listed first in the picker. */
  preferredCountries = '';
  /** Which methods to offer (`sms`, `voice`, space- or comma-separated); default both. */
  methods: DeliveryMethod[] = ['sms', 'voice'];
  /** Per-instance text overrides (`errors`, `phoneInput` and `codeEntry` for the embedded parts). */
  strings?: PhoneEnrollStringOverrides;

  /** The step shown. */
  get step(): EnrollStep {
    return this.current;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
    this.forgetPassword();
    // Without its password, step 3 has nothing left to show.
    if (this.current === 'app-password') this.current = 'done';
  }

  /** Waits (briefly) for the language to arrive, so that the first render is not in English. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.localize.whenReady(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('methods') && (!this.method || !this.methods.includes(this.method))) this.method = this.methods[0] ?? 'sms';
  }

  protected override updated(): void {
    const step = this.current;
    setStates(this.internals, {
      contact: step === 'contact',
      verify: step === 'verify',
      'app-password': step === 'app-password',
      done: step === 'done',
      sending: this.sending,
    });
  }

  private message(error: MfaError): string {
    return this.localize.error(error);
  }

  /** Shows another step, announces it by event, and moves focus into it. */
  private async go(step: EnrollStep): Promise<void> {
    this.current = step;
    emit<MfaStepChangeDetail>(this, 'mfa-step-change', { step });
    await this.updateComplete;
    if (step === 'contact') this.phoneInput.focus();
    else if (step === 'verify') await this.focusCode();
    else this.renderRoot.querySelector<HTMLElement>(`#${step}-heading`)?.focus();
  }

  private async focusCode(): Promise<void> {
    const entry = this.codeEntry;
    if (!entry) return;
    await entry.updateComplete;
    const field = entry.shadowRoot?.querySelector<HTMLElement>('[part~="input"]');
    (field ?? entry).focus();
  }

  private forgetPassword(): void {
    this.panel?.clear();
    this.issued = undefined;
  }

  private onPhoneKeydown(event: KeyboardEvent): void {
    // Enter in the number field submits, as in a native form (implicit submission stops at shadow roots).
    if (event.key === 'Enter' && !event.defaultPrevented && !duringIme(event)) {
      event.preventDefault();
      void this.next();
    }
  }

  private onPhoneInput(): void {
    this.error = undefined;
    // Someone typing a number will want step 2: fetch it now (a failure is said on Next).
    loadSteps().catch(() => undefined);
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    void this.next();
  }

  /** Step 1's Next: checks the number, then starts the enrollment (one request at a time). */
  private async next(): Promise<void> {
    if (this.sending || this.current !== 'contact') return;
    if (this.nextWait.running) {
      this.error = this.rateLimit;
      return;
    }
    this.sending = true;
    this.error = undefined;
    const controller = (this.controller = new AbortController());
    try {
      // Until the phone rules arrive no number is valid yet (autofill, then a quick Enter): wait.
      await this.phoneInput.updateComplete;
      if (!this.phoneInput.reportValidity()) return;
      // Steps 2 and 3 before any code is sent: a code must never go out to a page that cannot take it.
      await loadSteps();
      const phoneNumber = this.phoneInput.value;
      const method = this.method ?? 'sms';
      const same = this.unsure?.phoneNumber === phoneNumber && this.unsure.method === method;
      const key = same ? this.unsure!.key : newIdempotencyKey();
      this.unsure = { phoneNumber, method, key };
      const client = (this.activeClient = clientFor(this));
      const enrollment = await startEnrollment(client, { phoneNumber, method }, { signal: controller.signal, idempotencyKey: key });
      this.unsure = undefined;
      this.phoneNumber = phoneNumber;
      this.enrollment = enrollment;
      void this.go('verify');
    } catch (thrown) {
      const error = toMfaError(thrown, controller.signal);
      // Unless the server may have sent a code (mayHaveActed), a retry is a new action with a new key.
      if (!mayHaveActed(error)) this.unsure = undefined;
      if (error.code === 'aborted' && controller.signal.aborted) return;
      if (error.code === 'rate_limited' && error.retryAfter) {
        this.rateLimit = error;
        this.nextWait.start(error.retryAfter);
      }
      if (error.code === 'invalid_phone_number' || error.code === 'unsupported_region') {
        // About the number itself: said under it, where it is fixed; gone once it changes.
        this.phoneInput.setCustomValidity(this.message(error));
        this.phoneInput.reportValidity();
      } else {
        this.error = error;
      }
      emit(this, 'mfa-error', { error });
    } finally {
      if (this.controller === controller) this.controller = undefined;
      this.sending = false;
    }
  }

  private onVerified(event: CustomEvent<MfaVerifiedDetail>): void {
    if (event.detail.flow !== 'enrollment' || this.current !== 'verify') return;
    const result = event.detail.result as PublicEnrollmentResult;
    this.enrolled = result.phone;
    this.issued = this.codeEntry?.takeAppPassword();
    if (this.issued) void this.go('app-password');
    else this.finish();
  }

  private changeNumber(): void {
    this.enrollment = undefined;
    void this.go('contact');
  }

  /** Finish: the app password is forgotten, then `mfa-enrolled`. */
  private finish(): void {
    this.forgetPassword();
    const phone = this.enrolled;
    void this.go('done');
    if (phone) emit<MfaEnrolledDetail>(this, 'mfa-enrolled', { phoneNumber: this.phoneNumber, maskedPhone: phone.maskedPhone, method: phone.method });
  }

  private heading(step: EnrollStep, text: string) {
    return html`<h2 id="${step}-heading" part="heading" tabindex="-1">${text}</h2>`;
  }

  override render() {
    const t = this.localize.term.bind(this.localize);
    const step = this.current;
    const waiting = this.nextWait.running;
    return html`
      <section ?hidden=${step !== 'contact'} aria-labelledby="contact-heading">
        ${this.heading('contact', t('contactHeading'))}
        <form novalidate @submit=${this.onSubmit}>
          <mfa-phone-input
            part="phone-input"
            exportparts=${exported('phone-input', 'country country-input listbox option label hint prefix input error')}
            required
            default-country=${this.defaultCountry || nothing}
            preferred-countries=${this.preferredCountries || nothing}
            .strings=${{ ...this.strings?.phoneInput, errors: this.strings?.errors }}
            @keydown=${this.onPhoneKeydown}
            @input=${this.onPhoneInput}
          ></mfa-phone-input>
          ${this.methods.length > 1
            ? html`<fieldset part="methods">
                <legend>${t('methodLegend')}</legend>
                ${this.methods.map(
                  (m) => html`<label class="choice"
                    ><input type="radio" name="method" value=${m} .checked=${this.method === m} @change=${() => (this.method = m)} />${t(m)}</label
                  >`,
                )}
              </fieldset>`
            : html`<p part="methods">${t(this.methods[0] ?? 'sms')}</p>`}
          <div class="notice" part="notice"><slot name="notice"><p>${t('notice')}</p></slot></div>
          <p part="error" class="error" role="alert">${this.error ? this.message(this.error) : ''}</p>
          <div class="actions">
            <button part="next-button" type="submit" aria-disabled=${this.sending || waiting ? 'true' : 'false'}>${this.sending ? t('sending') : t('next')}</button>
          </div>
        </form>
      </section>
      ${step === 'verify' && this.enrollment
        ? html`<section aria-labelledby="verify-heading">
            ${this.heading('verify', t('verifyHeading'))}
            <mfa-code-entry
              part="code-entry"
              exportparts=${exported('code-entry', 'form status label hint input error verify-button resend-button voice-button text-button countdown help')}
              .client=${this.activeClient}
              .enrollment=${this.enrollment}
              .methods=${this.methods}
              .strings=${{ ...this.strings?.codeEntry, errors: this.strings?.errors }}
              @mfa-verified=${this.onVerified}
            ></mfa-code-entry>
            <div class="actions">
              <button part="change-button" type="button" class="link" @click=${this.changeNumber}>${t('changeNumber')}</button>
            </div>
          </section>`
        : nothing}
      ${step === 'app-password'
        ? html`<section aria-labelledby="app-password-heading">
            ${this.heading('app-password', t('appPasswordHeading'))}
            <p>${t('appPasswordIntro')}</p>
            <app-password-panel
              part="app-password"
              exportparts=${exported('app-password', 'issued password advice manual-input copy-button status')}
              mode="display"
              .issued=${this.issued}
              .strings=${{ ...this.strings?.appPasswordPanel, errors: this.strings?.errors }}
            ></app-password-panel>
            <div class="actions">
              <button part="finish-button" type="button" @click=${this.finish}>${t('finish')}</button>
            </div>
          </section>`
        : nothing}
      ${step === 'done'
        ? html`<section aria-labelledby="done-heading">
            ${this.heading('done', t('doneHeading'))}
            <p part="status" role="status">${this.enrolled ? t('done', unbroken(this.enrolled.maskedPhone)) : ''}</p>
          </section>`
        : nothing}
    `;
  }
}
