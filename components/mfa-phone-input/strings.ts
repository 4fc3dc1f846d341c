/** Texts of `<mfa-phone-input>`, in English and Japanese. */

/** Every text of the element; override any of them with the `strings` property. */
export type PhoneInputStrings = {
  /** Label of the country picker. */
  countryLabel: string;
  /** Accessible name of the button that opens the country list. */
  showCountries: string;
  /** Shown in the list when a search finds nothing. */
  noMatches: string;
  /** A country as the picker shows it: name and calling code. */
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

export const en: PhoneInputStrings = {
  countryLabel: 'Country or region',
  showCountries: 'Show countries and regions',
  noMatches: 'No country or region matches your search.',
  countryOption: (name, callingCode) => (callingCode ? `${name} (+${callingCode})` : name),
  numberLabel: 'Phone number',
  numberHint: 'A mobile number that can receive text messages or calls. You can type it with or without the leading 0.',
  checking: 'Checking the number…',
  rulesFailed: 'Could not load what is needed to check the number. Check your connection, then try again or reload the page.',
};

export const ja: PhoneInputStrings = {
  countryLabel: '国または地域',
  showCountries: '国と地域の一覧を表示',
  noMatches: '該当する国または地域はありません。',
  countryOption: (name, callingCode) => (callingCode ? `${name} (+${callingCode})` : name),
  numberLabel: '電話番号',
  numberHint: 'テキストメッセージまたは電話を受けられる携帯電話の番号です。先頭の 0 はあってもなくてもかまいません。',
  checking: '番号を確認しています…',
  rulesFailed: '番号の確認に必要なデータを読み込めませんでした。通信環境を確認して、もう一度お試しいただくか、ページを再読み込みしてください。',
};
