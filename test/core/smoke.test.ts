import { expect } from '@open-wc/testing';
import { MfaClient } from '../../src/client.js';
import { ENDPOINT, lastCode, newSession } from '../support/api.js';

it('enrolls a phone over HTTP', async () => {
  await newSession();
  const client = new MfaClient({ baseUrl: ENDPOINT });
  const enrollment = await client.startEnrollment({ phoneNumber: '+819012345678', method: 'sms' });
  expect(enrollment.maskedPhone).to.equal('+81 •• •••• 5678');
  const result = await client.verifyEnrollment(enrollment.enrollmentId, await lastCode());
  expect(result.status).to.equal('enrolled');
});
