/**
 * What every operation of the client goes through: a transport, and the listeners of the changes
 * operations make. The operations are functions of `operations.ts`, so that an element built on a
 * few of them carries only those; `MfaClient` offers them all as methods.
 */
import { MfaError } from './errors.js';
import { createFetchTransport, type FetchTransportOptions } from './fetch-transport.js';
import type { MfaChange, MfaTransport } from './types.js';

/** Options of `MfaClient`: a transport, or the fetch transport's options. */
export type MfaClientOptions = { transport: MfaTransport } | FetchTransportOptions;

/** A transport and the listeners of what changes through it; `MfaClient` adds the operations. */
export class MfaConnection {
  /** The transport every operation goes through. */
  readonly transport: MfaTransport;
  private readonly listeners = new Set<(change: MfaChange) => void>();

  /** @throws MfaError `invalid_input` without a transport or a `baseUrl`. */
  constructor(options: MfaClientOptions) {
    const given = (options ?? {}) as Partial<{ transport: MfaTransport }> & Partial<FetchTransportOptions>;
    if (given.transport) this.transport = given.transport;
    else if (typeof given.baseUrl === 'string') this.transport = createFetchTransport(given as FetchTransportOptions);
    else throw new MfaError('invalid_input', 'Give the client a transport or a baseUrl.');
  }

  /**
   * Calls `listener` after every successful operation that changed the account: an enrollment
   * verified (`phone`, and `app-passwords` when it issued one), an app password created or revoked.
   * Elements sharing this client use it to stay in step. Returns the function that unsubscribes.
   * @example
   * const stop = client.subscribe((change) => change.kind === 'app-passwords' && refreshList());
   */
  subscribe(listener: (change: MfaChange) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Tells every listener of a change; the operations call it. @internal */
  notify(change: MfaChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        // A failing listener must neither stop the others nor turn a success into a failure: it is
        // reported as an uncaught error would be.
        if (typeof reportError === 'function') reportError(error);
        else
          queueMicrotask(() => {
            throw error;
          });
      }
    }
  }
}
