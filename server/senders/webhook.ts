/**
 * A university's own SMS gateway: the message as JSON, signed with HMAC-SHA-256 over the timestamp
 * and the body, so the gateway can tell our requests from anyone else's and refuse old ones.
 */
import type { OutgoingMessage, SmsSender } from '../sms.js';
import { callProvider, failed, parseJson, type ProviderOptions, type Verdict } from './provider.js';

/** Options of {@link WebhookSender}. */
export interface WebhookOptions extends Omit<ProviderOptions, 'baseUrl'> {
  /** The gateway's URL (HTTPS in production). */
  url: string;
  /** The shared key the gateway checks signatures with (at least 32 characters). */
  secret: string;
  /** The clock, in epoch milliseconds; default `Date.now`. */
  now?: () => number;
}

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The signature header's value for `body` sent at `timestamp` (Unix seconds):
 * `v1=` + hex HMAC-SHA-256 of `"{timestamp}.{body}"` under the shared key.
 */
export async function webhookSignature(secret: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `v1=${hex(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`)))}`;
}

/**
 * Posts `{ "id", "to", "channel", "text" }` with `X-MFA-Timestamp` and `X-MFA-Signature` headers
 * (and the id as `Idempotency-Key`, so a gateway can drop a duplicate). Any 2xx is success; a 422
 * whose body is `{ "error": "unsupported_region" }` refuses the destination; anything else fails.
 */
export class WebhookSender implements SmsSender {
  constructor(private readonly options: WebhookOptions) {
    if (options.secret.length < 32) throw new Error('WebhookSender: the secret must be at least 32 characters.');
  }

  async send(message: OutgoingMessage): Promise<void> {
    const o = this.options;
    const id = crypto.randomUUID();
    const body = JSON.stringify({ id, to: message.to, channel: message.channel, text: message.text });
    const timestamp = Math.floor((o.now ?? Date.now)() / 1000);
    const headers = {
      'Content-Type': 'application/json',
      'Idempotency-Key': id,
      'X-MFA-Timestamp': String(timestamp),
      'X-MFA-Signature': await webhookSignature(o.secret, timestamp, body),
    };
    await callProvider('webhook', message, o, (signal) => fetch(o.url, { method: 'POST', headers, body, signal, redirect: 'error' }), judgeWebhook);
  }
}

function judgeWebhook(status: number, body: string): Verdict {
  if (status >= 200 && status < 300) return { ok: true };
  const region = status === 422 && (parseJson(body) as { error?: unknown } | undefined)?.error === 'unsupported_region';
  return failed(region ? 'unsupported_region' : 'server_error', `HTTP ${status}`);
}
