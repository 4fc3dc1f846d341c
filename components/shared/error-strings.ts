/**
 * What every element says when an operation fails, by error code (and by reason for input the
 * client refused), in English and Japanese. Texts about phone numbers live in
 * phone-error-strings.ts, so that elements without a phone field do not carry them.
 */
import type { MfaError, MfaErrorCode, MfaInputReason } from '../../src/errors.js';
import type { Locale } from './localize.js';

/** Messages by error code, or by input reason (`invalid_code_input` for a code the client refused). */
export type ErrorMessages = Record<MfaErrorCode | Exclude<MfaInputReason, 'invalid_code'> | 'invalid_code_input', string | ((error: MfaError) => string)>;
type Messages = ErrorMessages;

const seconds = (error: MfaError) => error.retryAfter ?? 0;

const en: Partial<Messages> = {
  invalid_code: (e) =>
    e.attemptsLeft === undefined ? 'That code is not correct. Try again.' : `That code is not correct. ${e.attemptsLeft} ${e.attemptsLeft === 1 ? 'attempt' : 'attempts'} left.`,
  expired: 'This code has expired. Send a new code.',
  too_many_attempts: 'Too many wrong codes. For your security, start again later.',
  rate_limited: (e) => (e.retryAfter ? `Too many requests. Try again in ${seconds(e)} ${seconds(e) === 1 ? 'second' : 'seconds'}.` : 'Too many requests. Try again later.'),
  not_found: 'This request is no longer valid. Start again.',
  unauthorized: 'Your session has ended. Sign in again.',
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

const ja: Partial<Messages> = {
  invalid_code: (e) => (e.attemptsLeft === undefined ? 'コードが正しくありません。もう一度お試しください。' : `コードが正しくありません。あと ${e.attemptsLeft} 回入力できます。`),
  expired: 'このコードは有効期限が切れています。新しいコードを送信してください。',
  too_many_attempts: 'コードの入力に失敗した回数が上限に達しました。安全のため、しばらくしてから最初からやり直してください。',
  rate_limited: (e) => (e.retryAfter ? `リクエストが多すぎます。${seconds(e)} 秒後にもう一度お試しください。` : 'リクエストが多すぎます。しばらくしてからお試しください。'),
  not_found: 'この手続きは無効になりました。最初からやり直してください。',
  unauthorized: 'セッションが終了しました。もう一度サインインしてください。',
  step_up_required: '安全のため、先に本人確認が必要です。電話に送られたコードで確認してから、もう一度お試しください。',
  server_error: 'サーバーで問題が発生しました。もう一度お試しください。',
  network_error: '接続できませんでした。通信環境を確認して、もう一度お試しください。',
  timeout: 'サーバーの応答に時間がかかりすぎました。もう一度お試しください。',
  aborted: 'リクエストは取り消されました。',
  bad_response: 'サーバーから予期しない応答がありました。もう一度お試しください。',
  invalid_input: '入力内容を確認してください。',
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
