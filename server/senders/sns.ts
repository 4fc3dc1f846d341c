/**
 * Amazon SNS: a text straight to a phone number (`Publish` with `PhoneNumber`), through the Query
 * API signed with SigV4 by aws4fetch, an optional peer dependency (`npm install aws4fetch`), loaded
 * only by a backend that texts through SNS.
 */
import type { AwsClient } from 'aws4fetch';
import type { OutgoingMessage, SmsSender } from '../sms.js';
import { baseOf, callProvider, failed, refuse, type ProviderOptions, type Verdict } from './provider.js';

/** Options of {@link SnsSender}. */
export interface SnsOptions extends ProviderOptions {
  /** AWS region, e.g. `ap-northeast-1`. */
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** For temporary credentials. */
  sessionToken?: string;
  /** Alphanumeric sender id where the destination country supports one. */
  senderId?: string;
  /** An origination number of the account (E.164), where required. */
  originationNumber?: string;
}

/** Texts through Amazon SNS. It places no calls: a voice request fails with `server_error`. */
export class SnsSender implements SmsSender {
  private aws?: Promise<AwsClient>;

  constructor(private readonly options: SnsOptions) {}

  /** Loads the signer; rejects, saying what to install, where aws4fetch is not installed. */
  ready(): Promise<AwsClient> {
    const { accessKeyId, secretAccessKey, sessionToken, region } = this.options;
    this.aws ??= import('aws4fetch').then(
      // Never retried by the signer: a retry after a lost answer would text twice.
      ({ AwsClient }) => new AwsClient({ accessKeyId, secretAccessKey, sessionToken, service: 'sns', region, retries: 0 }),
      (error: unknown) => {
        this.aws = undefined;
        throw new Error('Texts through Amazon SNS need the aws4fetch package: npm install aws4fetch', { cause: error });
      },
    );
    return this.aws;
  }

  async send(message: OutgoingMessage): Promise<void> {
    const o = this.options;
    if (message.channel === 'voice') refuse('sns', message, o, 'server_error', 'SNS places no calls');
    const aws = await this.ready();
    const form = new URLSearchParams({ Action: 'Publish', Version: '2010-03-31', PhoneNumber: message.to, Message: message.text });
    const attributes: [string, string][] = [['AWS.SNS.SMS.SMSType', 'Transactional']];
    if (o.senderId) attributes.push(['AWS.SNS.SMS.SenderID', o.senderId]);
    if (o.originationNumber) attributes.push(['AWS.MM.SMS.OriginationNumber', o.originationNumber]);
    attributes.forEach(([name, value], i) => {
      form.set(`MessageAttributes.entry.${i + 1}.Name`, name);
      form.set(`MessageAttributes.entry.${i + 1}.Value.DataType`, 'String');
      form.set(`MessageAttributes.entry.${i + 1}.Value.StringValue`, value);
    });
    const url = `${baseOf(o, `https://sns.${o.region}.amazonaws.com`)}/`;
    await callProvider(
      'sns',
      message,
      o,
      (signal) => aws.fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: form.toString(), signal, redirect: 'error' }),
      judgeSns,
    );
  }
}

const element = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

// `<PublishResponse>…<MessageId>` on success; `<ErrorResponse><Error><Code>` otherwise.
function judgeSns(status: number, body: string): Verdict {
  if (status === 200 && element(body, 'MessageId')) return { ok: true };
  const code = element(body, 'Code');
  // SNS says a destination it will not text is an invalid PhoneNumber parameter.
  const region = code === 'InvalidParameter' && /PhoneNumber/.test(element(body, 'Message') ?? '');
  return failed(region ? 'unsupported_region' : 'server_error', `HTTP ${status}${code ? `, ${code}` : ''}`);
}
