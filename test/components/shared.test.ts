/** The shared element pieces: language choice and error texts. */
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { MfaError, invalidInput, mayHaveActed } from '../../src/errors.js';
import { LocalizeController } from '../../components/shared/localize.js';
import { codeEntry, errors, phoneErrors, phoneInput, type ErrorMessages } from '../../locales/en.js';
import { baseStyles } from '../../components/shared/styles.js';

class LangProbe extends LitElement {
  strings?: { errors?: Partial<ErrorMessages> };
  readonly l = new LocalizeController(this, 'codeEntry', codeEntry, errors);
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.l.whenReady(() => super.scheduleUpdate());
  }
}
customElements.define('lang-probe', LangProbe);

class PhoneProbe extends LangProbe {
  readonly p = new LocalizeController(this, 'phoneInput', phoneInput, { ...errors, ...phoneErrors });
}
customElements.define('phone-probe', PhoneProbe);

class StyledProbe extends LitElement {
  static override styles = baseStyles;
  protected override render() {
    return html`<p>テキストメッセージ</p>`;
  }
}
customElements.define('styled-probe', StyledProbe);

describe('LocalizeController', () => {
  it('takes the nearest lang, through shadow roots, and gives Intl a tag it accepts', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ja-JP"></div>`);
    const root = wrapper.attachShadow({ mode: 'open' });
    const probe = document.createElement('lang-probe') as LangProbe;
    root.append(probe);
    await probe.updateComplete;
    expect(probe.l.lang).to.equal('ja-JP');
    expect(probe.l.term('label')).to.equal('確認コード');
    // A POSIX locale, as some engines report for navigator.language, is not a BCP 47 tag.
    wrapper.setAttribute('lang', 'C');
    expect(probe.l.lang).to.equal('en');
    expect(() => new Intl.DateTimeFormat(probe.l.lang)).not.to.throw();
    expect(probe.l.term('label')).to.equal('Verification code');
  });
});

describe('error texts', () => {
  const probe = (lang: string) => fixture<PhoneProbe>(html`<phone-probe lang=${lang}></phone-probe>`);

  it('say "1 second", not "1 seconds"', async () => {
    const { l } = await probe('en');
    expect(l.error(new MfaError('rate_limited', undefined, { retryAfter: 1 }))).to.equal('Too many requests. Try again in 1 second.');
    expect(l.error(new MfaError('rate_limited', undefined, { retryAfter: 30 }))).to.equal('Too many requests. Try again in 30 seconds.');
  });

  it('keep phone texts to the phone elements, and let overrides win everywhere', async () => {
    const landline = invalidInput('landline', 'core text');
    const en = await probe('en');
    const ja = await probe('ja');
    expect(en.p.error(landline)).to.match(/landline/);
    expect(ja.p.error(landline)).to.match(/固定電話/);
    // Without the phone table, the generic text for invalid input, in the element's language.
    expect(en.l.error(landline)).to.equal('Check what you entered.');
    ja.strings = { errors: { network_error: 'オフラインです' } };
    expect(ja.l.error(new MfaError('network_error'))).to.equal('オフラインです');
  });
});

describe('shared styles', () => {
  it('grey out buttons marked aria-disabled in forced colours, as the elements mark them', () => {
    // The elements keep unavailable buttons focusable with aria-disabled, so :disabled alone misses them.
    const media = [...baseStyles.styleSheet!.cssRules].find((rule): rule is CSSMediaRule => rule instanceof CSSMediaRule && rule.conditionText.includes('forced-colors'))!;
    const button = document.createElement('button');
    button.setAttribute('aria-disabled', 'true');
    const greyed = [...media.cssRules].some((rule) => rule instanceof CSSStyleRule && button.matches(rule.selectorText) && rule.style.color === 'graytext');
    expect(greyed).to.equal(true);
  });
  it('break Japanese lines between phrases, not inside words, where the engine can', async () => {
    const breakIn = async (lang: string) => {
      const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}><styled-probe></styled-probe></div>`);
      const probe = wrapper.firstElementChild as StyledProbe;
      await probe.updateComplete;
      return getComputedStyle(probe.shadowRoot!.querySelector('p')!).wordBreak;
    };
    const phrases = CSS.supports('word-break', 'auto-phrase');
    expect([await breakIn('ja'), await breakIn('en')]).to.deep.equal([phrases ? 'auto-phrase' : 'normal', 'normal']);
  });
});

describe('mayHaveActed', () => {
  it('is true where the server may have acted, and false for a refusal, even one with an unknown code', () => {
    const acted = (code: ConstructorParameters<typeof MfaError>[0], status?: number) => mayHaveActed(new MfaError(code, undefined, { status }));
    expect([acted('network_error'), acted('timeout'), acted('server_error', 502), acted('aborted'), acted('bad_response', 200), acted('bad_response')]).to.deep.equal([true, true, true, true, true, true]);
    expect([acted('bad_response', 422), acted('rate_limited', 429), acted('invalid_code', 422), acted('not_found', 404)]).to.deep.equal([false, false, false, false]);
  });
});
