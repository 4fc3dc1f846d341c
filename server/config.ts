/**
 * The standalone server's configuration, read from environment variables. Every mistake is one
 * plain sentence (a {@link ConfigError}), never a stack trace.
 */
import type { MfaLimits } from './service.js';
import type { SmsSender } from './sms.js';
import { DevOutbox, SnsSender, TwilioSender, VonageSender, WebhookSender } from './senders/index.js';
import type { SendFailureLog } from './senders/provider.js';

/** A configuration or start-up problem, said in one line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Everything {@link serve} needs. */
export interface ServeConfig {
  /** Port of the API; 0 for any free one. Default 8000. */
  port: number;
  /** Address to listen on. Default 127.0.0.1 (behind a reverse proxy on the same host). */
  host: string;
  /** HMAC key for codes, app passwords and session cookies; every instance needs the same one. */
  secret: string;
  /** Where state lives: PostgreSQL, a PGlite data folder, or (tests, trials) memory. */
  store: { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string } | { kind: 'memory' };
  /** Which sender, from `MFA_SENDER`. */
  sender: string;
  /** Makes the sender (credentials from the environment), logging failures to `log`. */
  makeSender(log: (entry: SendFailureLog) => void): SmsSender;
  /** Path of the protocol. Default `/api/mfa`. */
  basePath: string;
  /** Origins other than the API's own whose pages may call it (CORS with credentials). */
  allowedOrigins: string[];
  /** Addresses of the reverse proxies whose user header is trusted. */
  trustedProxies: string[];
  /** The header those proxies set. Default `X-Remote-User`. */
  userHeader: string;
  /** Name of the signed session cookie, when the portal sets one. */
  sessionCookie?: string;
  /** The mail-auth endpoint's own listener and secret, when mail servers ask. */
  mailAuth?: { port: number; host: string; secret: string };
  /** Overrides of the service's limits. */
  limits: Partial<MfaLimits>;
  /** Host named in the WebOTP line of texts. */
  webOtpHost?: string;
  /** Product name in the default texts. */
  appName?: string;
  /** Milliseconds requests in flight get to finish on shutdown. Default 10 000. */
  shutdownGraceMs: number;
}

type Env = Record<string, string | undefined>;

function need(env: Env, name: string, why: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is not set: ${why}.`);
  return value;
}

function portOf(env: Env, name: string, fallback?: number): number {
  const raw = env[name]?.trim();
  if (!raw) {
    if (fallback === undefined) throw new ConfigError(`${name} is not set.`);
    return fallback;
  }
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new ConfigError(`${name} must be a port number (0 to 65535), not "${raw}".`);
  return port;
}

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

const LIMIT_NAMES = [
  'codeLength', 'enrollmentTtl', 'challengeTtl', 'maxAttempts', 'resendCooldown', 'maxSends', 'maxUserSends', 'sendWindow', 'maxNumberSends',
  'maxPrefixSends', 'maxGlobalSends', 'maxUserFailures', 'idempotencyTtl', 'maxLoginFailures', 'maxSourceLoginFailures', 'loginFailureWindow',
];

function limitsOf(raw: string | undefined): Partial<MfaLimits> {
  if (!raw?.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('MFA_LIMITS must be a JSON object, e.g. {"resendCooldown":60}.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError('MFA_LIMITS must be a JSON object, e.g. {"resendCooldown":60}.');
  for (const [name, value] of Object.entries(parsed)) {
    if (!LIMIT_NAMES.includes(name)) throw new ConfigError(`MFA_LIMITS: unknown limit "${name}" (known: ${LIMIT_NAMES.join(', ')}).`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ConfigError(`MFA_LIMITS: "${name}" must be a whole number of at least 1.`);
  }
  return parsed as Partial<MfaLimits>;
}

function senderOf(env: Env): { name: string; make: ServeConfig['makeSender'] } {
  const name = need(env, 'MFA_SENDER', 'choose twilio, vonage, sns or webhook (outbox for development only)');
  const baseUrl = env.MFA_SENDER_BASE_URL?.trim() || undefined;
  const timeoutMs = env.MFA_SENDER_TIMEOUT_MS ? Number(env.MFA_SENDER_TIMEOUT_MS) : undefined;
  const common = { baseUrl, timeoutMs };
  switch (name) {
    case 'outbox':
      return { name, make: () => new DevOutbox() };
    case 'twilio': {
      const o = {
        accountSid: need(env, 'TWILIO_ACCOUNT_SID', 'the Twilio account'),
        authToken: need(env, 'TWILIO_AUTH_TOKEN', 'the Twilio auth token'),
        from: env.TWILIO_FROM?.trim() || undefined,
        messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID?.trim() || undefined,
        callFrom: env.TWILIO_CALL_FROM?.trim() || undefined,
      };
      if (!o.from && !o.messagingServiceSid) throw new ConfigError('TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID is not set: the sender of texts.');
      return { name, make: (log) => new TwilioSender({ ...o, ...common, log }) };
    }
    case 'vonage': {
      const o = { apiKey: need(env, 'VONAGE_API_KEY', 'the Vonage API key'), apiSecret: need(env, 'VONAGE_API_SECRET', 'the Vonage API secret'), from: need(env, 'VONAGE_FROM', 'the sender number or id') };
      return { name, make: (log) => new VonageSender({ ...o, ...common, log }) };
    }
    case 'sns': {
      const o = {
        region: need(env, 'AWS_REGION', 'the AWS region of SNS'),
        accessKeyId: need(env, 'AWS_ACCESS_KEY_ID', 'the AWS access key'),
        secretAccessKey: need(env, 'AWS_SECRET_ACCESS_KEY', 'the AWS secret key'),
        sessionToken: env.AWS_SESSION_TOKEN?.trim() || undefined,
        senderId: env.MFA_SNS_SENDER_ID?.trim() || undefined,
      };
      return { name, make: (log) => new SnsSender({ ...o, ...common, log }) };
    }
    case 'webhook': {
      const url = need(env, 'MFA_WEBHOOK_URL', 'the gateway URL');
      const secret = need(env, 'MFA_WEBHOOK_SECRET', 'the key the gateway checks signatures with');
      if (secret.length < 32) throw new ConfigError('MFA_WEBHOOK_SECRET must be at least 32 characters.');
      return { name, make: (log) => new WebhookSender({ url, secret, timeoutMs, log }) };
    }
    default:
      throw new ConfigError(`MFA_SENDER "${name}" is not known: choose twilio, vonage, sns or webhook (outbox for development only).`);
  }
}

/** Reads the configuration from environment variables (see docs/deploy.md). */
export function configFromEnv(env: Env): ServeConfig {
  const secret = need(env, 'MFA_SECRET', 'give the backend a secret of at least 32 characters (for example: openssl rand -hex 32), the same on every instance');
  if (secret.length < 32) throw new ConfigError('MFA_SECRET must be at least 32 characters (for example: openssl rand -hex 32).');
  const sender = senderOf(env);
  const databaseUrl = env.MFA_DATABASE_URL?.trim();
  const store: ServeConfig['store'] = databaseUrl
    ? { kind: 'postgres', url: databaseUrl }
    : env.MFA_STORE?.trim() === 'memory'
      ? { kind: 'memory' }
      : { kind: 'pglite', dir: env.MFA_DATA_DIR?.trim() || '.mfa-data' };
  const mailPort = env.MFA_MAIL_AUTH_PORT?.trim();
  let mailAuth: ServeConfig['mailAuth'];
  if (mailPort) {
    const mailSecret = need(env, 'MFA_MAIL_AUTH_SECRET', 'the secret mail servers authenticate with (at least 32 characters)');
    if (mailSecret.length < 32) throw new ConfigError('MFA_MAIL_AUTH_SECRET must be at least 32 characters.');
    mailAuth = { port: portOf(env, 'MFA_MAIL_AUTH_PORT'), host: env.MFA_MAIL_AUTH_HOST?.trim() || '127.0.0.1', secret: mailSecret };
  }
  const allowedOrigins = list(env.MFA_ALLOWED_ORIGINS);
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) throw new ConfigError(`MFA_ALLOWED_ORIGINS: "${origin}" is not an origin (scheme and host, no path).`);
  }
  return {
    port: portOf(env, 'PORT', 8000),
    host: env.HOST?.trim() || '127.0.0.1',
    secret,
    store,
    sender: sender.name,
    makeSender: sender.make,
    basePath: env.MFA_BASE_PATH?.trim() || '/api/mfa',
    allowedOrigins,
    trustedProxies: list(env.MFA_TRUSTED_PROXIES),
    userHeader: env.MFA_USER_HEADER?.trim() || 'X-Remote-User',
    sessionCookie: env.MFA_SESSION_COOKIE?.trim() || undefined,
    mailAuth,
    limits: limitsOf(env.MFA_LIMITS),
    webOtpHost: env.MFA_WEBOTP_HOST?.trim() || undefined,
    appName: env.MFA_APP_NAME?.trim() || undefined,
    shutdownGraceMs: env.MFA_SHUTDOWN_GRACE_MS ? Number(env.MFA_SHUTDOWN_GRACE_MS) : 10_000,
  };
}
