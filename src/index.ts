/**
 * mfa-elements/core: the framework-agnostic client, its transports and helpers. No lit, no DOM
 * rendering; usable from any framework or none.
 */
export { MfaClient, MAX_APP_PASSWORD_NAME, newIdempotencyKey, normalizeAppPasswordName, type MfaClientOptions } from './client.js';
export { MfaConnection } from './connection.js';
export { createFetchTransport, parseRetryAfter, type CsrfHeader, type FetchTransportOptions } from './fetch-transport.js';
export {
  MfaError,
  isMfaError,
  mayHaveActed,
  isServerErrorCode,
  type MfaClientErrorCode,
  type MfaErrorCode,
  type MfaErrorInit,
  type MfaInputReason,
  type MfaServerErrorCode,
} from './errors.js';
export { extractCodeDigits, normalizeCode, MAX_CODE_LENGTH, MIN_CODE_LENGTH } from './code.js';
export {
  callingCodeOf,
  canReceiveSms,
  formatTyped,
  isCountry,
  listCountries,
  maskPhone,
  parseMobileNumber,
  type CountryCode,
  type CountryInfo,
  type MobileNumber,
  type TypedNumber,
} from './phone-full.js';
export type * from './types.js';
