/** How an element finds its client: the `client` property, else a fetch transport on `endpoint`. */
import { MfaClient } from '../../src/client.js';
import { MfaError } from '../../src/errors.js';

const byEndpoint = new Map<string, MfaClient>();

/**
 * The client an element should use. One client per endpoint is shared by every element on the page.
 * @throws MfaError `invalid_input` when neither is set.
 */
export function clientFor(host: { client?: MfaClient; endpoint?: string }): MfaClient {
  if (host.client) return host.client;
  if (!host.endpoint) throw new MfaError('invalid_input', 'Set the "endpoint" attribute or the "client" property.');
  let client = byEndpoint.get(host.endpoint);
  if (!client) byEndpoint.set(host.endpoint, (client = new MfaClient({ baseUrl: host.endpoint })));
  return client;
}
