/** Vonage (formerly Nexmo): texts through the SMS API. */
import type { OutgoingMessage, SmsSender } from '../sms.js';
import { baseOf, callProvider, failed, parseJson, postForm, refuse, type ProviderOptions, type Verdict } from './provider.js';

/** Options of {@link VonageSender}. */
export interface VonageOptions extends ProviderOptions {
  apiKey: string;
  apiSecret: string;
  /** Sender: a Vonage number (digits, no `+`) or an alphanumeric sender id. */
  from: string;
}

/** SMS API statuses that mean "not to this destination": 6 (unrecognised prefix), 29 (destination not allowed). */
const REGION_STATUSES = new Set(['6', '29']);

// The GSM 03.38 alphabet (and its extension): anything else is sent as Unicode.
const GSM = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;

/** Texts through Vonage's SMS API. It places no calls: a voice request fails with `server_error`. */
export class VonageSender implements SmsSender {
  constructor(private readonly options: VonageOptions) {}

  async send(message: OutgoingMessage): Promise<void> {
    const o = this.options;
    if (message.channel === 'voice') refuse('vonage', message, o, 'server_error', 'calls are not sent through the SMS API');
    const form = new URLSearchParams({ from: o.from, to: message.to.replace(/^\+/, ''), text: message.text });
    if (!GSM.test(message.text)) form.set('type', 'unicode');
    const url = `${baseOf(o, 'https://rest.nexmo.com')}/sms/json`;
    await callProvider('vonage', message, o, postForm(url, o.apiKey, o.apiSecret, form), judgeVonage);
  }
}

// Always 200 when the request was understood: each part's `status` says; "0" is success.
function judgeVonage(status: number, body: string): Verdict {
  const answer = parseJson(body) as { messages?: { status?: unknown }[] } | undefined;
  const parts = Array.isArray(answer?.messages) ? answer.messages : [];
  const bad = parts.find((part) => part?.status !== '0');
  if (status === 200 && parts.length > 0 && !bad) return { ok: true };
  const code = typeof bad?.status === 'string' ? bad.status : undefined;
  return failed(code !== undefined && REGION_STATUSES.has(code) ? 'unsupported_region' : 'server_error', `HTTP ${status}${code !== undefined ? `, status ${code}` : ''}`);
}
