/** Domain events: `mfa-*`, bubbling and composed, with a typed detail. */
import type { MfaError } from '../../src/errors.js';

/** Detail of `mfa-error`, common to every element. */
export interface MfaErrorEventDetail {
  error: MfaError;
}

/** Fires a bubbling, composed event from `host`; returns the event. */
export function emit<T>(host: HTMLElement, name: string, detail: T): CustomEvent<T> {
  const event = new CustomEvent<T>(name, { bubbles: true, composed: true, detail });
  host.dispatchEvent(event);
  return event;
}

/**
 * True for a key pressed while an IME composes (kana to kanji): its Enter confirms a conversion and
 * its arrows choose one, so they must not submit or move anything. Safari reports the Enter that
 * ends a composition as keyCode 229 after compositionend.
 */
export function duringIme(event: KeyboardEvent): boolean {
  return event.isComposing || event.keyCode === 229;
}

/** The `mfa-error` event every element fires, by name. It bubbles and is composed, so it is typed on the document and window too. */
export interface MfaErrorEventMap {
  'mfa-error': CustomEvent<MfaErrorEventDetail>;
}

declare global {
  interface HTMLElementEventMap extends MfaErrorEventMap {}
  interface DocumentEventMap extends MfaErrorEventMap {}
  interface WindowEventMap extends MfaErrorEventMap {}
}
