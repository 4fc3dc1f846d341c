import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/mfa-phone-input/mfa-phone-input.js';

/** The phone field alone, in a form: its value is E.164. */
const meta: Meta = {
  title: 'Elements/mfa-phone-input',
  component: 'mfa-phone-input',
  args: { 'default-country': 'JP', 'preferred-countries': 'JP,US,GB', required: true },
  render: (args) => html`<form>
    <mfa-phone-input name="phone" default-country=${args['default-country']} preferred-countries=${args['preferred-countries']} ?required=${args.required}></mfa-phone-input>
    <button>Submit</button>
  </form>`,
};
export default meta;

export const InAForm: StoryObj = {};
export const Restricted: StoryObj = {
  render: () => html`<mfa-phone-input name="phone" default-country="JP" countries="JP,KR,CN,TW"></mfa-phone-input>`,
};
