/** Sending codes: the interface a real SMS/voice provider implements, and how a send fails. */
import type { DeliveryMethod } from '../src/types.js';

/** One text message or voice call to make. */
export interface OutgoingMessage {
  /** The user it is for (the outbox files messages by user). */
  userId: string;
  /** E.164 number. */
  to: string;
  channel: DeliveryMethod;
  /** What to send or say. */
  text: string;
  /** The code inside `text`, for the development outbox only; a real sender ignores it. */
  code: string;
}

/**
 * A provider of texts and calls. Reject with a {@link SendFailure} to say why the request fails
 * (`server_error` or `unsupported_region`); any other rejection is a `server_error`.
 */
export interface SmsSender {
  send(message: OutgoingMessage): Promise<void>;
  /** Optional: loads or checks what the sender needs (an optional package), so a server can refuse to start without it. */
  ready?(): Promise<unknown>;
}

/** Why a message did not go out: the provider refused the destination, or anything else. */
export type SendFailureReason = 'server_error' | 'unsupported_region';

/**
 * A send that failed. `message` is for logs and never holds the code or the full number; the user
 * sees only the protocol's error code.
 */
export class SendFailure extends Error {
  override readonly name = 'SendFailure';

  constructor(
    readonly reason: SendFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** Whether `error` is a {@link SendFailure}, also across copies of this module. */
export function isSendFailure(error: unknown): error is SendFailure {
  return error instanceof Error && error.name === 'SendFailure' && ((error as SendFailure).reason === 'server_error' || (error as SendFailure).reason === 'unsupported_region');
}

/** A message as the development outbox lists it (protocol: `GET {base}/__dev/outbox`). */
export interface OutboxMessage {
  to: string;
  channel: DeliveryMethod;
  text: string;
  code: string;
  sentAt: string;
}

export { DevOutbox } from './senders/outbox.js';
