/**
 * What every element says when an operation fails, by error code (and by reason for input the
 * client refused), in English and Japanese.
 */
import type { MfaError, MfaErrorCode, MfaInputReason } from '../../src/errors.js';
import type { Locale } from './localize.js';

/** Messages by error code, or by input reason (`invalid_code_input` for a code the client refused). */
export type ErrorMessages = Record<MfaErrorCode | Exclude<MfaInputReason, 'invalid_code'> | 'invalid_code_input', string | ((error: MfaError) => string)>;
type Messages = ErrorMessages;

const seconds = (error: MfaError) => error.retryAfter ?? 0;

const en: Messages = {
  invalid_phone_number: 'This phone number was not accepted. Check it and try again.',
  unsupported_region: 'We cannot send codes to this country or region. Use a number from another country.',
  invalid_code: (e) =>
    e.attemptsLeft === undefined ? 'That code is not correct. Try again.' : `That code is not correct. ${e.attemptsLeft} ${e.attemptsLeft === 1 ? 'attempt' : 'attempts'} left.`,
  expired: 'This code has expired. Send a new code.',
  too_many_attempts: 'Too many wrong codes. For your security, start again later.',
  rate_limited: (e) => (e.retryAfter ? `Too many requests. Try again in ${seconds(e)} seconds.` : 'Too many requests. Try again later.'),
  not_found: 'This request is no longer valid. Start again.',
  unauthorized: 'Your session has ended. Sign in again.',
  server_error: 'Something went wrong on our side. Try again.',
  network_error: 'Could not connect. Check your connection and try again.',
  timeout: 'The server took too long to answer. Try again.',
  aborted: 'The request was cancelled.',
  bad_response: 'The server sent an unexpected answer. Try again.',
  invalid_input: 'Check what you entered.',
  empty: 'Enter your mobile phone number.',
  not_a_number: 'Enter a phone number using digits only.',
  invalid_country: 'This country calling code does not exist.',
  too_short: 'This number is too short. Check the number of digits.',
  too_long: 'This number is too long. Check the number of digits.',
  landline: 'This is a landline number. Enter a mobile number that can receive text messages.',
  toll_free: 'This is a toll-free number. Enter a mobile number that can receive text messages.',
  ip_phone: 'This is an IP phone number (050). Enter a mobile number that can receive text messages.',
  not_mobile: 'This is not a mobile number. Enter a mobile number that can receive text messages.',
  invalid_code_input: 'Enter the code you received.',
  invalid_name: 'Enter a name of 1 to 64 characters.',
  invalid_id: 'Something is missing. Start again.',
};

const ja: Messages = {
  invalid_phone_number: 'この電話番号は受け付けられませんでした。番号を確認して、もう一度お試しください。',
  unsupported_region: 'この国または地域にはコードを送信できません。別の国の番号をお使いください。',
  invalid_code: (e) => (e.attemptsLeft === undefined ? 'コードが正しくありません。もう一度お試しください。' : `コードが正しくありません。あと ${e.attemptsLeft} 回入力できます。`),
  expired: 'このコードは有効期限が切れています。新しいコードを送信してください。',
  too_many_attempts: '間違ったコードが多すぎます。安全のため、しばらくしてから最初からやり直してください。',
  rate_limited: (e) => (e.retryAfter ? `リクエストが多すぎます。${seconds(e)} 秒後にもう一度お試しください。` : 'リクエストが多すぎます。しばらくしてからお試しください。'),
  not_found: 'この手続きは無効になりました。最初からやり直してください。',
  unauthorized: 'セッションが終了しました。もう一度サインインしてください。',
  server_error: 'サーバーで問題が発生しました。もう一度お試しください。',
  network_error: '接続できませんでした。通信環境を確認して、もう一度お試しください。',
  timeout: 'サーバーの応答に時間がかかりすぎました。もう一度お試しください。',
  aborted: 'リクエストは取り消されました。',
  bad_response: 'サーバーから予期しない応答がありました。もう一度お試しください。',
  invalid_input: '入力内容を確認してください。',
  empty: '携帯電話番号を入力してください。',
  not_a_number: '電話番号は数字で入力してください。',
  invalid_country: 'この国番号は存在しません。',
  too_short: '番号が短すぎます。桁数を確認してください。',
  too_long: '番号が長すぎます。桁数を確認してください。',
  landline: 'これは固定電話の番号です。SMS を受信できる携帯電話番号を入力してください。',
  toll_free: 'これはフリーダイヤルの番号です。SMS を受信できる携帯電話番号を入力してください。',
  ip_phone: 'これは IP 電話 (050) の番号です。SMS を受信できる携帯電話番号を入力してください。',
  not_mobile: 'これは携帯電話の番号ではありません。SMS を受信できる携帯電話番号を入力してください。',
  invalid_code_input: '受け取ったコードを入力してください。',
  invalid_name: '名前を 1〜64 文字で入力してください。',
  invalid_id: '情報が不足しています。最初からやり直してください。',
};

/**
 * The message for an error in a locale: by `reason` for `invalid_input`, else by `code`.
 * `overrides` (an element's `strings.errors`) win over the built-in text.
 */
export function errorMessage(error: MfaError, locale: Locale, overrides: Partial<ErrorMessages> = {}): string {
  const table = { ...(locale === 'ja' ? ja : en), ...overrides } as Record<string, Messages[keyof Messages] | undefined>;
  const key = error.code === 'invalid_input' && error.reason ? (error.reason === 'invalid_code' ? 'invalid_code_input' : error.reason) : error.code;
  const value = table[key] ?? table[error.code] ?? error.message;
  return typeof value === 'function' ? value(error) : value;
}
