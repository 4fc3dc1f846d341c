/**
 * Phone and code normalisation: the forms people really type, and property-based checks that
 * arbitrary input never throws anything but a typed `invalid_input` and never yields a wrong shape.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { extractCodeDigits, normalizeCode } from '../../src/code.js';
import { isMfaError, type MfaError } from '../../src/errors.js';
import { canReceiveSms, formatTyped, maskPhone, parseMobileNumber } from '../../src/phone-full.js';

const E164 = /^\+[1-9]\d{6,14}$/;

function reasonOf(input: string, country?: string): string | undefined {
  try {
    parseMobileNumber(input, country);
    return undefined;
  } catch (error) {
    return (error as MfaError).reason;
  }
}

describe('parseMobileNumber', () => {
  it('gives the same E.164 for every way a Japanese mobile number is typed', () => {
    const forms = [
      '09012345678',
      '090-1234-5678',
      '90-1234-5678',
      '9012345678',
      '+81 90 1234 5678',
      '+81 090 1234 5678',
      '+81-90-1234-5678',
      '0081 90 1234 5678',
      '0081-90-1234-5678',
      '010 81 90 1234 5678',
      '０９０－１２３４－５６７８',
      '０９０ー１２３４ー５６７８',
      '＋８１ ９０ １２３４ ５６７８',
      '(090) 1234-5678',
      ' 090 1234 5678 ',
    ];
    for (const form of forms) expect(parseMobileNumber(form, 'JP').e164, form).to.equal('+819012345678');
    for (const prefix of ['070', '080']) expect(parseMobileNumber(`${prefix}-1234-5678`, 'JP').e164).to.equal(`+81${prefix.slice(1)}12345678`);
  });

  it('parses mobile numbers of other countries', () => {
    const numbers: [string, string, string][] = [
      ['US', '(415) 555-2671', '+14155552671'],
      ['GB', '07400 123456', '+447400123456'],
      ['DE', '01512 3456789', '+4915123456789'],
      ['FR', '06 12 34 56 78', '+33612345678'],
      ['KR', '010-1234-5678', '+821012345678'],
      ['CN', '131 2345 6789', '+8613123456789'],
      ['IN', '98765 43210', '+919876543210'],
      ['AU', '0412 345 678', '+61412345678'],
      ['BR', '(11) 96123-4567', '+5511961234567'],
      ['VN', '091 234 56 78', '+84912345678'],
      ['ID', '0812-345-678', '+62812345678'],
      ['TW', '0912 345 678', '+886912345678'],
    ];
    for (const [country, typed, e164] of numbers) expect(parseMobileNumber(typed, country).e164, `${country} ${typed}`).to.equal(e164);
  });

  it('lets the number’s own prefix name the country', () => {
    const number = parseMobileNumber('+44 7400 123456', 'JP');
    expect(number.e164).to.equal('+447400123456');
    expect(number.callingCode).to.equal('44');
    expect(parseMobileNumber('0044 7400 123456', 'JP').e164).to.equal('+447400123456');
  });

  it('names what is wrong: landline, toll-free, IP phone, too short, too long', () => {
    expect(reasonOf('03-1234-5678', 'JP')).to.equal('landline');
    expect(reasonOf('0120-123-456', 'JP')).to.equal('toll_free');
    expect(reasonOf('0800-123-4567', 'JP')).to.equal('toll_free');
    expect(reasonOf('050-1234-5678', 'JP')).to.equal('ip_phone');
    expect(reasonOf('090-1234-567', 'JP')).to.equal('too_short');
    expect(reasonOf('090-1234-56789', 'JP')).to.equal('too_long');
    expect(reasonOf('090123', 'JP')).to.equal('too_short');
    // Two numbers pasted together start like a landline but are above all too long.
    expect(reasonOf('03-1234-5678 090-1234-5678', 'JP')).to.equal('too_long');
    expect(reasonOf('+81 3 1234 5678 9012', 'JP')).to.equal('too_long');
    expect(reasonOf('+44 20 7946 0958', 'GB')).to.equal('not_mobile');
    expect(reasonOf('', 'JP')).to.equal('empty');
    expect(reasonOf('call me', 'JP')).to.equal('not_a_number');
    expect(reasonOf('090-1234-5678 ext. 12', 'JP')).to.equal('not_a_number');
    expect(reasonOf('+999 1234 5678', 'JP')).to.equal('invalid_country');
    expect(canReceiveSms('090-1234-5678', 'JP')).to.equal(true);
    expect(canReceiveSms('03-1234-5678', 'JP')).to.equal(false);
  });

  it('tells a mobile with a digit missing or one too many from other kinds of numbers, outside Japan', () => {
    const cases: [string, string, string][] = [
      ['07400 12345', 'GB', 'too_short'],
      ['07400 1234567', 'GB', 'too_long'],
      ['020 7946 0958', 'GB', 'not_mobile'],
      ['06 12 34 56 7', 'FR', 'too_short'],
      ['01 23 45 67 89', 'FR', 'not_mobile'],
      ['0412 345 67', 'AU', 'too_short'],
      ['+61 2 9876 5432', 'JP', 'not_mobile'],
      ['98765 4321', 'IN', 'too_short'],
      ['138 0013 800', 'CN', 'too_short'],
      ['+49 1512 34567', 'JP', 'too_short'],
      ['+49 30 123456', 'JP', 'not_mobile'],
      // Japan: more than 10 digits after the 0 is too long, whatever the number starts with.
      ['12015550123', 'JP', 'too_long'],
    ];
    for (const [typed, country, reason] of cases) expect(reasonOf(typed, country), `${country} ${typed}`).to.equal(reason);
  });

  it('calls one digit too short, in Japan too (its 9 may become 090), and no number when punctuation follows', () => {
    for (const country of ['JP', 'GB', 'US']) {
      for (const digit of '0123456789') {
        expect(reasonOf(digit, country), `${country} ${digit}`).to.equal('too_short');
        expect(reasonOf(`(${digit}`, country), `${country} (${digit}`).to.equal('too_short');
        expect(reasonOf(`${digit})`, country), `${country} ${digit})`).to.equal('not_a_number');
      }
    }
  });

  it('calls 0 and one digit too short in Japan, however written (09 may become 090), and says landline once the area code tells', () => {
    for (const digit of '0123456789') {
      for (const typed of [`0${digit}`, `(0${digit}`, `+81 ${digit}`, `0081${digit}`]) expect(reasonOf(typed, 'JP'), typed).to.equal('too_short');
    }
    expect([reasonOf('031', 'JP'), reasonOf('099 2', 'JP'), reasonOf('090', 'JP'), reasonOf('0120', 'JP')]).to.deep.equal(['landline', 'landline', 'too_short', 'toll_free']);
  });

  it('tells Japanese service numbers from landlines, in national and +81 forms', () => {
    const numbers: [string, string][] = [
      ['0570-123-456', 'not_mobile'], // Navi Dial (shared cost)
      ['0180-123-456', 'not_mobile'], // telephone information service
      ['0990-123-456', 'not_mobile'], // premium rate
      ['020-1234-5678', 'not_mobile'], // pager and M2M
      ['0120-123-456', 'toll_free'],
      ['0800-123-4567', 'toll_free'],
      ['050-1234-5678', 'ip_phone'],
      ['03-1234-5678', 'landline'],
      ['06-1234-5678', 'landline'],
      ['011-123-4567', 'landline'],
      // Area codes that share the first digits: Kagoshima 099, Seki 0575, Yokote 0182.
      ['099-212-3456', 'landline'],
      ['0575-22-3456', 'landline'],
      ['0182-32-1234', 'landline'],
    ];
    for (const [national, reason] of numbers) {
      for (const [typed, country] of [[national, 'JP'], [`+81 ${national.slice(1)}`, undefined], [`+81 ${national}`, 'US']] as const) {
        expect(reasonOf(typed, country), typed).to.equal(reason);
      }
    }
  });

  it('gives the same verdict for the same input, whatever was read before', () => {
    // The parser takes "88" for a (too short) number and "88)" for none: the verdict of one must not
    // be the other's because it was read just before.
    const fresh = (input: string) => (reasonOf('+12025550123'), reasonOf(input, 'JP'));
    const afterItsDigits = (input: string) => (reasonOf(input.replace(/\D/g, ''), 'JP'), reasonOf(input, 'JP'));
    for (const input of ['88)', '(11)', '4)(2)', '090-', '(03) 1234']) expect(afterItsDigits(input), input).to.equal(fresh(input));
  });

  it('property: the verdict of any input does not depend on what was read before', () => {
    fc.assert(
      // Read before it: anything, or the same digits without the punctuation (the likeliest to be taken for it).
      fc.property(fc.stringMatching(/^[0-9+ \-()]{0,14}$/), fc.stringMatching(/^[0-9+ \-()]{0,14}$/), fc.boolean(), fc.constantFrom('JP', 'GB', 'US', 'DE'), (other, input, sameDigits, country) => {
        reasonOf('+12025550123');
        const alone = reasonOf(input, country);
        reasonOf(sameDigits ? input.replace(/[^\d+]/g, '') : other, country);
        expect(reasonOf(input, country)).to.equal(alone);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: arbitrary input yields valid E.164 or a typed invalid_input error', () => {
    const countries = fc.constantFrom(undefined, 'JP', 'US', 'GB', 'DE', 'FR', 'KR', 'CN', 'XX');
    const phoneish = fc.stringMatching(/^[+0-9０-９ \-－ー()]{0,20}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), phoneish), countries, (input, country) => {
        try {
          const number = parseMobileNumber(input, country);
          return E164.test(number.e164) && canReceiveSms(number.e164);
        } catch (error) {
          return isMfaError(error) && error.code === 'invalid_input' && typeof error.reason === 'string' && error.message.length > 0;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('formatTyped', () => {
  it('formats as the user types, with or without the leading 0', () => {
    expect(formatTyped('09012345678', 'JP').text).to.equal('090-1234-5678');
    expect(formatTyped('9012345678', 'JP').text).to.equal('90-1234-5678');
    expect(formatTyped('０９０１２３４', 'JP').text).to.equal('090-1234');
    expect(formatTyped('+81 9012345678', 'JP')).to.deep.equal({ text: '+81 90 1234 5678', country: 'JP' });
    expect(formatTyped('+447400123456', 'JP').country).to.equal('GB');
  });

  it('keeps a national prefix typed after +81 and an international prefix typed in Japan', () => {
    const forms: [string, string, string][] = [
      ['+81 090-1234-5678', '+81 090 1234 5678', 'JP'],
      ['+8109012345678', '+81 090 1234 5678', 'JP'],
      ['+81 (0)90 1234 5678', '+81 090 1234 5678', 'JP'],
      ['010 81 90 1234 5678', '010 81 90 1234 5678', 'JP'],
      ['010819012345678', '010 81 90 1234 5678', 'JP'],
      ['010 81 090 1234 5678', '010 81 090 1234 5678', 'JP'],
      ['010 1 415 555 2671', '010 1 415 555 2671', 'US'],
      ['010 44 7400 123456', '010 44 7400 123456', 'GB'],
    ];
    for (const [typed, text, country] of forms) {
      // Only a "+" number names its country: "010" dials abroad only from the home country.
      expect(formatTyped(typed, 'JP'), typed).to.deep.equal(typed.startsWith('+') ? { text, country } : { text });
      expect(parseMobileNumber(typed, 'JP').country, typed).to.equal(country);
    }
    expect(formatTyped('011 44 7400 123456', 'US')).to.deep.equal({ text: '011 44 7400 123456' });
  });

  it('reads 00 as "+" only where home does not dial abroad with 00 and more (Australia 0011, Korea 001)', () => {
    const cases: [string, string, string, string][] = [
      ['AU', '0011 44 7400 123456', '+447400123456', '0011 44 7400 123456'],
      ['KR', '001 81 90 1234 5678', '+819012345678', '001 81 90 1234 5678'],
      ['BR', '0014 55 11 91234 5678', '+5511912345678', '0014 55 11 91234 5678'],
      ['JP', '0081 90 1234 5678', '+819012345678', '+81 90 1234 5678'],
      ['US', '0081 90 1234 5678', '+819012345678', '+81 90 1234 5678'],
      ['GB', '0044 7400 123456', '+447400123456', '+44 7400 123456'],
    ];
    for (const [home, typed, e164, text] of cases) {
      expect(parseMobileNumber(typed, home).e164, `${home} ${typed}`).to.equal(e164);
      expect(formatTyped(typed, home).text, `${home} ${typed}`).to.equal(text);
    }
  });

  it('formats every keystroke of those forms (and of national ones), keeping each digit typed', () => {
    const sequences: [string, string[]][] = [
      ['09012345678', ['0', '09', '090', '090-1', '090-12', '090-123', '090-1234', '090-1234-5', '090-1234-56', '090-1234-567', '090-1234-5678']],
      ['0312345678', ['0', '03', '03-1', '03-12', '03-123', '03-1234', '03-1234-5', '03-1234-56', '03-1234-567', '03-1234-5678']],
      ['+8109012345678', ['+8', '+81', '+81 0', '+81 09', '+81 090', '+81 090 1', '+81 090 12', '+81 090 123', '+81 090 1234', '+81 090 1234 5', '+81 090 1234 56', '+81 090 1234 567', '+81 090 1234 5678']],
      ['+819012345678', ['+8', '+81', '+81 9', '+81 90', '+81 90 1', '+81 90 12', '+81 90 123', '+81 90 1234', '+81 90 1234 5', '+81 90 1234 56', '+81 90 1234 567', '+81 90 1234 5678']],
      ['010819012345678', ['0', '01', '010', '010 8', '010 81', '010 81 9', '010 81 90', '010 81 90 1', '010 81 90 12', '010 81 90 123', '010 81 90 1234', '010 81 90 1234 5', '010 81 90 1234 56', '010 81 90 1234 567', '010 81 90 1234 5678']],
      ['01014155552671', ['0', '01', '010', '010 1', '010 1 4', '010 1 41', '010 1 415', '010 1 415 5', '010 1 415 55', '010 1 415 555', '010 1 415 555 2', '010 1 415 555 26', '010 1 415 555 267', '010 1 415 555 2671']],
    ];
    for (const [typed, texts] of sequences) {
      const start = typed.startsWith('+') ? 2 : 1;
      const got = texts.map((_, i) => formatTyped(typed.slice(0, start + i), 'JP').text);
      expect(got, typed).to.deep.equal(texts);
    }
  });

  it('property: keeps every digit typed, in order', () => {
    // The one exception: a leading "00" becomes "+".
    const typed = fc.stringMatching(/^\+?[0-9 -]{0,20}$/).filter((s) => !s.trim().startsWith('00'));
    fc.assert(
      fc.property(typed, fc.constantFrom(undefined, 'JP', 'US', 'GB', 'RU', 'AU'), (input, country) => {
        const { text } = formatTyped(input, country);
        return text.replace(/\D/g, '') === input.replace(/\D/g, '') && text.startsWith('+') === input.startsWith('+');
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves text that is not a number as it is', () => {
    expect(formatTyped('abc', 'JP').text).to.equal('abc');
  });

  it('property: never throws', () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom(undefined, 'JP', 'US', 'ZZ'), (input, country) => typeof formatTyped(input, country).text === 'string'));
  });
});

describe('maskPhone', () => {
  it('hides all but the country code and the last four digits', () => {
    expect(maskPhone('+819012345678')).to.equal('+81 •• •••• 5678');
    expect(maskPhone('+14155552671')).to.equal('+1 ••• ••• 2671');
  });
});

describe('normalizeCode', () => {
  it('turns what people type, paste and autofill into ASCII digits', () => {
    expect(normalizeCode('123456', 6)).to.equal('123456');
    expect(normalizeCode('１２３４５６', 6)).to.equal('123456');
    expect(normalizeCode('123 456', 6)).to.equal('123456');
    expect(normalizeCode('123-456', 6)).to.equal('123456');
    expect(normalizeCode('１２３ー４５６', 6)).to.equal('123456');
    expect(normalizeCode('Your code is 123456', 6)).to.equal('123456');
    expect(normalizeCode('123456 is your verification code. @example.edu #123456', 6)).to.equal('123456');
    expect(normalizeCode('確認コードは 654321 です', 6)).to.equal('654321');
    expect(normalizeCode(' 4821 ')).to.equal('4821');
    // A Nepali keyboard types Devanagari digits; Arabic-Indic and Bengali ones are read too.
    expect(normalizeCode('१२३४५६', 6)).to.equal('123456');
    expect(normalizeCode('०९८ ७६५', 6)).to.equal('098765');
    expect(normalizeCode('٦٥٤٣٢١', 6)).to.equal('654321');
    expect(normalizeCode('০১২৩৪৫', 6)).to.equal('012345');
  });

  it('refuses what is not a code, with a typed error', () => {
    for (const input of ['', 'abc', '12345', '1234567', 'code 12']) {
      let error: unknown;
      try {
        normalizeCode(input, 6);
      } catch (e) {
        error = e;
      }
      expect(isMfaError(error) && error.code === 'invalid_input' && error.reason === 'invalid_code', input).to.equal(true);
    }
  });

  it('extractCodeDigits keeps what can be kept while typing', () => {
    expect(extractCodeDigits('１２３', 6)).to.equal('123');
    expect(extractCodeDigits('12a', 6)).to.equal('12');
    expect(extractCodeDigits('1234567890', 6)).to.equal('123456');
  });

  it('property: arbitrary input yields exactly the digits asked for or a typed invalid_input error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[0-9０-９ \-ー]{0,12}$/)), fc.constantFrom(undefined, 4, 6, 8), (input, length) => {
        const partial = extractCodeDigits(input, length);
        if (!/^\d*$/.test(partial) || (length !== undefined && partial.length > length)) return false;
        try {
          const code = normalizeCode(input, length);
          return /^\d+$/.test(code) && (length ? code.length === length : code.length >= 4 && code.length <= 10);
        } catch (error) {
          return isMfaError(error) && error.code === 'invalid_input' && error.reason === 'invalid_code';
        }
      }),
      { numRuns: 1000 },
    );
  });
});
