/** Senders of texts and calls, all behind {@link SmsSender}. */
export { DevOutbox } from './outbox.js';
export { TwilioSender, codeCallTwiml, languageByCountryCode, type TwilioOptions } from './twilio.js';
export { VonageSender, type VonageOptions } from './vonage.js';
export { SnsSender, type SnsOptions } from './sns.js';
export { WebhookSender, webhookSignature, type WebhookOptions } from './webhook.js';
export type { ProviderOptions, SendFailureLog } from './provider.js';
