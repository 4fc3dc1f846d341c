// The README's React section shows this file.
import { useState } from 'react';
// The per-element entry: defines <mfa-phone-enroll> (and the elements it embeds), exports the
// wrapper, and types the native tag in JSX.
import { MfaPhoneEnroll, type MfaEnrolledDetail, type MfaStepChangeDetail, type PhoneEnrollStringOverrides } from 'mfa-elements/react/mfa-phone-enroll';

const strings: PhoneEnrollStringOverrides = { next: 'Continue' };

export function App({ style }: { style: 'native' | 'wrapper' }) {
  const [steps, setSteps] = useState<MfaStepChangeDetail['step'][]>([]);
  const [enrolled, setEnrolled] = useState<MfaEnrolledDetail | null>(null);
  const onStep = (event: CustomEvent<MfaStepChangeDetail>) => setSteps((list) => [...list, event.detail.step]);
  const onEnrolled = (event: CustomEvent<MfaEnrolledDetail>) => setEnrolled(event.detail);

  return (
    <main>
      <h1>Set up your phone ({style})</h1>
      {style === 'native' ? (
        <mfa-phone-enroll endpoint="/api/mfa" default-country="JP" strings={strings} onmfa-step-change={onStep} onmfa-enrolled={onEnrolled} />
      ) : (
        <MfaPhoneEnroll endpoint="/api/mfa" defaultCountry="JP" strings={strings} onMfaStepChange={onStep} onMfaEnrolled={onEnrolled} />
      )}
      <output id="steps">{steps.join(' ')}</output>
      <output id="enrolled">{enrolled ? `${enrolled.phoneNumber} ${enrolled.maskedPhone} ${enrolled.method}` : ''}</output>
    </main>
  );
}
