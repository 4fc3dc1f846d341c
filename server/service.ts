/**
 * Protocol v1's rules, platform-neutral: routing, codes, limits, expiry, idempotency and ownership.
 * Uses Web Crypto and nothing Node-only, so the same rules can run in a page; `node.ts` is the thin
 * HTTP adapter around it.
 */
import { normalizeAppPasswordName } from '../src/operations.js';
import { isMfaError } from '../src/errors.js';
import { maskPhone, parseMobileNumber, type CountryCode } from '../src/phone-full.js';
import type { MfaServerErrorCode } from '../src/errors.js';
import type { DeliveryMethod } from '../src/types.js';
import { SecretHasher, isId, randomDigits, randomId, randomLetters } from './crypto.js';
import { isSendFailure, type DevOutbox, type OutgoingMessage, type SendFailure, type SmsSender } from './sms.js';
import type { MfaStore, PendingVerification, StoreTransaction, UserState } from './store.js';
import { MemoryStore } from './stores/memory.js';
import { describeError } from './log.js';

/** Limits and lifetimes; every figure has the default a careful backend uses. */
export interface MfaLimits {
  /** Digits in a code. Default 6. */
  codeLength: number;
  /** Seconds an enrollment code lives. Default 600. */
  enrollmentTtl: number;
  /** Seconds a sign-in code lives. Default 300. */
  challengeTtl: number;
  /** Wrong codes allowed per enrollment or challenge; a resend never resets the count. Default 5. */
  maxAttempts: number;
  /** Seconds between two sends for one enrollment or challenge. Default 30. */
  resendCooldown: number;
  /** Messages per enrollment or challenge, the first included. Default 5. */
  maxSends: number;
  /** Messages per user within `sendWindow`. Default 10. */
  maxUserSends: number;
  /** Seconds of the per-user window. Default 3600. */
  sendWindow: number;
  /**
   * Messages to one phone number within `sendWindow`, whoever asks, counted by the store across
   * every instance. Keeps many accounts, or anonymous demo sessions, from flooding one number.
   * Default 10.
   */
  maxNumberSends: number;
  /**
   * Messages within `sendWindow` to numbers that share a prefix: the calling code and the first 4
   * digits of the national number (`+81 9012…`, `+1 6175…`), a range a carrier hands out together.
   * Stops SMS pumping, where many numbers of one paid range are texted to earn from the traffic,
   * while leaving room for a campus whose students share an area code. Default 100.
   */
  maxPrefixSends: number;
  /**
   * Messages within `sendWindow` across all users and numbers: the ceiling of the bill should
   * every other limit be dodged. Default 1000 an hour, more than a large university's busiest
   * hour of enrollments at the start of a semester.
   */
  maxGlobalSends: number;
  /**
   * Wrong codes per user in 24 hours, across all enrollments and challenges: with 5 per challenge
   * alone, starting challenge after challenge would allow guessing on. Default 20.
   */
  maxUserFailures: number;
  /** Seconds an idempotency key is remembered. Default 86400. */
  idempotencyTtl: number;
  /** Failed app-password checks (mail sign-ins) per user within `loginFailureWindow`. Default 10. */
  maxLoginFailures: number;
  /** Failed app-password checks per source address within `loginFailureWindow`. Default 100. */
  maxSourceLoginFailures: number;
  /** Seconds of the window of failed app-password checks. Default 900. */
  loginFailureWindow: number;
  /**
   * Seconds after a session verified a sign-in code (or an enrollment) during which it may manage
   * the phone and app passwords without another code (step-up). Default 600.
   */
  stepUpWindow: number;
  /** App passwords per user; creating one more is refused. Default 25. */
  maxAppPasswords: number;
}

const DEFAULT_LIMITS: MfaLimits = {
  codeLength: 6,
  enrollmentTtl: 600,
  challengeTtl: 300,
  maxAttempts: 5,
  resendCooldown: 30,
  maxSends: 5,
  maxUserSends: 10,
  sendWindow: 3600,
  maxNumberSends: 10,
  maxPrefixSends: 100,
  maxGlobalSends: 1000,
  maxUserFailures: 20,
  idempotencyTtl: 86400,
  maxLoginFailures: 10,
  maxSourceLoginFailures: 100,
  loginFailureWindow: 900,
  stepUpWindow: 600,
  maxAppPasswords: 25,
};

/** Bounds of the limits that have some besides being a whole number of at least 1. */
const BOUNDS: Partial<Record<keyof MfaLimits, [number, number]>> = {
  // Fewer than 6 digits is too guessable (NIST SP 800-63B); more than 10 is not typed reliably.
  codeLength: [6, 10],
  enrollmentTtl: [1, 3600],
  challengeTtl: [1, 3600],
  resendCooldown: [0, 3600],
  maxAttempts: [1, 10],
  maxAppPasswords: [1, 1000],
  stepUpWindow: [30, 86400],
};

/**
 * Where texts and calls may go unless `regions` says otherwise: Japan, the university's own country,
 * and the countries most of its international students' phones come from. Every region more is a
 * market an SMS-pumping fraud can bill the university in: widen it knowingly.
 */
export const DEFAULT_REGIONS: readonly CountryCode[] = ['JP', 'CN', 'KR', 'TW', 'US', 'GB'];

/**
 * Calling codes of no country (satellite, international networks, freephone, shared cost): the
 * priciest destinations and the favourite of toll fraud. Refused whatever `regions` says.
 */
export const NON_GEOGRAPHIC_CODES: readonly string[] = ['800', '808', '870', '878', '881', '882', '883', '888', '979'];

/** What the backend does, for {@link MfaServiceOptions.authorize}. */
export type MfaOperation = 'startEnrollment' | 'replacePhone' | 'startChallenge' | 'listAppPasswords' | 'createAppPassword' | 'revokeAppPassword';

/** Operations that change how the account is protected: by default they need a fresh second factor. */
export const MANAGEMENT_OPERATIONS: readonly MfaOperation[] = ['replacePhone', 'createAppPassword', 'revokeAppPassword'];

/** What {@link MfaServiceOptions.authorize} is told about a request. */
export interface AuthorizeContext {
  userId: string;
  /** The session identify named, if any. */
  sessionId?: string;
  /** The raw request, as the adapter passed it (`IncomingMessage` in Node). */
  request?: unknown;
  /** Whether the user has a phone enrolled. */
  hasPhone: boolean;
  /** Epoch milliseconds when this session last verified a code, if it has. */
  verifiedAt?: number;
  /** Whether that was within `stepUpWindow`. */
  fresh: boolean;
}

/** An authorization decision: go on, ask for a fresh code first (`403 step_up_required`), or refuse (`403 unauthorized`). */
export type Authorization = 'allow' | 'step_up' | 'deny';

/** A security event, for {@link MfaServiceOptions.onEvent}. Never holds a code, a password, a session id or a full number. */
export interface SecurityEvent {
  type:
    | 'code_sent'
    | 'code_wrong'
    | 'locked_out'
    | 'region_refused'
    | 'phone_enrolled'
    | 'phone_replaced'
    | 'app_password_created'
    | 'app_password_revoked'
    | 'step_up_passed'
    | 'step_up_required';
  userId: string;
  /** ISO 8601, UTC. */
  at: string;
  /** The number concerned, masked. */
  maskedPhone?: string;
  method?: DeliveryMethod;
  /** The region of a refused number, when it has one. */
  country?: CountryCode;
  /** Wrong codes this verification still allows (`code_wrong`). */
  attemptsLeft?: number;
  appPasswordId?: string;
  /** The operation a step-up was asked for (`step_up_required`). */
  operation?: MfaOperation;
}

/** Options of {@link MfaService}. */
export interface MfaServiceOptions {
  /** Texts and calls go out through it. */
  sender: SmsSender;
  /**
   * Development only: serve `GET {base}/__dev/outbox` from a {@link DevOutbox} sender, so a demo
   * can show the texts a simulated phone received. Never in production: it reveals codes.
   */
  devOutbox?: boolean | 'even-in-production';
  /**
   * Where state lives and what keeps instances to the same limits: default in memory (one process
   * only); `mfa-elements/server/pglite` for one host, `mfa-elements/server/postgres` for several.
   */
  store?: MfaStore;
  /**
   * HMAC key for codes and app passwords; default a random one per process, which only suits the
   * in-memory store: with a store of your own, set it, or stored app passwords stop working after
   * a restart (the constructor refuses to start without it).
   */
  secret?: string | Uint8Array<ArrayBuffer>;
  /** The clock, in epoch milliseconds; default `Date.now`. */
  now?: () => number;
  /** Overrides of {@link MfaLimits}. */
  limits?: Partial<MfaLimits>;
  /**
   * Regions (ISO 3166 codes) texts and calls may go to; default {@link DEFAULT_REGIONS}, `'all'` for
   * every country. Numbers of no country ({@link NON_GEOGRAPHIC_CODES}) are always refused.
   */
  regions?: readonly CountryCode[] | 'all';
  /** A further check of a region, after `regions`. */
  isRegionSupported?: (country: CountryCode | undefined) => boolean;
  /** Whether codes may be read out by a phone call; default false (calls cost more, and are pumped more). */
  voice?: boolean;
  /** Issue an app password when an enrollment completes (step 3 of the flow); default true. */
  appPasswordAtEnrollment?: boolean;
  /**
   * Whether a user may remove their phone (`DELETE {base}/phone`); default false, answered
   * `409 phone_required`: where multi-factor sign-in is required, a phone is changed, never removed.
   */
  allowPhoneRemoval?: boolean;
  /**
   * The words of the text that tells the old number the sign-in phone was changed (never the new
   * number), e.g. in the user's language; undefined (or no hook) for the default English.
   */
  phoneChangedText?: (info: { to: string }) => string | undefined;
  /** Product name in the text message; default "your account". */
  appName?: string;
  /**
   * The words of a text or call, e.g. in the user's language; undefined (or no hook) for the
   * default English naming `appName`. The WebOTP line is added after a text's words, so browsers
   * can still fill the code in.
   */
  messageText?: (message: MessageInfo) => string | undefined;
  /**
   * Host of the pages the elements run on, for the WebOTP line (`@host #123456`), which binds the
   * code to that site in browsers. Without it (or `webOtpHosts`) texts carry no such line.
   */
  webOtpHost?: string;
  /**
   * Host names the WebOTP line may name, taken from the request's Host when it is one of them. A
   * Host header is the client's to choose: never put an unchecked one in a text.
   */
  webOtpHosts?: string[];
  /**
   * Extra fields of a successful sign-in answer, e.g. `{ redirectUrl }`. `info` names the session
   * that verified (and, from the Node adapter, the raw request), so a host can mark exactly that
   * session as signed in, rotate its id, or set a remember-device cookie.
   */
  onVerified?: (userId: string, info: VerifiedInfo) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /**
   * Whether a request may go on, per operation. Default: managing (replacing the phone, creating
   * or revoking app passwords) needs a code verified by this session within `stepUpWindow`
   * (`'step_up'` otherwise); everything else is allowed.
   */
  authorize?: (operation: MfaOperation, context: AuthorizeContext) => Authorization | Promise<Authorization>;
  /** Security events, for an audit log or alerts; called after the change is saved. */
  onEvent?: (event: SecurityEvent) => void;
  /** Where the cause of a `500` is written, one line without secrets; default `console.error`. */
  log?: (line: string) => void;
}

/** What {@link MfaServiceOptions.onVerified} is told besides the user. */
export interface VerifiedInfo {
  rememberDevice: boolean;
  /** The session that verified, as identify named it. */
  sessionId?: string;
  /** The raw request, as the adapter passed it (`IncomingMessage` in Node). */
  request?: unknown;
}

/** What a message is about, for {@link MfaServiceOptions.messageText}. */
export interface MessageInfo {
  code: string;
  channel: DeliveryMethod;
  /** E.164 number it goes to (its country code hints at a language). */
  to: string;
  /** Minutes the code stays valid. */
  minutes: number;
}

/** A request, already stripped of transport: path relative to the base URL. */
export interface ServiceRequest {
  method: string;
  path: string;
  body?: unknown;
  idempotencyKey?: string;
  /** Host of the page's origin, for the WebOTP line of the text (`@host #123456`) when `webOtpHosts` lists it. */
  host?: string;
  /** The user's session, as identify named it: verifications and step-ups belong to it. */
  sessionId?: string;
  /** The raw request, handed to `authorize` and `onVerified`. */
  context?: unknown;
}

/** A verification bound to the session that started it (a keyed hash of the session id). */
type BoundVerification = PendingVerification & { session?: string };

/** What the service keeps besides the store's fields: when each session last verified a code. */
type HardenedState = UserState & { stepUps?: Record<string, number> };

/** One request as the rules see it. */
interface Call {
  userId: string;
  request: ServiceRequest;
  /** Keyed hash of the session id ('' when none was given). */
  session: string;
  /** Events to report once the request's change is saved (`report` dates them). */
  events: Omit<SecurityEvent, 'at'>[];
}

/** What to answer. */
export interface ServiceResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A protocol error on its way out. */
class Refusal {
  constructor(
    readonly status: number,
    readonly code: MfaServerErrorCode | 'invalid_request',
    readonly message: string,
    readonly extra: { attemptsLeft?: number; retryAfter?: number } = {},
  ) {}
}

type Kind = 'enrollment' | 'challenge';

/**
 * A message to send once the transaction that counted it has committed, and how to take the send
 * back should the provider fail.
 */
interface Dispatch {
  message: OutgoingMessage;
  /** Shared budgets it was counted in, each at the send's time. */
  claims: { bucket: string; at: number }[];
  /** Puts the user's state back as it was before the send. */
  undo: ((state: UserState) => void)[];
}

/** What a request's transaction decided: the answer, and a message to send after the commit. */
interface Outcome {
  response: ServiceResponse;
  dispatch?: Dispatch;
  /** A notice to send after the commit, whose failure undoes nothing (the old number's warning). */
  notice?: OutgoingMessage;
}

/** The reference backend's rules. One instance serves every user. */
export class MfaService {
  readonly limits: MfaLimits;
  private readonly store: MfaStore;
  private readonly hasher: SecretHasher;
  private readonly now: () => number;

  /** @throws Error for a configuration out of bounds, saying which setting and why. */
  constructor(private readonly options: MfaServiceOptions) {
    if (options.store && options.secret === undefined) throw new Error('MfaService: set `secret` when you give it a store.');
    const secretBytes = typeof options.secret === 'string' ? new TextEncoder().encode(options.secret).length : options.secret?.length;
    if (secretBytes !== undefined && secretBytes < 16) throw new Error('MfaService: `secret` must have at least 16 bytes (32 random bytes are best).');
    // The development outbox hands out every code: never in production unless said twice.
    const production = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV === 'production';
    if (options.devOutbox === true && production) throw new Error("MfaService: `devOutbox` reveals every code; it is refused when NODE_ENV is production (pass 'even-in-production' to force it).");
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    for (const [name, value] of Object.entries(this.limits) as [keyof MfaLimits, number][]) {
      const [min, max] = BOUNDS[name] ?? [1, Number.MAX_SAFE_INTEGER];
      // A send budget may be switched off (Infinity), nothing else.
      const off = value === Infinity && /^max\w*Sends$/.test(name);
      if (!off && !(Number.isInteger(value) && value >= min && value <= max)) {
        throw new Error(`MfaService: limits.${name} must be a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'any' : max}; it is ${String(value)}.`);
      }
    }
    this.store = options.store ?? new MemoryStore();
    this.hasher = new SecretHasher(options.secret);
    this.now = options.now ?? Date.now;
  }

  /** Answers one protocol request for `userId` (null: not signed in). Never throws. */
  async handle(userId: string | null, request: ServiceRequest): Promise<ServiceResponse> {
    const events: Call['events'] = [];
    try {
      if (userId === null) throw new Refusal(401, 'unauthorized', 'Sign in first.');
      const call: Call = { userId, request, session: await this.hasher.hash('session', request.sessionId ?? ''), events };
      const { response, dispatch, notice } = await this.store.transaction(userId, (state, tx) => {
        events.length = 0; // a store may run the work again
        return this.route(call, state, tx);
      });
      if (dispatch) {
        await this.deliver(userId, dispatch);
        this.report({ type: 'code_sent', userId, maskedPhone: maskPhone(dispatch.message.to), method: dispatch.message.channel });
      }
      if (notice) await this.sendNotice(notice);
      return response;
    } catch (error) {
      if (error instanceof Refusal) return refusal(error);
      if (isSendFailure(error)) return refusal(sendRefusal(error));
      this.log(`mfa-elements: 500 for ${request.method} ${request.path}: ${describeError(error)}`);
      return refusal(new Refusal(500, 'server_error', 'Something went wrong on the server.'));
    } finally {
      for (const event of events) this.report(event);
    }
  }

  private log(line: string): void {
    (this.options.log ?? console.error)(line);
  }

  // A hook that fails must not fail the request: its failure is logged instead.
  private report(event: Omit<SecurityEvent, 'at'>): void {
    try {
      this.options.onEvent?.({ ...event, at: new Date(this.now()).toISOString() });
    } catch (error) {
      this.log(`mfa-elements: onEvent failed for ${event.type}: ${describeError(error)}`);
    }
  }

  /** Answers `step_up_required` or `unauthorized` unless the host's policy lets this call do `operation`. */
  private async authorize(call: Call, state: HardenedState, operation: MfaOperation): Promise<void> {
    const verifiedAt = state.stepUps?.[call.session];
    const fresh = verifiedAt !== undefined && verifiedAt + this.limits.stepUpWindow * 1000 > this.now();
    const context: AuthorizeContext = { userId: call.userId, sessionId: call.request.sessionId, request: call.request.context, hasPhone: Boolean(state.phone), verifiedAt, fresh };
    const decision = this.options.authorize ? await this.options.authorize(operation, context) : MANAGEMENT_OPERATIONS.includes(operation) && !fresh ? 'step_up' : 'allow';
    if (decision === 'allow') return;
    if (decision === 'deny') throw new Refusal(403, 'unauthorized', 'This session may not do this.');
    call.events.push({ type: 'step_up_required', userId: call.userId, operation });
    throw new Refusal(403, 'step_up_required', 'Verify a code sent to your phone first, then try again.');
  }

  /** Whether an app password is `userId`'s; see {@link checkMailLogin}, which it is. */
  async checkAppPassword(userId: string, password: string): Promise<boolean> {
    return (await this.checkMailLogin(userId, password)).valid;
  }

  /**
   * Checks a mail client's sign-in: whether `password` is one of `userId`'s app passwords (by keyed
   * hash, in constant time), recording its use. Failed checks are limited per user and per `source`
   * (the client's address), in budgets the store keeps across instances; once either is spent the
   * answer is `retryAfter` (seconds), without looking at the password.
   */
  async checkMailLogin(userId: string, password: string, source?: string): Promise<{ valid: boolean; retryAfter?: number }> {
    const { maxLoginFailures, maxSourceLoginFailures, loginFailureWindow } = this.limits;
    try {
      return await this.store.transaction(userId, async (state, tx) => {
        const now = this.now();
        // Every check is counted as a failure first (which also locks the budgets until the
        // transaction ends), and withdrawn when the password is right.
        const budgets: [string, number][] = [[`login-user:${await this.hasher.hash('login-user', userId)}`, maxLoginFailures]];
        if (source) budgets.push([`login-source:${await this.hasher.hash('login-source', source)}`, maxSourceLoginFailures]);
        for (const [bucket, max] of budgets) {
          const claim = await tx.claim(bucket, now, loginFailureWindow * 1000, max);
          if (!claim.ok) throw new Refusal(429, 'rate_limited', 'Too many failed sign-ins.', { retryAfter: claim.retryAfter });
        }
        const candidate = password.replace(/\s+/g, '').toLowerCase();
        for (const entry of Object.values(state.appPasswords)) {
          if (await this.hasher.matches(entry.id, candidate, entry.passwordHash)) {
            for (const [bucket] of budgets) await tx.release(bucket, now);
            entry.lastUsedAt = new Date(now).toISOString();
            return { valid: true };
          }
        }
        return { valid: false };
      });
    } catch (error) {
      // Thrown, so that the claims made before the refusing budget are undone.
      if (error instanceof Refusal) return { valid: false, retryAfter: error.extra.retryAfter };
      throw error;
    }
  }

  /**
   * Sends a message its transaction counted and committed: never inside a transaction, which would
   * hold the user's lock (and an embedded store's only connection) for as long as the provider
   * takes. If the provider fails, a second transaction withdraws the send (its claims, its count,
   * its remembered answer), so a retry is judged afresh. A crash between the two leaves the send
   * counted and its answer remembered: a retry with the same key is answered, never sent again.
   */
  private async deliver(userId: string, dispatch: Dispatch): Promise<void> {
    try {
      await this.options.sender.send(dispatch.message);
    } catch (error) {
      await this.store.transaction(userId, async (state, tx) => {
        for (const undo of dispatch.undo) undo(state);
        for (const { bucket, at } of dispatch.claims) await tx.release(bucket, at);
      });
      throw error;
    }
  }

  // Runs inside the user's transaction. A refusal thrown saves nothing (claims included); one that
  // must keep a change (a wrong code counts) is returned as the answer instead.
  private async route(call: Call, state: UserState, tx: StoreTransaction): Promise<Outcome> {
    const { userId, request } = call;
    this.prune(state);
    let parts: string[];
    try {
      parts = request.path.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      throw new Refusal(404, 'not_found', 'No such resource.');
    }
    const method = request.method.toUpperCase();
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw new Refusal(400, 'invalid_request', 'The body must be a JSON object.');

    const [collection, id, action] = parts;
    // Ids are ours: anything else ("__proto__", "constructor") is no resource, and never a key.
    if (id !== undefined && collection !== '__dev' && !isId(id)) throw new Refusal(404, 'not_found', 'No such resource.');
    let outcome: Outcome | undefined;
    const sends = method === 'POST' && (collection === 'enrollments' || collection === 'challenges') && (parts.length === 1 || action === 'resend');
    // A send under an Idempotency-Key: where its answer is remembered, and the body it was for.
    const keyed = sends && request.idempotencyKey ? { slot: `${method} ${request.path} ${request.idempotencyKey}`, sent: JSON.stringify(body) } : undefined;

    if (keyed) {
      const remembered = state.idempotency[keyed.slot];
      if (remembered && remembered.request !== undefined && remembered.request !== keyed.sent) {
        throw new Refusal(422, 'invalid_request', 'This Idempotency-Key was used for another request.');
      }
      // Also while the first request's message is still on its way: its answer is remembered
      // before the message goes out, so a concurrent retry never sends a second one.
      if (remembered) return { response: { status: remembered.status, body: structuredClone(remembered.body) } };
    }
    if (collection === 'enrollments' || collection === 'challenges') {
      const kind: Kind = collection === 'enrollments' ? 'enrollment' : 'challenge';
      if (method === 'POST' && parts.length === 1) outcome = await this.start(call, state, tx, kind, body);
      else if (method === 'POST' && parts.length === 3 && action === 'resend') outcome = await this.resend(call, state, tx, kind, id!, body);
      else if (method === 'POST' && parts.length === 3 && action === 'verify') outcome = await this.verify(call, state, kind, id!, body);
    } else if (collection === 'app-passwords') {
      if (method === 'GET' && parts.length === 1) outcome = { response: (await this.authorize(call, state, 'listAppPasswords'), this.listAppPasswords(state)) };
      else if (method === 'POST' && parts.length === 1) outcome = { response: await this.createAppPassword(call, state, body) };
      else if (method === 'DELETE' && parts.length === 2) outcome = { response: await this.revokeAppPassword(call, state, id!) };
    } else if (collection === 'methods' || collection === 'phone') {
      outcome = await this.routeMethods(call, state, method, parts, body);
    } else if (collection === '__dev' && id === 'outbox' && parts.length === 2 && method === 'GET' && this.outbox) {
      outcome = { response: { status: 200, body: { messages: this.outbox.messagesFor(userId) } } };
    }
    if (!outcome) throw new Refusal(404, 'not_found', 'No such resource.');
    // Remember what a send answered, so the same key gets the same answer and never a second
    // message. Only sends are remembered: a refusal sent nothing, so a retry is judged afresh (and
    // a refusal per request cannot fill the store); a send the provider fails is forgotten again.
    if (keyed && outcome.dispatch) {
      const { response } = outcome;
      state.idempotency[keyed.slot] = { expiresAt: this.now() + this.limits.idempotencyTtl * 1000, status: response.status, body: response.body, request: keyed.sent };
      outcome.dispatch.undo.push((s) => delete s.idempotency[keyed.slot]);
    }
    return outcome;
  }

  private get outbox(): DevOutbox | undefined {
    const sender = this.options.sender as Partial<DevOutbox>;
    return (this.options.devOutbox === true || this.options.devOutbox === 'even-in-production') && typeof sender.messagesFor === 'function' ? (sender as DevOutbox) : undefined;
  }

  private prune(state: UserState): void {
    const now = this.now();
    // A pending verification stays resendable for a day after its last code.
    for (const table of [state.enrollments, state.challenges]) {
      for (const [id, pending] of Object.entries(table)) if (pending.lastSentAt + 86400_000 < now) delete table[id];
    }
    state.sendTimes = state.sendTimes.filter((t) => t + this.limits.sendWindow * 1000 > now);
    state.failTimes = (state.failTimes ?? []).filter((t) => t + 86400_000 > now);
    const stepUps = (state as HardenedState).stepUps ?? {};
    for (const [session, at] of Object.entries(stepUps)) if (at + this.limits.stepUpWindow * 1000 <= now) delete stepUps[session];
    for (const [key, answer] of Object.entries(state.idempotency)) if (answer.expiresAt <= now) delete state.idempotency[key];
  }

  private ttl(kind: Kind): number {
    return kind === 'enrollment' ? this.limits.enrollmentTtl : this.limits.challengeTtl;
  }

  private table(state: UserState, kind: Kind): Record<string, PendingVerification> {
    return kind === 'enrollment' ? state.enrollments : state.challenges;
  }

  /**
   * Refuses when `times`, the events of the last `seconds` (`prune` keeps the user's lists so),
   * already number `max`, saying how long until the oldest leaves the window.
   */
  private checkWindow(times: number[], max: number, seconds: number, message: string): void {
    if (times.length < max) return;
    const retryAfter = Math.max(1, Math.ceil((Math.min(...times) + seconds * 1000 - this.now()) / 1000));
    throw new Refusal(429, 'rate_limited', message, { retryAfter });
  }

  /**
   * Checks the user's send limit, then counts the send in the shared budgets: the number, its
   * prefix and the global one, each kept by the store across instances and locked until the
   * request's transaction ends. Every request claims them in this same order, so none deadlock.
   */
  private async claimSend(state: UserState, tx: StoreTransaction, phoneNumber: string): Promise<Dispatch['claims']> {
    const { maxUserSends, maxNumberSends, maxPrefixSends, maxGlobalSends, sendWindow } = this.limits;
    const now = this.now();
    this.checkWindow(state.sendTimes, maxUserSends, sendWindow, 'Too many codes were sent. Wait before asking for another.');
    // Numbers and prefixes by keyed hash: the store never holds a number in clear outside its user.
    const budgets: [string, number, string][] = [
      [`number:${await this.hasher.hash('number', phoneNumber)}`, maxNumberSends, 'Too many codes went to this number. Wait before asking for another.'],
      [`prefix:${await this.hasher.hash('prefix', numberPrefix(phoneNumber))}`, maxPrefixSends, 'Too many codes went to numbers like this one. Wait before asking for another.'],
      ['global', maxGlobalSends, 'Too many codes are being sent right now. Wait before asking for another.'],
    ];
    for (const [bucket, max, message] of budgets) {
      const claim = await tx.claim(bucket, now, sendWindow * 1000, max);
      if (!claim.ok) throw new Refusal(429, 'rate_limited', message, { retryAfter: claim.retryAfter });
    }
    return budgets.map(([bucket]) => ({ bucket, at: now }));
  }

  // Makes a new code for `pending` and records the send; the message goes out after the commit.
  private async sendCode(call: Call, state: UserState, tx: StoreTransaction, kind: Kind, pending: PendingVerification): Promise<Dispatch> {
    const { userId, request } = call;
    if (pending.method === 'voice' && !this.options.voice) throw noCalls();
    const claims = await this.claimSend(state, tx, pending.phoneNumber);
    const before = { ...pending };
    const code = randomDigits(this.limits.codeLength);
    const now = this.now();
    pending.codeHash = await this.hasher.hash(pending.id, code);
    pending.codeExpiresAt = now + this.ttl(kind) * 1000;
    pending.lastSentAt = now;
    pending.sends += 1;
    state.sendTimes.push(now);
    const info: MessageInfo = { code, channel: pending.method, to: pending.phoneNumber, minutes: Math.round(this.ttl(kind) / 60) };
    // A Host header is the client's to choose: it goes into a text only when the host listed it.
    const host = request.host?.toLowerCase();
    const otpHost = this.options.webOtpHost ?? (host && this.options.webOtpHosts?.some((name) => name.toLowerCase() === host) ? host : undefined);
    const words = this.options.messageText?.(info) ?? this.englishText(info);
    const text = pending.method === 'sms' && otpHost ? `${words}\n\n@${otpHost} #${code}` : words;
    const undo = (s: UserState) => {
      const index = s.sendTimes.indexOf(now);
      if (index >= 0) s.sendTimes.splice(index, 1);
      // Unless a later code replaced this one meanwhile: a new verification goes, a resend is undone.
      const table = this.table(s, kind);
      if (table[pending.id]?.codeHash !== pending.codeHash) return;
      if (before.sends === 0) delete table[pending.id];
      else table[pending.id] = before;
    };
    return { message: { userId, to: pending.phoneNumber, channel: pending.method, text, code }, claims, undo: [undo] };
  }

  private readonly englishText = ({ code, channel, minutes }: MessageInfo): string => {
    const app = this.options.appName ?? 'your account';
    const spoken = code.split('').join(', ');
    return channel === 'voice'
      ? `Your verification code for ${app} is ${spoken}. Again: ${spoken}.`
      : `${code} is your verification code for ${app}. It expires in ${minutes} minutes.`;
  };

  private delivery(kind: Kind, pending: PendingVerification) {
    const now = this.now();
    return {
      [kind === 'enrollment' ? 'enrollmentId' : 'challengeId']: pending.id,
      maskedPhone: maskPhone(pending.phoneNumber),
      method: pending.method,
      codeLength: this.limits.codeLength,
      expiresIn: Math.max(0, Math.ceil((pending.codeExpiresAt - now) / 1000)),
      resendIn: Math.max(0, Math.ceil((pending.lastSentAt + this.limits.resendCooldown * 1000 - now) / 1000)),
    };
  }

  private async start(call: Call, state: UserState, tx: StoreTransaction, kind: Kind, body: Record<string, unknown>): Promise<Outcome> {
    let phoneNumber: string;
    let method: DeliveryMethod;
    await this.authorize(call, state, kind === 'challenge' ? 'startChallenge' : state.phone ? 'replacePhone' : 'startEnrollment');
    if (kind === 'enrollment') {
      method = deliveryMethod(body.method);
      if (typeof body.phoneNumber !== 'string') throw new Refusal(422, 'invalid_phone_number', 'A phone number is required.');
      let number;
      try {
        number = parseMobileNumber(body.phoneNumber);
      } catch (error) {
        throw new Refusal(422, 'invalid_phone_number', isMfaError(error) ? error.message : 'The phone number is not valid.');
      }
      if (number.e164 !== body.phoneNumber) throw new Refusal(422, 'invalid_phone_number', 'The phone number must be in E.164 form.');
      const { regions = DEFAULT_REGIONS, isRegionSupported } = this.options;
      const allowed =
        number.country !== undefined &&
        !NON_GEOGRAPHIC_CODES.includes(number.callingCode) &&
        (regions === 'all' || regions.includes(number.country)) &&
        (isRegionSupported?.(number.country) ?? true);
      if (!allowed) {
        call.events.push({ type: 'region_refused', userId: call.userId, maskedPhone: maskPhone(number.e164), country: number.country });
        throw new Refusal(422, 'unsupported_region', 'Messages cannot be sent to this country or region.');
      }
      phoneNumber = number.e164;
    } else {
      if (!state.phone) throw new Refusal(404, 'not_found', 'No phone is enrolled for this account.');
      phoneNumber = state.phone.phoneNumber;
      method = body.method === undefined ? state.phone.method : deliveryMethod(body.method);
    }
    const pending: BoundVerification = {
      session: call.session,
      id: randomId(kind === 'enrollment' ? 'enr' : 'chl'),
      phoneNumber,
      method,
      codeHash: '',
      codeExpiresAt: 0,
      lastSentAt: 0,
      sends: 0,
      failedAttempts: 0,
    };
    const dispatch = await this.sendCode(call, state, tx, kind, pending);
    // One sign-in challenge at a time per session: its older ones end, so their codes cannot be
    // guessed on (and come back if this one's message cannot be sent, unless another has replaced
    // them meanwhile). Other sessions' challenges stay: an attacker's cannot end the owner's.
    if (kind === 'challenge') {
      const older = Object.entries(state.challenges).filter(([, c]) => (c as BoundVerification).session === call.session);
      for (const [id] of older) delete state.challenges[id];
      dispatch.undo.push((s) => {
        if (Object.values(s.challenges).some((c) => (c as BoundVerification).session === call.session)) return;
        for (const [id, c] of older) s.challenges[id] = c;
      });
    }
    this.table(state, kind)[pending.id] = pending;
    return { response: { status: 201, body: this.delivery(kind, pending) }, dispatch };
  }

  /**
   * Wrong codes a verification allows: `maxAttempts`, or one once the user had `maxUserFailures`
   * in 24 hours. The daily count no longer refuses the right code (an attacker with the password
   * alone could keep the owner out by guessing daily); past it, every guess needs a fresh text.
   */
  private allowedAttempts(state: UserState): number {
    return state.failTimes!.length >= this.limits.maxUserFailures ? 1 : this.limits.maxAttempts;
  }

  // A verification of another session is none of this one's business: not found, as if absent.
  private find(call: Call, state: UserState, kind: Kind, id: string): PendingVerification {
    const pending = this.table(state, kind)[id] as BoundVerification | undefined;
    if (!pending || (pending.session !== undefined && pending.session !== call.session)) throw new Refusal(404, 'not_found', `No such ${kind}.`);
    if (pending.failedAttempts >= this.allowedAttempts(state)) {
      throw new Refusal(423, 'too_many_attempts', 'Too many wrong codes. Start again.', { attemptsLeft: 0 });
    }
    return pending;
  }

  private async resend(call: Call, state: UserState, tx: StoreTransaction, kind: Kind, id: string, body: Record<string, unknown>): Promise<Outcome> {
    const pending = this.find(call, state, kind, id);
    const method = body.method === undefined ? pending.method : deliveryMethod(body.method);
    if (pending.sends >= this.limits.maxSends) {
      throw new Refusal(429, 'rate_limited', `No more codes can be sent for this ${kind}. Start again.`);
    }
    const wait = Math.ceil((pending.lastSentAt + this.limits.resendCooldown * 1000 - this.now()) / 1000);
    if (wait > 0) throw new Refusal(429, 'rate_limited', `Wait ${wait} seconds before asking for another code.`, { retryAfter: wait });
    pending.method = method;
    const dispatch = await this.sendCode(call, state, tx, kind, pending);
    return { response: { status: 200, body: this.delivery(kind, pending) }, dispatch };
  }

  private async verify(call: Call, state: UserState, kind: Kind, id: string, body: Record<string, unknown>): Promise<Outcome> {
    const { userId } = call;
    const pending = this.find(call, state, kind, id);
    const failTimes = state.failTimes!; // prune() made it
    if (pending.codeExpiresAt <= this.now()) throw new Refusal(410, 'expired', 'The code has expired. Ask for a new one.');
    const code = typeof body.code === 'string' ? body.code : '';
    const right = /^\d+$/.test(code) && code.length === this.limits.codeLength && (await this.hasher.matches(pending.id, code, pending.codeHash));
    const maskedPhone = maskPhone(pending.phoneNumber);
    if (!right) {
      pending.failedAttempts += 1;
      failTimes.push(this.now());
      const attemptsLeft = Math.max(0, this.allowedAttempts(state) - pending.failedAttempts);
      call.events.push({ type: 'code_wrong', userId, maskedPhone, attemptsLeft });
      if (failTimes.length === this.limits.maxUserFailures) call.events.push({ type: 'locked_out', userId, maskedPhone });
      // Answered, not thrown: the count must be saved.
      if (attemptsLeft === 0) return { response: refusal(new Refusal(423, 'too_many_attempts', 'Too many wrong codes. Start again.', { attemptsLeft })) };
      return { response: refusal(new Refusal(422, 'invalid_code', 'The code is not correct.', { attemptsLeft })) };
    }
    delete this.table(state, kind)[id];
    // This session has just proved the second factor: it may manage for `stepUpWindow`.
    const hardened = state as HardenedState;
    hardened.stepUps = { ...hardened.stepUps, [call.session]: this.now() };
    if (kind === 'challenge') {
      call.events.push({ type: 'step_up_passed', userId, maskedPhone });
      const info: VerifiedInfo = { rememberDevice: body.rememberDevice === true, sessionId: call.request.sessionId, request: call.request.context };
      const extra = (await this.options.onVerified?.(userId, info)) ?? {};
      return { response: { status: 200, body: { ...extra, status: 'verified' } } };
    }
    call.events.push({ type: state.phone ? 'phone_replaced' : 'phone_enrolled', userId, maskedPhone, method: pending.method });
    if (state.phone) return this.replacePhone(userId, state, pending);
    state.phone = { phoneNumber: pending.phoneNumber, method: pending.method, registeredAt: new Date(this.now()).toISOString() };
    const result: Record<string, unknown> = { status: 'enrolled', phone: { maskedPhone: maskPhone(pending.phoneNumber), method: pending.method } };
    // At the cap, the enrollment still completes, without a new app password.
    if ((this.options.appPasswordAtEnrollment ?? true) && Object.keys(state.appPasswords).length < this.limits.maxAppPasswords) {
      result.appPassword = await this.issueAppPassword(call, state, 'Default');
    }
    return { response: { status: 200, body: result } };
  }

  // ---- Security info: the phone on file, changing it, text or call, removing it (issue 12) ----

  /** `GET {base}/methods`, `PATCH {base}/phone`, `DELETE {base}/phone`. */
  private async routeMethods(call: Call, state: UserState, method: string, parts: string[], body: Record<string, unknown>): Promise<Outcome | undefined> {
    if (parts.length !== 1) return undefined;
    if (parts[0] === 'methods' && method === 'GET') {
      const offered: DeliveryMethod[] = this.options.voice ? ['sms', 'voice'] : ['sms'];
      return { response: { status: 200, body: { phone: state.phone ? this.phoneInfo(state.phone) : null, appPasswords: Object.keys(state.appPasswords).length, offered } } };
    }
    if (parts[0] !== 'phone' || (method !== 'PATCH' && method !== 'DELETE')) return undefined;
    if (!state.phone) throw new Refusal(404, 'not_found', 'No phone is enrolled for this account.');
    if (method === 'DELETE') {
      if (!this.options.allowPhoneRemoval) {
        throw new Refusal(409, 'phone_required', 'This account needs a phone for multi-factor sign-in: change it instead of removing it.');
      }
      // As consequential as replacing it: the same fresh second factor.
      await this.authorize(call, state, 'replacePhone');
      delete state.phone;
      state.challenges = {};
      return { response: { status: 204 } };
    }
    // Text or call from now on: the next code goes the new way. No step-up: the number stays.
    const chosen = deliveryMethod(body.method);
    // Refused now rather than at the next sign-in, when the user could no longer choose.
    if (chosen === 'voice' && !this.options.voice) throw noCalls();
    state.phone = { ...state.phone, method: chosen };
    return { response: { status: 200, body: this.phoneInfo(state.phone) } };
  }

  private phoneInfo(phone: NonNullable<UserState['phone']>) {
    return { maskedPhone: maskPhone(phone.phoneNumber), method: phone.method, registeredAt: phone.registeredAt ?? null };
  }

  /**
   * A verified enrollment while a phone is on file: the new number replaces the old one only now,
   * sign-in codes on their way to the old one stop working, no app password is issued, and the old
   * number is told, without the new one, so that its owner hears of a change they did not make.
   */
  private replacePhone(userId: string, state: UserState, pending: PendingVerification): Outcome {
    const old = state.phone!;
    state.phone = { phoneNumber: pending.phoneNumber, method: pending.method, registeredAt: new Date(this.now()).toISOString() };
    state.challenges = {};
    const response = { status: 200, body: { status: 'enrolled', phone: { maskedPhone: maskPhone(pending.phoneNumber), method: pending.method } } };
    if (old.phoneNumber === pending.phoneNumber) return { response };
    const app = this.options.appName ?? 'your account';
    const text =
      this.options.phoneChangedText?.({ to: old.phoneNumber }) ??
      `The phone for signing in to ${app} was changed, and this number no longer receives its codes. If you did not do this, contact your help desk at once.`;
    return { response, notice: { userId, to: old.phoneNumber, channel: 'sms', text, code: '' } };
  }

  /** Sends a notice after its change was saved: a provider failure cannot undo the change. */
  private async sendNotice(notice: OutgoingMessage): Promise<void> {
    try {
      await this.options.sender.send(notice);
    } catch {
      // The change stands and was answered as done; the notice is best effort.
    }
  }

  private async issueAppPassword(call: Call, state: UserState, name: string) {
    const id = randomId('ap');
    call.events.push({ type: 'app_password_created', userId: call.userId, appPasswordId: id });
    const password = randomLetters(16);
    const createdAt = new Date(this.now()).toISOString();
    state.appPasswords[id] = { id, name, createdAt, lastUsedAt: null, passwordHash: await this.hasher.hash(id, password) };
    return { id, name, createdAt, password };
  }

  private listAppPasswords(state: UserState): ServiceResponse {
    const appPasswords = Object.values(state.appPasswords)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(({ id, name, createdAt, lastUsedAt }) => ({ id, name, createdAt, lastUsedAt }));
    return { status: 200, body: { appPasswords } };
  }

  private async createAppPassword(call: Call, state: UserState, body: Record<string, unknown>): Promise<ServiceResponse> {
    await this.authorize(call, state, 'createAppPassword');
    let name: string;
    try {
      name = normalizeAppPasswordName(typeof body.name === 'string' ? body.name : '');
    } catch (error) {
      throw new Refusal(422, 'invalid_request', isMfaError(error) ? error.message : 'The name is not valid.');
    }
    // Each sign-in with an app password is checked against every one the user has: keep them few.
    const { maxAppPasswords } = this.limits;
    if (Object.keys(state.appPasswords).length >= maxAppPasswords) {
      throw new Refusal(422, 'invalid_request', `You have ${maxAppPasswords} app passwords, the most allowed. Delete one you no longer use first.`);
    }
    return { status: 201, body: await this.issueAppPassword(call, state, name) };
  }

  private async revokeAppPassword(call: Call, state: UserState, id: string): Promise<ServiceResponse> {
    await this.authorize(call, state, 'revokeAppPassword');
    if (!state.appPasswords[id]) throw new Refusal(404, 'not_found', 'No such app password.');
    delete state.appPasswords[id];
    call.events.push({ type: 'app_password_revoked', userId: call.userId, appPasswordId: id });
    return { status: 204 };
  }
}

/** Asking for a call where this backend does not call. */
const noCalls = () => new Refusal(422, 'unsupported_region', 'Codes are not read out by phone call here: choose a text message.');

function deliveryMethod(value: unknown): DeliveryMethod {
  if (value === 'sms' || value === 'voice') return value;
  throw new Refusal(400, 'invalid_request', '"method" must be "sms" or "voice".');
}

/** What the user hears of a provider's failure: only whether another destination could help. */
function sendRefusal(failure: SendFailure): Refusal {
  return failure.reason === 'unsupported_region'
    ? new Refusal(422, 'unsupported_region', 'Messages cannot be sent to this number.')
    : new Refusal(502, 'server_error', 'The code could not be sent. Try again in a moment.');
}

function refusal(error: Refusal): ServiceResponse {
  const body = { error: { code: error.code, message: error.message, ...error.extra } };
  // A 429's wait also goes out as a Retry-After header, in seconds.
  const retryAfter = error.extra.retryAfter;
  return { status: error.status, body, headers: retryAfter === undefined ? undefined : { 'Retry-After': String(retryAfter) } };
}

/**
 * The range a number belongs to, for the per-prefix budget: calling code and the first 4 digits of
 * the national number (`+81 9012`).
 */
function numberPrefix(e164: string): string {
  let callingCode: string;
  try {
    callingCode = parseMobileNumber(e164).callingCode;
  } catch {
    // Enrolled under older phone rules and no longer valid under these: calling codes take at most 3 digits.
    callingCode = e164.slice(1, 4);
  }
  return `+${callingCode} ${e164.slice(1 + callingCode.length, 5 + callingCode.length)}`;
}
