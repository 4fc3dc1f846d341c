/**
 * The built-in transport: protocol v1 over `fetch` (see docs/protocol.md).
 */
import { MfaError, isServerErrorCode, toMfaError } from './errors.js';
import type { MfaRequest, MfaTransport, TransportCallOptions } from './types.js';

/** A CSRF header as name and value. */
export interface CsrfHeader {
  name: string;
  value: string;
}

/** Options of {@link createFetchTransport}. */
export interface FetchTransportOptions {
  /** Base URL of the protocol, e.g. `/api/mfa` or `https://mfa.example.edu/api`. */
  baseUrl: string;
  /** Fetch credentials mode; default `same-origin` (the backend's session cookie). */
  credentials?: RequestCredentials;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /**
   * CSRF header, or a function returning it (called per request). Without it, the content of
   * `<meta name="csrf-token">` is sent as `X-CSRF-Token` when the page has one.
   */
  csrf?: CsrfHeader | (() => CsrfHeader | undefined);
  /** Milliseconds before a request fails with `timeout`; default 15000, 0 for none. */
  timeoutMs?: number;
  /**
   * How often a request that failed with `network_error` or `timeout` is sent again by itself;
   * default 1. Only requests that are safe to repeat are: reads, deletes, and sends that carry an
   * `Idempotency-Key` (the key goes out unchanged). Verifications never are.
   */
  retries?: number;
  /** The fetch to use; default the global one, looked up at call time. */
  fetch?: typeof globalThis.fetch;
}

type Route = [method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: string[]];

/** Protocol v1: each operation's method, path (`:name` from the request) and body fields. */
const ROUTES: Record<MfaRequest['op'], Route> = {
  startEnrollment: ['POST', 'enrollments', ['phoneNumber', 'method']],
  resendEnrollment: ['POST', 'enrollments/:enrollmentId/resend', ['method']],
  verifyEnrollment: ['POST', 'enrollments/:enrollmentId/verify', ['code']],
  startChallenge: ['POST', 'challenges', ['method']],
  resendChallenge: ['POST', 'challenges/:challengeId/resend', ['method']],
  verifyChallenge: ['POST', 'challenges/:challengeId/verify', ['code', 'rememberDevice']],
  listAppPasswords: ['GET', 'app-passwords'],
  createAppPassword: ['POST', 'app-passwords', ['name']],
  revokeAppPassword: ['DELETE', 'app-passwords/:id'],
  getMethods: ['GET', 'methods'],
  setMethod: ['PATCH', 'phone', ['method']],
  removePhone: ['DELETE', 'phone'],
};

interface HttpCall {
  method: Route[0];
  path: string;
  body?: string;
}

/** Maps an operation onto protocol v1. */
function toHttp(request: MfaRequest): HttpCall {
  const [method, path, fields] = ROUTES[request.op];
  const values = request as unknown as Record<string, unknown>;
  return {
    method,
    path: '/' + path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(values[name]))),
    // JSON leaves out fields that are undefined, such as an optional method.
    body: fields && JSON.stringify(Object.fromEntries(fields.map((field) => [field, values[field]]))),
  };
}

/**
 * Parses a `Retry-After` header: whole seconds, or an HTTP date (seconds from `now`, at least 0).
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // A number that is not whole seconds ("1.5", "-5") is unreadable, not a date.
  if (/^[-+.\d]+$/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The page's `<meta name="csrf-token">`, for a backend on the page's own origin only. */
function csrfFromMeta(base: string): CsrfHeader | undefined {
  if (typeof document === 'undefined' || new URL(base, document.baseURI).origin !== location.origin) return undefined;
  const value = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content;
  return value ? { name: 'X-CSRF-Token', value } : undefined;
}

const whole = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

/** Turns a non-2xx response into an {@link MfaError}. */
async function errorFrom(response: Response): Promise<MfaError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  const message = typeof error?.message === 'string' ? error.message : undefined;
  const status = response.status;
  const retryAfter = whole(error?.retryAfter) ?? parseRetryAfter(response.headers.get('Retry-After'));
  const attemptsLeft = whole(error?.attemptsLeft);
  const init = { status, retryAfter, attemptsLeft };
  if (isServerErrorCode(error?.code)) return new MfaError(error.code, message, init);
  if (status >= 500) return new MfaError('server_error', message, init);
  // Without an error object (a proxy's page), a 429 or 401/403 still says what it means.
  if (error === undefined && status === 429) return new MfaError('rate_limited', message, init);
  if (error === undefined && (status === 401 || status === 403)) return new MfaError('unauthorized', message, init);
  return new MfaError('bad_response', message ?? `Unexpected answer from the server (HTTP ${status}).`, init);
}

/**
 * Creates the transport for protocol v1 over `fetch`.
 * @example
 * const client = new MfaClient({ transport: createFetchTransport({ baseUrl: '/api/mfa' }) });
 */
export function createFetchTransport(options: FetchTransportOptions): MfaTransport {
  if (typeof options?.baseUrl !== 'string') throw new MfaError('invalid_input', 'The fetch transport needs a baseUrl.');
  const base = options.baseUrl.replace(/\/+$/, '');
  // setTimeout takes at most 2^31 - 1 ms; anything longer would fire at once.
  const timeoutMs = Math.min(options.timeoutMs ?? 15000, 2 ** 31 - 1);
  const retries = Number.isFinite(options.retries) ? Math.min(5, Math.max(0, Math.floor(options.retries!))) : 1;

  async function once(call: HttpCall, callOptions: TransportCallOptions): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (call.body) headers['Content-Type'] = 'application/json';
    if (callOptions.idempotencyKey) headers['Idempotency-Key'] = callOptions.idempotencyKey;
    let csrf: CsrfHeader | undefined;
    try {
      csrf = typeof options.csrf === 'function' ? options.csrf() : (options.csrf ?? csrfFromMeta(base));
    } catch (error) {
      throw new MfaError('invalid_input', 'The csrf option failed.', { cause: error });
    }
    if (csrf) headers[csrf.name] = csrf.value;

    const controller = new AbortController();
    const outer = callOptions.signal;
    const onAbort = () => controller.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs) : undefined;
    try {
      if (outer?.aborted) throw new MfaError('aborted');
      const fetchFn = options.fetch ?? globalThis.fetch;
      let response: Response;
      try {
        response = await fetchFn(base + call.path, {
          method: call.method,
          headers,
          body: call.body,
          credentials: options.credentials ?? 'same-origin',
          // A redirect would carry the code and the CSRF header to wherever it points: never follow
          // one. 'manual' rather than 'error' so that it can be told from a network failure.
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (error) {
        if (timedOut) throw new MfaError('timeout', undefined, { cause: error });
        throw toMfaError(error, outer);
      }
      // Cancelled just as the answer came: the caller asked to hear nothing more.
      if (outer?.aborted) throw new MfaError('aborted');
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.headers.has('Location'))) {
        throw new MfaError('bad_response', 'The server answered with a redirect, which is never followed.', { status: response.status || undefined });
      }
      if (!response.ok) throw await errorFrom(response);
      if (response.status === 204) return undefined;
      try {
        return await response.json();
      } catch (error) {
        if (timedOut) throw new MfaError('timeout', undefined, { cause: error });
        if (outer?.aborted) throw new MfaError('aborted', undefined, { cause: error });
        throw new MfaError('bad_response', 'The server did not answer with JSON.', { status: response.status, cause: error });
      }
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  return {
    async send(request, callOptions) {
      const call = toHttp(request);
      const repeatable = call.method !== 'POST' || Boolean(callOptions.idempotencyKey);
      for (let attempt = 0; ; attempt++) {
        try {
          return await once(call, callOptions);
        } catch (error) {
          const failure = toMfaError(error, callOptions.signal);
          // A DELETE retried after a lost answer finds nothing left: the first attempt did it.
          if (attempt > 0 && call.method === 'DELETE' && failure.code === 'not_found') return undefined;
          const transient = failure.code === 'network_error' || failure.code === 'timeout';
          if (!repeatable || !transient || attempt >= retries) throw failure;
        }
      }
    },
  };
}
