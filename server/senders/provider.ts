/**
 * What every provider's sender shares: a base URL tests can point elsewhere, a time-out, one
 * request per message (never retried here: a retry could text twice), and failures turned into a
 * {@link SendFailure} and logged with the number masked and never the code.
 */
import { maskPhone } from '../../src/phone-full.js';
import { SendFailure, type OutgoingMessage, type SendFailureReason } from '../sms.js';

/** A failed send as logged. Holds no code, no text and no full number. */
export interface SendFailureLog {
  event: 'send_failed';
  provider: string;
  channel: OutgoingMessage['channel'];
  /** The number, masked: `+81 •• •••• 5678`. */
  to: string;
  reason: SendFailureReason;
  /** `timeout`, `network`, or what the provider answered: its HTTP status and error code. */
  cause: string;
}

/** Options every provider's sender takes. */
export interface ProviderOptions {
  /** The provider's API origin; default the real one. Tests and proxies point it elsewhere. */
  baseUrl?: string;
  /** Milliseconds to wait for the provider's answer; default 10 000. */
  timeoutMs?: number;
  /** Where failures are logged; default one JSON line on stderr. */
  log?: (entry: SendFailureLog) => void;
}

/** How a provider's answer reads: `ok`, or why it failed and the provider's own error code. */
export type Verdict = { ok: true } | { ok: false; reason: SendFailureReason; code: string };

const defaultLog = (entry: SendFailureLog) => console.error(JSON.stringify({ level: 'warn', ...entry }));

/**
 * Makes one request for `message` and judges the answer; throws a {@link SendFailure} (logged) when
 * it did not go out.
 */
export async function callProvider(
  provider: string,
  message: OutgoingMessage,
  options: ProviderOptions,
  request: (signal: AbortSignal) => Promise<Response>,
  judge: (status: number, body: string) => Verdict,
): Promise<void> {
  let verdict: Verdict;
  try {
    const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
    const response = await request(signal);
    verdict = judge(response.status, await response.text());
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    verdict = { ok: false, reason: 'server_error', code: timedOut ? 'timeout' : 'network' };
  }
  if (!verdict.ok) refuse(provider, message, options, verdict.reason, verdict.code);
}

/** Logs a failed send and throws its {@link SendFailure}. */
export function refuse(provider: string, message: OutgoingMessage, options: ProviderOptions, reason: SendFailureReason, cause: string): never {
  (options.log ?? defaultLog)({ event: 'send_failed', provider, channel: message.channel, to: maskPhone(message.to), reason, cause });
  throw new SendFailure(reason, `${provider}: ${cause}`);
}

/** A failure of `code` for `reason`. */
export function failed(reason: SendFailureReason, code: string): Verdict {
  return { ok: false, reason, code };
}

/** The base URL without trailing slashes. */
export function baseOf(options: ProviderOptions, fallback: string): string {
  return (options.baseUrl ?? fallback).replace(/\/+$/, '');
}

/** JSON.parse that answers undefined for anything that is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A request for {@link callProvider}: `form` posted to `url` with HTTP Basic credentials. */
export function postForm(url: string, user: string, password: string, form: URLSearchParams): (signal: AbortSignal) => Promise<Response> {
  const authorization = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${password}`)))}`;
  return (signal) => fetch(url, { method: 'POST', headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form, signal, redirect: 'error' });
}
