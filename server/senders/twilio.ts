/**
 * Twilio: texts through the Messages API, calls through the Calls API with inline TwiML that reads
 * the words out in the user's language.
 */
import type { OutgoingMessage, SmsSender } from '../sms.js';
import { baseOf, callProvider, failed, parseJson, postForm, type ProviderOptions, type Verdict } from './provider.js';

/** Options of {@link TwilioSender}. */
export interface TwilioOptions extends ProviderOptions {
  accountSid: string;
  authToken: string;
  /** Sender of texts: a Twilio number or an alphanumeric sender id. Or give `messagingServiceSid`. */
  from?: string;
  /** A Messaging Service that picks the sender; used when `from` is not given. */
  messagingServiceSid?: string;
  /** Number calls come from; default `from` (an alphanumeric id cannot call). */
  callFrom?: string;
  /**
   * Language of a call's `<Say>`, e.g. `ja-JP`: match it to the words the service's `messageText`
   * gives for the number ({@link languageByCountryCode} does for a few calling codes). Default
   * `en-US`, the language of the service's default words.
   */
  voiceLanguage?: (to: string) => string;
  /** A `<Say>` voice, e.g. `Polly.Mizuki`; default Twilio's own for the language. */
  voice?: string;
}

/** Twilio error codes that mean "not to this destination" (geographic permissions, unreachable). */
const REGION_CODES = new Set([21408, 21612, 21215]);

/** The `<Say>` language for a few calling codes whose words the host is likely to give; else `en-US`. */
export function languageByCountryCode(to: string): string {
  const table: [string, string][] = [
    ['+81', 'ja-JP'],
    ['+82', 'ko-KR'],
    ['+86', 'zh-CN'],
    ['+49', 'de-DE'],
    ['+33', 'fr-FR'],
    ['+34', 'es-ES'],
    ['+39', 'it-IT'],
    ['+44', 'en-GB'],
  ];
  return table.find(([prefix]) => to.startsWith(prefix))?.[1] ?? 'en-US';
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The TwiML of a code call: a second's pause (the callee is still lifting the phone), then the
 * words. The service's words already read the code digit by digit, commas between the digits, twice.
 */
export function codeCallTwiml(text: string, language: string, voice?: string): string {
  const voiceAttribute = voice ? ` voice="${escapeXml(voice)}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Pause length="1"/><Say language="${escapeXml(language)}"${voiceAttribute}>${escapeXml(text)}</Say></Response>`;
}

/** Texts and calls through Twilio's REST API (2010-04-01). */
export class TwilioSender implements SmsSender {
  constructor(private readonly options: TwilioOptions) {
    if (!options.from && !options.messagingServiceSid) throw new Error('TwilioSender: set `from` or `messagingServiceSid`.');
  }

  async send(message: OutgoingMessage): Promise<void> {
    const o = this.options;
    const voice = message.channel === 'voice';
    const form = new URLSearchParams({ To: message.to });
    if (voice) {
      const from = o.callFrom ?? o.from;
      if (!from) throw new Error('TwilioSender: set `callFrom` to place calls.');
      form.set('From', from);
      form.set('Twiml', codeCallTwiml(message.text, (o.voiceLanguage ?? (() => 'en-US'))(message.to), o.voice));
    } else {
      if (o.from) form.set('From', o.from);
      else form.set('MessagingServiceSid', o.messagingServiceSid!);
      form.set('Body', message.text);
    }
    const url = `${baseOf(o, 'https://api.twilio.com')}/2010-04-01/Accounts/${encodeURIComponent(o.accountSid)}/${voice ? 'Calls' : 'Messages'}.json`;
    await callProvider('twilio', message, o, postForm(url, o.accountSid, o.authToken, form), judgeTwilio);
  }
}

// 201 with the new resource's `sid`; otherwise `{ code, message, more_info, status }`.
function judgeTwilio(status: number, body: string): Verdict {
  const answer = parseJson(body) as { sid?: unknown; code?: unknown } | undefined;
  if (status >= 200 && status < 300 && typeof answer?.sid === 'string') return { ok: true };
  const code = typeof answer?.code === 'number' ? answer.code : undefined;
  return failed(code !== undefined && REGION_CODES.has(code) ? 'unsupported_region' : 'server_error', `HTTP ${status}${code !== undefined ? `, code ${code}` : ''}`);
}
