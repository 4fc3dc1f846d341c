// The README's Angular section shows this file.
import { CUSTOM_ELEMENTS_SCHEMA, Component, signal } from '@angular/core';
import 'mfa-elements/mfa-phone-enroll';
import type { MfaEnrolledDetail, MfaStepChangeDetail, PhoneEnrollStringOverrides } from 'mfa-elements/mfa-phone-enroll';

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
    </main>
  `,
})
export class App {
  readonly strings: PhoneEnrollStringOverrides = { next: 'Continue' };
  readonly steps = signal<MfaStepChangeDetail['step'][]>([]);
  readonly enrolled = signal<MfaEnrolledDetail | null>(null);

  onStep(event: CustomEvent<MfaStepChangeDetail>): void {
    this.steps.update((list) => [...list, event.detail.step]);
  }

  onEnrolled(event: CustomEvent<MfaEnrolledDetail>): void {
    this.enrolled.set(event.detail);
  }
}
