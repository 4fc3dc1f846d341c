/**
 * Localisation: English and Japanese built in, chosen from `lang` on the element or its nearest
 * ancestor (across shadow roots), English as the fallback, every string overridable per instance.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The languages built in. */
export type Locale = 'en' | 'ja';

/** A table of strings: plain text, or functions of values for strings with numbers or names in them. */
export type StringTable = Record<string, string | ((...args: never[]) => string)>;

// Hosts re-render when any `lang` changes on <html>: the page switching language at run time.
const hosts = new Set<ReactiveControllerHost>();
let observer: MutationObserver | undefined;

function observe(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver(() => hosts.forEach((host) => host.requestUpdate()));
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
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

/** The built-in locale for a BCP 47 tag: `ja`, `ja-JP` → `ja`; anything else → `en`. */
export function localeOf(tag: string): Locale {
  return tag.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/**
 * Gives an element its strings. `term('key', ...args)` returns the override, else the string of
 * the current locale, else English.
 */
export class LocalizeController<T extends StringTable> implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { strings?: Partial<T> },
    private readonly tables: { en: T; ja: Partial<T> },
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
    try {
      return Intl.getCanonicalLocales(langOf(this.host))[0] ?? 'en';
    } catch {
      return 'en';
    }
  }

  /** The current built-in locale. */
  get locale(): Locale {
    return localeOf(this.lang);
  }

  /** A string by key, with its arguments. */
  term<K extends keyof T>(key: K, ...args: T[K] extends (...a: infer A) => string ? A : []): string {
    const value = this.host.strings?.[key] ?? this.tables[this.locale][key] ?? this.tables.en[key];
    return typeof value === 'function' ? (value as (...a: unknown[]) => string)(...args) : (value as string);
  }
}

/** A value shown in running text that must not break across lines, such as a masked phone number. */
export function unbroken(value: string): string {
  return value.replace(/ /g, '\u00a0');
}
