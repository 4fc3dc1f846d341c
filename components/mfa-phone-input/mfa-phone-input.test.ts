import { aTimeout, expect, fixture, fixtureSync, html } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { renderNow, until } from '../../test/support/api.js';
import type { MfaPhoneInput } from './mfa-phone-input.js';
import './mfa-phone-input.js';

const part = <T extends Element = HTMLElement>(el: MfaPhoneInput, selector: string) => el.shadowRoot!.querySelector(selector) as T;
const numberField = (el: MfaPhoneInput) => part<HTMLInputElement>(el, '#number');
const countryField = (el: MfaPhoneInput) => part<HTMLInputElement>(el, '#country');
const errorText = (el: MfaPhoneInput) => part(el, '#error').textContent!.trim();
const options = (el: MfaPhoneInput) => [...el.shadowRoot!.querySelectorAll('[role="option"]')] as HTMLElement[];

/** Types one key at a time: WebKit's WebDriver drops the second of two identical keys sent together. */
async function type(text: string): Promise<void> {
  for (const key of text) await sendKeys({ type: key });
}

async function typeNumber(el: MfaPhoneInput, text: string): Promise<void> {
  numberField(el).focus();
  await type(text);
  await el.updateComplete;
}

/** What an IME or autofill does: the whole text at once, then one `input` event. */
async function putNumber(el: MfaPhoneInput, text: string, inputType = 'insertReplacementText'): Promise<void> {
  const input = numberField(el);
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType }));
  await el.updateComplete;
}

async function blur(el: MfaPhoneInput): Promise<void> {
  numberField(el).blur();
  await el.updateComplete;
}

/** Asserts focus without handing DOM nodes to the reporter (it hangs serialising them). */
function expectFocus(el: MfaPhoneInput, expected: Element, what: string): void {
  expect(el.shadowRoot!.activeElement === expected, `focus on ${what}`).to.equal(true);
}

async function center(element: Element): Promise<[number, number]> {
  const box = element.getBoundingClientRect();
  return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
}

describe('<mfa-phone-input>', () => {
  // The list's positioning loads lazily on the first open (positioning-offline.test.ts tests that):
  // loaded once here, so that the first test does not pay for fetching it within its own time.
  before(() => import('@floating-ui/dom'));

  it('is accessible, closed and open, in English and Japanese', async () => {
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
    await el.updateComplete;
    await expect(el).to.be.accessible();
    countryField(el).focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(countryField(el).getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();
    const ja = await fixture<MfaPhoneInput>(html`<div lang="ja"><mfa-phone-input default-country="JP" required></mfa-phone-input></div>`);
    const jaInput = ja.querySelector('mfa-phone-input')!;
    await jaInput.updateComplete;
    expect(jaInput.reportValidity()).to.equal(false);
    await jaInput.updateComplete;
    expect(numberField(jaInput).getAttribute('aria-invalid')).to.equal('true');
    await expect(ja).to.be.accessible();
  });

  it('shows a flag where the engine draws flag emoji in colour, and no empty boxes where it cannot', async () => {
    // The oracle: does this engine paint red when it draws Japan's flag?
    const canvas = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
    canvas.font = '40px sans-serif';
    canvas.fillText('🇯🇵', 0, 40);
    const pixels = canvas.getImageData(0, 0, 80, 50).data;
    const red = pixels.some((value, i) => i % 4 === 0 && pixels[i + 3]! > 0 && value > pixels[i + 1]! + 60);
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
    await el.updateComplete;
    // The flag comes a moment after the field works.
    if (red) await until(() => el.shadowRoot!.querySelector('.flag'), 3000, 'the flag');
    const flag = el.shadowRoot!.querySelector('.flag');
    if (red) {
      expect(flag?.textContent).to.equal('🇯🇵');
      // The flag is part of the country box: a click on it opens the list, like one on the field.
      await sendMouse({ type: 'click', position: await center(flag!) });
      await el.updateComplete;
      expect(countryField(el).getAttribute('aria-expanded')).to.equal('true');
      expectFocus(el, countryField(el), 'the country field');
      await sendMouse({ type: 'click', position: await center(flag!) });
      await el.updateComplete;
      expect(countryField(el).getAttribute('aria-expanded')).to.equal('false');
    } else expect(flag, 'no flag box where only letters or boxes could be drawn').to.equal(null);
    countryField(el).focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    const optionFlag = el.shadowRoot!.querySelector('[role=option] span')!.textContent!;
    expect(/^\p{Regional_Indicator}{2}$/u.test(optionFlag), `option flag "${optionFlag}"`).to.equal(red);
  });

  it('labels the fields in English and Japanese, with country names in the UI language', async () => {
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
    await el.updateComplete;
    expect(part(el, 'label[for="country"]').textContent).to.equal('Country or region');
    expect(part(el, 'label[for="number"]').textContent).to.equal('Phone number');
    expect(countryField(el).value).to.equal('Japan (+81)');
    el.setAttribute('lang', 'ja');
    await el.updateComplete;
    expect(part(el, 'label[for="country"]').textContent).to.equal('国または地域');
    expect(part(el, 'label[for="number"]').textContent).to.equal('電話番号');
    expect(countryField(el).value).to.equal('日本 (+81)');
  });

  it('keeps autocomplete="tel" and inputmode="tel" on the number field, and renders before the phone rules load', async () => {
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input></mfa-phone-input>`);
    expect(numberField(el)).to.exist;
    expect(numberField(el).getAttribute('autocomplete')).to.equal('tel');
    expect(numberField(el).getAttribute('inputmode')).to.equal('tel');
    expect(numberField(el).type).to.equal('tel');
  });

  it('before the phone rules arrive: not valid yet and no wrong message, then the real verdict', async () => {
    const el = fixtureSync<MfaPhoneInput>(html`<mfa-phone-input default-country="JP" required></mfa-phone-input>`);
    renderNow(el);
    expect(el.matches(':state(loading)'), ':state(loading)').to.equal(true);
    const input = numberField(el);
    input.value = '090-1234-5678';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' }));
    renderNow(el);
    expect(el.reportValidity()).to.equal(false);
    renderNow(el);
    expect(errorText(el)).to.equal('');
    expect(el.validationMessage).to.equal('Checking the number…');
    expect(numberField(el).getAttribute('aria-invalid')).to.equal('false');
    await el.updateComplete;
    expect(el.matches(':state(loading)'), ':state(loading) once loaded').to.equal(false);
    expect(el.value).to.equal('+819012345678');
    expect(el.validity.valid).to.equal(true);
    expect(errorText(el)).to.equal('');
  });

  describe('every way people type a Japanese mobile number gives +819012345678', () => {
    const typed = ['090-1234-5678', '09012345678', '90-1234-5678', '9012345678', '+81 90 1234 5678', '+81 090 1234 5678', '+81-90-1234-5678', '0081 90 1234 5678', '00819012345678', '(090) 1234-5678', '(+81) 90-1234-5678', '010 81 90 1234 5678'];
    for (const text of typed) {
      it(`typed: ${text}`, async () => {
        const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP" name="phone"></mfa-phone-input>`);
        await el.updateComplete;
        await typeNumber(el, text);
        expect(el.value).to.equal('+819012345678');
        expect(el.country).to.equal('JP');
        expect(el.validity.valid).to.equal(true);
      });
    }
    // A Japanese IME commits full-width text in one go, often with ー or － as the dash.
    const ime = ['０９０－１２３４－５６７８', '０９０ー１２３４ー５６７８', '９０－１２３４－５６７８', '＋８１ ９０ １２３４ ５６７８', '００８１９０１２３４５６７８', '090‐1234‐5678'];
    for (const text of ime) {
      it(`from an IME: ${text}`, async () => {
        const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
        await el.updateComplete;
        await putNumber(el, text, 'insertCompositionText');
        expect(el.value).to.equal('+819012345678');
        expect(numberField(el).value).to.match(/^(\+81 )?0?90.1234.5678$/);
      });
    }
    it('from an IME that ends without compositionend: formatted when the field is left', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
      await el.updateComplete;
      const field = numberField(el);
      field.focus();
      field.value = '０９０１２３４５６７８';
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, isComposing: true, inputType: 'insertCompositionText' }));
      await el.updateComplete;
      expect(field.value, 'untouched while composing').to.equal('０９０１２３４５６７８');
      await blur(el);
      expect(field.value).to.equal('090-1234-5678');
      expect(el.value).to.equal('+819012345678');
    });

    it('from a Japanese country picked in another default country', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="US"></mfa-phone-input>`);
      await el.updateComplete;
      await typeNumber(el, '0081 90 1234 5678');
      expect(el.value).to.equal('+819012345678');
      expect(el.country).to.equal('JP');
    });
  });

  it('formats the number as it is typed', async () => {
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
    await el.updateComplete;
    await typeNumber(el, '0901');
    expect(numberField(el).value).to.equal('090-1');
    await typeNumber(el, '2345678');
    expect(numberField(el).value).to.equal('090-1234-5678');
  });

  it('lays the number out on its own, its row as tall as the field, at any font size and when invalid', async () => {
    // A keystroke changes only the number's text: contained, its row is all the engine lays out again.
    for (const size of ['16px', '22px']) {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP" style="font-size: ${size}"></mfa-phone-input>`);
      await el.updateComplete;
      const row = numberField(el).parentElement!;
      expect(getComputedStyle(row).contain, size).to.equal('size layout');
      const height = () => [row, numberField(el), part(el, '.prefix')].map((e) => e.getBoundingClientRect().height);
      const [rowHeight, inputHeight, prefixHeight] = height();
      // As tall as the country field above it, which is laid out as before, from its content.
      expect(inputHeight, size).to.equal(countryField(el).getBoundingClientRect().height);
      expect([rowHeight, prefixHeight], size).to.deep.equal([inputHeight, inputHeight]);
      const below = part(el, '#error').getBoundingClientRect().top;
      await typeNumber(el, '0901');
      await blur(el);
      expect(numberField(el).getAttribute('aria-invalid'), size).to.equal('true');
      // The wider border of an invalid field moves nothing below it.
      expect(height(), size).to.deep.equal([rowHeight, inputHeight, prefixHeight]);
      expect(part(el, '#error').getBoundingClientRect().top, size).to.equal(below);
    }
  });

  it('names no more regions than it shows, and asks Intl nothing new per keystroke', async () => {
    // Both once cost a keystroke or a first render more than formatting did (see BENCHMARKS.md).
    const { DisplayNames, Locale } = Intl;
    const named: string[] = [];
    let locales = 0;
    const of = DisplayNames.prototype.of;
    DisplayNames.prototype.of = function (this: Intl.DisplayNames, code: string) {
      named.push(code);
      return of.call(this, code);
    };
    const intl = Intl as { Locale: typeof Locale };
    intl.Locale = class extends Locale {
      constructor(...args: ConstructorParameters<typeof Locale>) {
        super(...args);
        locales++;
      }
    };
    try {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="GB" lang="en-GB"></mfa-phone-input>`);
      await el.updateComplete;
      expect(countryField(el).value).to.equal('United Kingdom (+44)');
      // At most GB (names are kept per language, and an earlier test's field may still name its own); once, every region.
      expect(new Set(named).size, 'regions named for a closed field').to.be.below(5);
      locales = 0;
      named.length = 0;
      await typeNumber(el, '07400123456');
      expect(numberField(el).value).to.equal('07400 123456');
      expect(locales, 'Intl.Locale objects made while typing').to.equal(0);
      expect(named, 'regions named while typing').to.deep.equal([]);
    } finally {
      DisplayNames.prototype.of = of;
      intl.Locale = Locale;
    }
  });

  it('keeps the caret after the same digit when editing in the middle, and Backspace over a dash removes a digit', async () => {
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
    await el.updateComplete;
    await typeNumber(el, '090-1234-5678');
    const input = numberField(el);
    input.setSelectionRange(4, 4); // after "090-"
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(input.value.replace(/\D/g, '')).to.equal('0912345678');
    expect(input.value.slice(0, input.selectionStart!).replace(/\D/g, '')).to.equal('09');
    await type('0');
    await el.updateComplete;
    expect(input.value).to.equal('090-1234-5678');
    expect(input.selectionStart).to.equal(3);
  });

  describe('other countries', () => {
    const cases: [string, string, string][] = [
      ['US', '201 555 0123', '+12015550123'],
      ['GB', '07400 123456', '+447400123456'],
      ['DE', '01512 3456789', '+4915123456789'],
      ['FR', '06 12 34 56 78', '+33612345678'],
      ['KR', '010-1234-5678', '+821012345678'],
      ['CN', '138 0013 8000', '+8613800138000'],
      ['IN', '98765 43210', '+919876543210'],
      ['AU', '0412 345 678', '+61412345678'],
      ['BR', '11 91234-5678', '+5511912345678'],
      ['TW', '0912 345 678', '+886912345678'],
      ['SG', '8123 4567', '+6581234567'],
      ['ES', '612 34 56 78', '+34612345678'],
    ];
    for (const [country, text, e164] of cases) {
      it(`${country}: ${text}`, async () => {
        const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country=${country}></mfa-phone-input>`);
        await el.updateComplete;
        await typeNumber(el, text);
        expect(el.value).to.equal(e164);
        expect(el.country).to.equal(country);
      });
    }
    const international: [string, string, string][] = [
      ['+44 7400 123456', 'GB', '44'],
      ['+1 201 555 0123', 'US', '1'],
      ['+82 10 1234 5678', 'KR', '82'],
      ['0049 1512 3456789', 'DE', '49'],
      ['+971 50 123 4567', 'AE', '971'],
    ];
    for (const [text, country, callingCode] of international) {
      it(`a number with its own prefix switches the country: ${text}`, async () => {
        const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
        await el.updateComplete;
        await typeNumber(el, text);
        expect(el.country).to.equal(country);
        expect(countryField(el).value).to.contain(`(+${callingCode})`);
        expect(el.value.startsWith(`+${callingCode}`)).to.equal(true);
        expect(el.validity.valid).to.equal(true);
      });
    }
  });

  it('a country named by a typed + prefix goes when the text names none, back to the picked one', async () => {
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
    await el.updateComplete;
    await typeNumber(el, '+44 7400 123456');
    expect(el.country).to.equal('GB');
    numberField(el).select();
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(el.country, 'after clearing').to.equal('JP');
    await typeNumber(el, '09012345678');
    expect(el.country).to.equal('JP');
    expect(el.value).to.equal('+819012345678');
    countryField(el).focus();
    await type('kr');
    await sendKeys({ press: 'Enter' });
    numberField(el).select();
    await typeNumber(el, '+44 7400 123456');
    expect(el.country).to.equal('GB');
    numberField(el).select();
    await typeNumber(el, '010-1234-5678');
    expect(el.country, 'the picked country, not the default').to.equal('KR');
    expect(el.value).to.equal('+821012345678');
  });

  it('a picked country that shares the calling code stays while the number is typed (Canada, +1)', async () => {
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
    await el.updateComplete;
    countryField(el).focus();
    await type('canada');
    await sendKeys({ press: 'Enter' });
    numberField(el).focus();
    const shown = new Set<string>();
    for (const key of '+1 416 555 0123') {
      await sendKeys({ type: key });
      await el.updateComplete;
      shown.add(`${el.country} ${countryField(el).value}`);
    }
    expect([...shown]).to.deep.equal(['CA Canada (+1)']);
    expect(el.value).to.equal('+14165550123');
  });

  it('a number dialled abroad with the home prefix (010 from Japan) keeps Japan picked and every digit', async () => {
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
    await el.updateComplete;
    await typeNumber(el, '010 1 201 555 0123');
    expect(numberField(el).value).to.equal('010 1 201 555 0123');
    expect(el.country).to.equal('JP');
    expect(el.value).to.equal('+12015550123');
    expect(el.validity.valid).to.equal(true);
  });

  it('accepts browser autofill of a full international number', async () => {
    const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
    await el.updateComplete;
    await putNumber(el, '+44 7400 123456');
    expect(el.country).to.equal('GB');
    expect(el.value).to.equal('+447400123456');
    expect(numberField(el).value).to.equal('+44 7400 123456');
  });

  describe('specific messages, after leaving the field and not while typing', () => {
    const cases: [string, string][] = [
      ['03-1234-5678', 'This is a landline number. Enter a mobile number: codes go to mobile phones only.'],
      ['0120-123-456', 'This is a toll-free number. Enter a mobile number: codes go to mobile phones only.'],
      ['050-1234-5678', 'This is an IP phone number (050). Enter a mobile number: codes go to mobile phones only.'],
      ['090-1234-567', 'This number is too short. Check the number of digits.'],
      ['090-1234-56789', 'This number is too long. Check the number of digits.'],
      ['090-abcd', 'Enter a phone number using digits only.'],
    ];
    for (const [text, message] of cases) {
      it(text, async () => {
        const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
        await el.updateComplete;
        await typeNumber(el, text);
        expect(errorText(el)).to.equal('');
        expect(numberField(el).getAttribute('aria-invalid')).to.equal('false');
        expect(el.matches(':state(user-invalid)'), 'user-invalid while typing').to.equal(false);
        expect(el.validity.valid).to.equal(false);
        await blur(el);
        expect(el.matches(':state(user-invalid)'), 'user-invalid after leaving').to.equal(true);
        expect(errorText(el)).to.equal(message);
        expect(numberField(el).getAttribute('aria-invalid')).to.equal('true');
        expect(el.validationMessage).to.equal(message);
        expect(numberField(el).value.replace(/\D/g, '')).to.equal(text.replace(/\D/g, ''));
      });
    }

    it('in Japanese, and hides the message again while the user corrects the number', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input lang="ja" default-country="JP"></mfa-phone-input>`);
      await el.updateComplete;
      await typeNumber(el, '050-1234-5678');
      await blur(el);
      expect(errorText(el)).to.equal('これは IP 電話 (050) の番号です。コードは携帯電話にのみ届くため、携帯電話の番号を入力してください。');
      await typeNumber(el, '9');
      expect(errorText(el)).to.equal('');
    });

    it('uses the error overrides in strings.errors', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP" .strings=${{ errors: { landline: 'No landlines, please.' }, numberLabel: 'Mobile' }}></mfa-phone-input>`);
      await el.updateComplete;
      await typeNumber(el, '03-1234-5678');
      await blur(el);
      expect(errorText(el)).to.equal('No landlines, please.');
      expect(part(el, 'label[for="number"]').textContent).to.equal('Mobile');
    });

    it('refuses a country outside the countries list', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP" countries="JP US"></mfa-phone-input>`);
      await el.updateComplete;
      await typeNumber(el, '+44 7400 123456');
      await blur(el);
      expect(el.country).to.equal('JP');
      expect(errorText(el)).to.equal('We cannot send codes to this country or region. Use a number from another country.');
    });
  });

  describe('country combobox', () => {
    it('by keyboard: search by name, ISO code and calling code, arrows and Enter, Escape undoes', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
      await el.updateComplete;
      const combo = countryField(el);
      combo.focus();
      await type('germ');
      await el.updateComplete;
      expect(combo.getAttribute('aria-expanded')).to.equal('true');
      expect(options(el)[0]!.id).to.equal('option-DE');
      expect(combo.getAttribute('aria-activedescendant')).to.equal('option-DE');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.country).to.equal('DE');
      expect(combo.value).to.equal('Germany (+49)');
      expect(combo.getAttribute('aria-expanded')).to.equal('false');
      expectFocus(el, combo, 'the country field');

      combo.select();
      await type('kr');
      await el.updateComplete;
      expect(options(el)[0]!.id).to.equal('option-KR');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.country).to.equal('KR');

      combo.select();
      await type('+33');
      await el.updateComplete;
      expect(options(el).map((o) => o.id)).to.deep.equal(['option-FR']);
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(el.country).to.equal('KR');
      expect(combo.value).to.equal('South Korea (+82)');
      expect(combo.getAttribute('aria-expanded')).to.equal('false');

      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(combo.getAttribute('aria-activedescendant')).to.equal('option-KR');
      expect(part(el, '#option-KR').getAttribute('aria-selected')).to.equal('true');
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      const next = combo.getAttribute('aria-activedescendant')!;
      expect(next).to.not.equal('option-KR');
      // aria-selected marks the option with visual focus, not the current country.
      expect(options(el).filter((o) => o.getAttribute('aria-selected') === 'true').map((o) => o.id)).to.deep.equal([next]);
      expect(getComputedStyle(part(el, '#option-KR .check')).visibility, 'the check mark stays on the current country').to.equal('visible');
      await sendKeys({ press: 'ArrowUp' });
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.country).to.equal('KR');
    });

    it('searches by English name in Japanese, by Japanese name, and says when nothing matches', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input lang="ja" default-country="JP"></mfa-phone-input>`);
      await el.updateComplete;
      const combo = countryField(el);
      combo.focus();
      await type('france');
      await el.updateComplete;
      expect(options(el)[0]!.id).to.equal('option-FR');
      expect(options(el)[0]!.textContent).to.contain('フランス');
      await sendKeys({ press: 'Escape' });
      combo.select();
      await type('xyzzy');
      await el.updateComplete;
      expect(options(el)).to.have.length(0);
      expect(part(el, '.no-match').textContent).to.equal('該当する国または地域はありません。');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      combo.value = '韓国';
      combo.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertCompositionText' }));
      await el.updateComplete;
      expect(options(el)[0]!.id).to.equal('option-KR');
      // Hiragana confirmed without conversion finds the katakana name.
      for (const [kana, code] of [['どいつ', 'DE'], ['いぎりす', 'GB']]) {
        combo.value = kana!;
        combo.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertCompositionText' }));
        await el.updateComplete;
        expect(options(el)[0]?.id, kana).to.equal(`option-${code}`);
      }
    });

    it('leaving with a search that names exactly one region picks it; anything else is undone', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
      await el.updateComplete;
      countryField(el).focus();
      await type('nonsense');
      await sendKeys({ press: 'Tab' });
      await el.updateComplete;
      expect(el.country).to.equal('JP');
      expect(countryField(el).value).to.equal('Japan (+81)');
      expectFocus(el, numberField(el), 'the number field');
      countryField(el).focus();
      await type('switzerl');
      await sendKeys({ press: 'Tab' });
      await el.updateComplete;
      expect(el.country).to.equal('CH');
    });

    it('Tab accepts the option highlighted with the arrows, and moves on', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
      await el.updateComplete;
      countryField(el).focus();
      await type('united');
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(countryField(el).getAttribute('aria-activedescendant')).to.equal('option-GB');
      await sendKeys({ press: 'Tab' });
      await el.updateComplete;
      expect(el.country).to.equal('GB');
      expect(countryField(el).value).to.equal('United Kingdom (+44)');
      expectFocus(el, numberField(el), 'the number field');
    });

    it('Home, End, Left and Right move the caret in the text and take visual focus off the list', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
      await el.updateComplete;
      const combo = countryField(el);
      combo.focus();
      await type('united');
      for (const key of ['Home', 'End', 'ArrowLeft', 'ArrowRight']) {
        await sendKeys({ press: 'ArrowDown' });
        await el.updateComplete;
        expect(combo.hasAttribute('aria-activedescendant'), `an active option before ${key}`).to.equal(true);
        await sendKeys({ press: key });
        await el.updateComplete;
        expect(combo.hasAttribute('aria-activedescendant'), `no active option after ${key}`).to.equal(false);
        expect(options(el).filter((o) => o.getAttribute('aria-selected') === 'true')).to.have.length(0);
        expect(combo.getAttribute('aria-expanded')).to.equal('true');
        if (key === 'Home') expect(combo.selectionStart).to.equal(0);
        if (key === 'End') expect(combo.selectionStart).to.equal('united'.length);
      }
      expect(combo.value).to.equal('united');
    });

    it('leaves Enter and the arrows to an IME while it composes', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
      await el.updateComplete;
      const combo = countryField(el);
      combo.focus();
      await type('united');
      await el.updateComplete;
      const active = combo.getAttribute('aria-activedescendant');
      const composing = (key: string) => combo.dispatchEvent(new KeyboardEvent('keydown', { key, isComposing: true, bubbles: true, composed: true, cancelable: true }));
      expect(composing('ArrowDown'), 'ArrowDown left to the IME').to.equal(true);
      expect(composing('Enter'), 'Enter left to the IME').to.equal(true);
      await el.updateComplete;
      expect(combo.getAttribute('aria-activedescendant')).to.equal(active);
      expect(combo.getAttribute('aria-expanded')).to.equal('true');
      expect(el.country).to.equal('JP');
    });

    it('by pointer: the button opens the list under the field, a click picks an option', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP" preferred-countries="JP US CN"></mfa-phone-input>`);
      await el.updateComplete;
      await sendMouse({ type: 'click', position: await center(part(el, '.toggle')) });
      await el.updateComplete;
      const popup = part(el, '.popup');
      await until(() => popup.style.maxHeight !== '', 2000, 'the list to be positioned');
      const field = part(el, '.combo').getBoundingClientRect();
      const list = popup.getBoundingClientRect();
      expect(list.top).to.be.closeTo(field.bottom + 4, 2);
      expect(list.width).to.be.closeTo(field.width, 2);
      expectFocus(el, countryField(el), 'the country field');
      expect(options(el).slice(0, 3).map((o) => o.id)).to.deep.equal(['option-JP', 'option-US', 'option-CN']);
      const us = part(el, '#option-US');
      expect(us.getBoundingClientRect().height).to.be.at.least(24);
      await sendMouse({ type: 'click', position: await center(us) });
      await el.updateComplete;
      expect(el.country).to.equal('US');
      expect(countryField(el).getAttribute('aria-expanded')).to.equal('false');
      expect(part(el, '.popup').hidden).to.equal(true);
      await sendMouse({ type: 'click', position: await center(countryField(el)) });
      await el.updateComplete;
      expect(countryField(el).getAttribute('aria-expanded')).to.equal('true');
      await sendMouse({ type: 'click', position: await center(part(el, '.toggle')) });
      await el.updateComplete;
      expect(countryField(el).getAttribute('aria-expanded')).to.equal('false');
    });

    it('picking another country keeps the national part of a number typed with its own prefix', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="US"></mfa-phone-input>`);
      await el.updateComplete;
      await typeNumber(el, '+81 90 1234 5678');
      expect(el.country).to.equal('JP');
      countryField(el).focus();
      await type('korea');
      await el.updateComplete;
      const id = options(el).find((o) => o.id === 'option-KR')!.id;
      expect(id).to.equal('option-KR');
      await sendMouse({ type: 'click', position: await center(part(el, '#option-KR')) });
      await el.updateComplete;
      expect(el.country).to.equal('KR');
      expect(numberField(el).value.replace(/\D/g, '')).to.equal('9012345678');
    });
  });

  describe('form participation', () => {
    it('submits E.164 under its name, and blocks an invalid or missing required number', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><mfa-phone-input name="phone" default-country="JP" required></mfa-phone-input><button>Send</button></form>`);
      const el = form.querySelector('mfa-phone-input')!;
      await el.updateComplete;
      let submitted = 0;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        submitted++;
      });
      form.requestSubmit();
      await el.updateComplete;
      expect(submitted).to.equal(0);
      expect(el.validity.valueMissing).to.equal(true);
      expect(errorText(el)).to.equal('Enter your mobile phone number.');
      await typeNumber(el, '03-1234-5678');
      form.requestSubmit();
      expect(submitted).to.equal(0);
      expect(el.validity.typeMismatch).to.equal(true);
      numberField(el).select();
      await typeNumber(el, '090 1234 5678');
      form.requestSubmit();
      expect(submitted).to.equal(1);
      expect(new FormData(form).get('phone')).to.equal('+819012345678');
      expect(form.checkValidity()).to.equal(true);
    });

    it('setCustomValidity() as on a native input (a server refused the number), cleared when the user changes it', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><mfa-phone-input name="phone" default-country="JP"></mfa-phone-input></form>`);
      const el = form.querySelector('mfa-phone-input')!;
      await el.updateComplete;
      await typeNumber(el, '090 1234 5678');
      el.setCustomValidity('Not this one.');
      expect(el.reportValidity()).to.equal(false);
      await el.updateComplete;
      expect([errorText(el), el.validationMessage, el.validity.customError, form.checkValidity()]).to.deep.equal(['Not this one.', 'Not this one.', true, false]);
      expect(numberField(el).getAttribute('aria-invalid')).to.equal('true');
      expect(numberField(el).value, 'what was typed stays').to.equal('090-1234-5678');
      // The same message again (a second refusal of the same number) is still that message.
      el.setCustomValidity('Not this one.');
      await el.updateComplete;
      expect([errorText(el), el.validity.customError]).to.deep.equal(['Not this one.', true]);
      el.setCustomValidity('');
      await el.updateComplete;
      expect([errorText(el), el.validity.valid]).to.deep.equal(['', true]);
      el.setCustomValidity('Not this one.');
      await el.updateComplete;
      numberField(el).focus();
      await sendKeys({ press: 'Backspace' });
      await el.updateComplete;
      expect([el.validity.customError, el.validationMessage]).to.deep.equal([false, 'This number is too short. Check the number of digits.']);
    });

    it('validationMessage follows a change of language while the verdict stays, and typing on keeps it', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
      await el.updateComplete;
      await typeNumber(el, '090-12');
      expect(el.validationMessage).to.equal('This number is too short. Check the number of digits.');
      el.setAttribute('lang', 'ja');
      await until(() => el.validationMessage === '番号が短すぎます。桁数を確認してください。', 3000, 'the Japanese message');
      // Still too short: the message is not made again, and stays Japanese.
      await typeNumber(el, '3');
      expect([numberField(el).value, el.validationMessage]).to.deep.equal(['090-123', '番号が短すぎます。桁数を確認してください。']);
      el.removeAttribute('lang');
      await el.updateComplete;
      expect(el.validationMessage).to.equal('This number is too short. Check the number of digits.');
    });

    it('a script checking validity (form.checkValidity()) shows no message; form.reportValidity() does', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><mfa-phone-input name="phone" default-country="JP" required></mfa-phone-input></form>`);
      const el = form.querySelector('mfa-phone-input')!;
      await el.updateComplete;
      expect(form.checkValidity()).to.equal(false);
      expect(el.checkValidity()).to.equal(false);
      await el.updateComplete;
      expect(errorText(el)).to.equal('');
      expect(el.matches(':state(user-invalid)'), ':state(user-invalid) after a check').to.equal(false);
      expect(form.reportValidity()).to.equal(false);
      await el.updateComplete;
      expect(errorText(el)).to.equal('Enter your mobile phone number.');
    });

    it('reset goes back to the value attribute and the default country', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><mfa-phone-input name="phone" default-country="JP" value="+81 80 1111 2222"></mfa-phone-input></form>`);
      const el = form.querySelector('mfa-phone-input')!;
      await el.updateComplete;
      expect(el.value).to.equal('+818011112222');
      expect(numberField(el).value).to.equal('+81 80 1111 2222');
      numberField(el).select();
      await typeNumber(el, '+44 7400 123456');
      expect(el.country).to.equal('GB');
      form.reset();
      await el.updateComplete;
      expect(el.value).to.equal('+818011112222');
      expect(el.country).to.equal('JP');
      expect(new FormData(form).get('phone')).to.equal('+818011112222');
    });

    it('a disabled fieldset disables it and leaves it out of the form data', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><fieldset><mfa-phone-input name="phone" default-country="JP" value="090-1234-5678"></mfa-phone-input></fieldset></form>`);
      const el = form.querySelector('mfa-phone-input')!;
      await el.updateComplete;
      expect(new FormData(form).get('phone')).to.equal('+819012345678');
      form.querySelector('fieldset')!.disabled = true;
      await el.updateComplete;
      expect(numberField(el).disabled).to.equal(true);
      expect(countryField(el).disabled).to.equal(true);
      expect(new FormData(form).has('phone')).to.equal(false);
      form.querySelector('fieldset')!.disabled = false;
      el.disabled = true;
      await el.updateComplete;
      expect(numberField(el).disabled).to.equal(true);
      expect(new FormData(form).has('phone')).to.equal(false);
    });

    it('restores its state (country and text) like a native input, and takes an autofilled number', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
      await el.updateComplete;
      el.formStateRestoreCallback('KR|010-1234-5678', 'restore');
      await el.updateComplete;
      expect(el.country).to.equal('KR');
      expect(el.value).to.equal('+821012345678');
      // Autofill hands over a submitted value (E.164), not the element's own state.
      el.formStateRestoreCallback('+447400123456', 'autocomplete');
      await el.updateComplete;
      expect(el.value).to.equal('+447400123456');
      expect(el.country).to.equal('GB');
      expect(numberField(el).value).to.equal('+44 7400 123456');
    });

    it('fires input and change from the host for user edits only, never for programmatic values', async () => {
      const el = await fixture<MfaPhoneInput>(html`<mfa-phone-input default-country="JP"></mfa-phone-input>`);
      await el.updateComplete;
      const seen: string[] = [];
      el.addEventListener('input', (e) => seen.push(`input:${(e.target as Element).localName}`));
      el.addEventListener('change', () => seen.push('change'));
      el.value = '090-1234-5678';
      await el.updateComplete;
      expect(el.value).to.equal('+819012345678');
      expect(seen).to.deep.equal([]);
      countryField(el).focus();
      await type('fra');
      expect(seen).to.deep.equal([]);
      await sendKeys({ press: 'Escape' });
      numberField(el).select();
      await typeNumber(el, '080');
      expect(seen).to.deep.equal(['input:mfa-phone-input', 'input:mfa-phone-input', 'input:mfa-phone-input']);
      await blur(el);
      await aTimeout(0);
      expect(seen.at(-1)).to.equal('change');
    });
  });
});
