// Deliberate mistakes: the type checker must report every line marked MISTAKE, and nothing else.
import { CUSTOM_ELEMENTS_SCHEMA, Component } from '@angular/core';
import 'mfa-elements/mfa-phone-enroll';
import 'mfa-elements/mfa-security-info';
import type { MfaEnrolledDetail, MfaVerifiedDetail } from 'mfa-elements/mfa-phone-enroll';
import type { MfaPhoneChangedDetail } from 'mfa-elements/mfa-security-info';

@Component({
  selector: 'app-mistakes',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <mfa-code-entry (mfa-verified)="verified($event)"></mfa-code-entry>
    <mfa-code-entry (mfa-verified)="enrolled($event)"></mfa-code-entry><!-- MISTAKE: mfa-verified is not mfa-enrolled -->
    <mfa-phone-enroll (mfa-enrolled)="verified($event)"></mfa-phone-enroll><!-- MISTAKE: mfa-enrolled is not mfa-verified -->
    <mfa-phone-enroll (mfa-step-change)="step($event.detail.step)"></mfa-phone-enroll><!-- MISTAKE: a step is a string -->
    <mfa-security-info (mfa-phone-changed)="phoneChanged($event)" (mfa-method-changed)="phoneChanged($event)"></mfa-security-info>
    <mfa-security-info (mfa-phone-changed)="enrolled($event)"></mfa-security-info><!-- MISTAKE: mfa-phone-changed never carries the full number -->
    <mfa-security-info (mfa-method-changed)="step($event.detail.method)"></mfa-security-info><!-- MISTAKE: a method is a string -->
    <mfa-security-info (mfa-phone-changed)="verified($event)"></mfa-security-info><!-- MISTAKE: mfa-phone-changed is not mfa-verified -->
  `,
})
export class Mistakes {
  verified(event: CustomEvent<MfaVerifiedDetail>): string {
    return event.detail.flow;
  }

  enrolled(event: CustomEvent<MfaEnrolledDetail>): string {
    return event.detail.maskedPhone;
  }

  phoneChanged(event: CustomEvent<MfaPhoneChangedDetail>): string {
    return event.detail.maskedPhone;
  }

  step(count: number): number {
    return count;
  }
}
