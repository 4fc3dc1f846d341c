/**
 * Every shipped language in every element: the files match English key for key and leave nothing in
 * English, the terms stay the same across elements, each element renders in each language at 320 px
 * wide with nothing clipped and axe clean, the country search finds names as each language types
 * them, and a right-to-left language mirrors the layout while numbers and codes stay left to right.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { MfaError } from '../../src/errors.js';
import { ENDPOINT, newSession, until } from '../support/api.js';
import { clipped, readable } from '../support/layout.js';
import { SAME_EVERYWHERE, telltales, texts } from '../support/texts.js';
import { localeOf, registerLocale, type Translation } from '../../components/shared/localize.js';
import en from '../../locales/en.js';
import { LOCALES } from '../../locales/index.js';
import '../../components/index.js';
import type { MfaCodeEntry, MfaPhoneInput } from '../../components/index.js';

/** Every shipped language but English, from the one list of them: a new file of locales/ is tested here too. */
const SHIPPED: Record<string, Translation> = Object.fromEntries(await Promise.all(Object.entries(LOCALES).map(async ([tag, load]) => [tag, (await load()).default])));
const english = texts(en);

describe('language files', () => {
  for (const [tag, translation] of Object.entries(SHIPPED)) {
    it(`${tag}: every English key, no other, and nothing left in English`, () => {
      const own = texts(translation);
      expect([...own.keys()]).to.have.members([...english.keys()]);
      for (const [key, text] of own) {
        expect(text.trim(), key).not.to.equal('');
        if (!SAME_EVERYWHERE.has(key)) expect(text, key).not.to.equal(english.get(key));
      }
    });
  }

  // One word for each thing in every element: the term, and variants that must not appear.
  const TERMS: Record<string, { code: string; appPassword: string; text: string; not: string[] }> = {
    ja: { code: '確認コード', appPassword: 'アプリ パスワード', text: 'テキストメッセージ', not: ['アプリパスワード', '認証コード', 'SMS'] },
    'zh-Hans': { code: '验证码', appPassword: '应用专用密码', text: '短信', not: ['应用密码', '簡訊', '验证代码'] },
    'zh-Hant': { code: '驗證碼', appPassword: '應用程式密碼', text: '簡訊', not: ['短信', '應用密碼', '应用'] },
    ko: { code: '인증번호', appPassword: '앱 비밀번호', text: '문자 메시지', not: ['인증 코드', '앱 암호', '확인 코드'] },
    vi: { code: 'mã xác minh', appPassword: 'mật khẩu ứng dụng', text: 'tin nhắn', not: ['mã xác thực', 'mật khẩu ứng dụng riêng'] },
    ne: { code: 'प्रमाणीकरण कोड', appPassword: 'एप पासवर्ड', text: 'SMS', not: ['एप्प', 'पुष्टि कोड', 'सन्देश'] },
    id: { code: 'kode verifikasi', appPassword: 'sandi aplikasi', text: 'SMS', not: ['kata sandi aplikasi', 'password aplikasi', 'kode OTP'] },
  };
  for (const [tag, terms] of Object.entries(TERMS)) {
    it(`${tag}: the same words for verification code, app password and text message everywhere`, () => {
      const own = texts(SHIPPED[tag]!);
      const all = [...own.values()].join('\n').toLowerCase();
      expect(own.get('codeEntry.label')!.toLowerCase()).to.contain(terms.code.toLowerCase());
      expect(own.get('appPasswordPanel.title')!.toLowerCase()).to.contain(terms.appPassword.toLowerCase());
      expect(own.get('phoneEnroll.sms')!.toLowerCase()).to.contain(terms.text.toLowerCase());
      expect(own.get('phoneEnroll.appPasswordIntro')!.toLowerCase()).to.contain(terms.appPassword.toLowerCase());
      for (const variant of terms.not) expect(all, variant).not.to.contain(variant.toLowerCase());
    });
  }

  it('write numbers and plurals by the rules of each language', () => {
    expect(en.errors.invalid_code).to.be.a('function');
    const attempts = (t: Translation, n: number) => (t.errors.invalid_code as (e: MfaError) => string)(new MfaError('invalid_code', undefined, { attemptsLeft: n }));
    expect(attempts(en, 1)).to.contain('1 attempt left');
    expect(attempts(en, 2)).to.contain('2 attempts left');
    expect(attempts(SHIPPED.ja!, 2)).to.contain('あと 2 回');
    expect(en.appPasswordPanel.nameTooLong(1000, 1200)).to.equal('The name can have at most 1,000 characters; it has 1,200.');
  });
});

describe('choosing a language', () => {
  it('maps Chinese by script, regional tags to their language, and anything else to English', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-SG', 'zh-Hans', 'zh-hans-cn']) expect(localeOf(tag), tag).to.equal('zh-Hans');
    for (const tag of ['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant']) expect(localeOf(tag), tag).to.equal('zh-Hant');
    expect(localeOf('ja-JP')).to.equal('ja');
    expect(localeOf('ko-KR')).to.equal('ko');
    expect(localeOf('vi-VN')).to.equal('vi');
    expect(localeOf('ne-NP')).to.equal('ne');
    expect(localeOf('id-ID')).to.equal('id');
    expect(localeOf('fr')).to.equal('en');
    expect(localeOf('C')).to.equal('en');
  });

  it('registerLocale adds a language from the page, given as a loader, and `strings` still win', async () => {
    let loads = 0;
    registerLocale('eo', async () => {
      loads++;
      return { default: { ...en, codeEntry: { ...en.codeEntry, send: 'Sendi kodon' } } };
    });
    const el = await fixture<MfaCodeEntry>(html`<mfa-code-entry lang="eo"></mfa-code-entry>`);
    const send = () => el.shadowRoot!.querySelector('[part~="send-button"]')!.textContent!.trim();
    expect(send()).to.equal('Sendi kodon');
    el.strings = { send: 'Sendu' };
    await el.updateComplete;
    expect(send()).to.equal('Sendu');
    await fixture(html`<mfa-code-entry lang="eo-US"></mfa-code-entry>`);
    expect(loads, 'loaded once').to.equal(1);
  });

  it('shows English when a language cannot be loaded, and tries again at a later render', async () => {
    let offline = true;
    registerLocale('tlh', async () => {
      if (offline) throw new TypeError('Failed to fetch dynamically imported module');
      return { ...en, codeEntry: { ...en.codeEntry, send: 'ngeH' } };
    });
    const el = await fixture<MfaCodeEntry>(html`<mfa-code-entry lang="tlh"></mfa-code-entry>`);
    const send = () => el.shadowRoot!.querySelector('[part~="send-button"]')!.textContent!.trim();
    expect(send()).to.equal('Send code');
    offline = false;
    el.requestUpdate();
    await until(() => send() === 'ngeH', 3000, 'the language, loaded on the second try');
  });
});

/** Every element on one 320 px page: enrollment at step 2, the phone field, code entry, and the panel with an error. */
async function page(lang: string, dir = 'ltr') {
  await newSession();
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang} dir=${dir} style="width: 320px">
    <mfa-phone-enroll endpoint=${ENDPOINT} default-country="JP"></mfa-phone-enroll>
    <mfa-phone-input default-country="JP"></mfa-phone-input>
    <mfa-code-entry endpoint=${ENDPOINT}></mfa-code-entry>
    <app-password-panel endpoint=${ENDPOINT}></app-password-panel>
  </div>`);
  // Each waits for its language before its first render.
  await Promise.all([...wrapper.children].map((child) => (child as MfaCodeEntry).updateComplete));
  const enroll = wrapper.querySelector('mfa-phone-enroll')!;
  const panel = wrapper.querySelector('app-password-panel')!;
  const code = wrapper.querySelector('mfa-code-entry')!;
  const phone = wrapper.querySelector('mfa-phone-input')!;
  const input = enroll.shadowRoot!.querySelector('mfa-phone-input')!;
  await input.updateComplete;
  const number = input.shadowRoot!.querySelector<HTMLInputElement>('#number')!;
  number.value = '090-1234-5678';
  number.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await until(() => input.value === '+819012345678', 5000, 'the number');
  enroll.shadowRoot!.querySelector<HTMLButtonElement>('[part~="next-button"]')!.click();
  await until(() => enroll.step === 'verify', 5000, 'step 2');
  const entry = enroll.shadowRoot!.querySelector('mfa-code-entry')!;
  await until(() => entry.shadowRoot!.querySelector('[part~="status"]')?.textContent?.includes('\u2066'), 5000, 'the status');
  await until(() => panel.shadowRoot!.querySelector('[part~="create-button"]'), 5000, 'the panel');
  panel.shadowRoot!.querySelector<HTMLButtonElement>('[part~="create-button"]')!.click();
  await panel.updateComplete;
  await Promise.all([enroll.updateComplete, entry.updateComplete, code.updateComplete]);
  return { wrapper, enroll, panel, code, phone, entry };
}

describe('every element in every language', () => {
  const englishTexts = telltales(en);

  for (const lang of ['en', ...Object.keys(SHIPPED)]) {
    it(`${lang}: renders every text, none in English, nothing clipped at 320 px, axe clean`, async function () {
      // Four elements through a request each and four axe runs: slow engines on a busy machine need time.
      this.timeout(60_000);
      const { wrapper, enroll, panel, code, phone } = await page(lang);
      const shownText = readable(wrapper);
      expect(shownText).not.to.match(/undefined|NaN|\[object/);
      const translation = SHIPPED[lang] ?? en;
      for (const key of ['phoneEnroll.verifyHeading', 'codeEntry.label', 'codeEntry.verify', 'codeEntry.send', 'appPasswordPanel.title', 'appPasswordPanel.nameEmpty', 'phoneInput.countryLabel', 'phoneInput.numberHint']) {
        expect(shownText, key).to.contain(texts(translation).get(key)!.replace(/\s+/g, ' '));
      }
      if (lang !== 'en') for (const text of englishTexts) expect(shownText, `English left over: ${text}`).not.to.contain(text);
      expect(clipped(wrapper)).to.deep.equal([]);
      for (const el of [enroll, phone, code, panel]) await expect(el).to.be.accessible();
    });
  }
});

describe('country search in each language', () => {
  const CASES: [lang: string, typed: string, region: string][] = [
    ['zh-Hans', '日本', 'JP'],
    ['zh-Hans', '德', 'DE'],
    ['zh-Hant', '台灣', 'TW'],
    ['zh-Hant', '南韓', 'KR'],
    ['ko', '대한민국', 'KR'],
    ['ko', '일본', 'JP'],
    ['vi', 'Nhật Bản', 'JP'],
    ['vi', 'nhat ban', 'JP'],
    ['vi', 'Đức', 'DE'],
    ['vi', 'duc', 'DE'],
    ['vi', 'viet', 'VN'],
    // Chromium has no Nepali country names (its ICU data leaves them out) and shows English ones.
    ['ne', new Intl.DisplayNames(['ne'], { type: 'region' }).of('NP')!, 'NP'],
    ['ne', 'nepal', 'NP'],
    ['id', 'Jerman', 'DE'],
    ['ja', 'ネパール', 'NP'],
  ];
  for (const [lang, typed, region] of CASES) {
    it(`${lang}: "${typed}" finds ${region}`, async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input lang=${lang} default-country="JP"></mfa-phone-input>`);
      const combo = el.shadowRoot!.querySelector<HTMLInputElement>('#country')!;
      combo.focus();
      combo.value = typed;
      combo.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertCompositionText' }));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[role="option"]')?.id).to.equal(`option-${region}`);
    });
  }

  it('ko: a syllable still being composed finds the names it begins', async () => {
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input lang="ko" default-country="JP"></mfa-phone-input>`);
    const combo = el.shadowRoot!.querySelector<HTMLInputElement>('#country')!;
    combo.focus();
    combo.value = '대하';
    combo.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertCompositionText' }));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="option"]')?.id).to.equal('option-KR');
  });
});

describe('right to left', () => {
  // Arabic is not shipped: a page would register it; these texts stand in for it.
  before(() => {
    registerLocale('ar', {
      ...en,
      codeEntry: { ...en.codeEntry, label: 'رمز التحقق', verify: 'تحقق', resend: 'إعادة إرسال الرمز', sentSms: (phone) => `أرسلنا رسالة نصية إلى هاتفك ${phone}.`, hint: (n) => `أدخل الرمز المكوّن من ${n} أرقام.` },
      phoneInput: { ...en.phoneInput, countryLabel: 'البلد أو المنطقة', numberLabel: 'رقم الهاتف', countryOption: (name, code) => (code ? `${name} (\u2066+${code}\u2069)` : name) },
      phoneEnroll: { ...en.phoneEnroll, verifyHeading: 'الخطوة 2: أدخل الرمز الذي أرسلناه إليك', changeNumber: 'تغيير رقم الهاتف' },
      appPasswordPanel: { ...en.appPasswordPanel, title: 'كلمات مرور التطبيقات', create: 'إنشاء', nameLabel: 'اسم كلمة مرور التطبيق الجديدة' },
    });
  });

  /** Where a text's glyphs are, not its block's. */
  const ink = (el: Element) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return range.getBoundingClientRect();
  };

  it('mirrors every element with logical properties, while the number and the code stay left to right', async function () {
    this.timeout(60_000);
    const { wrapper, enroll, panel, phone: input, entry } = await page('ar', 'rtl');
    const page_ = wrapper.getBoundingClientRect();
    const $ = (root: Element, selector: string) => root.shadowRoot!.querySelector(selector)!;

    // Headings and labels start at the right.
    for (const text of [$(enroll, 'h2:not([hidden] *)'), $(panel, '[part~="title"]'), $(input, '#country-label'), $(entry, 'label')]) {
      const box = ink(text);
      expect(page_.right - box.right, text.textContent!).to.be.below(24);
      expect(box.left - page_.left, text.textContent!).to.be.above(16);
    }
    // The country picker: flag at the start (right), the toggle at the end (left), corners rounded by side.
    const combo = $(input, '.control.combo').getBoundingClientRect();
    const flag = $(input, '.flag');
    if (flag) {
      expect(flag.getBoundingClientRect().right).to.be.closeTo(combo.right, 1);
      expect(getComputedStyle(flag).borderTopRightRadius).not.to.equal('0px');
      expect(getComputedStyle(flag).borderTopLeftRadius).to.equal('0px');
    }
    expect($(input, '.toggle').getBoundingClientRect().left).to.be.closeTo(combo.left, 2);
    // The number reads left to right: calling code on the left of the digits.
    const number = $(input, '#number') as HTMLInputElement;
    expect(getComputedStyle(number).direction).to.equal('ltr');
    const prefix = $(input, '[part~="prefix"]');
    if (prefix) expect(prefix.getBoundingClientRect().right).to.be.at.most(number.getBoundingClientRect().left + 1);
    // The code field is left to right; the buttons run from the right: Verify first, then Resend.
    expect(getComputedStyle($(entry, '[part~="input"]')).direction).to.equal('ltr');
    expect($(entry, '[part~="verify-button"]').getBoundingClientRect().left).to.be.above($(entry, '[part~="resend-button"]').getBoundingClientRect().left);
    // The masked number in the Arabic sentence is an isolate, so "+81" keeps its sign in front.
    expect($(entry, '[part~="status"]').textContent).to.match(/\u2066\+81[^\u2069]*\u2069/);
    // The panel's create button sits at the right, its label too.
    expect(page_.right - $(panel, '[part~="create-button"]').getBoundingClientRect().right).to.be.below(24);
    expect(clipped(wrapper)).to.deep.equal([]);
    await expect(enroll).to.be.accessible();
    await expect(panel).to.be.accessible();
  });
});
