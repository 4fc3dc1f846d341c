/** Texts of `<mfa-code-entry>`, in English and Japanese. */

/** Every text of the element; override any of them with the `strings` property. */
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
  /** Visible countdown next to the resend buttons (not announced). */
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
  /** Shown once a new code can be asked for: what to do when the text or call did not come. */
  helpSms: (canCall: boolean) => string;
  helpVoice: (canText: boolean) => string;
};

export const en: CodeEntryStrings = {
  intro: 'To continue, we will send a verification code to your phone.',
  sending: 'Sending a code…',
  sentSms: (phone) => `We've sent a text message to your phone at ${phone}.`,
  sentVoice: (phone) => `We're calling your phone at ${phone} to tell you the code.`,
  olderCodes: 'Codes sent earlier no longer work.',
  verified: 'Verified.',
  label: 'Verification code',
  hint: (n) => `Enter the ${n}-digit code.`,
  incomplete: (n) => `Enter all ${n} digits of the code.`,
  send: 'Send code',
  verify: 'Verify',
  resend: 'Resend code',
  voice: 'Call me instead',
  textInstead: 'Text me instead',
  remember: "Don't ask again on this device",
  wait: (time) => `You can ask for a new code in ${time}.`,
  waitStart: (s) => `You can ask for a new code in ${s} seconds.`,
  waitEnd: 'You can now ask for a new code.',
  verifyAgain: 'You can enter a code again.',
  sendsUsed: 'No more codes can be sent for this sign-in. Send a new code to start again.',
  sendsUsedEnrollment: 'No more codes can be sent for this number now. Go back and enter your number again.',
  challengeGone: 'This sign-in request is no longer valid. Send a new code to start again.',
  helpSms: (call) => `No text yet? It can take a minute to arrive. You can ask for a new code${call ? ', or for a call' : ''}.`,
  helpVoice: (text) => `No call yet? You can ask for a new code${text ? ', or for a text message' : ''}.`,
};

export const ja: CodeEntryStrings = {
  intro: '続行するには、お使いの電話に確認コードを送信します。',
  sending: 'コードを送信しています…',
  sentSms: (phone) => `${phone} にテキストメッセージを送信しました。`,
  sentVoice: (phone) => `${phone} に電話をかけて、コードをお知らせします。`,
  olderCodes: '以前に送信したコードは使用できなくなりました。',
  verified: '確認が完了しました。',
  label: '確認コード',
  hint: (n) => `${n} 桁のコードを入力してください。`,
  incomplete: (n) => `${n} 桁のコードをすべて入力してください。`,
  send: 'コードを送信',
  verify: '確認',
  resend: 'コードを再送信',
  voice: '代わりに電話で受け取る',
  textInstead: '代わりにテキストメッセージで受け取る',
  remember: 'このデバイスでは今後確認しない',
  wait: (time) => `あと ${time} でコードを再送信できます。`,
  waitStart: (s) => `あと ${s} 秒でコードを再送信できます。`,
  waitEnd: 'コードを再送信できるようになりました。',
  verifyAgain: 'もう一度コードを入力できるようになりました。',
  sendsUsed: 'このサインインではこれ以上コードを送信できません。新しいコードを送信して、最初からやり直してください。',
  sendsUsedEnrollment: 'この電話番号には現在これ以上コードを送信できません。前の画面に戻って、電話番号をもう一度入力してください。',
  challengeGone: 'このサインインの手続きは無効になりました。新しいコードを送信して、最初からやり直してください。',
  helpSms: (call) => `テキストメッセージが届きませんか？届くまで 1 分ほどかかることがあります。コードを再送信${call ? 'するか、電話で受け取ることも' : ''}できます。`,
  helpVoice: (text) => `電話がかかってきませんか？コードを再送信${text ? 'するか、テキストメッセージで受け取ることも' : ''}できます。`,
};
