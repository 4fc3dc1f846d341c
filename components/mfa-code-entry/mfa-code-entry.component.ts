import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { MfaConnection } from '../../src/connection.js';
import { newIdempotencyKey, resendChallenge, resendEnrollment, startChallenge, verifyChallenge, verifyEnrollment } from '../../src/operations.js';
import { extractCodeDigits } from '../../src/code.js';
import { MfaError, invalidInput, mayHaveActed, toMfaError } from '../../src/errors.js';
import type { Challenge, ChallengeResult, CodeDelivery, DeliveryMethod, Enrollment, EnrollmentResult, IssuedAppPassword, MfaChange } from '../../src/types.js';
import { ClientChanges, clientFor } from '../shared/client.js';
import { CountdownController } from '../shared/countdown.js';
import { duringIme, emit } from '../shared/events.js';
import { methodList } from '../shared/methods.js';
import { LocalizeController, unbroken } from '../shared/localize.js';
import { setStates } from '../shared/states.js';
import { baseStyles } from '../shared/styles.js';
import { receiveOtp } from '../shared/webotp.js';
import { styles } from './mfa-code-entry.styles.js';
import { codeEntry, errors, type CodeEntryStrings, type ErrorMessages } from '../../locales/en.js';

/** Sign-in challenge or phone enrollment. */
export type MfaFlow = 'challenge' | 'enrollment';

/** Detail of `mfa-code-sent`. */
export interface MfaCodeSentDetail {
  flow: MfaFlow;
  maskedPhone: string;
  method: DeliveryMethod;
  resendIn: number;
  expiresIn: number;
}

/** An enrollment result as events carry it: the app password without its secret. */
export type PublicEnrollmentResult = Omit<EnrollmentResult, 'appPassword'> & { appPassword?: Omit<IssuedAppPassword, 'password'> };

/** Detail of `mfa-verified`: the server's answer (never a secret). */
export interface MfaVerifiedDetail {
  flow: MfaFlow;
  result: ChallengeResult | PublicEnrollmentResult;
}

/** The events `<mfa-code-entry>` fires (and `mfa-error`), by name. They bubble and are composed, so they are typed on the document and window too. */
export interface MfaCodeEntryEventMap {
  'mfa-code-sent': CustomEvent<MfaCodeSentDetail>;
  'mfa-verified': CustomEvent<MfaVerifiedDetail>;
}

declare global {
  interface HTMLElementEventMap extends MfaCodeEntryEventMap {}
  interface DocumentEventMap extends MfaCodeEntryEventMap {}
  interface WindowEventMap extends MfaCodeEntryEventMap {}
}

type Action = 'send' | 'resend' | DeliveryMethod | 'verify';
type Step = 'idle' | 'sent' | 'locked' | 'verified';

/**
 * @tag mfa-code-entry
 * @summary The verification-code step: sends a code (sign-in challenge) or takes an enrollment's, and checks what the user enters.
 *
 * @fires {CustomEvent<MfaCodeSentDetail>} mfa-code-sent - A code went out: `{ flow, maskedPhone, method, resendIn, expiresIn }`.
 * @fires {CustomEvent<MfaVerifiedDetail>} mfa-verified - The code was accepted: `{ flow, result }`, the server's answer (an app password without its secret; see `takeAppPassword()`).
 * @fires {CustomEvent<MfaErrorEventDetail>} mfa-error - An operation failed: `{ error }` (an `MfaError`). Not when a code's time runs out on screen: the element says so itself.
 *
 * @csspart form - The form around everything.
 * @csspart status - The live status line (where the code went, verified).
 * @csspart label - The code field's label.
 * @csspart input - The code field.
 * @csspart hint - The hint under the label.
 * @csspart error - The error message (an alert).
 * @csspart verify-button - Submits the code.
 * @csspart send-button - Sends the first code (challenge mode without `auto-send`).
 * @csspart resend-button - Sends a new code.
 * @csspart voice-button - Sends a new code by voice call ("Call me instead"), after a text.
 * @csspart text-button - Sends a new code by text message ("Text me instead"), after a call.
 * @csspart remember-device - The "Don't ask again on this device" checkbox and its label.
 * @csspart countdown - The visible wait before a new code can be asked for.
 * @csspart help - What to do when no text or call came, once a new code can be asked for.
 *
 * @cssproperty --mfa-color-primary - And the other `--mfa-*` tokens of the shared styles.
 *
 * @cssstate sending - A code is being sent.
 * @cssstate verifying - A code is being checked.
 * @cssstate sent - A code was sent and the field is shown.
 * @cssstate error - An error is shown.
 * @cssstate locked - Too many wrong codes: the field is gone.
 * @cssstate verified - The code was accepted.
 */
export class MfaCodeEntry extends LitElement {
  static override styles = [baseStyles, styles];
  /** Reactive properties: internal state (`state: true`), then the public ones, documented on their fields. */
  static override properties = {
    step: { state: true },
    pending: { state: true },
    delivery: { state: true },
    error: { state: true },
    resent: { state: true },
    exhausted: { state: true },
    note: { state: true },
    newPhone: { state: true },
    endpoint: {},
    client: { attribute: false },
    method: {},
    methods: { converter: methodList },
    autoSend: { type: Boolean, attribute: 'auto-send' },
    withRememberDevice: { type: Boolean, attribute: 'with-remember-device' },
    strings: { attribute: false },
    enrollment: { attribute: false },
  };
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  private readonly l = new LocalizeController(this, 'codeEntry', codeEntry, errors);
  /** Wait before the next send (server's `resendIn`, or a `rate_limited` send's `retryAfter`). */
  private readonly cooldown = new CountdownController(this, () => this.waitOver(this.verifyWait, 'waitEnd'));
  /** Wait after a `rate_limited` verification; its end takes that error away. */
  private readonly verifyWait = new CountdownController(this, () => this.waitOver(this.cooldown, 'verifyAgain'));

  /** The code's lifetime (server's `expiresIn`): when it runs out, say so before anyone types it. */
  private readonly expiry = new CountdownController(
    this,
    () => {
      // A check under way gets the server's own answer; focus stays where it is.
      if (this.step === 'sent' && !this.pending) this.error = new MfaError('expired');
    },
    false,
  );

  // The phone was changed elsewhere on the page: a code on its way to the old number is of no use
  // (the backend ends its challenge), so a sign-in starts over and the next code goes to the new one.
  private readonly onChange = (change: MfaChange): void => {
    if (change.kind !== 'phone' || this.enrollment || this.step === 'verified') return;
    this.ctrl?.abort();
    this.ctrl = this.pending = undefined;
    this.leave('idle');
    this.error = this.failed = undefined;
    this.newPhone = change.phone?.maskedPhone;
  };

  constructor() {
    super();
    new ClientChanges(this, this.onChange);
  }

  private get input(): HTMLInputElement | undefined {
    return this.renderRoot?.querySelector<HTMLInputElement>('#code') ?? undefined;
  }

  private get rememberBox(): HTMLInputElement | undefined {
    return this.renderRoot?.querySelector<HTMLInputElement>('#remember') ?? undefined;
  }

  private step: Step = 'idle';
  private pending?: Action;
  private delivery?: CodeDelivery;
  private error?: MfaError;
  private resent = false;
  /** No more sends for this enrollment (challenge mode starts a new challenge instead). */
  private exhausted = false;
  /** A text of ours that replaces the message of this error. */
  private says?: [MfaError, 'sendsUsed' | 'sendsUsedEnrollment' | 'challengeGone'];
  /** Announced once when a wait starts and once when it ends. */
  private note = '';
  /** The phone on file since it was changed elsewhere on the page, until a code goes to it. */
  private newPhone?: string;

  private readonly internals = this.attachInternals();
  private ref?: string;
  private ctrl?: AbortController;
  private otp?: AbortController;
  private composing = false;
  /** The code last sent for checking: input, paste, autofill and WebOTP never send it twice. */
  private lastCode = '';
  /** The key of a send whose outcome is unknown, for retrying that same action. */
  private failed?: [Action, string];
  private appPassword?: IssuedAppPassword;

  /** Base URL of the protocol (a fetch transport); ignored when `client` is set. */
  endpoint?: string;
  /** The client to use (an `MfaClient`, for any transport) instead of one on `endpoint`. */
  client?: MfaConnection;
  /** How the code is sent in challenge mode; default the enrolled method. */
  method?: DeliveryMethod;
  /**
   * Which ways of sending a code to offer (`sms`, `voice`, space- or comma-separated); default
   * both. The protocol cannot say whether a backend places calls: leave out `voice` if yours does not.
   */
  methods: DeliveryMethod[] = ['sms', 'voice'];
  /** Send a code as soon as the element connects (challenge mode). */
  autoSend = false;
  /** Show "Don't ask again on this device", sent as `rememberDevice` (challenge mode). */
  withRememberDevice = false;
  /** Overrides of any text, and of error texts under `errors`. */
  strings?: Partial<CodeEntryStrings> & { errors?: Partial<ErrorMessages> };
  /** An enrollment from `client.startEnrollment`: enrollment mode (no challenge is ever started). */
  enrollment?: Enrollment;

  private get flow(): MfaFlow {
    return this.enrollment ? 'enrollment' : 'challenge';
  }

  private get sendBlocked(): boolean {
    return !!this.pending || this.cooldown.running || this.exhausted;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // After the first update, so that properties set right after insertion count.
    // Also when put back after a move: listen for the text again, or redo the send the move cut off.
    void this.updateComplete.then(() => {
      if (!this.isConnected || this.pending) return;
      if (this.step === 'sent' && !this.otp) this.listen();
      else if (this.autoSend && !this.enrollment && this.step === 'idle') void this.send('send');
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The aborted request settles later; until then nothing would count as started again.
    this.ctrl?.abort();
    this.ctrl = this.pending = undefined;
    this.stopOtp();
    this.appPassword = undefined;
  }

  /** Waits (briefly) for the language to arrive, so that the first render is not in English. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.l.whenReady(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('enrollment')) {
      this.ctrl?.abort();
      this.leave('idle');
      this.error = undefined;
      this.failed = undefined;
      if (this.enrollment) this.accept(this.enrollment, false);
    }
  }

  protected override updated(): void {
    setStates(this.internals, {
      sending: !!this.pending && this.pending !== 'verify',
      verifying: this.pending === 'verify',
      sent: this.step === 'sent',
      error: !!this.error,
      locked: this.step === 'locked',
      verified: this.step === 'verified',
    });
  }

  private onInput(event?: Event): void {
    if (this.composing || (event as InputEvent | undefined)?.isComposing || !this.input || !this.delivery) return;
    const code = extractCodeDigits(this.input.value, this.delivery.codeLength);
    if (this.input.value !== code) this.input.value = code;
    if (code.length === this.delivery.codeLength) this.verify(false);
  }

  private onPaste(event: ClipboardEvent): void {
    const text = event.clipboardData?.getData('text') ?? '';
    // A whole code ("Your code is 123456") replaces the field; a part is pasted where the caret is.
    if (this.composing || !this.input || extractCodeDigits(text, this.delivery?.codeLength).length !== this.delivery?.codeLength) return;
    event.preventDefault();
    this.input.value = text;
    this.onInput();
  }

  private onKeydown(event: KeyboardEvent): void {
    // Enter that ends an IME composition is not a submit.
    if (event.key === 'Enter' && (duringIme(event) || this.composing)) event.preventDefault();
  }

  // Leaving the field ends a composition too: some IMEs drop it on blur without a compositionend.
  private onComposition(event: Event): void {
    const ended = this.composing && event.type !== 'compositionstart';
    this.composing = event.type === 'compositionstart';
    if (ended) this.onInput();
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    this.verify(true);
  }

  /** Returns the app password issued at enrollment, once, then forgets it. */
  takeAppPassword(): IssuedAppPassword | undefined {
    const password = this.appPassword;
    this.appPassword = undefined;
    return password;
  }

  private begin(action: Action): AbortSignal {
    this.ctrl = new AbortController();
    this.pending = action;
    this.error = undefined;
    return this.ctrl.signal;
  }

  private end(signal: AbortSignal): void {
    if (this.ctrl?.signal === signal) this.ctrl = this.pending = undefined;
  }

  private async send(action: Exclude<Action, 'verify'>): Promise<void> {
    if (this.sendBlocked) return;
    const key = this.failed?.[0] === action ? this.failed[1] : newIdempotencyKey();
    // Unsure until answered, so that a send redone before this one settles reuses its key.
    this.failed = [action, key];
    const signal = this.begin(action);
    this.stopOtp();
    try {
      const client = clientFor(this);
      const options = { signal, idempotencyKey: key };
      const input = { method: action === 'voice' || action === 'sms' ? action : action === 'send' ? this.method : undefined };
      const delivery: Enrollment | Challenge = this.enrollment
        ? await resendEnrollment(client, this.ref!, input, options)
        : action === 'send'
          ? await startChallenge(client, input, options)
          : await resendChallenge(client, this.ref!, input, options);
      if (signal.aborted) return;
      // Decided now, not before the request: the user may have moved on meanwhile.
      const focus = this.mayFocus();
      this.failed = undefined;
      this.accept(delivery, action !== 'send');
      const { maskedPhone, method, resendIn, expiresIn } = delivery;
      emit<MfaCodeSentDetail>(this, 'mfa-code-sent', { flow: this.flow, maskedPhone, method, resendIn, expiresIn });
      if (focus) this.focusPart('input');
    } catch (error) {
      this.fail(error, action, key);
    } finally {
      this.end(signal);
    }
  }

  // Shows a delivery: where the code went, the field, the resend wait and the WebOTP listener.
  private accept(delivery: Enrollment | Challenge, resent: boolean): void {
    this.delivery = delivery;
    this.newPhone = undefined;
    this.ref = 'challengeId' in delivery ? delivery.challengeId : delivery.enrollmentId;
    this.step = 'sent';
    this.resent = resent;
    this.exhausted = false;
    this.lastCode = '';
    if (this.input) this.input.value = '';
    this.cooldown.start(delivery.resendIn);
    this.expiry.start(delivery.expiresIn);
    this.note = delivery.resendIn > 0 ? this.l.term('waitStart', delivery.resendIn) : '';
    this.listen();
  }

  // WebOTP: fills in the code of an incoming text message, until stopped.
  private listen(): void {
    this.stopOtp();
    const otp = (this.otp = new AbortController());
    void receiveOtp(otp.signal).then(async (code) => {
      await this.updateComplete;
      if (!code || otp.signal.aborted || !this.input) return;
      this.input.value = code;
      this.onInput();
    });
  }

  private verify(manual: boolean): void {
    const length = this.delivery?.codeLength;
    if (this.step !== 'sent' || this.pending || this.composing || this.verifyWait.running || !this.input) return;
    const code = extractCodeDigits(this.input.value, length);
    if (code.length !== length) {
      if (manual) {
        this.error = invalidInput('invalid_code', 'The code is not complete.');
        this.focusPart('input');
      }
      return;
    }
    if (!manual && code === this.lastCode) return;
    this.lastCode = code;
    if (manual) this.stopOtp();
    void this.check(code);
  }

  private async check(code: string): Promise<void> {
    const signal = this.begin('verify');
    try {
      const client = clientFor(this);
      const result = this.enrollment
        ? await verifyEnrollment(client, this.ref!, code, { signal })
        : await verifyChallenge(client, this.ref!, code, { rememberDevice: !!this.rememberBox?.checked }, { signal });
      if (signal.aborted) return;
      const focus = this.mayFocus();
      this.leave('verified');
      const pass = (result as EnrollmentResult).appPassword;
      this.appPassword = pass;
      const shown = pass ? { ...result, appPassword: { id: pass.id, name: pass.name, createdAt: pass.createdAt } } : result;
      emit<MfaVerifiedDetail>(this, 'mfa-verified', { flow: this.flow, result: shown as MfaVerifiedDetail['result'] });
      if (focus) this.focusPart('status');
    } catch (error) {
      this.fail(error, 'verify');
    } finally {
      this.end(signal);
    }
  }

  private fail(thrown: unknown, action: Action, key?: string): void {
    const error = toMfaError(thrown);
    const code = error.code;
    // After a failure where the server may have sent a code, a retry reuses the key.
    if (key && !mayHaveActed(error)) this.failed = undefined;
    // Nothing is shown for a cancelled request or for anything that ends after success.
    if (code === 'aborted' || this.step === 'verified') return;
    const focus = this.mayFocus();
    this.error = error;
    if (code === 'too_many_attempts') {
      this.leave('locked');
      if (focus) this.focusPart('error');
    } else if (code === 'rate_limited' && (action === 'verify' || error.retryAfter)) {
      // Only the throttled action waits: sends, or checking codes.
      (action === 'verify' ? this.verifyWait : this.cooldown).start(error.retryAfter ?? 0);
    } else if ((code === 'rate_limited' || code === 'not_found') && action !== 'send') {
      // The challenge or enrollment is gone, or has had all its codes (waiting does not help): a
      // sign-in starts a new challenge with "Send code"; an enrollment needs the number again.
      if (!this.enrollment) {
        this.leave('idle');
        this.says = [error, code === 'not_found' ? 'challengeGone' : 'sendsUsed'];
        if (focus) this.focusPart('send-button');
      } else if (code === 'rate_limited') {
        this.exhausted = true;
        this.says = [error, 'sendsUsedEnrollment'];
      }
    } else if (code === 'invalid_code' && this.input) {
      this.input.value = this.lastCode = '';
      if (focus) this.focusPart('input');
    } else if (code === 'expired' && focus) {
      this.focusPart('resend-button');
    }
    emit(this, 'mfa-error', { error });
  }

  // A wait is over: its "too many requests" message goes with it (unless the other wait still
  // runs), and what is possible again is announced once.
  private waitOver(other: CountdownController, note: 'waitEnd' | 'verifyAgain'): void {
    if (this.error?.code === 'rate_limited' && !other.running) this.error = undefined;
    this.note = this.l.term(note);
  }

  // Leaves the code step: no wait runs, no listener, nothing left to announce.
  private leave(step: Step): void {
    this.step = step;
    this.note = '';
    this.stopOtp();
    this.cooldown.stop();
    this.verifyWait.stop();
    this.expiry.stop();
  }

  private stopOtp(): void {
    this.otp?.abort();
    this.otp = undefined;
  }

  // Focus moves only when it is in this element or nowhere: never taken from the rest of the page.
  private mayFocus(): boolean {
    const active = document.activeElement;
    // :focus-within sees focus inside this shadow root even when the element itself sits in
    // another one (as in <mfa-phone-enroll>), where document.activeElement is the outer host.
    return !active || active === document.body || this.matches(':focus-within');
  }

  private focusPart(part: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[part~='${part}']`)?.focus());
  }

  protected override render() {
    const t = this.l.term.bind(this.l);
    const { step, delivery, error } = this;
    const sent = step === 'sent' && delivery;
    // The other way of sending, offered as "Call me instead" or "Text me instead".
    const other: DeliveryMethod = delivery?.method === 'voice' ? 'sms' : 'voice';
    const blocked = this.sendBlocked;
    const status =
      this.pending && this.pending !== 'verify'
        ? t('sending')
        : step === 'verified'
          ? t('verified')
          : step === 'idle'
            ? this.newPhone
              ? t('phoneChanged', unbroken(this.newPhone))
              : t('intro')
            : sent
              ? `${t(delivery.method === 'voice' ? 'sentVoice' : 'sentSms', unbroken(delivery.maskedPhone))}${this.resent ? ' ' + t('olderCodes') : ''}`
              : '';
    const message = !error ? '' : this.says?.[0] === error ? t(this.says[1]) : error.reason === 'invalid_code' ? t('incomplete', delivery?.codeLength ?? 6) : this.l.error(error);
    const codeError = !!error && (error.code === 'invalid_code' || error.code === 'expired' || error.reason === 'invalid_code');
    return html`<form part="form" novalidate @submit=${this.onSubmit}>
      <p part="status" role="status" tabindex=${step === 'verified' ? -1 : nothing}>${status}</p>
      <p class="visually-hidden" role="status">${this.note}</p>
      ${step === 'idle'
        ? html`<div class="actions">
            <button part="send-button" type="button" aria-disabled=${blocked} @click=${() => this.send('send')}>${t('send')}</button>
          </div>`
        : nothing}
      ${sent
        ? html`<div class="field">
              <label part="label" for="code">${t('label')}</label>
              <p part="hint" id="hint" class="hint">${t('hint', delivery.codeLength)}</p>
              <input
                part="input"
                id="code"
                dir="ltr"
                autocomplete="one-time-code"
                inputmode="numeric"
                enterkeyhint="done"
                spellcheck="false"
                aria-describedby="hint error"
                aria-invalid=${codeError}
                @input=${this.onInput}
                @paste=${this.onPaste}
                @keydown=${this.onKeydown}
                @compositionstart=${this.onComposition}
                @compositionend=${this.onComposition}
                @blur=${this.onComposition}
              />
            </div>
            ${this.withRememberDevice && !this.enrollment
              ? html`<label part="remember-device" class="check"><input id="remember" type="checkbox" />${t('remember')}</label>`
              : nothing}`
        : nothing}
      <p part="error" id="error" class="error" role="alert" tabindex=${step === 'locked' ? -1 : nothing}>${message}</p>
      ${sent
        ? html`<div class="actions">
            <button part="verify-button" type="submit" aria-disabled=${!!this.pending || this.verifyWait.running}>${t('verify')}</button>
            <button part="resend-button" type="button" class="secondary" aria-disabled=${blocked} @click=${() => this.send('resend')}>${t('resend')}</button>
            ${this.methods.includes(other)
              ? html`<button part=${other === 'voice' ? 'voice-button' : 'text-button'} type="button" class="link" aria-disabled=${blocked} @click=${() => this.send(other)}
                  >${t(other === 'voice' ? 'voice' : 'textInstead')}</button
                >`
              : nothing}
          </div>`
        : nothing}
      ${(sent || step === 'idle') && this.cooldown.running
        ? html`<p part="countdown" class="hint">${t('wait', this.cooldown.clock)}</p>`
        : sent && !blocked
          ? html`<p part="help" class="hint">${t(delivery.method === 'voice' ? 'helpVoice' : 'helpSms', this.methods.includes(other))}</p>`
          : nothing}
    </form>`;
  }
}
