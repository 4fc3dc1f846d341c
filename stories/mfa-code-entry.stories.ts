import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/mfa-code-entry/mfa-code-entry.js';

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
