import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/mfa-code-entry/mfa-code-entry.js';
import { MfaError } from '../src/index.js';
import { challenge, scriptedClient, type ScriptedAnswer } from './scripted-client.js';

/** The sign-in code screen. Enroll a phone in the mfa-phone-enroll story first, in the same browser. */
const meta: Meta = {
  title: 'Elements/mfa-code-entry',
  component: 'mfa-code-entry',
  args: { method: 'sms', methods: 'sms voice', 'auto-send': false, 'with-remember-device': true },
  argTypes: { methods: { control: 'select', options: ['sms voice', 'sms'] } },
  render: (args) =>
    html`<mfa-code-entry
      endpoint="/api/mfa"
      method=${args.method}
      methods=${args.methods}
      ?auto-send=${args['auto-send']}
      ?with-remember-device=${args['with-remember-device']}
    ></mfa-code-entry>`,
};
export default meta;

export const SignIn: StoryObj = {};
export const ByVoice: StoryObj = { args: { method: 'voice' } };
/** For a backend that cannot place calls: no "Call me instead". */
export const TextsOnly: StoryObj = { args: { methods: 'sms' } };

// States without a backend: each story scripts the answers (see scripted-client.ts).
const scripted = (answers: Record<string, ScriptedAnswer>) => ({
  render: () => html`<mfa-code-entry auto-send .client=${scriptedClient(answers)}></mfa-code-entry>`,
});

/** Any code is wrong here: type six digits to see the message and the attempts left. */
export const WrongCode: StoryObj = scripted({ startChallenge: challenge(), verifyChallenge: new MfaError('invalid_code', undefined, { status: 422, attemptsLeft: 2 }) });
/** Type six digits: the field goes and the reason stays. */
export const TooManyAttempts: StoryObj = scripted({ startChallenge: challenge(), verifyChallenge: new MfaError('too_many_attempts', undefined, { status: 429 }) });
/** The code's lifetime is 10 seconds here: wait, and the element says it has run out. */
export const CodeRunsOut: StoryObj = scripted({ startChallenge: challenge({ expiresIn: 10, resendIn: 5 }), resendChallenge: challenge({ expiresIn: 10, resendIn: 5 }) });
/** The first send is refused with Retry-After: the wait counts down, then "Send code" works. */
export const RateLimited: StoryObj = scripted({
  startChallenge: (() => {
    let calls = 0;
    return () => (calls++ === 0 ? new MfaError('rate_limited', undefined, { status: 429, retryAfter: 15 }) : challenge());
  })(),
});
/** The network is down: the message says so and "Send code" tries again. */
export const Offline: StoryObj = scripted({ startChallenge: new MfaError('network_error') });
/** Any code is right: the verified state. */
export const Verified: StoryObj = scripted({ startChallenge: challenge(), verifyChallenge: { status: 'verified' } });
