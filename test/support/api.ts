/**
 * Browser-side helpers for tests against the reference backend (see backend.ts): a fresh user per
 * test, the simulated phone's outbox, a movable clock and canned answers.
 */
import type { MfaLimits } from '../../server/service.js';

/** Base URL of the protocol in tests. */
export const ENDPOINT = '/api/mfa';

async function post(path: string, body: unknown = {}): Promise<void> {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
}

/** Starts a fresh user on a fresh backend. Call first in every test (or in `beforeEach`). */
export function newSession(options: { limits?: Partial<MfaLimits>; appPasswordAtEnrollment?: boolean; unsupportedRegions?: string[]; redirectUrl?: string; stepUp?: boolean } = {}) {
  return post('/__test/session', options);
}

/** Moves the backend's clock forward. */
export function advanceClock(seconds: number) {
  return post('/__test/clock', { advance: seconds });
}

/** Answers the next API request(s) with exactly this, instead of the backend. */
export function respondNext(answer: { status: number; body?: unknown; raw?: string; headers?: Record<string, string>; delayMs?: number; times?: number }) {
  return post('/__test/respond', answer);
}

/** Makes the text-message provider fail (or work again). */
export function failSends(fail: boolean) {
  return post('/__test/sender', { fail });
}

/** Makes the next request(s) for a file the page loads (a path such as `/src/phone.ts`) fail with 503. */
export function failFile(path: string, times = 1) {
  return post('/__test/fail-file', { path, times });
}

/** Serves a file the page loads (a path such as `/src/phone.ts`) `ms` milliseconds late, as a slow connection would; 0 for on time. */
export function slowFile(path: string, ms: number) {
  return post('/__test/slow-file', { path, ms });
}

/** Records unhandled promise rejections (keeping them from failing the page) until `stop()`, which returns them. */
export function recordUnhandled(): { stop(): unknown[] } {
  const reasons: unknown[] = [];
  const record = (event: PromiseRejectionEvent) => (reasons.push(event.reason), event.preventDefault());
  window.addEventListener('unhandledrejection', record);
  return { stop: () => (window.removeEventListener('unhandledrejection', record), reasons) };
}

/** The API requests this session made so far. */
export async function requests(): Promise<{ method: string; path: string; idempotencyKey?: string }[]> {
  return (await (await fetch('/__test/requests')).json()).requests;
}

/** What the simulated phone received, oldest first. */
export async function outbox(): Promise<{ to: string; channel: 'sms' | 'voice'; text: string; code: string; sentAt: string }[]> {
  return (await (await fetch(`${ENDPOINT}/__dev/outbox`)).json()).messages;
}

/** The newest code the simulated phone received. */
export async function lastCode(): Promise<string> {
  const messages = await outbox();
  if (messages.length === 0) throw new Error('No message was sent.');
  return messages[messages.length - 1]!.code;
}

/** Waits until `predicate` holds (polling each animation frame), or fails after `timeout` ms. */
export async function until(predicate: () => unknown, timeout = 3000, what = 'condition'): Promise<void> {
  const end = performance.now() + timeout;
  while (!(await predicate())) {
    if (performance.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 16));
  }
}

/** Renders an element at once, without yielding: nothing async (such as the phone rules) can arrive in between. */
export function renderNow(el: HTMLElement): void {
  (el as unknown as { performUpdate(): void }).performUpdate();
}
