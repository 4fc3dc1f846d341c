import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/app-password-panel/app-password-panel.js';

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
