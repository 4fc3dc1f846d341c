// Deliberate mistakes: the type checker must report every line marked MISTAKE, and nothing else.
import { MfaCodeEntry, MfaPhoneInput, MfaSecurityInfo, type MfaVerifiedDetail } from 'mfa-elements/react';

export const mistakes = (
  <>
    <mfa-code-entry auto-send endpoint="/api/mfa" />
    <mfa-code-entry autoSend={1} /> {/* MISTAKE: autoSend is a boolean */}
    <mfa-phone-input default-country="JP" defaultCountry={81} /> {/* MISTAKE: defaultCountry is a string */}
    <mfa-code-entry onmfa-verified={(event) => event.detail.flow.toFixed()} /> {/* MISTAKE: flow is a string union */}
    <mfa-code-entry onmfa-code-sent={(event) => event.detail.resendIn.toUpperCase()} /> {/* MISTAKE: resendIn is a number */}
    <mfa-phone-enrol /> {/* MISTAKE: no such tag */}
    <MfaCodeEntry onMfaVerified={(event: CustomEvent<MfaVerifiedDetail>) => event.detail.result} />
    <MfaCodeEntry onMfaVerified={(event) => event.detail.maskedPhone} /> {/* MISTAKE: mfa-verified has no maskedPhone */}
    <MfaPhoneInput strings={{ label: 3 }} /> {/* MISTAKE: strings.label is a string */}
    <MfaPhoneInput onChange={(event) => event.target} onMfaEnrolled={() => {}} /> {/* MISTAKE: no mfa-enrolled on the phone input */}
    <mfa-security-info endpoint="/api/mfa" onmfa-phone-changed={(event) => event.detail.maskedPhone} />
    <mfa-security-info strings={{ title: 3 }} /> {/* MISTAKE: strings.title is a string */}
    <mfa-security-info methods={['sms', 'fax']} /> {/* MISTAKE: codes come by text or call */}
    <mfa-security-info onmfa-phone-changed={(event) => event.detail.phoneNumber} /> {/* MISTAKE: mfa-phone-changed never carries the full number */}
    <MfaSecurityInfo onMfaMethodChange={() => {}} /> {/* MISTAKE: the event is mfa-method-changed */}
    <MfaSecurityInfo onMfaMethodChanged={(event) => event.detail.method === 'call'} /> {/* MISTAKE: the method is sms or voice */}
  </>
);
