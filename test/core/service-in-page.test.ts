/**
 * The backend's rules are platform-neutral (Web Crypto, no Node API): the same MfaService runs
 * inside a page, behind a transport, for demos without a server.
 */
import { expect } from '@open-wc/testing';
import { MfaClient } from '../../src/client.js';
import { MfaError } from '../../src/errors.js';
import type { MfaRequest, MfaTransport } from '../../src/types.js';
import { DevOutbox } from '../../server/sms.js';
import { MfaService, type ServiceRequest } from '../../server/service.js';

/** The protocol's routes for an operation, as the fetch transport would send them. */
function route(r: MfaRequest): ServiceRequest {
  const { op, ...body } = r as MfaRequest & Record<string, unknown>;
  const paths: Record<MfaRequest['op'], [string, string]> = {
    startEnrollment: ['POST', '/enrollments'],
    resendEnrollment: ['POST', `/enrollments/${body.enrollmentId}/resend`],
    verifyEnrollment: ['POST', `/enrollments/${body.enrollmentId}/verify`],
    startChallenge: ['POST', '/challenges'],
    resendChallenge: ['POST', `/challenges/${body.challengeId}/resend`],
    verifyChallenge: ['POST', `/challenges/${body.challengeId}/verify`],
    listAppPasswords: ['GET', '/app-passwords'],
    createAppPassword: ['POST', '/app-passwords'],
    revokeAppPassword: ['DELETE', `/app-passwords/${body.id}`],
    getMethods: ['GET', '/methods'],
    setMethod: ['PATCH', '/phone'],
    removePhone: ['DELETE', '/phone'],
  };
  const [method, path] = paths[op];
  return { method, path, body };
}

it('runs the reference rules in the page behind a transport', async () => {
  const outbox = new DevOutbox();
  const service = new MfaService({ sender: outbox });
  const transport: MfaTransport = {
    async send(request, { idempotencyKey }) {
      const answer = await service.handle('visitor', { ...route(request), idempotencyKey, host: location.hostname });
      if (answer.status >= 400) {
        const { code, message, attemptsLeft } = (answer.body as { error: { code: 'invalid_code'; message: string; attemptsLeft?: number } }).error;
        throw new MfaError(code, message, { status: answer.status, attemptsLeft });
      }
      return answer.body;
    },
  };
  const client = new MfaClient({ transport });
  const enrollment = await client.startEnrollment({ phoneNumber: '+819012345678', method: 'sms' });
  const code = outbox.messagesFor('visitor')[0]!.code;
  const wrong = code === '000000' ? '111111' : '000000';
  try {
    await client.verifyEnrollment(enrollment.enrollmentId, wrong);
    expect.fail('a wrong code was accepted');
  } catch (error) {
    expect((error as MfaError).attemptsLeft).to.equal(4);
  }
  const result = await client.verifyEnrollment(enrollment.enrollmentId, code);
  expect(result.appPassword!.password).to.match(/^[a-z]{16}$/);
  expect(await service.checkAppPassword('visitor', result.appPassword!.password)).to.equal(true);
});
