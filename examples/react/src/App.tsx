// The README's React section shows this file.
import { useState } from 'react';
// The per-element entries: each defines its element (and the elements it embeds), exports the
// wrapper, and types the native tag in JSX.
import { MfaPhoneEnroll, type MfaEnrolledDetail, type MfaStepChangeDetail, type PhoneEnrollStringOverrides } from 'mfa-elements/react/mfa-phone-enroll';
import { MfaSecurityInfo, type MfaMethodChangedDetail, type MfaPhoneChangedDetail, type SecurityInfoStringOverrides } from 'mfa-elements/react/mfa-security-info';

const strings: PhoneEnrollStringOverrides = { next: 'Continue' };
const securityStrings: SecurityInfoStringOverrides = { title: 'Your sign-in phone' };

export function App({ style }: { style: 'native' | 'wrapper' }) {
  const [steps, setSteps] = useState<MfaStepChangeDetail['step'][]>([]);
  const [enrolled, setEnrolled] = useState<MfaEnrolledDetail | null>(null);
  const [methodChanged, setMethodChanged] = useState<MfaMethodChangedDetail | null>(null);
  const [phoneChanged, setPhoneChanged] = useState<MfaPhoneChangedDetail | null>(null);
  const onStep = (event: CustomEvent<MfaStepChangeDetail>) => setSteps((list) => [...list, event.detail.step]);
  const onEnrolled = (event: CustomEvent<MfaEnrolledDetail>) => setEnrolled(event.detail);
  const onMethodChanged = (event: CustomEvent<MfaMethodChangedDetail>) => setMethodChanged(event.detail);
  const onPhoneChanged = (event: CustomEvent<MfaPhoneChangedDetail>) => setPhoneChanged(event.detail);

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
      {/* Once enrolled: the phone on file, text or call, and changing the number later. */}
      {enrolled &&
        (style === 'native' ? (
          <mfa-security-info endpoint="/api/mfa" default-country="JP" strings={securityStrings} onmfa-method-changed={onMethodChanged} onmfa-phone-changed={onPhoneChanged} />
        ) : (
          <MfaSecurityInfo endpoint="/api/mfa" defaultCountry="JP" strings={securityStrings} onMfaMethodChanged={onMethodChanged} onMfaPhoneChanged={onPhoneChanged} />
        ))}
      <output id="method-changed">{methodChanged ? `${methodChanged.maskedPhone} ${methodChanged.method}` : ''}</output>
      <output id="phone-changed">{phoneChanged ? `${phoneChanged.maskedPhone} ${phoneChanged.method}` : ''}</output>
    </main>
  );
}
