/**
 * English, built into every element, and the shape every other language follows: `locales/<tag>.ts`
 * default-exports a {@link Translation}, so a missing or extra key is a compile error. Each element
 * imports only its own part of this file, so a page that uses one element carries only its texts.
 *
 * Functions take the values shown in them. Numbers go through `Intl.NumberFormat` and
 * `Intl.PluralRules` of the language (see {@link count}), never through string concatenation.
 */
import type { MfaError, MfaErrorCode, MfaInputReason } from '../src/errors.js';

/** Every text of `<mfa-code-entry>`; override any of them with its `strings` property. */
export type CodeEntryStrings = {
  /** Status before anything was sent (challenge mode without `auto-send`). */
  intro: string;
  /** Status while a code is being sent. */
  sending: string;
  /** Status once a text message went to the phone. */
  sentSms: (maskedPhone: string) => string;
  /** Status once a call was placed to the phone. */
  sentVoice: (maskedPhone: string) => string;
  /** Added to the status after a resend. */
  olderCodes: string;
  /** Status once the code was accepted. */
  verified: string;
  /** Label of the code field. */
  label: string;
  /** Hint under the label. */
  hint: (codeLength: number) => string;
  /** Error for a code that is not complete when the user submits. */
  incomplete: (codeLength: number) => string;
  /** The buttons. */
  send: string;
  verify: string;
  resend: string;
  voice: string;
  textInstead: string;
  /** Checkbox sent as `rememberDevice`. */
  remember: string;
  /** Visible countdown next to the resend buttons (not announced); `time` is like `0:42`. */
  wait: (time: string) => string;
  /** Announced once when a wait starts, and once when it ends. */
  waitStart: (seconds: number) => string;
  waitEnd: string;
  /** Announced once when the wait after too many verifications ends. */
  verifyAgain: string;
  /** Error once no more codes can be sent for this sign-in: "Send code" starts a new one. */
  sendsUsed: string;
  /** Error once no more codes can be sent for this enrollment: the number must be entered again. */
  sendsUsedEnrollment: string;
  /** Error once the challenge is gone from the server (verify or resend): "Send code" starts a new one. */
  challengeGone: string;
  /** Status once the phone was changed elsewhere on the page: the code sent before went to the old number. */
  phoneChanged: (maskedPhone: string) => string;
  /** Shown once a new code can be asked for: what to do when the text or call did not come. */
  helpSms: (canCall: boolean) => string;
  helpVoice: (canText: boolean) => string;
};

/** Every text of `<mfa-phone-input>`; override any of them with its `strings` property. */
export type PhoneInputStrings = {
  /** Label of the country picker. */
  countryLabel: string;
  /** Accessible name of the button that opens the country list. */
  showCountries: string;
  /** Shown in the list when a search finds nothing. */
  noMatches: string;
  /** A country as the picker shows it: name and calling code (digits, may be empty). */
  countryOption: (name: string, callingCode: string) => string;
  /** Label of the number field. */
  numberLabel: string;
  /** Hint under the number label. */
  numberHint: string;
  /** Why the number is not valid yet while the phone rules load (its `validationMessage`). */
  checking: string;
  /**
   * The phone rules could not be loaded (the connection dropped). Some engines (Firefox ESR) keep a
   * failed load for the page, so only a reload helps there; others load them on the next try.
   */
  rulesFailed: string;
};

/** Every text of `<mfa-phone-enroll>`; override any of them with its `strings` property. */
export type PhoneEnrollStrings = {
  /** Heading of step 1. */
  contactHeading: string;
  /** Legend of the method choice. */
  methodLegend: string;
  /** The methods. */
  sms: string;
  voice: string;
  /** Default text of the `notice` slot. */
  notice: string;
  /** Step 1's button, and what it says while the request runs. */
  next: string;
  sending: string;
  /** Heading of step 2. */
  verifyHeading: string;
  /** Goes back to step 1 with the number still in the field. */
  changeNumber: string;
  /** Heading of step 3. */
  appPasswordHeading: string;
  /** What the app password is for. */
  appPasswordIntro: string;
  /** Step 3's button. */
  finish: string;
  /** Heading and text once the phone is enrolled. */
  doneHeading: string;
  done: (maskedPhone: string) => string;
};

/** Every text of `<app-password-panel>`; names are shown as text. */
export type AppPasswordPanelStrings = {
  title: string;
  intro: string;
  loading: string;
  loadFailed: string;
  retry: string;
  empty: string;
  createdOn: string;
  lastUsed: string;
  neverUsed: string;
  delete: string;
  deleteNamed: (name: string) => string;
  confirmDelete: (name: string) => string;
  confirmHint: string;
  cancel: string;
  deleted: (name: string) => string;
  alreadyDeleted: (name: string) => string;
  nameLabel: string;
  nameHint: string;
  nameEmpty: string;
  nameTooLong: (max: number, count: number) => string;
  /** A name refused for control, direction or invisible characters. */
  nameHidden: string;
  create: string;
  created: (name: string) => string;
  issuedTitle: (name: string) => string;
  advice: string;
  copy: string;
  copied: string;
  copyManual: string;
  manualLabel: string;
  done: string;
};

/** Every text of `<mfa-security-info>`; override any of them with its `strings` property. */
export type SecurityInfoStrings = {
  title: string;
  intro: string;
  loading: string;
  loadFailed: string;
  retry: string;
  /** Label of the phone on file, and of the Change button's accessible name. */
  phoneLabel: string;
  noPhone: string;
  /** Before the date the phone was registered. */
  registeredOn: string;
  /** Legend of the text/call choice, and the two choices. */
  methodLegend: string;
  sms: string;
  voice: string;
  /** Announced once the choice was saved. */
  methodSaved: (method: 'sms' | 'voice') => string;
  change: string;
  changeLabel: string;
  /** The step-up before a change: a code to the current phone. */
  stepUpHeading: string;
  stepUpIntro: string;
  /** The new number (steps 1 and 2 of `<mfa-phone-enroll>`). */
  newPhoneHeading: string;
  cancel: string;
  /** The confirmation once the new number is verified. */
  changedHeading: string;
  changed: (maskedPhone: string) => string;
  done: string;
};

/** Reasons for refused input that are about a phone number. */
type PhoneReason = Exclude<MfaInputReason, 'invalid_code' | 'invalid_name' | 'invalid_id'>;

/** An error text: plain, or made from the error (its `retryAfter`, `attemptsLeft`). */
export type ErrorText = string | ((error: MfaError) => string);
/**
 * What every element says when an operation fails, by code (`invalid_code_input`: a code the client
 * refused). Also the message of an `MfaError` created without one.
 */
export type GeneralErrors = Record<MfaErrorCode | 'invalid_name' | 'invalid_id' | 'invalid_code_input', ErrorText>;
/** What the phone elements also say: why the client refused a number. */
export type PhoneErrors = Record<PhoneReason, ErrorText>;
/** Error texts to override, by code or reason, in an element's `strings.errors`. */
export type ErrorMessages = GeneralErrors & PhoneErrors;

/** One language: every element's texts and every error message. */
export interface Translation {
  codeEntry: CodeEntryStrings;
  phoneInput: PhoneInputStrings;
  phoneEnroll: PhoneEnrollStrings;
  appPasswordPanel: AppPasswordPanelStrings;
  securityInfo: SecurityInfoStrings;
  errors: GeneralErrors;
  phoneErrors: PhoneErrors;
}

/** A number as `locale` writes it (`Intl.NumberFormat`). */
export const num = (locale: string, n: number): string => new Intl.NumberFormat(locale).format(n);

/** `n` with its words in `locale`: the plural form `Intl.PluralRules` picks, `#` replaced by the number. */
export function count(locale: string, n: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  return (forms[new Intl.PluralRules(locale).select(n)] ?? forms.other).replace('#', num(locale, n));
}

export const codeEntry: CodeEntryStrings = {
  intro: 'To continue, we will send a verification code to your phone.',
  sending: 'Sending a code…',
  sentSms: (phone) => `We've sent a text message to your phone at ${phone}.`,
  sentVoice: (phone) => `We're calling your phone at ${phone} to tell you the code.`,
  olderCodes: 'Codes sent earlier no longer work.',
  verified: 'Verified.',
  label: 'Verification code',
  hint: (n) => `Enter the ${num('en', n)}-digit code.`,
  incomplete: (n) => `Enter all ${num('en', n)} digits of the code.`,
  send: 'Send code',
  verify: 'Verify',
  resend: 'Resend code',
  voice: 'Call me instead',
  textInstead: 'Text me instead',
  remember: "Don't ask again on this device",
  wait: (time) => `You can ask for a new code in ${time}.`,
  waitStart: (s) => `You can ask for a new code in ${count('en', s, { one: '# second', other: '# seconds' })}.`,
  waitEnd: 'You can now ask for a new code.',
  verifyAgain: 'You can enter a code again.',
  sendsUsed: 'No more codes can be sent for this sign-in. Send a new code to start again.',
  sendsUsedEnrollment: 'No more codes can be sent for this number now. Go back and enter your number again.',
  challengeGone: 'This sign-in request is no longer valid. Send a new code to start again.',
  phoneChanged: (phone) => `Your sign-in phone is now ${phone}. Send a code to it to continue.`,
  helpSms: (call) => `No text yet? It can take a minute to arrive. You can ask for a new code${call ? ', or for a call' : ''}.`,
  helpVoice: (text) => `No call yet? You can ask for a new code${text ? ', or for a text message' : ''}.`,
};

export const phoneInput: PhoneInputStrings = {
  countryLabel: 'Country or region',
  showCountries: 'Show countries and regions',
  noMatches: 'No country or region matches your search.',
  countryOption: (name, callingCode) => (callingCode ? `${name} (+${callingCode})` : name),
  numberLabel: 'Phone number',
  numberHint: 'A mobile number that can receive text messages or calls. You can type it with or without the leading 0.',
  checking: 'Checking the number…',
  rulesFailed: 'Could not load what is needed to check the number. Check your connection, then try again or reload the page.',
};

export const phoneEnroll: PhoneEnrollStrings = {
  contactHeading: 'Step 1: How should we contact you?',
  methodLegend: 'How should we send your code?',
  sms: 'Send me a code by text message',
  voice: 'Call me',
  notice: 'Your phone number is used only for account security. Receiving texts and calls is normally free, but charges may apply abroad with data roaming.',
  next: 'Next',
  sending: 'Sending a code…',
  verifyHeading: 'Step 2: Enter the code we sent you',
  changeNumber: 'Change phone number',
  appPasswordHeading: 'Step 3: Keep using your existing applications',
  appPasswordIntro:
    'Some applications, such as mail apps on phones and computers, cannot do this extra verification. Use this app password in them instead of your normal password. It is shown only once: copy it now.',
  finish: 'Finish',
  doneHeading: 'Your phone is set up',
  done: (maskedPhone) => `From now on we will send your verification codes to ${maskedPhone}.`,
};

export const appPasswordPanel: AppPasswordPanelStrings = {
  title: 'App passwords',
  intro: 'Mail apps that cannot ask for a verification code, such as Thunderbird or Apple Mail, sign in with an app password instead of your password.',
  loading: 'Loading app passwords…',
  loadFailed: 'Your app passwords could not be loaded.',
  retry: 'Retry',
  empty: 'You have no app passwords yet. Create one for each app that needs it.',
  createdOn: 'Created',
  lastUsed: 'Last used',
  neverUsed: 'Never used',
  delete: 'Delete',
  deleteNamed: (name) => `Delete "${name}"`,
  confirmDelete: (name) => `Delete "${name}"?`,
  confirmHint: 'Apps that use it will no longer be able to sign in.',
  cancel: 'Cancel',
  deleted: (name) => `"${name}" was deleted.`,
  alreadyDeleted: (name) => `"${name}" had already been deleted.`,
  nameLabel: 'Name of the new app password',
  nameHint: 'For example the app and the device, such as "Thunderbird on my laptop".',
  nameEmpty: 'Enter a name for the app password.',
  nameTooLong: (max, n) => `The name can have at most ${count('en', max, { one: '# character', other: '# characters' })}; it has ${num('en', n)}.`,
  nameHidden: 'The name cannot hold control characters, direction marks or invisible characters. Type it again without them.',
  create: 'Create',
  created: (name) => `App password "${name}" was created.`,
  issuedTitle: (name) => `Your new app password for "${name}"`,
  advice: 'Enter it in your app instead of your password. Copy it now: it will not be shown again. If you lose it, delete it and create a new one.',
  copy: 'Copy',
  copied: 'Copied',
  copyManual: 'Copying did not work. The password is selected below: press Ctrl+C (⌘C on a Mac) to copy it.',
  manualLabel: 'App password, without spaces',
  done: 'Done',
};

export const securityInfo: SecurityInfoStrings = {
  title: 'Security info',
  intro: 'How we make sure it is you when you sign in.',
  loading: 'Loading your security info…',
  loadFailed: 'Your security info could not be loaded.',
  retry: 'Retry',
  phoneLabel: 'Sign-in phone',
  noPhone: 'No phone is registered yet.',
  registeredOn: 'Registered',
  methodLegend: 'How should we send your codes?',
  sms: 'Text message',
  voice: 'Phone call',
  methodSaved: (method) => (method === 'voice' ? 'From now on we will call you with your codes.' : 'From now on we will text you your codes.'),
  change: 'Change',
  changeLabel: 'Change sign-in phone',
  stepUpHeading: 'First, confirm it is you',
  stepUpIntro: 'To change your sign-in phone, enter a code sent to the phone you use now.',
  newPhoneHeading: 'Your new phone',
  cancel: 'Cancel',
  changedHeading: 'Your sign-in phone was changed',
  changed: (phone) => `From now on we will send your codes to ${phone}. Your old number got a text about the change.`,
  done: 'Done',
};

export const errors: GeneralErrors = {
  invalid_phone_number: 'This phone number was not accepted. Check it and try again.',
  unsupported_region: 'We cannot send codes to this country or region. Use a number from another country.',
  invalid_code: (e) =>
    e.attemptsLeft === undefined ? 'That code is not correct. Try again.' : `That code is not correct. ${count('en', e.attemptsLeft, { one: '# attempt', other: '# attempts' })} left.`,
  expired: 'This code has expired. Send a new code.',
  too_many_attempts: 'Too many wrong codes. For your security, start again later.',
  rate_limited: (e) => (e.retryAfter ? `Too many requests. Try again in ${count('en', e.retryAfter, { one: '# second', other: '# seconds' })}.` : 'Too many requests. Try again later.'),
  not_found: 'This request is no longer valid. Start again.',
  unauthorized: 'Your session has ended. Sign in again.',
  phone_required: 'Your account needs a phone for signing in. You can change it, but not remove it.',
  step_up_required: 'For your security, confirm it is you first: verify a code sent to your phone, then try again.',
  server_error: 'Something went wrong on our side. Try again.',
  network_error: 'Could not connect. Check your connection and try again.',
  timeout: 'The server took too long to answer. Try again.',
  aborted: 'The request was cancelled.',
  bad_response: 'The server sent an unexpected answer. Try again.',
  invalid_input: 'Check what you entered.',
  invalid_code_input: 'Enter the code you received.',
  invalid_name: 'Enter a name of 1 to 64 characters.',
  invalid_id: 'Something is missing. Start again.',
};

export const phoneErrors: PhoneErrors = {
  empty: 'Enter your mobile phone number.',
  not_a_number: 'Enter a phone number using digits only.',
  invalid_country: 'This country calling code does not exist.',
  too_short: 'This number is too short. Check the number of digits.',
  too_long: 'This number is too long. Check the number of digits.',
  landline: 'This is a landline number. Enter a mobile number: codes go to mobile phones only.',
  toll_free: 'This is a toll-free number. Enter a mobile number: codes go to mobile phones only.',
  ip_phone: 'This is an IP phone number (050). Enter a mobile number: codes go to mobile phones only.',
  not_mobile: 'This is not a mobile number. Enter a mobile number: codes go to mobile phones only.',
};

/** English as one {@link Translation}, like every other language file. */
const en: Translation = { codeEntry, phoneInput, phoneEnroll, appPasswordPanel, securityInfo, errors, phoneErrors };
export default en;
