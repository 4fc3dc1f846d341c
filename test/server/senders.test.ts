/**
 * The providers' senders, each against a local fake of its API that checks the documented request
 * exactly and answers with the documented success and error shapes; and how the service answers
 * when a provider fails.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MfaClient } from '../../src/client.js';
import { isMfaError } from '../../src/errors.js';
import {
  MfaService,
  SnsSender,
  TwilioSender,
  VonageSender,
  WebhookSender,
  createMfaHandler,
  isSendFailure,
  languageByCountryCode,
  type OutgoingMessage,
  type SendFailureLog,
  type SmsSender,
} from '../../server/index.js';
import { fakeProvider, type FakeProvider } from './fake-provider.js';

const TO = '+819012345678';
const CODE = '482913';
const text: OutgoingMessage = { userId: 'alice', to: TO, channel: 'sms', text: `${CODE} is your verification code.`, code: CODE };
const call: OutgoingMessage = { ...text, channel: 'voice', text: 'Your code is 4, 8, 2, 9, 1, 3. Again: 4, 8, 2, 9, 1, 3.' };

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

/** Runs `send` expecting a SendFailure of `reason`; checks what was logged holds no secret. */
async function fails(send: Promise<void>, reason: string, logs: SendFailureLog[], cause: RegExp): Promise<void> {
  await assert.rejects(send, (error) => isSendFailure(error) && error.reason === reason);
  const entry = logs.at(-1)!;
  assert.equal(entry.event, 'send_failed');
  assert.equal(entry.reason, reason);
  assert.match(entry.cause, cause);
  assert.equal(entry.to, '+81 •• •••• 5678');
  const logged = JSON.stringify(logs);
  assert.ok(!logged.includes(CODE) && !logged.includes('9012345678') && !logged.includes('90 1234'), logged);
}

describe('senders', () => {
  let fake: FakeProvider;
  let logs: SendFailureLog[];
  const log = (entry: SendFailureLog) => void logs.push(entry);
  beforeEach(async () => {
    fake = await fakeProvider();
    logs = [];
  });
  afterEach(() => fake.close());

  describe('Twilio', () => {
    const sid = 'AC0123456789abcdef0123456789abcdef';
    const twilio = (extra = {}) => new TwilioSender({ accountSid: sid, authToken: 'token-1', from: '+15005550006', baseUrl: fake.origin, log, ...extra });
    const created = (prefix: string) => ({
      status: 201,
      body: JSON.stringify({ account_sid: sid, api_version: '2010-04-01', sid: `${prefix}0123456789abcdef0123456789abcdef`, status: 'queued', direction: 'outbound-api', error_code: null, error_message: null }),
    });

    it('texts through the Messages API: Basic auth, To, From and Body as a form', async () => {
      fake.answer(created('SM'));
      await twilio().send(text);
      const [request] = fake.requests;
      assert.equal(request!.method, 'POST');
      assert.equal(request!.url, `/2010-04-01/Accounts/${sid}/Messages.json`);
      assert.equal(request!.headers.authorization, basic(sid, 'token-1'));
      assert.equal(request!.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.deepEqual(form(request!.body), { To: TO, From: '+15005550006', Body: text.text });
    });

    it('sends from a Messaging Service when no From is given', async () => {
      fake.answer(created('SM'));
      await new TwilioSender({ accountSid: sid, authToken: 't', messagingServiceSid: 'MG0123', baseUrl: fake.origin }).send(text);
      assert.deepEqual(form(fake.requests[0]!.body), { To: TO, MessagingServiceSid: 'MG0123', Body: text.text });
    });

    it('calls through the Calls API with TwiML that says the words in the number’s language', async () => {
      fake.answer(created('CA'));
      await twilio({ callFrom: '+15005550001', voiceLanguage: languageByCountryCode }).send({ ...call, text: 'Code <4, 8> & "2"' });
      const [request] = fake.requests;
      assert.equal(request!.url, `/2010-04-01/Accounts/${sid}/Calls.json`);
      const fields = form(request!.body);
      assert.deepEqual(Object.keys(fields), ['To', 'From', 'Twiml']);
      assert.equal(fields.From, '+15005550001');
      assert.equal(fields.Twiml, '<?xml version="1.0" encoding="UTF-8"?><Response><Pause length="1"/><Say language="ja-JP">Code &#60;4, 8&#62; &#38; &#34;2&#34;</Say></Response>');
      await twilio({ voice: 'Polly.Joanna' }).send(call);
      assert.match(form(fake.requests[1]!.body).Twiml!, /<Say language="en-US" voice="Polly.Joanna">Your code is 4, 8, 2, 9, 1, 3\. Again: 4, 8, 2, 9, 1, 3\.<\/Say>/);
    });

    it('a destination without geographic permission is unsupported_region; other errors are server_error', async () => {
      const error = (code: number, status: number, message: string) => ({ status, body: JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }) });
      fake.answer(error(21408, 400, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${TO}`));
      await fails(twilio().send(text), 'unsupported_region', logs, /^HTTP 400, code 21408$/);
      fake.answer(error(21215, 400, `Account not authorized to call ${TO}. Perhaps you need to enable some international permissions`));
      await fails(twilio().send(call), 'unsupported_region', logs, /code 21215/);
      fake.answer(error(20003, 401, 'Authenticate'));
      await fails(twilio().send(text), 'server_error', logs, /^HTTP 401, code 20003$/);
      fake.answer({ status: 503, body: '<html>Service Unavailable</html>', type: 'text/html' });
      await fails(twilio().send(text), 'server_error', logs, /^HTTP 503$/);
    });

    it('gives up after its time-out, as server_error', async () => {
      fake.answer({ ...created('SM'), delayMs: 3000 });
      const started = Date.now();
      await fails(twilio({ timeoutMs: 500 }).send(text), 'server_error', logs, /^timeout$/);
      assert.ok(Date.now() - started < 2500);
      assert.equal(fake.requests.length, 1, 'never retried');
    });
  });

  describe('Vonage', () => {
    const vonage = () => new VonageSender({ apiKey: 'key1', apiSecret: 'secret1', from: 'UnivPortal', baseUrl: fake.origin, log });
    const answer = (message: Record<string, string>) => ({ status: 200, body: JSON.stringify({ 'message-count': '1', messages: [message] }) });

    it('texts through the SMS API: Basic auth, from, to without "+", text; Unicode when needed', async () => {
      fake.answer(answer({ to: '819012345678', 'message-id': '0A0000000123ABCD1', status: '0', 'remaining-balance': '3.14159265', 'message-price': '0.03330000', network: '44010' }));
      await vonage().send(text);
      const [request] = fake.requests;
      assert.equal(request!.method, 'POST');
      assert.equal(request!.url, '/sms/json');
      assert.equal(request!.headers.authorization, basic('key1', 'secret1'));
      assert.equal(request!.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.deepEqual(form(request!.body), { from: 'UnivPortal', to: '819012345678', text: text.text });
      await vonage().send({ ...text, text: `確認コード: ${CODE}` });
      assert.deepEqual(form(fake.requests[1]!.body), { from: 'UnivPortal', to: '819012345678', text: `確認コード: ${CODE}`, type: 'unicode' });
    });

    it('a refused destination (status 6 or 29) is unsupported_region; other statuses are server_error', async () => {
      fake.answer(answer({ status: '29', 'error-text': 'Non White-listed Destination - rejected' }));
      await fails(vonage().send(text), 'unsupported_region', logs, /^HTTP 200, status 29$/);
      fake.answer(answer({ status: '6', 'error-text': 'Unroutable message - rejected' }));
      await fails(vonage().send(text), 'unsupported_region', logs, /status 6/);
      fake.answer(answer({ status: '4', 'error-text': 'Bad Credentials' }));
      await fails(vonage().send(text), 'server_error', logs, /status 4/);
      fake.answer({ status: 500, body: 'oops', type: 'text/plain' });
      await fails(vonage().send(text), 'server_error', logs, /^HTTP 500$/);
    });

    it('places no calls: a voice request fails without a request', async () => {
      await fails(vonage().send(call), 'server_error', logs, /calls/);
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('Amazon SNS', () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
    const sns = (extra = {}) => new SnsSender({ region: 'ap-northeast-1', ...credentials, baseUrl: fake.origin, log, ...extra });
    const published = {
      status: 200,
      type: 'text/xml',
      body: '<PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId></PublishResult><ResponseMetadata><RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId></ResponseMetadata></PublishResponse>',
    };
    const error = (status: number, type: string, code: string, message: string) => ({
      status,
      type: 'text/xml',
      body: `<ErrorResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>42d59b56-7407-4c4a-be0f-4c88daeea257</RequestId></ErrorResponse>`,
    });

    /** Checks the SigV4 signature the way AWS does, written out here independently of the signer. */
    function checkSignature(request: FakeProvider['requests'][number], region: string): void {
      const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(request.headers.authorization ?? '');
      assert.ok(auth, request.headers.authorization);
      const [, keyId, date, signedRegion, service, signedHeaders, signature] = auth;
      assert.equal(keyId, credentials.accessKeyId);
      assert.equal(signedRegion, region);
      assert.equal(service, 'sns');
      const amzDate = request.headers['x-amz-date'] as string;
      assert.equal(amzDate.slice(0, 8), date);
      const names = signedHeaders!.split(';');
      assert.ok(names.includes('host') && names.includes('x-amz-date'), signedHeaders);
      const sha = (data: string) => createHash('sha256').update(data).digest('hex');
      const canonical = ['POST', '/', '', ...names.map((n) => `${n}:${String(request.headers[n]).trim()}`), '', signedHeaders, sha(request.body)].join('\n');
      const scope = `${date}/${region}/sns/aws4_request`;
      const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha(canonical)].join('\n');
      const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
      const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date!), region), 'sns'), 'aws4_request');
      assert.equal(signature, createHmac('sha256', key).update(toSign).digest('hex'));
    }

    it('publishes to the phone number through the Query API, signed with SigV4, as a transactional text', async () => {
      fake.answer(published);
      await sns({ senderId: 'UnivPortal' }).send(text);
      const [request] = fake.requests;
      assert.equal(request!.method, 'POST');
      assert.equal(request!.url, '/');
      assert.equal(request!.headers['content-type'], 'application/x-www-form-urlencoded; charset=utf-8');
      assert.deepEqual(form(request!.body), {
        Action: 'Publish',
        Version: '2010-03-31',
        PhoneNumber: TO,
        Message: text.text,
        'MessageAttributes.entry.1.Name': 'AWS.SNS.SMS.SMSType',
        'MessageAttributes.entry.1.Value.DataType': 'String',
        'MessageAttributes.entry.1.Value.StringValue': 'Transactional',
        'MessageAttributes.entry.2.Name': 'AWS.SNS.SMS.SenderID',
        'MessageAttributes.entry.2.Value.DataType': 'String',
        'MessageAttributes.entry.2.Value.StringValue': 'UnivPortal',
      });
      checkSignature(request!, 'ap-northeast-1');
      // A tampered body no longer matches the signature: the check above can fail.
      assert.throws(() => checkSignature({ ...request!, body: request!.body.replace('482913', '000000') }, 'ap-northeast-1'));
    });

    it('an invalid PhoneNumber is unsupported_region; throttling and internal errors are server_error, never retried', async () => {
      fake.answer(error(400, 'Sender', 'InvalidParameter', 'Invalid parameter: PhoneNumber Reason: +819012345678 is not valid to publish to'));
      await fails(sns().send(text), 'unsupported_region', logs, /^HTTP 400, InvalidParameter$/);
      fake.answer(error(400, 'Sender', 'Throttling', 'Rate exceeded'));
      await fails(sns().send(text), 'server_error', logs, /Throttling/);
      const before = fake.requests.length;
      fake.answer(error(500, 'Receiver', 'InternalError', 'Internal error'));
      await fails(sns().send(text), 'server_error', logs, /^HTTP 500, InternalError$/);
      assert.equal(fake.requests.length, before + 1, 'the signer did not retry the 500');
    });

    it('places no calls: a voice request fails without a request', async () => {
      await fails(sns().send(call), 'server_error', logs, /calls/);
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('signed webhook', () => {
    const secret = 'a-gateway-secret-of-32-characters!';
    const now = Date.parse('2026-11-28T12:00:00Z');
    const webhook = () => new WebhookSender({ url: `${fake.origin}/sms/send`, secret, now: () => now, log });

    it('posts the message as JSON with a timestamp and an HMAC-SHA-256 over both', async () => {
      fake.answer({ status: 202, body: '' });
      await webhook().send(text);
      const [request] = fake.requests;
      assert.equal(request!.method, 'POST');
      assert.equal(request!.url, '/sms/send');
      assert.equal(request!.headers['content-type'], 'application/json');
      const body = JSON.parse(request!.body);
      assert.deepEqual(Object.keys(body), ['id', 'to', 'channel', 'text']);
      assert.deepEqual({ ...body, id: undefined }, { id: undefined, to: TO, channel: 'sms', text: text.text });
      assert.equal(request!.headers['idempotency-key'], body.id);
      assert.equal(request!.headers['x-mfa-timestamp'], String(now / 1000));
      const expected = createHmac('sha256', secret).update(`${now / 1000}.${request!.body}`).digest('hex');
      assert.equal(request!.headers['x-mfa-signature'], `v1=${expected}`);
    });

    it('422 unsupported_region refuses the destination; anything else but 2xx is server_error', async () => {
      fake.answer({ status: 422, body: '{"error":"unsupported_region"}' });
      await fails(webhook().send(call), 'unsupported_region', logs, /^HTTP 422$/);
      fake.answer({ status: 422, body: '{"error":"something_else"}' });
      await fails(webhook().send(text), 'server_error', logs, /^HTTP 422$/);
      fake.answer({ status: 500, body: '' });
      await fails(webhook().send(text), 'server_error', logs, /^HTTP 500$/);
    });

    it('a gateway that cannot be reached is server_error', async () => {
      await fake.close();
      await fails(webhook().send(text), 'server_error', logs, /^network$/);
      fake = await fakeProvider();
    });

    it('refuses a short secret', () => {
      assert.throws(() => new WebhookSender({ url: fake.origin, secret: 'short' }), /32 characters/);
    });
  });
});

describe('the service when a provider fails', () => {
  let fake: FakeProvider;
  let close: () => Promise<void>;
  let client: MfaClient;
  let service: MfaService;

  async function start(sender: SmsSender, limits = {}) {
    service = new MfaService({ sender, secret: 'test-secret-of-sixteen-bytes-or-more', limits });
    const handler = createMfaHandler({ service, identify: () => 'alice' });
    const server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/mfa`;
    client = new MfaClient({ baseUrl: base, retries: 0 });
    close = () => new Promise((resolve) => server.close(() => resolve()));
  }
  const twilio = () => new TwilioSender({ accountSid: 'AC1', authToken: 't', from: '+15005550006', baseUrl: fake.origin, log: () => undefined });
  const ok = { status: 201, body: '{"sid":"SM1","status":"queued"}' };

  beforeEach(async () => {
    fake = await fakeProvider();
  });
  afterEach(async () => {
    await close();
    await fake.close();
  });

  async function code(action: Promise<unknown>): Promise<{ code: string; status?: number }> {
    try {
      await action;
    } catch (error) {
      assert.ok(isMfaError(error));
      return { code: error.code, status: error.status };
    }
    assert.fail('expected a failure');
  }

  it('answers 502 server_error; a retry with the same key sends one text, and the failure used no budget', async () => {
    await start(twilio(), { maxUserSends: 1 });
    fake.answer({ status: 503, body: '' }, ok);
    assert.deepEqual(await code(client.startEnrollment({ phoneNumber: TO, method: 'sms' }, { idempotencyKey: 'k1' })), { code: 'server_error', status: 502 });
    const enrollment = await client.startEnrollment({ phoneNumber: TO, method: 'sms' }, { idempotencyKey: 'k1' });
    assert.match(enrollment.enrollmentId, /^enr_/);
    // The replay under the same key sends nothing more.
    await client.startEnrollment({ phoneNumber: TO, method: 'sms' }, { idempotencyKey: 'k1' });
    assert.equal(fake.requests.length, 2);
    const sent = fake.requests.map((r) => form(r.body).Body!.slice(0, 6));
    assert.notEqual(sent[0], sent[1], 'the retry sent a fresh code');
    // The one text the user may have this hour is the one that went out.
    assert.equal((await code(client.startEnrollment({ phoneNumber: TO, method: 'sms' }))).code, 'rate_limited');
  });

  it('answers 422 unsupported_region when the provider refuses the destination', async () => {
    await start(twilio());
    fake.answer({ status: 400, body: JSON.stringify({ code: 21408, message: 'Permission to send an SMS has not been enabled', more_info: '', status: 400 }) });
    assert.deepEqual(await code(client.startEnrollment({ phoneNumber: TO, method: 'sms' })), { code: 'unsupported_region', status: 422 });
  });

  it('a provider that never answers is a server_error within the time-out', async () => {
    await start(new TwilioSender({ accountSid: 'AC1', authToken: 't', from: '+1500', baseUrl: fake.origin, timeoutMs: 200, log: () => undefined }));
    fake.answer({ ...ok, delayMs: 3000 });
    assert.deepEqual(await code(client.startEnrollment({ phoneNumber: TO, method: 'sms' })), { code: 'server_error', status: 502 });
  });
});
