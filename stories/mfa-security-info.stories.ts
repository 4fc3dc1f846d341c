import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/mfa-security-info/mfa-security-info.js';
import { MfaError } from '../src/index.js';
import { challenge, delivery, scriptedClient } from './scripted-client.js';

/** The sign-in methods on file: the phone, text or call, changing the number, app passwords. */
const meta: Meta = {
  title: 'Elements/mfa-security-info',
  component: 'mfa-security-info',
  render: () => html`<mfa-security-info endpoint="/api/mfa" default-country="JP"></mfa-security-info>`,
};
export default meta;

/** Against the reference backend: enroll a phone in the mfa-phone-enroll story first. */
export const Backend: StoryObj = {};

// States without a backend: each story scripts the answers (see scripted-client.ts).
const phone = { maskedPhone: '+81 •• •••• 5678', method: 'sms', registeredAt: '2026-04-01T09:00:00Z' };
const passwords = { appPasswords: [{ id: 'ap_1', name: 'Default', createdAt: '2026-04-01T09:00:00Z', lastUsedAt: '2026-11-30T07:12:00Z' }] };

/**
 * A phone on file, texts by default; switching to calls works, and Change runs the whole change:
 * any code is accepted for the step-up and for the new number, then the confirmation shows.
 */
export const Registered: StoryObj = {
  render: () => html`<mfa-security-info
    default-country="JP"
    .client=${scriptedClient({
      getMethods: { phone, appPasswords: 1 },
      setMethod: ({ method }: { method: string }) => ({ ...phone, method }),
      startChallenge: challenge(),
      verifyChallenge: { status: 'verified' },
      startEnrollment: { enrollmentId: `enr_${'0'.repeat(32)}`, ...delivery(), maskedPhone: '+81 •• •••• 4321', expiresIn: 600 },
      verifyEnrollment: { status: 'enrolled', phone: { maskedPhone: '+81 •• •••• 4321', method: 'sms' } },
      listAppPasswords: passwords,
    })}
  ></mfa-security-info>`,
};
/** Codes come by call; the backend does not say when the phone was registered. */
export const ByCall: StoryObj = {
  render: () => html`<mfa-security-info
    .client=${scriptedClient({ getMethods: { phone: { ...phone, method: 'voice', registeredAt: null }, appPasswords: 0 }, listAppPasswords: { appPasswords: [] } })}
  ></mfa-security-info>`,
};
/** No phone yet (enrollment is `<mfa-phone-enroll>`'s job). */
export const NoPhone: StoryObj = {
  render: () => html`<mfa-security-info .client=${scriptedClient({ getMethods: { phone: null, appPasswords: 0 }, listAppPasswords: { appPasswords: [] } })}></mfa-security-info>`,
};
/** The methods cannot be loaded: the error state, with Retry. */
export const LoadFailed: StoryObj = {
  render: () => html`<mfa-security-info .client=${scriptedClient({ getMethods: new MfaError('server_error', undefined, { status: 503 }) })}></mfa-security-info>`,
};
/** Choosing "Phone call" fails: the choice stays on text, and says why. */
export const MethodSaveFails: StoryObj = {
  render: () => html`<mfa-security-info
    .client=${scriptedClient({ getMethods: { phone, appPasswords: 1 }, setMethod: new MfaError('network_error'), listAppPasswords: passwords })}
  ></mfa-security-info>`,
};
/** The step-up code is wrong: Change shows the challenge and its error. */
export const StepUpWrongCode: StoryObj = {
  render: () => html`<mfa-security-info
    .client=${scriptedClient({
      getMethods: { phone, appPasswords: 1 },
      startChallenge: challenge(),
      verifyChallenge: new MfaError('invalid_code', undefined, { status: 422, attemptsLeft: 2 }),
      listAppPasswords: passwords,
    })}
  ></mfa-security-info>`,
};
/** The app passwords are elsewhere: the slot replaces the embedded panel with a link. */
export const AppPasswordsSlot: StoryObj = {
  render: () => html`<mfa-security-info .client=${scriptedClient({ getMethods: { phone, appPasswords: 3 } })}
    ><p slot="app-passwords"><a href="#app-passwords">Manage your 3 app passwords</a></p></mfa-security-info
  >`,
};
