/**
 * One page, one state: elements sharing a client hear what the others changed, through the
 * client's change notifications, without the page doing anything.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { clientFor } from '../../components/shared/client.js';
import { startEnrollment, verifyEnrollment } from '../../src/operations.js';
import '../../components/app-password-panel/app-password-panel.js';
import '../../components/mfa-code-entry/mfa-code-entry.js';
import '../../components/mfa-phone-enroll/mfa-phone-enroll.js';
import type { AppPasswordPanel } from '../../components/app-password-panel/app-password-panel.js';
import type { MfaCodeEntry } from '../../components/mfa-code-entry/mfa-code-entry.js';
import { ENDPOINT, lastCode, newSession, requests, until } from '../support/api.js';

const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~='${name}']`);
const parts = (el: HTMLElement, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~='${name}']`)];
/** Text as read, without the isolates around a phone number. */
const text = (el: HTMLElement, name: string) => part(el, name)?.textContent?.replace(/[\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim() ?? '';

/** Enrolls `phoneNumber` through the page's shared client, as another element on the page would. */
async function enroll(phoneNumber: string): Promise<void> {
  const client = clientFor({ endpoint: ENDPOINT });
  const enrollment = await startEnrollment(client, { phoneNumber, method: 'sms' });
  await verifyEnrollment(client, enrollment.enrollmentId, await lastCode());
}

describe('one page, one state', () => {
  beforeEach(() => newSession());

  it('a panel lists the app password an enrollment created, without a reload, and ignores its own changes', async () => {
    const el = await fixture<HTMLElement>(html`<div>
      <mfa-phone-enroll endpoint=${ENDPOINT} default-country="JP"></mfa-phone-enroll>
      <app-password-panel endpoint=${ENDPOINT}></app-password-panel>
    </div>`);
    const panel = el.querySelector<AppPasswordPanel>('app-password-panel')!;
    await until(() => part(panel, 'empty'), 5000, 'the empty list');
    await enroll('+819012345678');
    await until(() => parts(panel, 'item').length === 1, 5000, 'the new password in the list');
    expect(text(panel, 'name')).to.equal('Default');
    expect(part(panel, 'empty')).to.equal(null);
    // Its own create is not echoed back as a second load.
    const lists = async () => (await requests()).filter((r) => r.method === 'GET' && r.path === '/app-passwords').length;
    const before = await lists();
    (part(panel, 'input') as HTMLInputElement).value = 'Thunderbird';
    part(panel, 'create-button')!.click();
    await until(() => part(panel, 'password'), 5000, 'the created password');
    expect(parts(panel, 'item')).to.have.length(2);
    expect(await lists()).to.equal(before);
  });

  it("after a phone change, the code entry's next code goes to, and names, the new number", async () => {
    await enroll('+819012345678');
    const entry = await fixture<MfaCodeEntry>(html`<mfa-code-entry endpoint=${ENDPOINT} auto-send></mfa-code-entry>`);
    await until(() => part(entry, 'input'), 5000, 'the code field');
    expect(text(entry, 'status')).to.include('5678');
    await enroll('+819087654321');
    await until(() => part(entry, 'send-button'), 5000, 'a new start');
    expect(text(entry, 'status')).to.equal('Your sign-in phone is now +81 •• •••• 4321. Send a code to it to continue.');
    expect(part(entry, 'input'), 'no field for a code sent to the old number').to.equal(null);
    part(entry, 'send-button')!.click();
    await until(() => part(entry, 'input'), 5000, 'the new code field');
    expect(text(entry, 'status')).to.equal("We've sent a text message to your phone at +81 •• •••• 4321.");
  });
});
