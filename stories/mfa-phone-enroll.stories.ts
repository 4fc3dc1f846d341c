import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/mfa-phone-enroll/mfa-phone-enroll.js';

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
