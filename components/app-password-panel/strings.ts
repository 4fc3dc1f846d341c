/** The words of `<app-password-panel>`, in English and Japanese. Override any of them with `strings`. */

/** Every string of the panel. Functions take the values shown in them; names are shown as text. */
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

export const en: AppPasswordPanelStrings = {
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
  nameTooLong: (max, count) => `The name can have at most ${max} characters; it has ${count}.`,
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

export const ja: AppPasswordPanelStrings = {
  title: 'アプリ パスワード',
  intro: 'Thunderbird や Apple Mail など、確認コードを入力できないメール アプリでは、パスワードの代わりにアプリ パスワードでサインインします。',
  loading: 'アプリ パスワードを読み込んでいます…',
  loadFailed: 'アプリ パスワードを読み込めませんでした。',
  retry: '再試行',
  empty: 'アプリ パスワードはまだありません。必要なアプリごとに作成してください。',
  createdOn: '作成日',
  lastUsed: '最終使用日',
  neverUsed: '未使用',
  delete: '削除',
  deleteNamed: (name) => `「${name}」を削除`,
  confirmDelete: (name) => `「${name}」を削除しますか？`,
  confirmHint: 'このパスワードを使っているアプリはサインインできなくなります。',
  cancel: 'キャンセル',
  deleted: (name) => `「${name}」を削除しました。`,
  alreadyDeleted: (name) => `「${name}」はすでに削除されていました。`,
  nameLabel: '新しいアプリ パスワードの名前',
  nameHint: 'アプリとデバイスがわかる名前にしてください (例: 「ノート PC の Thunderbird」)。',
  nameEmpty: 'アプリ パスワードの名前を入力してください。',
  nameTooLong: (max, count) => `名前は ${max} 文字以内で入力してください (現在 ${count} 文字)。`,
  nameHidden: '名前に制御文字、文字の向きを変える記号、または見えない文字は使えません。それらを除いて入力し直してください。',
  create: '作成',
  created: (name) => `アプリ パスワード「${name}」を作成しました。`,
  issuedTitle: (name) => `「${name}」の新しいアプリ パスワード`,
  advice: 'アプリのパスワード欄に入力してください。今すぐコピーしてください。このパスワードは二度と表示されません。なくした場合は削除して新しく作成してください。',
  copy: 'コピー',
  copied: 'コピーしました',
  copyManual: 'コピーできませんでした。下のパスワードが選択されています。Ctrl+C (Mac では ⌘C) を押してコピーしてください。',
  manualLabel: 'アプリ パスワード (スペースなし)',
  done: '完了',
};
