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

declare global {
  interface HTMLElementEventMap {
    'mfa-error': CustomEvent<MfaErrorEventDetail>;
  }
}
