import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/mfa-phone-enroll/mfa-phone-enroll.js';
import { MfaError } from '../src/index.js';
import { delivery, scriptedClient } from './scripted-client.js';

/** The whole initial setting against the reference backend (codes arrive in its outbox at /api/mfa/__dev/outbox). */
const meta: Meta = {
  title: 'Elements/mfa-phone-enroll',
  component: 'mfa-phone-enroll',
  args: { 'default-country': 'JP', methods: 'sms voice' },
  render: (args) => html`<mfa-phone-enroll endpoint="/api/mfa" default-country=${args['default-country']} methods=${args.methods}></mfa-phone-enroll>`,
};
export default meta;

export const Japan: StoryObj = {};
export const UnitedStates: StoryObj = { args: { 'default-country': 'US' } };
export const TextOnly: StoryObj = { args: { methods: 'sms' } };

// Without a backend: each story scripts the answers (see scripted-client.ts).
const enrollment = { enrollmentId: `enr_${'0'.repeat(32)}`, ...delivery() };

/** Any mobile number and any six digits go through, to step 3's app password and Finish. */
export const WholeFlow: StoryObj = {
  render: () => html`<mfa-phone-enroll
    default-country="JP"
    .client=${scriptedClient({
      startEnrollment: enrollment,
      resendEnrollment: enrollment,
      verifyEnrollment: {
        status: 'enrolled',
        phone: { maskedPhone: enrollment.maskedPhone, method: 'sms' },
        appPassword: { id: 'ap_1', name: 'Default', createdAt: new Date().toISOString(), password: 'wiarlnhknhzcupso' },
      },
    })}
  ></mfa-phone-enroll>`,
};
/** The backend refuses the number's region: the message, with the number still in the field. */
export const RegionRefused: StoryObj = {
  render: () => html`<mfa-phone-enroll default-country="JP" .client=${scriptedClient({ startEnrollment: new MfaError('unsupported_region', undefined, { status: 422 }) })}></mfa-phone-enroll>`,
};
