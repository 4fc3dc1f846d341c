/**
 * mfa-elements/server: the reference backend of protocol v1, for Node. Never imported by the
 * browser bundles.
 */
export { MfaService, type MessageInfo, type MfaLimits, type MfaServiceOptions, type ServiceRequest, type ServiceResponse } from './service.js';
export { createMfaHandler, anonymousSession, type Identify, type MfaHandlerOptions, type MfaNodeHandler } from './node.js';
export { MemoryStore, emptyState, type MfaStore, type UserState, type PendingVerification, type StoredAppPassword } from './store.js';
export { SendFailure, isSendFailure, type OutboxMessage, type OutgoingMessage, type SendFailureReason, type SmsSender } from './sms.js';
export * from './senders/index.js';
