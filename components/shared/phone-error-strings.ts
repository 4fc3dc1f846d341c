/**
 * What the phone elements say about a phone number: the backend's refusals and every reason the
 * client gives for input it refused, in English and Japanese.
 */
import type { MfaError } from '../../src/errors.js';
import { errorMessage, type ErrorMessages } from './error-strings.js';
import type { Locale } from './localize.js';

type Messages = Partial<ErrorMessages>;

const en: Messages = {
  invalid_phone_number: 'This phone number was not accepted. Check it and try again.',
  unsupported_region: 'We cannot send codes to this country or region. Use a number from another country.',
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

const ja: Messages = {
  invalid_phone_number: 'この電話番号は受け付けられませんでした。番号を確認して、もう一度お試しください。',
  unsupported_region: 'この国または地域にはコードを送信できません。別の国の番号をお使いください。',
  empty: '携帯電話番号を入力してください。',
  not_a_number: '電話番号は数字で入力してください。',
  invalid_country: 'この国番号は存在しません。',
  too_short: '番号が短すぎます。桁数を確認してください。',
  too_long: '番号が長すぎます。桁数を確認してください。',
  landline: 'これは固定電話の番号です。コードは携帯電話にのみ届くため、携帯電話の番号を入力してください。',
  toll_free: 'これはフリーダイヤルの番号です。コードは携帯電話にのみ届くため、携帯電話の番号を入力してください。',
  ip_phone: 'これは IP 電話 (050) の番号です。コードは携帯電話にのみ届くため、携帯電話の番号を入力してください。',
  not_mobile: 'これは携帯電話の番号ではありません。コードは携帯電話にのみ届くため、携帯電話の番号を入力してください。',
};

/** {@link errorMessage} with the phone texts; `overrides` still win. */
export function phoneErrorMessage(error: MfaError, locale: Locale, overrides: Messages = {}): string {
  return errorMessage(error, locale, { ...(locale === 'ja' ? ja : en), ...overrides });
}
