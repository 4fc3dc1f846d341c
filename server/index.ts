/**
 * mfa-elements/server: the reference backend of protocol v1, for Node. Never imported by the
 * browser bundles.
 */
export {
  MfaService,
  DEFAULT_REGIONS,
  NON_GEOGRAPHIC_CODES,
  MANAGEMENT_OPERATIONS,
  type AuthorizeContext,
  type Authorization,
  type MfaOperation,
  type SecurityEvent,
  type VerifiedInfo,
  type MessageInfo, type MfaLimits, type MfaServiceOptions, type ServiceRequest, type ServiceResponse } from './service.js';
export { createMfaHandler, anonymousSession, type AnonymousSessionOptions, type Identity, type Identify, type MfaHandlerOptions, type MfaNodeHandler } from './node.js';
export { emptyState, type Claim, type MfaStore, type StoreTransaction, type UserState, type PendingVerification, type StoredAppPassword, type IdempotentAnswer } from './store.js';
export { MemoryStore } from './stores/memory.js';
export { SendFailure, isSendFailure, type OutboxMessage, type OutgoingMessage, type SendFailureReason, type SmsSender } from './sms.js';
export * from './senders/index.js';
export { createMailAuthHandler, type MailAuthHandler, type MailAuthOptions } from './mail-auth.js';
