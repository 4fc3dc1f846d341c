/**
 * A client whose answers are scripted per operation, so that a story can show one state of an
 * element without a backend: an answer is returned, an `MfaError` is thrown, a function decides
 * per call. It is also the smallest custom transport there is (see docs/custom-transport.md).
 */
import { MfaClient, MfaError, type MfaOperation, type MfaRequest } from '../src/index.js';

export type ScriptedAnswer = unknown | ((request: MfaRequest) => unknown);

export function scriptedClient(answers: Partial<Record<MfaOperation, ScriptedAnswer>>, delayMs = 400): MfaClient {
  return new MfaClient({
    transport: {
      async send(request, { signal }) {
        // As slow as a real backend, so that "Sending…" shows.
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (signal?.aborted) throw new MfaError('aborted');
        const answer = answers[request.op];
        const value = typeof answer === 'function' ? (answer as (request: MfaRequest) => unknown)(request) : answer;
        if (value instanceof MfaError) throw value;
        return value;
      },
    },
  });
}

/** Where a code went and for how long, as the reference backend answers. */
export const delivery = (init: { expiresIn?: number; resendIn?: number } = {}) => ({
  maskedPhone: '+81 •• •••• 5678',
  method: 'sms',
  codeLength: 6,
  expiresIn: init.expiresIn ?? 300,
  resendIn: init.resendIn ?? 30,
});

/** A sign-in challenge. */
export const challenge = (init?: { expiresIn?: number; resendIn?: number }) => ({ challengeId: `chl_${'0'.repeat(32)}`, ...delivery(init) });
