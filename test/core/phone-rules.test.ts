/**
 * The phone rules the elements load per calling code (src/phone-rules/, written by
 * scripts/phone-rules.ts): what the library must keep doing for that to work, what the helpers do
 * before the rules arrive, and that the trimmed rules format every mobile number as the full
 * metadata does.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { parsePhoneNumberWithError, type MetadataJson } from 'libphonenumber-js/core';
import full from 'libphonenumber-js/metadata.mobile.json';
import { isMfaError } from '../../src/errors.js';
import { addRules, callingCodeOf, canReceiveSms, checkMobileNumber, formatTyped, hasRules, isCountry, listCountries, loadRules, nationalOf, parseMobileNumber, shortcutOf, type CountryCode, type PhoneRules } from '../../src/phone.js';
import { rulesFileOf } from '../../src/phone-rules/load.js';
import rules1 from '../../src/phone-rules/rules-1.js';
import rules2 from '../../src/phone-rules/rules-2.js';
import rules3 from '../../src/phone-rules/rules-3.js';
import rules4 from '../../src/phone-rules/rules-4.js';
import rules5 from '../../src/phone-rules/rules-5.js';
import rules6 from '../../src/phone-rules/rules-6.js';
import rules7 from '../../src/phone-rules/rules-7.js';
import rules8 from '../../src/phone-rules/rules-8.js';
import rules9 from '../../src/phone-rules/rules-9.js';

type Plan = unknown[];
const FULL = full as unknown as { country_calling_codes: Record<string, string[]>; countries: Record<string, Plan>; nonGeographic: Record<string, Plan> };
const GROUPS = [rules1, rules2, rules3, rules4, rules5, rules6, rules7, rules8, rules9] as unknown as PhoneRules[];

/** Metadata made of some groups of rules, grown as the elements grow theirs. */
function grown(...groups: PhoneRules[]) {
  const metadata = { version: 4, country_calling_codes: {}, countries: {}, nonGeographic: {} } as Required<PhoneRules>;
  for (const group of groups) {
    Object.assign(metadata.country_calling_codes, group.country_calling_codes);
    Object.assign(metadata.countries, group.countries);
    Object.assign(metadata.nonGeographic, group.nonGeographic);
  }
  return metadata;
}

const errorOf = (read: () => unknown) => {
  try {
    read();
    return undefined;
  } catch (error) {
    return error;
  }
};

describe('phone rules loaded per calling code', () => {
  it('the library reads the metadata object anew on every call and keeps nothing of it (undocumented: pinned here)', () => {
    const metadata = grown(rules8);
    const parse = () => parsePhoneNumberWithError('+44 7400 123456', { extract: false }, metadata as unknown as MetadataJson);
    expect((errorOf(parse) as Error).message).to.equal('INVALID_COUNTRY');
    Object.assign(metadata.country_calling_codes, rules4.country_calling_codes);
    Object.assign(metadata.countries, (rules4 as unknown as PhoneRules).countries);
    expect(parse().number).to.equal('+447400123456');
    expect(parse().isValid()).to.equal(true);
    expect(parsePhoneNumberWithError('090-1234-5678', { defaultCountry: 'JP', extract: false }, metadata as unknown as MetadataJson).number).to.equal('+819012345678');
  });

  it('before the rules arrive: the country list and calling codes work, reading a number says why it cannot, never a plain TypeError', async () => {
    // Nothing in this page has loaded the rules of +7 (rules-7) or +81 (rules-8) yet.
    expect(listCountries()).to.have.length(Object.keys(FULL.countries).length);
    expect(listCountries().find((c) => c.code === 'RU')).to.deep.equal({ code: 'RU', callingCode: '7' });
    expect([callingCodeOf('JP'), callingCodeOf('GB'), callingCodeOf('XX'), isCountry('KZ'), isCountry('XX')]).to.deep.equal(['81', '44', undefined, true, false]);
    expect(hasRules('090', 'JP')).to.equal(false);
    for (const [input, country] of [['090-1234-5678', 'JP'], ['+7 912 345-67-89', undefined], ['+7 912 345-67-89', 'JP']] as const) {
      const error = errorOf(() => parseMobileNumber(input, country));
      expect(isMfaError(error) && error.code, `${input} ${country}`).to.equal('network_error');
      expect(formatTyped(input, country)).to.deep.equal({ text: input });
      expect(canReceiveSms(input, country)).to.equal(false);
    }
    await loadRules('', 'JP');
    expect(hasRules('090', 'JP')).to.equal(true);
    // What formatting gives reads as what it was given, but for a 00 that dropped punctuation
    // brought to the front ("-0058…" gives "0058…": +58, whose rules are still missing).
    const text = formatTyped('-0058519050', 'JP').text;
    expect([text, hasRules(text, 'JP'), hasRules(formatTyped('090 1234', 'JP').text, 'JP')]).to.deep.equal(['0058519050', false, true]);
    expect(parseMobileNumber('090-1234-5678', 'JP').e164).to.equal('+819012345678');
    // Japan's own international prefix names +7: its rules are still missing.
    expect(hasRules('010 7 912', 'JP')).to.equal(false);
    expect(isMfaError(errorOf(() => parseMobileNumber('010 7 912 345 67 89', 'JP')))).to.equal(true);
    await loadRules('010 7 912', 'JP');
    expect([parseMobileNumber('+7 912 345-67-89').e164, formatTyped('+7912345', 'JP')]).to.deep.equal(['+79123456789', { text: '+7 912 345', country: 'RU' }]);
  });

  it('every group of rules together holds every calling code and region of the full metadata', () => {
    const all = grown(...GROUPS);
    expect(Object.keys(all.country_calling_codes).sort()).to.deep.equal(Object.keys(FULL.country_calling_codes).sort());
    expect(Object.keys(all.countries).sort()).to.deep.equal(Object.keys(FULL.countries).sort());
    expect(Object.keys(all.nonGeographic).sort()).to.deep.equal(Object.keys(FULL.nonGeographic).sort());
  });

  it("names the file of each region's rules, so that an element can fetch them before the phone module is there", () => {
    GROUPS.forEach((group, i) => {
      for (const region of Object.keys(group.countries)) expect(rulesFileOf(region), region).to.equal(String(i + 1));
    });
    expect([rulesFileOf('XX'), rulesFileOf('jp'), rulesFileOf('JPN'), rulesFileOf('')]).to.deep.equal([undefined, undefined, undefined, undefined]);
  });

  it('format random valid mobile numbers of every region exactly as the full metadata does', function () {
    // Some 25,000 numbers, each read twice: WebKit needs more than the usual time.
    this.timeout(90_000);
    const trimmed = grown(...GROUPS) as unknown as MetadataJson;
    let compared = 0;
    const differences: string[] = [];
    let seed = 20261201;
    const plans = [...Object.entries(FULL.countries), ...Object.entries(FULL.nonGeographic).map(([code, plan]) => [`+${code}`, plan] as const)];
    for (const [region, plan] of plans) {
      const mobile = (plan[11] as unknown[] | undefined)?.[1] as [string] | undefined;
      if (!mobile) continue;
      const code = plan[0] as string;
      for (const national of fc.sample(fc.stringMatching(new RegExp(`^(?:${mobile[0]})$`)), { numRuns: 120, seed: seed++ })) {
        const read = (metadata: MetadataJson) => {
          try {
            const number = parsePhoneNumberWithError(`+${code}${national}`, { extract: false }, metadata);
            const type = number.getType();
            return number.isValid() && (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') ? [number.number, number.country, type, number.formatNational(), number.formatInternational()].join('|') : undefined;
          } catch {
            return undefined;
          }
        };
        const expected = read(full as unknown as MetadataJson);
        if (expected === undefined) continue;
        compared++;
        const actual = read(trimmed);
        if (actual !== expected) differences.push(`${region}: ${expected} ≠ ${actual}`);
      }
    }
    expect(differences.slice(0, 10)).to.deep.equal([]);
    expect(compared, 'numbers compared').to.be.above(20_000);
  });

  it('formatTyped reads the national number of a completion as the parser does, without parsing (pinned to the library here)', () => {
    // formatTyped tries completions of the typed digits ("0901" + "555555") for one that groups, and
    // works out what the parser would take as their national number instead of parsing each one.
    const metadata = grown(...GROUPS) as unknown as MetadataJson;
    for (const group of GROUPS) addRules(group);
    const regions = Object.keys(FULL.countries) as CountryCode[];
    const seen = { same: 0, parsed: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...regions), fc.boolean(), fc.oneof(fc.stringMatching(/^0[0-9]{1,16}$/), fc.stringMatching(/^[0-9]{2,17}$/)), (home, abroad, digits) => {
        const callingCode = callingCodeOf(home)!;
        // Abroad ("+44 …"), the plan of the calling code's main region reads the number, as in formatTyped.
        const region = abroad ? FULL.country_calling_codes[callingCode]![0]! as CountryCode : home;
        const shortcut = shortcutOf(region);
        if (!shortcut) return;
        const read = nationalOf(shortcut, abroad ? callingCode + digits : digits, abroad ? callingCode : undefined);
        if (read === undefined) return void seen.parsed++;
        let national: string | null;
        try {
          national = parsePhoneNumberWithError(`${abroad ? `+${callingCode}` : ''}${digits}`, { defaultCountry: region, extract: false }, metadata).nationalNumber;
        } catch {
          national = null;
        }
        seen.same++;
        expect(read, `${home} ${abroad} ${digits}`).to.equal(national);
      }),
      { numRuns: 30000, seed: 11 },
    );
    // Most completions are read without the parser.
    expect(seen.same).to.be.above(25000);
  });

  it('calls every keystroke of a number a mobile exactly where the parser does, also where the check answers without it', function () {
    // The check reads the national number and the region as the parser would for the keystrokes
    // that cannot be a mobile yet, and answers those without parsing: pinned to the parser here.
    this.timeout(90_000);
    const metadata = grown(...GROUPS) as unknown as MetadataJson;
    for (const group of GROUPS) addRules(group);
    const differences: string[] = [];
    const seen = { keystrokes: 0, mobiles: 0 };
    let seed = 20261202;
    for (const [region, plan] of Object.entries(FULL.countries)) {
      const mobile = (plan[11] as unknown[] | undefined)?.[1] as [string] | undefined;
      if (!mobile) continue;
      for (const national of fc.sample(fc.stringMatching(new RegExp(`^(?:${mobile[0]})$`)), { numRuns: 8, seed: seed++ })) {
        for (const number of [national, `0${national}`, `${national}1`]) {
          for (let end = 3; end <= number.length; end++) {
            const typed = number.slice(0, end);
            let expected = false;
            try {
              const parsed = parsePhoneNumberWithError(typed, { defaultCountry: region as CountryCode, extract: false }, metadata);
              expected = parsed.isValid() && ['MOBILE', 'FIXED_LINE_OR_MOBILE'].includes(parsed.getType()!);
            } catch {
              // No number at all.
            }
            const actual = typeof checkMobileNumber(typed, region) !== 'string';
            if (actual !== expected) differences.push(`${region} ${typed}: ${actual}`);
            seen.keystrokes++;
            if (expected) seen.mobiles++;
          }
        }
      }
    }
    expect(differences.slice(0, 10)).to.deep.equal([]);
    expect(seen.keystrokes, 'keystrokes checked').to.be.above(40_000);
    expect(seen.mobiles, 'of them complete mobiles').to.be.above(4_000);
  });
});
