/**
 * WebOTP: reads the code from an incoming text message (`@host #123456` as its last line) where the
 * browser supports it.
 */

/**
 * Waits for a code from an SMS. Resolves with the code, or undefined when WebOTP is missing, the
 * signal aborts or the browser refuses; never rejects, so no rejection goes unhandled.
 */
export async function receiveOtp(signal: AbortSignal): Promise<string | undefined> {
  if (!('OTPCredential' in window) || signal.aborted) return undefined;
  try {
    const credential = await navigator.credentials.get({ otp: { transport: ['sms'] }, signal } as CredentialRequestOptions);
    return signal.aborted ? undefined : ((credential as { code?: string } | null)?.code ?? undefined);
  } catch {
    return undefined;
  }
}
