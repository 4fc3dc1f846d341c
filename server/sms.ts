/** Sending codes: the interface a real SMS/voice provider implements, and a development outbox. */
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

/** A provider of texts and calls. Reject to make the request fail with `server_error`. */
export interface SmsSender {
  send(message: OutgoingMessage): Promise<void>;
}

/** A message as the development outbox lists it (protocol: `GET {base}/__dev/outbox`). */
export interface OutboxMessage {
  to: string;
  channel: DeliveryMethod;
  text: string;
  code: string;
  sentAt: string;
}

/**
 * A sender that delivers nothing and keeps every message for reading back: for development, demos
 * and tests, never production.
 */
export class DevOutbox implements SmsSender {
  private readonly messages = new Map<string, OutboxMessage[]>();

  async send(message: OutgoingMessage): Promise<void> {
    const list = this.messages.get(message.userId) ?? [];
    list.push({ to: message.to, channel: message.channel, text: message.text, code: message.code, sentAt: new Date().toISOString() });
    this.messages.set(message.userId, list);
  }

  /** The messages sent for a user, oldest first. */
  messagesFor(userId: string): OutboxMessage[] {
    return [...(this.messages.get(userId) ?? [])];
  }
}
