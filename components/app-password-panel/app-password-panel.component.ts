import { LitElement, html, nothing } from 'lit';
import type { MfaConnection } from '../../src/connection.js';
import { MAX_APP_PASSWORD_NAME, createAppPassword, listAppPasswords, normalizeAppPasswordName, revokeAppPassword } from '../../src/operations.js';
import { mayHaveActed, toMfaError, type MfaError } from '../../src/errors.js';
import type { AppPasswordInfo, IssuedAppPassword, MfaChange } from '../../src/types.js';
import { ClientChanges, clientFor } from '../shared/client.js';
import { copyText } from '../shared/clipboard.js';
import { emit } from '../shared/events.js';
import { LocalizeController } from '../shared/localize.js';
import { setStates } from '../shared/states.js';
import { baseStyles, panelStyles } from '../shared/styles.js';
import { styles } from './app-password-panel.styles.js';
import { compact, oneTimePassword } from './one-time-password.js';
import { appPasswordPanel, errors, type AppPasswordPanelStrings, type ErrorMessages } from '../../locales/en.js';

/** Detail of `mfa-app-password-created`: the new password's record, never its secret. */
export interface AppPasswordCreatedDetail {
  id: string;
  name: string;
  createdAt: string;
}

/** Detail of `mfa-app-password-revoked`. */
export interface AppPasswordRevokedDetail {
  id: string;
}

/** The events `<app-password-panel>` fires, by name. They bubble and are composed, so they are typed on the document and window too. */
export interface AppPasswordPanelEventMap {
  'mfa-app-password-created': CustomEvent<AppPasswordCreatedDetail>;
  'mfa-app-password-revoked': CustomEvent<AppPasswordRevokedDetail>;
}

declare global {
  interface HTMLElementEventMap extends AppPasswordPanelEventMap {}
  interface DocumentEventMap extends AppPasswordPanelEventMap {}
  interface WindowEventMap extends AppPasswordPanelEventMap {}
}

/** Overrides of the panel's strings, and of error texts under `errors`. */
export type AppPasswordPanelStringOverrides = Partial<AppPasswordPanelStrings> & { errors?: Partial<ErrorMessages> };

/**
 * App passwords for mail apps that cannot do multi-factor sign-in: lists them, creates one and
 * shows its password exactly once, and deletes one after a confirmation that names it. In display
 * mode it only shows a password handed to it in `issued` (e.g. at the end of enrollment).
 *
 * @tag app-password-panel
 * @summary Lists, creates, shows once and deletes app passwords.
 *
 * @attribute {string} lang - Language of the texts (`en`, `ja`; also the `lang` property); else the nearest ancestor's `lang`.
 *
 * @fires {CustomEvent<AppPasswordCreatedDetail>} mfa-app-password-created - A password was created: `{ id, name, createdAt }` (never the password).
 * @fires {CustomEvent<AppPasswordRevokedDetail>} mfa-app-password-revoked - A password left the list: deleted, or found already deleted elsewhere: `{ id }`.
 * @fires {CustomEvent<MfaErrorEventDetail>} mfa-error - A request failed: `{ error }` (an `MfaError`); not when a password to delete was already gone.
 *
 * @csspart title - The heading.
 * @csspart intro - What app passwords are for, under the heading.
 * @csspart loading - The loading message.
 * @csspart empty - The message when there are no app passwords.
 * @csspart list - The list of app passwords.
 * @csspart item - One app password in the list.
 * @csspart name - The name of an app password.
 * @csspart revoke-button - The Delete button of an item.
 * @csspart confirm-button - The Delete button that confirms.
 * @csspart cancel-button - The button that cancels deleting.
 * @csspart form - The form that creates a password.
 * @csspart input - The name field.
 * @csspart create-button - The Create button.
 * @csspart issued - The one-time display of a new password.
 * @csspart password - The new password, in groups of four.
 * @csspart advice - The advice that the password will not be shown again.
 * @csspart copy-button - The Copy button.
 * @csspart manual-input - The selected field to copy from by hand, when copying failed.
 * @csspart done-button - The button that dismisses the password (management mode).
 * @csspart status - The polite live region ("Copied", "Deleted").
 * @csspart error - Any error message.
 * @csspart retry-button - The Retry button after loading failed.
 *
 * @cssstate loading - The list is loading.
 * @cssstate empty - The list is loaded and empty.
 * @cssstate error - An error is shown.
 * @cssstate creating - A password is being created.
 * @cssstate confirming - A deletion awaits confirmation.
 * @cssstate revoking - A password is being deleted.
 * @cssstate issued - A new password is shown.
 *
 * @cssproperty --mfa-color-primary - And every other shared `--mfa-*` token.
 */
export class AppPasswordPanel extends LitElement {
  static override styles = [baseStyles, panelStyles, styles];
  /** Reactive properties: internal state (`state: true`), then the public ones, documented on their fields. */
  static override properties = {
    view: { state: true },
    items: { state: true },
    loadError: { state: true },
    nameError: { state: true },
    createError: { state: true },
    creating: { state: true },
    confirming: { state: true },
    revoking: { state: true },
    revokeError: { state: true },
    manual: { state: true },
    status: { state: true },
    endpoint: {},
    client: { attribute: false },
    langAttribute: { attribute: 'lang' },
    strings: { attribute: false },
    mode: { reflect: true },
    issued: { attribute: false },
  };

  private readonly localize = new LocalizeController(this, 'appPasswordPanel', appPasswordPanel, errors);
  private readonly internals = this.attachInternals?.();
  // Another element on the page made or revoked a password (an enrollment's "Default"): list anew.
  private readonly onChange = (change: MfaChange): void => {
    if (change.kind === 'app-passwords' && this.mode === 'manage' && this.view !== 'loading') void this.load(false, true);
  };

  constructor() {
    super();
    new ClientChanges(this, this.onChange);
  }

  private get input(): HTMLInputElement | undefined {
    return this.renderRoot?.querySelector<HTMLInputElement>('#name') ?? undefined;
  }

  private abort = new AbortController();
  private loads = 0;
  private view: 'loading' | 'ready' | 'error' = 'loading';
  private items: AppPasswordInfo[] = [];
  private loadError?: MfaError;
  /** Characters in a refused name (0 when empty). */
  private nameError?: number;
  private createError?: MfaError;
  private creating = false;
  private confirming?: string;
  private revoking?: string;
  private revokeError?: MfaError;
  private manual = false;
  private status = '';

  /** Base URL of the MFA API, used when `client` is not set. */
  endpoint?: string;

  /** The client to use (an `MfaClient`, for any transport) instead of one on `endpoint`. */
  client?: MfaConnection;

  // The native `lang` property (the language of the texts; else the nearest ancestor's) sets this
  // attribute at once; observing it re-renders, also inside another element's shadow root.
  /** @internal */
  protected langAttribute?: string;

  /** Overrides of any string, and of error texts under `errors`. */
  strings?: AppPasswordPanelStringOverrides;

  /** `manage` lists, creates and deletes; `display` only shows `issued`. */
  mode: 'manage' | 'display' = 'manage';

  /** A freshly issued password to show once. Set it to `undefined` (or call `clear()`) to remove it. */
  issued?: IssuedAppPassword;

  override connectedCallback(): void {
    super.connectedCallback();
    this.abort = new AbortController();
    if (this.hasUpdated && this.mode === 'manage') void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort.abort();
    this.clear();
  }

  /** Waits (briefly) for the language to arrive, so that the first render is not in English. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.localize.whenReady(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('issued')) this.manual = false;
    if (this.mode === 'manage' && this.isConnected && (changed.has('mode') || changed.has('endpoint') || changed.has('client'))) void this.load();
  }

  protected override updated(): void {
    const manage = this.mode === 'manage';
    setStates(this.internals, {
      loading: manage && this.view === 'loading',
      empty: manage && this.view === 'ready' && this.items.length === 0,
      error: Boolean(this.loadError || this.createError || this.revokeError || this.nameError !== undefined),
      creating: this.creating,
      confirming: Boolean(this.confirming),
      revoking: Boolean(this.revoking),
      issued: Boolean(this.issued),
    });
  }

  /** The failure as an `MfaError`, announced with `mfa-error`; undefined when it was our own abort. */
  private failed(error: unknown, signal: AbortSignal): MfaError | undefined {
    const failure = toMfaError(error);
    if (signal.aborted) return undefined;
    emit(this, 'mfa-error', { error: failure });
    return failure;
  }

  private message(error: MfaError): string {
    return this.localize.error(error);
  }

  private async announce(text: string): Promise<void> {
    // Emptied first so that the same words twice ("Copied") are announced twice.
    this.status = '';
    await this.updateComplete;
    this.status = text;
  }

  private async focusOn(selector: string, index = 0): Promise<void> {
    await this.updateComplete;
    const all = this.renderRoot.querySelectorAll<HTMLElement>(selector);
    all[Math.min(index, all.length - 1)]?.focus();
  }

  /** Loads the list; `quiet` keeps what is shown meanwhile, and on failure (a refresh nobody asked for). */
  private async load(refocus = false, quiet = false): Promise<void> {
    const load = ++this.loads;
    const { signal } = this.abort;
    if (!quiet) this.view = 'loading';
    if (!quiet) this.loadError = undefined;
    try {
      const items = await listAppPasswords(clientFor(this), { signal });
      if (load !== this.loads || signal.aborted) return;
      this.items = items;
      this.view = 'ready';
      this.loadError = undefined;
    } catch (error) {
      if (quiet) return;
      const failure = this.failed(error, signal);
      if (!failure || load !== this.loads) return;
      this.loadError = failure;
      this.view = 'error';
    }
    if (refocus) void this.focusOn('[part~=retry-button], #name');
  }

  private async create(event: Event): Promise<void> {
    event.preventDefault();
    const input = this.input;
    if (this.creating || !input) return;
    const typed = input.value;
    let name: string;
    try {
      name = normalizeAppPasswordName(typed);
    } catch {
      this.nameError = [...typed.trim()].length;
      this.createError = undefined;
      input.focus();
      return;
    }
    this.nameError = undefined;
    this.createError = undefined;
    this.creating = true;
    const { signal } = this.abort;
    try {
      const issued = await createAppPassword(clientFor(this), name, { signal, source: this });
      // Answered just as the element left the page: the password must not stay in memory.
      if (signal.aborted) return;
      const { id, createdAt } = issued;
      this.items = [...this.items, { id, name: issued.name, createdAt, lastUsedAt: null }];
      input.value = '';
      this.issued = issued;
      void this.announce(this.localize.term('created', issued.name));
      emit<AppPasswordCreatedDetail>(this, 'mfa-app-password-created', { id, name: issued.name, createdAt });
      void this.focusOn('[part~=copy-button]');
    } catch (error) {
      const failure = (this.createError = this.failed(error, signal));
      // It may have been made all the same: list what exists, so that no password stays out of
      // the user's sight (and reach to delete it).
      if (failure && mayHaveActed(failure)) {
        const shown = this.items;
        void listAppPasswords(clientFor(this), { signal })
          // Unless the list changed meanwhile (another create, a reload): that answer is newer.
          .then((items) => signal.aborted || this.items !== shown || (this.items = items), () => undefined);
      }
    } finally {
      this.creating = false;
    }
  }

  private async copy(): Promise<void> {
    const issued = this.issued;
    if (!issued) return;
    const outcome = await copyText(compact(issued.password), this.renderRoot as ShadowRoot);
    if (this.issued !== issued) return;
    this.manual = outcome === 'manual';
    void this.announce(this.localize.term(this.manual ? 'copyManual' : 'copied'));
    if (this.manual) {
      await this.updateComplete;
      const field = this.renderRoot.querySelector<HTMLInputElement>('#manual');
      field?.focus();
      field?.select();
    }
  }

  private done(): void {
    this.clear();
    this.status = '';
    void this.focusOn('#name');
  }

  private ask(item: AppPasswordInfo): void {
    // One deletion at a time: its outcome belongs to the confirmation it was started from.
    if (this.revoking) return;
    this.confirming = item.id;
    this.revokeError = undefined;
    void this.focusOn('[part~=cancel-button]');
  }

  private cancel(): void {
    const index = this.items.findIndex((item) => item.id === this.confirming);
    this.confirming = undefined;
    this.revokeError = undefined;
    void this.focusOn('[part~=revoke-button]', index);
  }

  private async revoke(item: AppPasswordInfo): Promise<void> {
    if (this.revoking) return;
    const { id } = item;
    this.revoking = id;
    this.revokeError = undefined;
    let gone: 'deleted' | 'alreadyDeleted' | undefined = 'deleted';
    const { signal } = this.abort;
    try {
      await revokeAppPassword(clientFor(this), id, { signal, source: this });
    } catch (error) {
      // Deleted elsewhere already: what the user asked for has happened, so it is no failure.
      gone = toMfaError(error).code === 'not_found' ? 'alreadyDeleted' : undefined;
      const failure = gone ? undefined : this.failed(error, signal);
      // Shown only under this password's own confirmation, and only while it is open.
      if (this.confirming === id) this.revokeError = failure;
    } finally {
      this.revoking = undefined;
    }
    if (!gone || signal.aborted) return;
    const index = this.items.findIndex((entry) => entry.id === id);
    this.items = this.items.filter((entry) => entry.id !== id);
    if (this.confirming === id) this.confirming = undefined;
    if (this.issued?.id === id) this.clear();
    void this.announce(this.localize.term(gone, item.name));
    // Either way it no longer exists, and a page keeping its own list needs to hear of it.
    emit<AppPasswordRevokedDetail>(this, 'mfa-app-password-revoked', { id });
    void this.focusOn(this.items.length ? '[part~=revoke-button]' : '#name', index);
  }

  /** Removes the shown password from the page and from memory, at once. */
  clear(): void {
    this.issued = undefined;
    this.manual = false;
    if (this.hasUpdated) this.performUpdate();
  }

  /** Focuses the first control: Copy when a password is shown. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLElement>('button, input')?.focus(options);
  }

  private date(iso: string): string {
    return new Intl.DateTimeFormat(this.localize.formatLang, { dateStyle: 'medium' }).format(new Date(iso));
  }

  private renderItem(item: AppPasswordInfo) {
    const t = this.localize;
    const when = (iso: string) => html`<time datetime=${iso}>${this.date(iso)}</time>`;
    return html`<li part="item">
      <div>
        <span part="name" class="name">${item.name}</span>
        <span class="hint">${t.term('createdOn')} ${when(item.createdAt)}</span><span class="hint" aria-hidden="true"> · </span><span class="hint">${item.lastUsedAt ? html`${t.term('lastUsed')} ${when(item.lastUsedAt)}` : t.term('neverUsed')}</span>
      </div>
      ${this.confirming === item.id
        ? html`<div class="confirm" role="group" aria-labelledby="confirm" @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.cancel()}>
            <p id="confirm" class="label">${t.term('confirmDelete', item.name)}</p>
            <p class="hint">${t.term('confirmHint')}</p>
            ${this.revokeError ? html`<p part="error" class="error" role="alert">${this.message(this.revokeError)}</p>` : nothing}
            <div class="actions">
              <button part="confirm-button" class="danger" type="button" aria-disabled=${Boolean(this.revoking)} @click=${() => this.revoke(item)}>
                ${t.term('delete')}
              </button>
              <button part="cancel-button" class="secondary" type="button" @click=${this.cancel}>${t.term('cancel')}</button>
            </div>
          </div>`
        : html`<button
            part="revoke-button"
            class="secondary"
            type="button"
            aria-label=${t.term('deleteNamed', item.name)}
            aria-disabled=${Boolean(this.revoking)}
            @click=${() => this.ask(item)}
          >
            ${t.term('delete')}
          </button>`}
    </li>`;
  }

  private renderForm() {
    const t = this.localize;
    const invalid = this.nameError !== undefined;
    return html`<form part="form" novalidate @submit=${this.create}>
      <div class="field">
        <label for="name">${t.term('nameLabel')}</label>
        <p id="name-hint" class="hint">${t.term('nameHint')}</p>
        <input
          id="name"
          part="input"
          autocomplete="off"
          aria-describedby=${invalid ? 'name-hint name-error' : 'name-hint'}
          aria-invalid=${invalid}
          @input=${() => (this.nameError = undefined)}
        />
        ${invalid
          ? html`<p id="name-error" part="error" class="error" role="alert">
              ${this.nameError === 0
                ? t.term('nameEmpty')
                : this.nameError! > MAX_APP_PASSWORD_NAME
                  ? t.term('nameTooLong', MAX_APP_PASSWORD_NAME, this.nameError!)
                  : t.term('nameHidden')}
            </p>`
          : nothing}
      </div>
      ${this.createError ? html`<p part="error" class="error" role="alert">${this.message(this.createError)}</p>` : nothing}
      <button part="create-button" type="submit" aria-disabled=${this.creating}>${t.term('create')}</button>
    </form>`;
  }

  private renderList() {
    const t = this.localize;
    if (this.view === 'loading') return html`<p part="loading" class="hint">${t.term('loading')}</p>`;
    if (this.view === 'error') {
      return html`<div class="notice box">
        <p part="error" class="error" role="alert">${t.term('loadFailed')} ${this.message(this.loadError!)}</p>
        <button part="retry-button" type="button" @click=${() => this.load(true)}>${t.term('retry')}</button>
      </div>`;
    }
    return html`${this.items.length
      ? html`<ul part="list" aria-labelledby="title">${this.items.map((item) => this.renderItem(item))}</ul>`
      : html`<p part="empty">${t.term('empty')}</p>`}
    ${this.issued ? nothing : this.renderForm()}`;
  }

  override render() {
    const manage = this.mode === 'manage';
    const shown = this.issued
      ? oneTimePassword({
          issued: this.issued,
          term: this.localize.term.bind(this.localize),
          manual: this.manual,
          onCopy: () => this.copy(),
          onDone: manage ? () => this.done() : undefined,
        })
      : nothing;
    const status = html`<p part="status" class="status" role="status">${this.status}</p>`;
    if (!manage) return html`${shown}${status}`;
    return html`<h2 id="title" part="title">${this.localize.term('title')}</h2>
      <p part="intro" class="hint intro">${this.localize.term('intro')}</p>
      ${shown}${status}${this.renderList()}`;
  }
}
