/** Texts of `<mfa-phone-enroll>`, in English and Japanese. */

/** Every text of the element; override any of them with the `strings` property. */
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

export const en: PhoneEnrollStrings = {
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

export const ja: PhoneEnrollStrings = {
  contactHeading: 'ステップ 1: ご連絡方法を指定してください',
  methodLegend: 'コードの受け取り方法',
  sms: 'テキストメッセージでコードを送信する',
  voice: '電話で連絡する',
  notice: '電話番号はアカウントのセキュリティのためにのみ使用されます。テキストメッセージや電話の受信は通常無料ですが、海外でのデータローミング中は料金がかかる場合があります。',
  next: '次へ',
  sending: 'コードを送信しています…',
  verifyHeading: 'ステップ 2: 送信されたコードを入力してください',
  changeNumber: '電話番号を変更する',
  appPasswordHeading: 'ステップ 3: 既存のアプリを引き続き使用する',
  appPasswordIntro:
    'スマートフォンやパソコンのメール アプリなど、この追加の確認に対応していないアプリがあります。それらのアプリでは、通常のパスワードの代わりにこのアプリ パスワードを使用してください。表示されるのは一度だけです。今すぐコピーしてください。',
  finish: '完了',
  doneHeading: '電話番号の登録が完了しました',
  done: (maskedPhone) => `今後、確認コードは ${maskedPhone} に送信されます。`,
};
