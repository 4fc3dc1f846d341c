/** Shared types of the React entry. */
import type * as React from 'react';

/**
 * What React 19 accepts on a native `mfa-*` tag: the usual HTML attributes, the element's
 * properties with their types (React sets a prop as a property when the defined element has it),
 * and `onmfa-*` listeners (React 19 listens to `onmfa-verified` as `mfa-verified`, case-sensitive).
 */
export type NativeProps<E extends HTMLElement, P extends keyof E, Events extends keyof HTMLElementEventMap> = React.DetailedHTMLProps<React.HTMLAttributes<E>, E> &
  Partial<Pick<E, P>> & { [K in Events as `on${K}`]?: (event: HTMLElementEventMap[K]) => void };
