// The README's Angular section shows this file.
import { CUSTOM_ELEMENTS_SCHEMA, Component, signal } from '@angular/core';
import 'mfa-elements/mfa-phone-enroll';
import 'mfa-elements/mfa-security-info';
import type { MfaEnrolledDetail, MfaStepChangeDetail, PhoneEnrollStringOverrides } from 'mfa-elements/mfa-phone-enroll';
import type { MfaMethodChangedDetail, MfaPhoneChangedDetail, SecurityInfoStringOverrides } from 'mfa-elements/mfa-security-info';

@Component({
  selector: 'app-root',
  // The mfa-* tags are custom elements; their events are typed through the global event map.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Set up your phone</h1>
      <mfa-phone-enroll
        endpoint="/api/mfa"
        default-country="JP"
        [strings]="strings"
        (mfa-step-change)="onStep($event)"
        (mfa-enrolled)="onEnrolled($event)"
      ></mfa-phone-enroll>
      <output id="steps">{{ steps().join(' ') }}</output>
      <output id="enrolled">{{ enrolled() ? enrolled()!.phoneNumber + ' ' + enrolled()!.maskedPhone + ' ' + enrolled()!.method : '' }}</output>
      <!-- Once enrolled: the phone on file, text or call, and changing the number later. -->
      @if (enrolled()) {
        <mfa-security-info
          endpoint="/api/mfa"
          default-country="JP"
          [strings]="securityStrings"
          (mfa-method-changed)="onMethodChanged($event)"
          (mfa-phone-changed)="onPhoneChanged($event)"
        ></mfa-security-info>
      }
      <output id="method-changed">{{ methodChanged() ? methodChanged()!.maskedPhone + ' ' + methodChanged()!.method : '' }}</output>
      <output id="phone-changed">{{ phoneChanged() ? phoneChanged()!.maskedPhone + ' ' + phoneChanged()!.method : '' }}</output>
    </main>
  `,
})
export class App {
  readonly strings: PhoneEnrollStringOverrides = { next: 'Continue' };
  readonly securityStrings: SecurityInfoStringOverrides = { title: 'Your sign-in phone' };
  readonly steps = signal<MfaStepChangeDetail['step'][]>([]);
  readonly enrolled = signal<MfaEnrolledDetail | null>(null);
  readonly methodChanged = signal<MfaMethodChangedDetail | null>(null);
  readonly phoneChanged = signal<MfaPhoneChangedDetail | null>(null);

  onStep(event: CustomEvent<MfaStepChangeDetail>): void {
    this.steps.update((list) => [...list, event.detail.step]);
  }

  onEnrolled(event: CustomEvent<MfaEnrolledDetail>): void {
    this.enrolled.set(event.detail);
  }

  onMethodChanged(event: CustomEvent<MfaMethodChangedDetail>): void {
    this.methodChanged.set(event.detail);
  }

  onPhoneChanged(event: CustomEvent<MfaPhoneChangedDetail>): void {
    this.phoneChanged.set(event.detail);
  }
}
