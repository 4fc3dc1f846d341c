/** The development outbox: a sender that delivers nothing and keeps every message. */
import type { OutboxMessage, OutgoingMessage, SmsSender } from '../sms.js';

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
