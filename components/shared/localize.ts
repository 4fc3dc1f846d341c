/**
 * Localisation: the language comes from `lang` on the element or its nearest ancestor (across
 * shadow roots). English is built in; every other language is a file of `locales/`, loaded as a
 * module of its own the first time an element needs it, so a page in English downloads no other
 * language. Any string can still be overridden per instance with `strings`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MfaError } from '../../src/errors.js';
import type { ErrorMessages, ErrorText, Translation } from '../../locales/en.js';
import { LOCALES } from '../../locales/index.js';

export type { Translation };

/** A language given as a module to load (it default-exports a {@link Translation}), or as the translation itself. */
export type TranslationSource = Translation | (() => Promise<Translation | { default: Translation }>);

// Languages by canonical tag: every file of locales/ (listed in locales/index.ts), and those a page
// registers. English is not among them: it is every element's own fallback.
const sources = new Map<string, TranslationSource>(Object.entries(LOCALES));
const loaded = new Map<string, Translation>();
const loading = new Map<string, Promise<void>>();

// Hosts re-render when any `lang` changes on the page, and when a language arrives.
const hosts = new Set<ReactiveControllerHost>();
const updateAll = () => hosts.forEach((host) => host.requestUpdate());
let observer: MutationObserver | undefined;

function observe(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver(updateAll);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/**
 * Adds a language, or replaces one, for every element on the page. Give the translation itself or a
 * function that imports it, which runs only once an element shows that language.
 * @example registerLocale('th', () => import('./th.js'))
 * @throws RangeError when `tag` is not a valid BCP 47 language tag.
 */
export function registerLocale(tag: string, source: TranslationSource): void {
  const [canonical] = Intl.getCanonicalLocales(tag);
  sources.set(canonical!, source);
  loading.delete(canonical!);
  if (typeof source === 'function') loaded.delete(canonical!);
  else loaded.set(canonical!, source);
  resolved.clear();
  updateAll();
}

/** The nearest `lang`, looking through shadow roots to their hosts. */
export function langOf(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang')!;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return document.documentElement.lang || navigator.language || 'en';
}

// What Intl says of a tag, kept per tag: every text an element renders asks for its language, and
// `Intl.Locale` with `maximize()` took more of a keystroke's time than formatting the number did.
const canonical = new Map<string, string>();
const resolved = new Map<string, string>();
const regions = new Map<string, string>();

function remember(cache: Map<string, string>, tag: string, read: (tag: string) => string | undefined, fallback: string): string {
  let value = cache.get(tag);
  if (value === undefined) {
    try {
      value = read(tag) ?? fallback;
    } catch {
      value = fallback;
    }
    cache.set(tag, value);
  }
  return value;
}

/**
 * The language used for a BCP 47 tag: the tag itself if registered, else its language with its
 * script (`zh-TW`, `zh-HK` → `zh-Hant`; `zh`, `zh-CN`, `zh-SG` → `zh-Hans`), else its language
 * (`ja-JP` → `ja`), else `en`.
 */
export function localeOf(tag: string): string {
  return remember(resolved, tag, () => {
    const locale = new Intl.Locale(tag);
    const { language, baseName } = locale;
    // The likely script only matters where a language comes in several (zh-Hans, zh-Hant), and
    // `maximize()` costs a page tens of milliseconds the first time: ask only then.
    const scripts = [...sources.keys()].some((key) => key.startsWith(`${language}-`));
    const script = locale.script ?? (scripts ? locale.maximize().script : undefined);
    return [baseName, `${language}-${script}`, language].find((candidate) => sources.has(candidate));
  }, 'en');
}

/**
 * The region a language tag implies (`ja` → `JP`), or '' when it implies none. A function rather
 * than a getter of the controller, so that only the elements that ask for it carry it.
 */
export function regionOf(tag: string): string {
  return remember(regions, tag, (tag) => new Intl.Locale(tag).maximize().region, '');
}

/** Loads a language once; resolves when it is there or could not be loaded (a later render tries again). */
function load(locale: string): Promise<void> {
  let promise = loading.get(locale);
  if (!promise) {
    const source = sources.get(locale)!;
    promise = Promise.resolve(typeof source === 'function' ? source() : source).then(
      (module) => {
        if (sources.get(locale) !== source) return;
        loaded.set(locale, 'default' in module ? module.default : module);
        updateAll();
      },
      () => void loading.delete(locale),
    );
    loading.set(locale, promise);
  }
  return promise;
}

/** How long a render waits for its language before it shows English, in milliseconds. */
const PATIENCE = 1000;

type Args<F> = F extends (...a: infer A) => string ? A : [];
type Section = Exclude<keyof Translation, 'errors' | 'phoneErrors'>;

/**
 * Gives an element its strings: `term('key', ...args)` returns the override, else the text of the
 * current language, else English; `error(e)` does the same for what failed.
 */
export class LocalizeController<S extends Section> implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { strings?: Partial<Translation[S]> & { errors?: Partial<ErrorMessages> } },
    private readonly section: S,
    private readonly english: Translation[S],
    private readonly englishErrors: Partial<ErrorMessages>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    hosts.add(this.host);
    observe();
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
  }

  /** The current BCP 47 language tag, always one `Intl` accepts. */
  get lang(): string {
    // Some engines report a POSIX locale such as "C" as navigator.language; Intl throws on it.
    return remember(canonical, langOf(this.host), (tag) => Intl.getCanonicalLocales(tag)[0], 'en');
  }

  /** The language whose texts are used (see {@link localeOf}). */
  get locale(): string {
    return localeOf(this.lang);
  }

  /** The tag for `Intl` formats next to the texts: the page's tag, or `en` where English stands in for it. */
  get formatLang(): string {
    return this.locale === 'en' && !this.lang.startsWith('en') ? 'en' : this.lang;
  }

  /** The current language's translation; starts loading it when it is not there yet. */
  private get translation(): Translation | undefined {
    const locale = this.locale;
    if (locale === 'en') return undefined;
    const translation = loaded.get(locale);
    if (!translation) void load(locale);
    return translation;
  }

  /**
   * Runs the host's update once its language is there (at most {@link PATIENCE} later), so that it
   * does not show English first; at once when it is there already. For `scheduleUpdate()`.
   */
  whenReady(update: () => void): void | Promise<void> {
    const locale = this.locale;
    if (locale === 'en' || loaded.has(locale)) return update();
    return Promise.race([load(locale), new Promise((resolve) => setTimeout(resolve, PATIENCE))]).then(update);
  }

  /** A string by key, with its arguments. */
  term<K extends keyof Translation[S]>(key: K, ...args: Args<Translation[S][K]>): string {
    const value = this.host.strings?.[key] ?? this.translation?.[this.section][key] ?? this.english[key];
    return typeof value === 'function' ? (value as (...a: unknown[]) => string)(...args) : (value as string);
  }

  /** What to say about an error: by `reason` for `invalid_input`, else by `code`; `strings.errors` win. */
  error(error: MfaError): string {
    const t = this.translation;
    const overrides: Partial<Record<string, ErrorText>> = this.host.strings?.errors ?? {};
    const english: Partial<Record<string, ErrorText>> = this.englishErrors;
    const translated = { ...t?.errors, ...t?.phoneErrors } as typeof english;
    // Only what the element says in English: an element without a phone field says nothing about phones.
    const text = (key: string) => overrides[key] ?? (english[key] && (translated[key] ?? english[key]));
    const key = error.code === 'invalid_input' && error.reason ? (error.reason === 'invalid_code' ? 'invalid_code_input' : error.reason) : error.code;
    const value = text(key) ?? text(error.code) ?? error.message;
    return typeof value === 'function' ? value(error) : value;
  }
}

/**
 * A value shown in running text that must not break across lines and reads left to right in any
 * language, such as a masked phone number: a left-to-right isolate (LRI … PDI) with no-break spaces.
 */
export function unbroken(value: string): string {
  return `\u2066${value.replace(/ /g, '\u00a0')}\u2069`;
}
