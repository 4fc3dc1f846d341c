/**
 * How an element finds its client (the `client` property, else a fetch transport on `endpoint`), and
 * hears what other elements on the page changed through it. Elements call the operations of
 * `src/operations.ts` on it, so that each carries only the operations it uses.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MfaConnection } from '../../src/connection.js';
import { MfaError } from '../../src/errors.js';
import type { MfaChange } from '../../src/types.js';

const byEndpoint = new Map<string, MfaConnection>();

/**
 * The client an element should use. One client per endpoint is shared by every element on the page.
 * @throws MfaError `invalid_input` when neither is set.
 */
export function clientFor(host: { client?: MfaConnection; endpoint?: string }): MfaConnection {
  if (host.client) return host.client;
  if (!host.endpoint) throw new MfaError('invalid_input', 'Set the "endpoint" attribute or the "client" property.');
  let client = byEndpoint.get(host.endpoint);
  if (!client) byEndpoint.set(host.endpoint, (client = new MfaConnection({ baseUrl: host.endpoint })));
  return client;
}

/**
 * Keeps an element in step with the others on its page: while connected, it hears every change its
 * client reports (see `MfaConnection.subscribe`) that another caller made, following the element to a
 * new `client` or `endpoint`. Pass `source: host` on the element's own calls so they are not echoed.
 */
export class ClientChanges implements ReactiveController {
  private client?: MfaConnection;
  private stop?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { client?: MfaConnection; endpoint?: string },
    private readonly onChange: (change: MfaChange) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.follow();
  }

  hostUpdated(): void {
    if (this.host.isConnected) this.follow();
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = this.client = undefined;
  }

  private follow(): void {
    let client: MfaConnection | undefined;
    try {
      client = clientFor(this.host);
    } catch {
      client = undefined;
    }
    if (client === this.client) return;
    this.hostDisconnected();
    this.client = client;
    this.stop = client?.subscribe((change) => change.source !== this.host && this.onChange(change));
  }
}
