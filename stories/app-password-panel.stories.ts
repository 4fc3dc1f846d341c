import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/app-password-panel/app-password-panel.js';
import { MfaError } from '../src/index.js';
import { scriptedClient } from './scripted-client.js';

/** App passwords for mail clients that cannot do multi-factor sign-in. */
const meta: Meta = {
  title: 'Elements/app-password-panel',
  component: 'app-password-panel',
  render: () => html`<app-password-panel endpoint="/api/mfa"></app-password-panel>`,
};
export default meta;

export const Manage: StoryObj = {};
export const Display: StoryObj = {
  render: () =>
    html`<app-password-panel
      mode="display"
      .issued=${{ id: 'ap_demo', name: 'Default', createdAt: new Date().toISOString(), password: 'abcdefghijklmnop' }}
    ></app-password-panel>`,
};

// States without a backend: each story scripts the answers (see scripted-client.ts).
const listed = [
  { id: 'ap_1', name: 'Thunderbird on my laptop', createdAt: '2026-04-01T09:00:00Z', lastUsedAt: '2026-11-30T07:12:00Z' },
  { id: 'ap_2', name: '<b>Apple Mail</b> (a name made of markup shows as text)', createdAt: '2026-10-12T18:30:00Z', lastUsedAt: null },
];
/** Two passwords, one never used, one named in markup; deleting and creating work. */
export const List: StoryObj = {
  render: () => html`<app-password-panel
    .client=${scriptedClient({
      listAppPasswords: { appPasswords: listed },
      createAppPassword: ({ name }: { name: string }) => ({ id: 'ap_3', name, createdAt: new Date().toISOString(), password: 'wiarlnhknhzcupso' }),
    })}
  ></app-password-panel>`,
};
/** The list cannot be loaded: the error state, with Retry. */
export const LoadFailed: StoryObj = {
  render: () => html`<app-password-panel .client=${scriptedClient({ listAppPasswords: new MfaError('server_error', undefined, { status: 503 }) })}></app-password-panel>`,
};
