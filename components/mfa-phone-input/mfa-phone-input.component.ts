import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { MfaError, isMfaError, type MfaInputReason } from '../../src/errors.js';
import { prefetchRules } from '../../src/phone-rules/load.js';
import { duringIme } from '../shared/events.js';
import { lazy } from '../shared/lazy.js';
import { LocalizeController, regionOf } from '../shared/localize.js';
import { setStates } from '../shared/states.js';
import { baseStyles } from '../shared/styles.js';
import { styles } from './mfa-phone-input.styles.js';
import { errors, phoneErrors, phoneInput, type ErrorMessages, type PhoneInputStrings } from '../../locales/en.js';

type PhoneModule = typeof import('../../src/phone.js');

/** Loads the phone rules (libphonenumber-js and the index of calling codes) once, on first use by any element; after a failure, the next call tries again. */
export const loadPhoneModule: () => Promise<PhoneModule> = lazy(() => import('../../src/phone.js'));

/** Loads the list's positioning (@floating-ui/dom) on the first open; after a failure, the next open tries again. */
const loadFloating = lazy(() => import('@floating-ui/dom'));

/** A region as the picker shows it. */
interface Country {
  code: string;
  callingCode: string;
  name: string;
  /** Normalised local and English names, for searching. */
  search: string[];
}

/**
 * Whether the page may ask Intl for region names yet. A page's first use of Intl costs it 30 ms (the
 * language data loads), which the first render and the first formatted number would wait for: like
 * the flag, the country's name comes in a task of its own once the field works (its rules are there,
 * or could not be loaded, or are a second late), together with its calling code.
 */
let namesReady = false;
/** How long the name waits for the rules at most, in milliseconds. */
const NAMES_PATIENCE = 1000;
const namers = new Map<string, Intl.DisplayNames | undefined>();
// Each name once per language: asking Intl.DisplayNames again on every render showed in a keystroke's time.
const names = new Map<string, string>();

function regionName(code: string, lang: string): string {
  const key = `${lang} ${code}`;
  let name = names.get(key);
  if (name !== undefined) return name;
  if (!namers.has(lang)) {
    try {
      namers.set(lang, new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' }));
    } catch {
      namers.set(lang, undefined);
    }
  }
  try {
    name = namers.get(lang)?.of(code) ?? code;
  } catch {
    name = code;
  }
  names.set(key, name);
  return name;
}

/** Regional-indicator emoji: `JP` → 🇯🇵. */
function emojiFlag(code: string): string {
  return /^[A-Z]{2}$/.test(code) ? String.fromCodePoint(...[...code].map((c) => 0x1f1a5 + c.charCodeAt(0))) : '';
}

let flagsDrawn: boolean | undefined;

/**
 * Whether this platform draws flag emoji in colour. Windows draws the two letters, and a machine
 * without an emoji font draws two empty boxes, which look broken: there the flag is left out.
 * Drawing one to find out costs a fresh page 10 to 50 ms (the system's fonts are searched), so the
 * flag is left out until the field works: it asks in a task of its own once its rules are there.
 */
function drawsFlags(): boolean {
  if (flagsDrawn === undefined) {
    const context = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    flagsDrawn = false;
    if (context) {
      context.font = '20px sans-serif';
      context.fillText(emojiFlag('JP'), 0, 20);
      const pixels = context.getImageData(0, 0, 32, 24).data;
      // Letters and boxes are drawn in one grey; a flag has colour (Japan's is red).
      for (let i = 0; i < pixels.length && !flagsDrawn; i += 4) flagsDrawn = pixels[i + 3]! > 0 && pixels[i] !== pixels[i + 2];
    }
  }
  return flagsDrawn;
}

/** The flag of a region where the platform can draw it, else nothing (also until that is known). */
function flagOf(code: string): string {
  return flagsDrawn ? emojiFlag(code) : '';
}

/** Case-, accent-, width- and kana-insensitive form for searching. */
function fold(text: string): string {
  // Hiragana as katakana: "どいつ", typed and confirmed without conversion, finds ドイツ.
  // Vietnamese tone marks go with the other accents; đ, which has none to drop, becomes d.
  // Hangul decomposes into letters, so a syllable still being composed ("대하") finds 대한민국.
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u3041-\u3096]/g, (kana) => String.fromCharCode(kana.charCodeAt(0) + 0x60))
    .toLowerCase()
    .replace(/đ/g, 'd')
    .trim();
}

/** How well a region matches a search: lower is better, -1 is no match. */
function rank(country: Country, search: string): number {
  const q = fold(search);
  if (!q) return 0;
  const digits = q.replace(/^\+\s*/, '');
  if (/^\d+$/.test(digits)) return country.callingCode.startsWith(digits) ? (country.callingCode === digits ? 0 : 1) : -1;
  if (country.code.toLowerCase() === q) return 0;
  if (country.search.some((name) => name.startsWith(q))) return 1;
  if (country.search.some((name) => name.split(/[\s,.()-]+/).some((word) => word.startsWith(q)))) return 2;
  return country.search.some((name) => name.includes(q)) ? 3 : -1;
}

// Digits (any width) and the plus sign: the characters formatting never adds or removes.
const SIGNIFICANT = /[0-9０-９+＋]/;

function significantBefore(text: string, index: number): number {
  // Counted without an array of characters: every keystroke comes here.
  let count = 0;
  for (let i = 0; i < Math.min(index, text.length); i++) if (SIGNIFICANT.test(text[i]!)) count++;
  return count;
}

function indexAfterSignificant(text: string, count: number): number {
  if (count <= 0) return 0;
  for (let i = 0, seen = 0; i < text.length; i++) if (SIGNIFICANT.test(text[i]!) && ++seen === count) return i + 1;
  return text.length;
}

/** Accepts `"JP US"`, `"JP,US"` or an array; upper-cases the codes. */
const countryList = {
  fromAttribute: (value: string | null) => (value ?? '').split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase()),
};

// True while a `checkValidity()` runs: its `invalid` events are a script's check, not a user's submit.
let checking = false;
const quietForms = new WeakSet<HTMLFormElement>();

function quietly(check: () => boolean): boolean {
  const was = checking;
  checking = true;
  try {
    return check();
  } finally {
    checking = was;
  }
}

/** Why there is no verdict on a number: the phone rules could not be loaded. */
const RULES_FAILED = new MfaError('network_error', 'The phone rules could not be loaded.');

// One error per reason a number can have, made once: a number being typed is "too short" at almost
// every keystroke. Made here, not on first use: an error keeps the frames it was made in, and
// with them the field that was evaluating, which would then outlive its page.
const PHONE_REASONS: MfaInputReason[] = ['empty', 'not_a_number', 'invalid_country', 'too_short', 'too_long', 'landline', 'toll_free', 'ip_phone', 'not_mobile'];
const reasons = new Map(PHONE_REASONS.map((reason) => [reason, new MfaError('invalid_input', undefined, { reason })]));
const invalid = (reason: MfaInputReason): MfaError => reasons.get(reason) ?? new MfaError('invalid_input', undefined, { reason });

/** Result of reading the field: the E.164 number, or why there is none. */
interface Evaluation {
  e164?: string;
  error?: MfaError;
}

/**
 * A phone number field with a searchable country or region picker, for any form.
 *
 * It is form-associated: its form value is the number in E.164 (`+819012345678`), and it takes
 * part in validation, reset, `disabled` and state restoration like a native input. Every way
 * people type a Japanese mobile number (`090-1234-5678`, `90-1234-5678`, `+81 90…`, `0081 90…`,
 * full-width digits from an IME) gives the same value; a number typed with its own `+` or `00`
 * prefix switches the country while the text names it. Landline, toll-free, IP-phone, too short
 * and too long numbers get a specific message once the user leaves the field or submits (or on
 * `reportValidity()`), never while they type nor when a script only calls `checkValidity()`, its
 * own or its form's.
 *
 * The phone rules load lazily, from when the field is connected (while it first renders);
 * `updateComplete` waits for them. Until they arrive a number is not valid yet, with no message
 * shown (its `validationMessage` is `checking`).
 * If they cannot be loaded (the connection dropped), the field says so (`rulesFailed`), keeps the
 * number, and tries again when the user leaves it or `updateComplete` is awaited (as Next does).
 *
 * @tag mfa-phone-input
 * @summary A mobile phone number field with a country or region picker; its form value is E.164.
 *
 * @fires {Event} input - The user changed the number or the country (native event, from the host).
 * @fires {Event} change - The user committed a change (native event, from the host).
 *
 * @csspart country - The country picker's box (flag and text field).
 * @csspart country-input - The country picker's text field (the combobox).
 * @csspart listbox - The list of countries and regions.
 * @csspart option - One country or region in the list.
 * @csspart label - The number field's label.
 * @csspart hint - The hint under the number label.
 * @csspart prefix - The calling code shown before the number.
 * @csspart input - The number field.
 * @csspart error - The error message.
 *
 * @cssproperty --mfa-phone-input-max-width - Widest the element grows (default 28rem).
 * @cssproperty --mfa-popup-z-index - Stacking order of the country list (default 1000).
 *
 * @cssstate user-invalid - The number is invalid and the message is shown.
 * @cssstate open - The country list is open.
 * @cssstate loading - The phone rules are still loading.
 */
export class MfaPhoneInput extends LitElement {
  static override styles = [baseStyles, styles];
  /** Reactive properties: internal state (`state: true`), then the public ones, documented on their fields. */
  static override properties = {
    phone: { state: true },
    rulesFailed: { state: true },
    customError: { state: true },
    picked: { state: true },
    named: { state: true },
    touched: { state: true },
    formDisabled: { state: true },
    open: { state: true },
    search: { state: true },
    active: { state: true },
    name: { reflect: true },
    required: { type: Boolean },
    disabled: { type: Boolean, reflect: true },
    defaultCountry: { attribute: 'default-country' },
    preferredCountries: { attribute: 'preferred-countries', converter: countryList },
    countries: { converter: countryList },
    strings: { attribute: false },
    value: {},
  };
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  /** Takes part in forms. */
  static formAssociated = true;

  private readonly localize = new LocalizeController(this, 'phoneInput', phoneInput, { ...errors, ...phoneErrors });
  private readonly internals: ElementInternals;

  private get numberInput(): HTMLInputElement {
    return this.renderRoot?.querySelector<HTMLInputElement>('#number') as HTMLInputElement;
  }

  private get countryInput(): HTMLInputElement {
    return this.renderRoot?.querySelector<HTMLInputElement>('#country') as HTMLInputElement;
  }

  private get comboBox(): HTMLElement {
    return this.renderRoot?.querySelector<HTMLElement>('.control.combo') as HTMLElement;
  }

  private get popup(): HTMLElement {
    return this.renderRoot?.querySelector<HTMLElement>('.popup') as HTMLElement;
  }

  /** The phone rules, once loaded. */
  private phone?: PhoneModule;
  /** The rules could not be loaded (offline): said as a network error until a next try loads them. */
  private rulesFailed = false;
  /** Set by `setCustomValidity()`; gone when the user changes the number or the country. */
  private customError?: MfaError;
  /** The country the user picked; empty for the default. */
  private picked = '';
  /** The country the number's own `+` prefix names, unless it shares the picked one's calling code. */
  private named = '';
  /** Whether the error message is shown. */
  private touched = false;
  private formDisabled = false;
  private open = false;
  /** What the user typed in the country field; null when not searching. */
  private search: string | null = null;
  /** Code of the highlighted option. */
  private active = '';

  /**
   * The number as shown in the field. Not reactive: typing, which the field already shows, renders
   * again only when something else on screen changes (`refresh()`); other changes request an update.
   */
  private text = '';
  /** The calling code shown before the number at the last render ('' for none). */
  private renderedPrefix = '';
  /** Composed input came in, and its compositionend has not (yet). */
  private imeOpen = false;
  private dirty = false;
  private stopFloating?: () => void;
  private cache?: { key: string; result: Evaluation };
  /** What the browser was last told (the verdict, its message, the custom states), as a key. */
  private shown?: string;
  private countryCache?: { key: string; list: Country[] };

  /** Name under which the number is submitted with the form. */
  name = '';

  /** Whether a number must be entered. */
  required = false;

  /** Disables the field (a disabled `<fieldset>` around it does too). */
  disabled = false;

  /** Country or region (ISO 3166 code, e.g. `JP`) selected at first; default: the region of the language. */
  defaultCountry = '';

  /** Countries or regions listed first (ISO codes, space- or comma-separated in the attribute). */
  preferredCountries: string[] = [];

  /** Restricts the list to these countries or regions (ISO codes); empty for all. */
  countries: string[] = [];

  /** Per-instance text overrides, including error messages under `errors`. */
  strings?: Partial<PhoneInputStrings> & { errors?: Partial<ErrorMessages> };

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.addEventListener('invalid', () => {
      if (!checking) this.touched = true;
    });
  }

  /**
   * The number: E.164 (`+819012345678`) when it is a valid mobile number, else the text as typed.
   * Set it to any form people type; the `value` attribute is the value a form reset returns to.
   */
  get value(): string {
    return this.evaluate().e164 ?? this.text;
  }
  set value(value: string) {
    this.text = String(value ?? '');
    this.dirty = false;
    this.formatText();
  }

  /** The selected country or region (ISO code). */
  get country(): string {
    return this.allowedOf(this.named);
  }

  /** The first that may be selected of `code`, the picked country, the default and the language's region. */
  private allowedOf(code: string): string {
    // One by one, without a list or a closure to make: a keystroke asks this several times.
    if (this.allowed(code)) return code;
    if (this.allowed(this.picked)) return this.picked;
    const home = this.defaultCountry.toUpperCase();
    if (this.allowed(home)) return home;
    // The language's region last, and only when needed: working it out costs a fresh page tens of milliseconds.
    const region = regionOf(this.localize.lang);
    if (this.allowed(region)) return region;
    // Only now through countryList(): naming and sorting every region is for the open list, not for a first render.
    return (this.phone && this.countryList()[0]?.code) || 'US';
  }

  /** Whether a region may be selected: one the rules know and `countries` allows (any two letters until the rules are there). */
  private allowed(code: string): boolean {
    if (!code) return false;
    if (!this.phone) return /^[A-Z]{2}$/.test(code);
    return !!this.phone.callingCodeOf(code) && (this.countries.length === 0 || this.countries.includes(code));
  }

  /** The form this element belongs to. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }
  /** The validity state, as for a native input. */
  get validity(): ValidityState {
    return this.internals.validity;
  }
  /** The message the field would show for its current value ('' when valid). */
  get validationMessage(): string {
    return this.internals.validationMessage;
  }
  /** Whether the field takes part in validation. */
  get willValidate(): boolean {
    return this.internals.willValidate;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The rules start loading now, while the field renders, rather than once it has: a number can
    // be read one round trip sooner.
    if (!this.hasUpdated) void this.loadRules();
    if (this.hasUpdated && this.open) this.startFloating();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopFloating?.();
    this.stopFloating = undefined;
  }

  /**
   * Loads the phone rules the field needs now: the default country's, and those of the country the
   * number names or the user picks (or joins the loads under way: they are shared); never rejects.
   */
  private async loadRules(): Promise<void> {
    // On a slow connection the country's name waits for the rules no longer than a second (a timer
    // only while it waits: this runs again for each country whose rules a number needs).
    const slow = namesReady ? undefined : setTimeout(() => this.finishLater(), NAMES_PATIENCE);
    try {
      // The home country's rules travel alongside the phone module: one round trip less.
      if (!this.phone) prefetchRules(this.allowedOf(''));
      const phone = await loadPhoneModule();
      await phone.loadRules(this.text, this.allowedOf(''));
      this.phone = phone;
      this.rulesFailed = false;
      this.formatText();
    } catch {
      this.rulesFailed = true;
    }
    clearTimeout(slow);
    this.finishLater();
  }

  /**
   * The country's name and its flag wait until the field formats what is typed (see namesReady and
   * drawsFlags()): each comes in a task of its own, once per page.
   */
  private finishLater(): void {
    if (!namesReady) setTimeout(() => ((namesReady = true), this.requestUpdate()));
    if (flagsDrawn === undefined) setTimeout(() => drawsFlags() && this.requestUpdate());
  }

  /** Waits (briefly) for the language to arrive, so that the first render is not in English. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.localize.whenReady(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('disabled') || changed.has('formDisabled' as keyof MfaPhoneInput)) {
      if (this.isDisabled) this.open = false;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // A render may follow a change of language or of `strings`: the message is made again.
    this.shown = undefined;
    this.syncForm();
    if (changed.has('open' as keyof MfaPhoneInput)) {
      if (this.open) this.startFloating();
      else this.stopFloating?.();
    }
    if (changed.has('active' as keyof MfaPhoneInput) && this.open && this.active) {
      this.renderRoot.querySelector(`#option-${this.active}`)?.scrollIntoView({ block: 'nearest' });
    }
  }

  /** Form value, validity and custom states, from the text and the country. */
  private syncForm(): void {
    const { e164, error } = this.evaluate();
    this.internals.setFormValue(e164 ?? null, `${this.picked}|${this.text}`);
    // The rules are still loading (a text without a number nor a reason): not valid yet, and no reason to show until they give one.
    const checking = !error && !e164 && /\S/.test(this.text);
    const loading = !this.hasRules();
    // Most keystrokes leave all this as it was ("too short"): the browser is not told again, and
    // the message is not made again (it asks for the language, which a keystroke showed in its time).
    const verdict = !error ? checking : error === this.customError ? `custom ${error.message}` : error === RULES_FAILED ? 'rules' : `${error.code} ${error.reason}`;
    const shown = `${verdict}|${this.touched}|${this.open}|${loading}`;
    if (shown === this.shown) return;
    this.shown = shown;
    let flags: ValidityStateFlags = {};
    let message = '';
    if (error) {
      flags = error === RULES_FAILED || error === this.customError ? { customError: true } : error.reason === 'empty' ? { valueMissing: true } : error.reason === 'too_short' ? { tooShort: true } : error.reason === 'too_long' ? { tooLong: true } : { typeMismatch: true };
      message = this.message(error);
    } else if (checking) {
      flags = { customError: true };
      message = this.localize.term('checking');
    }
    if (message) this.internals.setValidity(flags, message, this.numberInput);
    else this.internals.setValidity({});
    setStates(this.internals, { 'user-invalid': this.touched && !!error, open: this.open, loading });
  }

  /**
   * After typing, which the field already shows: renders again only when something else on screen
   * changes (the country, the calling code before the number, the message); else only the form
   * value and validity follow. A render per keystroke showed in its time.
   */
  private refresh(): void {
    if (this.isUpdatePending || this.prefixShown() !== this.renderedPrefix) this.requestUpdate();
    else this.syncForm();
  }

  /** The calling code shown before the number: none once the number has its own `+` or `00`. */
  private prefixShown(): string {
    const callingCode = this.phone?.callingCodeOf(this.country);
    return callingCode && !/^\s*(\+|＋|00|００)/.test(this.text) ? callingCode : '';
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    if (!this.hasRules()) {
      await this.loadRules();
      await super.getUpdateComplete();
    }
    return result;
  }

  /** Form reset: back to the `value` attribute and the default country. */
  formResetCallback(): void {
    this.picked = '';
    this.value = this.getAttribute('value') ?? '';
    this.touched = false;
    this.search = null;
    this.open = false;
  }

  /** A disabled `<fieldset>` or form. */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  /**
   * The form's `checkValidity()` fires `invalid` as a submit does: while it runs, no message is
   * shown (a script checked; the user did nothing).
   */
  formAssociatedCallback(form: HTMLFormElement | null): void {
    if (!form || quietForms.has(form)) return;
    quietForms.add(form);
    const check = form.checkValidity;
    form.checkValidity = () => quietly(() => check.call(form));
  }

  /** Back/forward navigation restores what was there (country and text); autofill gives a submitted number. */
  formStateRestoreCallback(state: string | File | FormData | null, mode: 'restore' | 'autocomplete'): void {
    if (typeof state !== 'string') return;
    if (mode === 'autocomplete') {
      this.value = state;
      return;
    }
    const [picked = '', ...text] = state.split('|');
    this.picked = picked;
    this.value = text.join('|');
  }

  private get isDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  private message(error: MfaError): string {
    if (error === RULES_FAILED) return this.localize.term('rulesFailed');
    if (error === this.customError) return error.message;
    return this.localize.error(error);
  }

  /** Whether the rules to read the number in the selected country are loaded. */
  private hasRules(): boolean {
    return !!this.phone?.hasRules(this.text, this.country);
  }

  /** The E.164 number or why there is none; memoised per text and country. */
  private evaluate(): Evaluation {
    // A message set by setCustomValidity() wins over any verdict (and is not memoised: each call is a new one).
    if (this.customError) return { error: this.customError };
    const rules = this.hasRules();
    const key = `${this.text}|${this.country}|${rules}|${this.rulesFailed}|${this.countries.join()}|${this.required}`;
    if (this.cache?.key === key) return this.cache.result;
    let result: Evaluation = {};
    if (!/\S/.test(this.text)) {
      if (this.required) result = { error: invalid('empty') };
    } else if (rules) {
      // Without the rules there is no verdict yet: neither a number nor a reason (see `updated()`).
      try {
        const number = this.phone!.checkMobileNumber(this.text, this.country);
        if (typeof number === 'string') result = { error: invalid(number) };
        else if (this.countries.length > 0 && !(number.country && this.countries.includes(number.country))) result = { error: new MfaError('unsupported_region') };
        else result = { e164: number.e164 };
      } catch (error) {
        result = { error: isMfaError(error) ? error : invalid('not_a_number') };
      }
    } else if (this.rulesFailed) {
      result = { error: RULES_FAILED };
    }
    this.cache = { key, result };
    return result;
  }

  /** Every selectable region, preferred first, then by name in the UI language. */
  private countryList(): Country[] {
    const lang = this.localize.lang;
    const key = `${lang}|${this.countries.join()}|${this.preferredCountries.join()}|${!!this.phone}`;
    if (this.countryCache?.key === key) return this.countryCache.list;
    const all = (this.phone?.listCountries() ?? [])
      .filter((c) => this.countries.length === 0 || this.countries.includes(c.code))
      .map((c): Country => {
        const name = regionName(c.code, lang);
        return { code: c.code, callingCode: c.callingCode, name, search: [fold(name), fold(regionName(c.code, 'en'))] };
      });
    const collator = new Intl.Collator(lang);
    const preferred = this.preferredCountries.map((code) => all.find((c) => c.code === code)).filter((c): c is Country => !!c);
    const rest = all.filter((c) => !preferred.includes(c)).sort((a, b) => collator.compare(a.name, b.name));
    const list = [...preferred, ...rest];
    this.countryCache = { key, list };
    return list;
  }

  private filtered(): Country[] {
    const list = this.countryList();
    if (this.search === null) return list;
    return list
      .map((country, index) => ({ country, index, rank: rank(country, this.search!) }))
      .filter((m) => m.rank >= 0)
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map((m) => m.country);
  }

  /** The country as its box shows it; empty until names may be asked for (see namesReady). */
  private countryText(code: string): string {
    if (!namesReady) return '';
    return this.localize.term('countryOption', regionName(code, this.localize.lang), this.phone?.callingCodeOf(code) ?? '');
  }

  /** Reformats the whole text (after a programmatic value, or when the rules arrive), and renders it. */
  private formatText(): void {
    if (this.phone) this.text = this.format(this.text);
    this.requestUpdate();
  }

  /**
   * Formats a text as typed in the picked country. A number with its own `+`/`00` prefix names its
   * country, selected while the text names it; the picked one comes back once the text names none
   * (empty, or no `+`), and stays if it shares the calling code (Canada for `+1 416…`, which reads
   * as the United States until complete).
   */
  private format(text: string): string {
    const phone = this.phone!;
    const home = this.allowedOf('');
    const typed = phone.formatTyped(text, home);
    // Another country's rules (its `+code` typed, or picked): the text is formatted again once they arrive.
    if (!this.rulesFailed && !phone.hasRules(text, home)) void this.loadRules();
    this.named = typed.country && phone.callingCodeOf(typed.country) !== phone.callingCodeOf(home) ? typed.country : '';
    return typed.text;
  }

  private redispatch(type: 'input' | 'change'): void {
    if (type === 'input') this.customError = undefined;
    // Two literal names, so the manifest's analyzer documents no event called `type`.
    this.dispatchEvent(type === 'input' ? new Event('input', { bubbles: true, composed: true }) : new Event('change', { bubbles: true }));
  }

  // --- number field ---

  private onNumberInput(event: InputEvent): void {
    event.stopPropagation();
    const input = event.target as HTMLInputElement;
    this.dirty = true;
    this.touched = false;
    if (event.isComposing) {
      // An IME is composing (Japanese input): reformatting now would break the composition.
      this.text = input.value;
      this.imeOpen = true;
      this.refresh();
      return;
    }
    this.applyTyped(input, event.inputType);
    this.redispatch('input');
    this.refresh();
  }

  /** Also on blur after composed input: some IMEs drop the composition without compositionend. */
  private onCompositionEnd(event: Event): void {
    this.imeOpen = false;
    this.applyTyped(event.target as HTMLInputElement, 'insertCompositionText');
    this.redispatch('input');
    this.refresh();
  }

  /** Formats what is in the field and keeps the caret after the same digit. */
  private applyTyped(input: HTMLInputElement, inputType: string): void {
    let raw = input.value;
    let caret = input.selectionStart ?? raw.length;
    const digits = (s: string) => s.replace(/\D/g, '').length;
    // Backspace or Delete over a separator the formatter put there: remove the digit beyond it,
    // or the key would seem to do nothing.
    if (/^delete(Content)?(Backward|Forward)$/.test(inputType) && raw.length < this.text.length && digits(raw) === digits(this.text) && raw.length === this.text.length - 1) {
      const backward = inputType.endsWith('Backward');
      let i = backward ? caret - 1 : caret;
      while (i >= 0 && i < raw.length && !/\d/.test(raw[i]!)) i += backward ? -1 : 1;
      if (i >= 0 && i < raw.length) {
        raw = raw.slice(0, i) + raw.slice(i + 1);
        caret = backward ? i : caret;
      }
    }
    if (!this.phone) {
      this.text = input.value = raw;
      return;
    }
    const before = significantBefore(raw, caret);
    const text = this.format(raw);
    // "0081…" becomes "+81…": one significant character fewer before the caret.
    const shift = /^\s*(00|００)/.test(raw) && text.startsWith('+') ? 1 : 0;
    this.text = text;
    // The same text again (most keystrokes add a digit and no separator): the field has it already.
    if (input.value !== text) input.value = text;
    const at = caret >= raw.length ? text.length : indexAfterSignificant(text, before - shift);
    if (this.shadowRoot?.activeElement === input) input.setSelectionRange(at, at);
  }

  private onNumberChange(event: Event): void {
    event.stopPropagation();
    this.redispatch('change');
  }

  private onNumberBlur(event: FocusEvent): void {
    if (this.imeOpen) this.onCompositionEnd(event);
    if (this.dirty) this.touched = true;
    if (this.rulesFailed) void this.loadRules();
  }

  // --- country combobox (ARIA APG: editable combobox with list autocomplete) ---

  private startFloating(): void {
    this.stopFloating?.();
    const reference = this.comboBox;
    const floating = this.popup;
    if (!reference || !floating) return;
    let stopped = false;
    this.stopFloating = () => (stopped = true);
    // Until the positioning arrives (or if it cannot), the list opens right under the field.
    const { left, bottom, width } = reference.getBoundingClientRect();
    Object.assign(floating.style, { left: `${left}px`, top: `${bottom + 4}px`, width: `${width}px` });
    loadFloating().then(({ autoUpdate, computePosition, flip, offset, size }) => {
      if (stopped) return;
      this.stopFloating = autoUpdate(reference, floating, () => {
        void computePosition(reference, floating, {
          strategy: 'fixed',
          placement: 'bottom-start',
          middleware: [
            offset(4),
            flip({ padding: 8 }),
            size({
              padding: 8,
              apply({ availableHeight, rects }) {
                Object.assign(floating.style, { width: `${rects.reference.width}px`, maxHeight: `${Math.max(160, Math.min(availableHeight, 320))}px` });
              },
            }),
          ],
        }).then(({ x, y }) => Object.assign(floating.style, { left: `${x}px`, top: `${y}px` }));
      });
    }, () => undefined);
  }

  private openList(active?: string): void {
    if (this.isDisabled) return;
    this.open = true;
    const list = this.filtered();
    this.active = active ?? (list.some((c) => c.code === this.country) ? this.country : (list[0]?.code ?? ''));
  }

  private closeList(): void {
    this.open = false;
    this.search = null;
    this.active = '';
  }

  private select(code: string): void {
    const before = this.value;
    const old = this.country;
    this.closeList();
    this.picked = code;
    if (code !== old) {
      // A number typed with the old country's own prefix keeps only its national part.
      const oldCode = this.phone?.callingCodeOf(old);
      const match = oldCode ? new RegExp(`^\\s*\\+\\s*${oldCode.split('').join('\\D*')}\\D*`).exec(this.text.normalize('NFKC')) : null;
      if (match) this.text = this.text.normalize('NFKC').slice(match[0].length);
      this.formatText();
    }
    this.countryInput.value = this.countryText(this.country);
    if (this.value !== before) {
      this.redispatch('input');
      this.redispatch('change');
    }
  }

  private onCountryInput(event: Event): void {
    event.stopPropagation();
    this.search = this.countryInput.value;
    const first = this.filtered()[0]?.code ?? '';
    this.openList(first);
  }

  private onCountryKeydown(event: KeyboardEvent): void {
    // While an IME composes (kana to kanji), Enter and the arrows choose its conversion.
    if (duringIme(event)) return;
    const list = this.filtered();
    const index = list.findIndex((c) => c.code === this.active);
    const move = (to: number) => {
      if (!this.open) return this.openList();
      const next = list[Math.max(0, Math.min(list.length - 1, to))];
      if (next) this.active = next.code;
    };
    switch (event.key) {
      case 'ArrowDown':
        if (event.altKey) this.openList();
        else move(index + 1);
        break;
      case 'ArrowUp':
        if (event.altKey) this.closeList();
        else move(index < 0 ? list.length - 1 : index - 1);
        break;
      case 'PageDown':
        if (!this.open) return;
        move(index + 10);
        break;
      case 'PageUp':
        if (!this.open) return;
        move(index - 10);
        break;
      case 'Enter':
        if (!this.open) return;
        if (this.active) this.select(this.active);
        else this.closeList();
        break;
      case 'Escape':
        if (!this.open && this.search === null) return;
        this.closeList();
        this.countryInput.value = this.countryText(this.country);
        this.countryInput.select();
        break;
      case 'Tab':
        // As in the APG's list autocomplete: Tab accepts the highlighted option, and focus moves on.
        if (this.open && this.active) this.select(this.active);
        return;
      case 'Home':
      case 'End':
      case 'ArrowLeft':
      case 'ArrowRight':
        // These move the caret: visual focus goes back to the text.
        this.active = '';
        return;
      default:
        return;
    }
    event.preventDefault();
  }

  private onCountryFocus(): void {
    this.countryInput.select();
  }

  private onCountryBlur(): void {
    // Leaving with a search that names exactly one region picks it; anything else is undone.
    const list = this.search !== null ? this.filtered() : [];
    if (list.length === 1) this.select(list[0]!.code);
    else {
      this.closeList();
      this.countryInput.value = this.countryText(this.country);
    }
  }

  /** The toggle button, and the flag beside the field (a pointer-only shortcut to the same). */
  private onToggle(): void {
    if (this.isDisabled) return;
    if (this.open) this.closeList();
    else this.openList();
    this.countryInput.focus();
  }

  private onOptionClick(event: Event): void {
    const option = (event.target as Element).closest('[role="option"]');
    const code = option?.id.replace('option-', '');
    if (code) this.select(code);
    this.countryInput.focus();
  }

  private onOptionHover(event: PointerEvent): void {
    const option = (event.target as Element).closest('[role="option"]');
    if (option && event.pointerType === 'mouse') this.active = option.id.replace('option-', '');
  }

  /** Keeps focus in the text field while the pointer uses the list. */
  private keepFocus(event: Event): void {
    event.preventDefault();
  }

  // --- public methods ---

  /** Moves focus to the number field. */
  override focus(options?: FocusOptions): void {
    if (this.numberInput) this.numberInput.focus(options);
    else super.focus(options);
  }

  /** Whether the value is valid (fires `invalid` when not, without showing the message). */
  checkValidity(): boolean {
    return quietly(() => this.internals.checkValidity());
  }

  /**
   * As on a native input: a message makes the field invalid with that message (shown as its own
   * once reported), `''` clears it. Unlike a native input it also goes when the user changes the
   * number or the country, which is what the message asked for.
   */
  setCustomValidity(message: string): void {
    this.customError = message ? new MfaError('invalid_input', String(message)) : undefined;
    // At once, as on a native input: a `reportValidity()` right after sees it.
    if (this.hasUpdated) this.performUpdate();
  }

  /** Like `checkValidity()`, and shows the message and focuses the field when invalid. */
  reportValidity(): boolean {
    this.touched = true;
    const valid = this.internals.checkValidity();
    if (!valid) this.focus();
    return valid;
  }

  override render() {
    const t = this.localize.term.bind(this.localize);
    const country = this.country;
    const list = this.open ? this.filtered() : [];
    const { error } = this.evaluate();
    const showError = this.touched && !!error;
    const prefix = (this.renderedPrefix = this.prefixShown());
    const lastPreferred = this.search === null ? this.preferredCountries.filter((c) => list.some((l) => l.code === c)).at(-1) : undefined;
    const comboText = this.search ?? this.countryText(country);
    const flag = flagOf(country);
    return html`
      <div class="field">
        <label id="country-label" for="country">${t('countryLabel')}</label>
        <div class="control combo" part="country">
          ${flag ? html`<span class="flag" aria-hidden="true" @mousedown=${this.keepFocus} @click=${this.onToggle}>${flag}</span>` : nothing}
          <input
            id="country"
            part="country-input"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded=${this.open ? 'true' : 'false'}
            aria-controls="countries"
            aria-activedescendant=${this.open && this.active ? `option-${this.active}` : nothing}
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            .value=${live(comboText)}
            ?disabled=${this.isDisabled}
            @input=${this.onCountryInput}
            @change=${(e: Event) => e.stopPropagation()}
            @keydown=${this.onCountryKeydown}
            @focus=${this.onCountryFocus}
            @blur=${this.onCountryBlur}
            @click=${() => this.open || this.openList()}
          />
          <button
            class="toggle"
            type="button"
            tabindex="-1"
            aria-label=${t('showCountries')}
            aria-expanded=${this.open ? 'true' : 'false'}
            aria-controls="countries"
            ?disabled=${this.isDisabled}
            @mousedown=${this.keepFocus}
            @click=${this.onToggle}
          >
            <svg viewBox="0 0 16 16" aria-hidden="true">${svg`<path d="M3 6l5 5 5-5" fill="none" stroke="currentColor" stroke-width="2"/>`}</svg>
          </button>
        </div>
        <div class="popup" ?hidden=${!this.open} @mousedown=${this.keepFocus}>
          <ul id="countries" role="listbox" part="listbox" aria-labelledby="country-label" ?hidden=${list.length === 0} @click=${this.onOptionClick} @pointermove=${this.onOptionHover}>
            ${list.map(
              (c) => html`<li
                id="option-${c.code}"
                part="option"
                role="option"
                class=${(c.code === this.active ? 'active ' : '') + (c.code === country ? 'current ' : '') + (c.code === lastPreferred ? 'last-preferred' : '')}
                aria-selected=${c.code === this.active ? 'true' : 'false'}
              >
                <span aria-hidden="true">${flagOf(c.code)}</span><span>${this.localize.term('countryOption', c.name, c.callingCode)}</span
                ><span class="check" aria-hidden="true">✓</span>
              </li>`,
            )}
          </ul>
          <p class="no-match" role="status">${this.open && list.length === 0 ? t('noMatches') : ''}</p>
        </div>
      </div>
      <div class="field">
        <label for="number" part="label">${t('numberLabel')}</label>
        <p id="hint" class="hint" part="hint">${t('numberHint')}</p>
        <div>
          <div class="control number" dir="ltr">
            ${prefix ? html`<span class="prefix" part="prefix" aria-hidden="true">+${prefix}</span>` : nothing}
            <input
              id="number"
              part="input"
              type="tel"
              autocomplete="tel"
              inputmode="tel"
              aria-describedby="hint error"
              aria-invalid=${showError ? 'true' : 'false'}
              ?required=${this.required}
              ?disabled=${this.isDisabled}
              .value=${live(this.text)}
              @input=${this.onNumberInput}
              @compositionend=${this.onCompositionEnd}
              @change=${this.onNumberChange}
              @blur=${this.onNumberBlur}
            />
          </div>
        </div>
        <p id="error" class="error" part="error" aria-live="polite">${showError ? this.message(error!) : ''}</p>
      </div>
    `;
  }
}
