/**
 * Phone-number helpers on libphonenumber-js's `mobile` metadata: parse what people really type into
 * E.164, decide whether the number can receive texts and calls, and format as the user types.
 *
 * The rules (metadata) are not part of this module: they are added to it, all at once by
 * `phone-full.ts` (the server and the core's users), or per first digit of the calling code as a
 * number needs them (`loadRules`, the elements: about 1.5 to 3.5 KB each, against 24 KB for all).
 * The country list and the calling codes come from a small index and need no rules. Reading a
 * number whose rules are not there yet throws an `MfaError` (`network_error`), never a plain error
 * of the library. It formats as-you-type with the parser's own formatter rather than the library's
 * AsYouType, which alone would cost 13 KB.
 */
import {
  Metadata,
  ParseError,
  parsePhoneNumberWithError,
  type CountryCode,
  type MetadataJson,
  type PhoneNumber,
} from 'libphonenumber-js/core';
import { MfaError, invalidInput, type MfaInputReason } from './errors.js';
import { CALLING_CODES as INDEX } from './phone-rules/index.js';
import { RULES_OF } from './phone-rules/load.js';

export type { CountryCode };

/** A number that can receive a text message or a call. */
export interface MobileNumber {
  /** `+`, country calling code and national number, no separators: `+819012345678`. */
  e164: string;
  /** The region the number belongs to, e.g. `JP` (undefined for non-geographic numbers). */
  country?: CountryCode;
  /** Country calling code without `+`, e.g. `81`. */
  callingCode: string;
  /** International format for display: `+81 90 1234 5678`. */
  international: string;
  /** National format for display: `090-1234-5678`. */
  national: string;
}

/** What a number typed so far looks like. */
export interface TypedNumber {
  /** The input formatted for display (digits and the user's own `+` kept). */
  text: string;
  /** The country the number's own `+`/`00` prefix names, when it names one (a home prefix such as `010` names none). */
  country?: CountryCode;
}

const MESSAGES: Record<MfaInputReason, string> = {
  empty: 'Enter your mobile phone number.',
  not_a_number: 'This is not a phone number. Use digits only.',
  invalid_country: 'This country calling code does not exist.',
  too_short: 'This number is too short.',
  too_long: 'This number is too long.',
  landline: 'This is a landline number. Enter a mobile number that can receive texts.',
  toll_free: 'This is a toll-free number. Enter a mobile number that can receive texts.',
  ip_phone: 'This is an IP phone number. Enter a mobile number that can receive texts.',
  not_mobile: 'This is not a mobile number. Enter a mobile number that can receive texts.',
  invalid_code: 'Enter the code you received.',
  invalid_name: 'Enter a name.',
  invalid_id: 'Invalid identifier.',
};

// Everything an IME or a copied number may contain that means "-".
const DASHES = /[‐‑‒–—―−ー－﹣]/g;

/** Rules in libphonenumber-js's metadata shape: some or all calling codes with their regions. */
export interface PhoneRules {
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown>;
  nonGeographic?: Record<string, unknown>;
}

// Calling code → its regions, the main one first (`1` → US, CA, …), and region → calling code.
const CALLING_CODES = INDEX as Record<string, CountryCode[]>;
const CODE_OF = new Map(Object.entries(CALLING_CODES).flatMap(([code, regions]) => regions.map((region) => [region, code] as const)));
CODE_OF.delete('001' as CountryCode);

// The rules added so far. The library reads this object anew on every call and keeps nothing of it
// (test/core/phone-rules.test.ts pins that), so rules added later count at once.
const metadata = { version: 4, country_calling_codes: {}, countries: {}, nonGeographic: {} } as unknown as MetadataJson & Required<PhoneRules>;

/** Whether every calling code's rules are there (as `phone-full.ts` adds them): nothing to check then. */
let complete = false;

/** Adds rules for some calling codes (or all of them). */
export function addRules(rules: PhoneRules): void {
  Object.assign(metadata.country_calling_codes, rules.country_calling_codes);
  Object.assign(metadata.countries, rules.countries);
  Object.assign(metadata.nonGeographic, rules.nonGeographic);
  complete = Object.keys(CALLING_CODES).every((code) => metadata.country_calling_codes[code]);
  compiledFormats.clear();
  mobilePlans.clear();
  shortcuts.clear();
  lastMissing = undefined;
}

const loads = new Map<string, Promise<void>>();

/** Loads the rules of a calling code (and of every code sharing its first digit) once; after a failure, the next call tries again. */
function loadGroup(callingCode: string): Promise<void> {
  const digit = callingCode[0]!;
  let load = loads.get(digit);
  if (!load) {
    load = RULES_OF[digit]!().then(
      (module) => addRules(module.default),
      (error: unknown) => {
        loads.delete(digit);
        throw error;
      },
    );
    loads.set(digit, load);
  }
  return load;
}

/**
 * The calling codes reading `input` needs the rules of: the home country's, then the one the
 * number's own `+`, `00` or home international prefix names. Stops at the first one not loaded.
 */
function neededCodes(input: string, home?: CountryCode): string[] {
  const homeCode = home && CODE_OF.get(home);
  if (homeCode && !metadata.country_calling_codes[homeCode]) return [homeCode];
  const text = clean(input, home);
  const digits = text.replace(/\D/g, '');
  const idd = text.startsWith('+') ? '' : iddAt(digits, home);
  const named = idd === undefined ? undefined : callingCodeAt(digits.slice(idd.length));
  return [homeCode, named].filter((code): code is string => !!code);
}

// The last answer of missingRules(), until rules are added: a keystroke asks it about the same text
// five times (formatting, checking, the element's loading state), and it cleans the text each time.
let lastMissing: { input: string; home?: CountryCode; code: string | undefined } | undefined;

/** The first calling code whose rules reading `input` needs and are not loaded yet. */
function missingRules(input: string, home?: CountryCode): string | undefined {
  if (complete) return undefined;
  if (lastMissing?.input !== input || lastMissing.home !== home) {
    lastMissing = { input, home, code: neededCodes(input, home).find((code) => !metadata.country_calling_codes[code]) };
  }
  return lastMissing.code;
}

/** True when the rules to read `input` (with this default country) are loaded. */
export function hasRules(input: string, defaultCountry?: string): boolean {
  return !missingRules(input, isCountry(defaultCountry) ? defaultCountry : undefined);
}

/**
 * Loads the rules reading `input` needs: those of the default country and of the calling code the
 * input names. Rejects when they cannot be loaded (offline); a next call tries again.
 */
export async function loadRules(input = '', defaultCountry?: string): Promise<void> {
  const home = isCountry(defaultCountry) ? defaultCountry : undefined;
  for (let code = missingRules(input, home); code; code = missingRules(input, home)) await loadGroup(code);
}

function needRules(input: string, home?: CountryCode): void {
  const code = missingRules(input, home);
  if (code) throw new MfaError('network_error', `The phone rules for +${code} are not loaded yet.`);
}

/** The numbering plan of a region, or of a calling code (about 0.2 µs: not worth keeping). */
function planOf(region: string) {
  const plan = new Metadata(metadata);
  plan.selectNumberingPlan(region as CountryCode);
  return plan.numberingPlan!;
}

const possibleLengths = new Map<string, number[]>();

/** The possible lengths of a region's (or calling code's) national numbers, kept: a keystroke asks for them twice. */
function lengthsOf(plan: string): number[] {
  let lengths = possibleLengths.get(plan);
  if (!lengths) possibleLengths.set(plan, (lengths = planOf(plan).possibleLengths()));
  return lengths;
}

const iddPatterns = new Map<CountryCode, RegExp>();

/** The home country's own international call prefix the digits start with: `010` in Japan. */
function iddAt(digits: string, home?: CountryCode): string | undefined {
  if (!home) return undefined;
  let pattern = iddPatterns.get(home);
  if (!pattern) iddPatterns.set(home, (pattern = new RegExp(`^(?:${planOf(home).IDDPrefix()})(?=[1-9])`)));
  return pattern.exec(digits)?.[0];
}

/** Full-width digits and punctuation to ASCII, dashes to `-`, and a leading `00` to `+`. */
function clean(input: string, home?: CountryCode): string {
  const raw = String(input ?? '');
  // Plain ASCII is already what NFKC would give (and has no dash to fold): skip them, as every keystroke comes here.
  const text = (/[^\x20-\x7e]/.test(raw) ? raw.normalize('NFKC').replace(DASHES, '-') : raw).trim();
  // "0081 90…": most of the world dials 00 for abroad, and people copy that habit to countries where
  // it is not the prefix (Japan dials 010). No national number starts with 00, so this is safe,
  // except where home's own prefix is 00 and more (Australia's 0011, Korea's 001): the parser reads
  // those as dialled.
  // "(+81) 90-…", as on business cards and e-mail signatures: the brackets only set off the code.
  // Each rule only for a text that starts as it needs: a keystroke cleans its text several times.
  if (text.startsWith('00')) return (iddAt(text.replace(/\D/g, ''), home)?.length ?? 0) > 2 ? text : text.replace(/^00\s*-?\s*(?=[1-9])/, '+');
  return text.startsWith('(') ? text.replace(/^\(\s*(\+\s*\d{1,3})\s*\)/, '$1 ') : text;
}

// Japan's numbering plan, by national significant number: the specific answers the university
// guides need ("050 is an IP phone", "0120 is toll-free") which the mobile-only metadata cannot give.
function japaneseReason(national: string): MfaInputReason {
  // No Japanese number has more than 10 digits after the 0: longer is a typing or pasting slip.
  if (national.length > 10) return 'too_long';
  // One digit after the 0 names no kind of number yet: the 9 of 09 may become the 090 of a mobile.
  if (national.length < 2) return 'too_short';
  if (/^(120|800)/.test(national)) return 'toll_free';
  if (/^[789]0/.test(national)) return 'too_short';
  if (/^50/.test(national)) return 'ip_phone';
  // 020 pagers and M2M, 0570 Navi Dial, 0180 information lines, 0990 premium rate.
  if (/^(20|570|180|990)/.test(national)) return 'not_mobile';
  return 'landline';
}

// The national significant number of input meant as Japanese, for the reasons above.
function japaneseNational(text: string, country?: CountryCode): string | undefined {
  const digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) return digits.startsWith('81') ? digits.slice(2).replace(/^0/, '') : undefined;
  return country === 'JP' ? digits.replace(/^0/, '') : undefined;
}

// The last number parsed, by its digits and default country: formatting a complete number as it is
// typed and then checking it read the same digits, and share one parse.
let lastParse: { key: string; number: PhoneNumber } | undefined;

function parse(text: string, country?: CountryCode): PhoneNumber {
  const digits = text.replace(/\D/g, '');
  // Of a text of two digits the parser reads the punctuation too ("88" is a number, "88)" none).
  const key = `${digits.length < 3 ? text : (text.startsWith('+') ? '+' : '') + digits}|${country ?? ''}`;
  if (lastParse?.key !== key) lastParse = { key, number: parsePhoneNumberWithError(text, { defaultCountry: country, extract: false }, metadata) };
  return lastParse.number;
}

/** True when `code` is an ISO 3166 region the metadata knows. */
export function isCountry(code: unknown): code is CountryCode {
  return typeof code === 'string' && CODE_OF.has(code as CountryCode);
}

/**
 * Parses what a user typed into a number that can receive texts and calls.
 * Accepts national format with or without the leading 0 (`090…`, `90…`), `+81 90…`, `+81 090…`,
 * `0081 90…`, `010 81 90…`, full-width digits and dashes.
 * @throws MfaError `invalid_input` with `reason`: `empty`, `not_a_number`, `invalid_country`,
 * `too_short`, `too_long`, `landline`, `toll_free`, `ip_phone` or `not_mobile`; `network_error`
 * when the rules it needs are not loaded (`loadRules`).
 * @example parseMobileNumber('０９０－１２３４－５６７８', 'JP').e164 // '+819012345678'
 */
export function parseMobileNumber(input: string, defaultCountry?: string): MobileNumber {
  const result = checkMobileNumber(input, defaultCountry);
  if (typeof result === 'string') throw invalidInput(result, MESSAGES[result]);
  return result;
}

/**
 * {@link parseMobileNumber} without an error for input that is not a mobile number: its reason
 * instead. For checking as a user types, where most of what is typed is not a number yet and
 * making an error each time showed in a keystroke's time.
 * @throws MfaError `network_error` when the rules it needs are not loaded (`loadRules`).
 */
export function checkMobileNumber(input: string, defaultCountry?: string): MobileNumber | MfaInputReason {
  const country = isCountry(defaultCountry) ? defaultCountry : undefined;
  needRules(input, country);
  const text = clean(input, country);
  if (!/\d/.test(text)) return text ? 'not_a_number' : 'empty';
  // Only digits, spaces, dashes, dots, brackets, a leading + and slashes: no letters, no extensions.
  if (!/^\+?[\d\s\-.()/]+$/.test(text)) return 'not_a_number';
  const digits = text.replace(/\D/g, '');
  // What the parser would say of the first keystrokes of a national number, at a cost (it throws,
  // and its error is slow to make).
  if (country && !text.startsWith('+')) {
    // One digit: too short, or no number at all when punctuation follows it ("5)"). Too short in
    // Japan too: one digit is no landline yet, as its 9 may become the 090 of a mobile.
    if (digits.length === 1) return /\d$/.test(text) ? 'too_short' : 'not_a_number';
    // Fewer digits than any number of the home country has, national prefix and all (two of them
    // only without punctuation, which the parser reads too: "88)" is no number at all); in Japan,
    // fewer than a mobile's ten after the 0, whose reason is Japan's own. Not where the parser
    // lengthens a number: Guam's or Saipan's seven local digits get their area code.
    const shortcut = shortcutOf(country);
    if ((digits.length >= 3 || /^\d\d$/.test(text)) && !iddAt(digits, country) && !shortcut?.lengthens) {
      const japanese = japaneseNational(text, country);
      if (digits.length < lengthsOf(country)[0]! || (japanese && japanese.length < 10)) return japanese ? japaneseReason(japanese) : 'too_short';
    }
    // A national number (read as the parser would, see nationalOf) of a length no kind of number
    // has in the region the parser names: no valid mobile. Why it is none, unparsed: most
    // keystrokes of a number are such.
    const national = shortcut && digits.length >= 3 && shortcut.callingCode !== '81' ? nationalOf(shortcut, digits) : undefined;
    if (typeof national === 'string') {
      const region = untypedRegion(shortcut!, national);
      if (region) return lengthVerdict(lengthsOf(region), national.length) || (mobileSlip(shortcut!.callingCode, national) ?? 'not_mobile');
    }
  }
  let parsed;
  try {
    parsed = parse(text, country);
  } catch (error) {
    const message = error instanceof ParseError ? error.message : '';
    const japanese = japaneseNational(text, country);
    if (japanese && (message === 'TOO_SHORT' || message === 'TOO_LONG')) return japaneseReason(japanese);
    if (message === 'INVALID_COUNTRY') return text.startsWith('+') ? 'invalid_country' : 'not_a_number';
    if (message === 'TOO_SHORT') return 'too_short';
    if (message === 'TOO_LONG') return 'too_long';
    return 'not_a_number';
  }
  // The type only of a valid number: most keystrokes give an incomplete one.
  const type = parsed.isValid() && parsed.getType();
  if (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') {
    const { national, international } = formatParts(parsed.nationalNumber, parsed.country ?? parsed.countryCallingCode);
    return {
      e164: parsed.number,
      country: parsed.country,
      callingCode: parsed.countryCallingCode,
      international: `+${parsed.countryCallingCode} ${international}`,
      national,
    };
  }
  if (parsed.countryCallingCode === '81') return japaneseReason(parsed.nationalNumber.replace(/^0/, ''));
  // The plan's possible lengths, as the library's validatePhoneNumberLength() reads them, without parsing the text again.
  return lengthVerdict(lengthsOf(parsed.country ?? parsed.countryCallingCode), parsed.nationalNumber.length) || (mobileSlip(parsed.countryCallingCode, parsed.nationalNumber) ?? 'not_mobile');
}

/** Too short or too long for a plan's possible lengths; '' when neither (or the plan has none). */
function lengthVerdict(lengths: number[] | undefined, length: number): 'too_short' | 'too_long' | '' {
  return lengths && length < lengths[0]! ? 'too_short' : lengths && length > lengths.at(-1)! ? 'too_long' : '';
}

// Parts of a numbering plan the library has but does not type (its version is pinned).
interface PlanInternals {
  nationalPrefix(): string | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  IDDPrefix(): string;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  formats(): {
    pattern(): string;
    format(): string;
    leadingDigitsPatterns(): string[];
    nationalPrefixFormattingRule(): string | undefined;
    internationalFormat(): string;
  }[];
  type(name: (typeof TYPES)[number]): { pattern(): string; possibleLengths(): number[] } | undefined;
  leadingDigits(): string | undefined;
}

// Each calling code's mobile pattern, compiled once, its lengths and national prefix (null: none).
const mobilePlans = new Map<string, { pattern: RegExp; lengths: number[]; prefix: string | undefined } | null>();

/**
 * A number whose length only another kind of number has: is it a mobile with a digit missing or
 * one too many? "07400 12345" in the UK is a mobile one digit short, not a landline.
 */
function mobileSlip(callingCode: string, nationalNumber: string): 'too_short' | 'too_long' | undefined {
  let plan = mobilePlans.get(callingCode);
  if (plan === undefined) {
    const internals = planOf(callingCode) as unknown as PlanInternals;
    const mobile = internals.type('MOBILE');
    plan = mobile ? { pattern: new RegExp(`^(?:${mobile.pattern()})$`), lengths: mobile.possibleLengths(), prefix: internals.nationalPrefix() } : null;
    mobilePlans.set(callingCode, plan);
  }
  if (!plan) return undefined;
  const { pattern, lengths, prefix } = plan;
  // The parser keeps the national prefix when dropping it leaves too few digits ("06 12 34 56 7").
  const national = prefix && nationalNumber.startsWith(prefix) && !pattern.test(nationalNumber) ? nationalNumber.slice(prefix.length) : nationalNumber;
  const short = lengths.some((n) => n > national.length && ['0', '5', '9'].some((d) => pattern.test(national.padEnd(n, d))));
  if (short) return 'too_short';
  return lengths.some((n) => n < national.length && pattern.test(national.slice(0, n))) ? 'too_long' : undefined;
}

/** True when the input is a number that can receive texts and calls. Never throws. */
export function canReceiveSms(input: string, defaultCountry?: string): boolean {
  try {
    return typeof checkMobileNumber(input, defaultCountry) !== 'string';
  } catch {
    return false;
  }
}

/** The calling code a string of international digits starts with (codes are prefix-free). */
function callingCodeAt(digits: string): string | undefined {
  return [1, 2, 3].map((n) => digits.slice(0, n)).find((code) => CALLING_CODES[code]);
}

/** A format of a numbering plan, its patterns compiled once. */
interface CompiledFormat {
  /** Its last leading-digits pattern, matched at the start of the number only (`y`). */
  leading?: RegExp;
  whole: RegExp;
  pattern: RegExp;
  /** Replacement for the national format, with the national prefix rule applied. */
  national: string;
  international: string;
  /** Its leading digits and pattern as one alternative of a larger pattern. */
  source: string;
}

const compiledFormats = new Map<string, CompiledFormat[]>();

/**
 * The format the library's `formatNational()`/`formatInternational()` choose for a number (the
 * first whose last leading-digits pattern matches its start and whose pattern matches it whole),
 * with the patterns compiled once per plan: the library compiles each one anew on every call,
 * which was half of a keystroke's time.
 */
function formatFor(national: string, plan: string): CompiledFormat | undefined {
  return formatsOf(plan).find((format) => fits(format, national));
}

/** A national number grouped as `formatNational()` and `formatInternational()` (without `+code`) give it, in a region's (or calling code's) plan. */
function formatParts(digits: string, plan: string): { national: string; international: string } {
  const format = formatFor(digits, plan);
  if (!format) return { national: digits, international: digits };
  return { national: digits.replace(format.pattern, format.national), international: digits.replace(format.pattern, format.international).replace(/\D+/g, ' ').trim() };
}

function fits(format: CompiledFormat, national: string): boolean {
  if (format.leading) {
    format.leading.lastIndex = 0;
    if (!format.leading.test(national)) return false;
  }
  return format.whole.test(national);
}

/** The formats of a region's (or calling code's) plan, compiled. */
function formatsOf(plan: string): CompiledFormat[] {
  let formats = compiledFormats.get(plan);
  if (formats === undefined) {
    formats = (planOf(plan) as unknown as PlanInternals)
      .formats()
      .map((format) => {
        const leading = format.leadingDigitsPatterns().at(-1);
        const rule = format.nationalPrefixFormattingRule();
        return {
          leading: leading === undefined ? undefined : new RegExp(leading, 'y'),
          whole: new RegExp(`^(?:${format.pattern()})$`),
          pattern: new RegExp(format.pattern()),
          national: rule ? format.format().replace(/(\$\d)/, rule) : format.format(),
          international: format.internationalFormat(),
          source: `${leading === undefined ? '' : `(?=(?:${leading}))`}(?:${format.pattern()})`,
        };
      });
    compiledFormats.set(plan, formats);
  }
  return formats;
}

/** What {@link nationalOf} needs of a region: its plan's rules for reading a national number. */
export interface Shortcut {
  /** The national prefix its parser strips. */
  prefix?: RegExp;
  /** What the prefix becomes, when the parser turns it into other digits. */
  transform?: string;
  /** Whether that adds digits to a number (an area code to a local number). */
  lengthens: boolean;
  /** Its national number pattern, whole. */
  pattern: RegExp;
  /** Matches what fits one of the formats ({@link fits}): each one's pattern, behind its leading digits. */
  formats: RegExp;
  /** Whether its plan has possible lengths, which the parser checks a national number against. */
  checked: boolean;
  /**
   * Its calling code's regions in the parser's order, each with its possible lengths (they differ
   * in some: +1, +44), and the leading digits that name it, or else the lengths of every kind of
   * number it has (getNumberType()'s types; none when a type does not say).
   */
  regions: { code: CountryCode; lengths: number[]; leading?: RegExp; typed?: number[] }[];
  /** The region itself, whose plan reads numbers of its calling code that name none of its regions. */
  region: CountryCode;
  /** The home's international prefix and calling code, which the parser may read at the start of a national number. */
  idd: RegExp;
  callingCode: string;
}

// Per region; null for a region the shortcut cannot stand for the parser in: one without a calling
// code of its own (non-geographic numbers), or whose calling code's regions format differently.
const shortcuts = new Map<string, Shortcut | null>();

/** @internal Exported for the test that pins {@link nationalOf} to the parser. */
export function shortcutOf(region: CountryCode): Shortcut | null {
  let shortcut = shortcuts.get(region);
  if (shortcut === undefined) {
    const plan = planOf(region) as unknown as PlanInternals;
    const callingCode = CODE_OF.get(region);
    const regions = callingCode ? CALLING_CODES[callingCode]! : [];
    // One pattern of every format of the plan, each behind its leading digits: faster than trying them one by one.
    const formats = new Set(regions.map((code) => formatsOf(code).map(({ source }) => source).join('|')));
    const forParsing = plan.nationalPrefixForParsing();
    shortcut =
      !callingCode || formats.size > 1
        ? null
        : {
            prefix: forParsing ? new RegExp(`^(?:${forParsing})`) : undefined,
            transform: plan.nationalPrefixTransformRule(),
            lengthens: lengthens(plan.nationalPrefixTransformRule()),
            pattern: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
            formats: new RegExp(`^(?:${[...formats][0] || '(?!)'})$`),
            checked: !!plan.possibleLengths(),
            regions: regions.map((code) => {
              const plan = planOf(code) as unknown as PlanInternals;
              const leading = plan.leadingDigits();
              return { code, lengths: lengthsOf(code), leading: leading ? new RegExp(leading, 'y') : undefined, typed: typedLengths(plan) };
            }),
            idd: new RegExp(plan.IDDPrefix(), 'y'),
            callingCode,
            region,
          };
    shortcuts.set(region, shortcut);
  }
  return shortcut;
}

// The kinds of number getNumberType() tells, by which the parser picks a region of a shared calling code.
const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

/** The lengths of every kind of number of a plan; undefined when a kind does not say (any length may be one). */
function typedLengths(plan: PlanInternals): number[] | undefined {
  const lengths: number[] = [];
  for (const type of TYPES) {
    const definition = plan.type(type);
    if (!definition) continue;
    const possible = definition.possibleLengths();
    if (!possible) return undefined;
    lengths.push(...possible);
  }
  return lengths;
}

/**
 * The region whose plan the parser reads a national number in: the one of its calling code it
 * names, as getCountryByCallingCode() picks it (by leading digits, else by kind of number), or else
 * the shortcut's own; undefined when a kind of number of a region may have its length (parse to know).
 */
function namedRegion({ regions, region }: Shortcut, national: string): CountryCode | undefined {
  if (regions.length === 1) return regions[0]!.code;
  for (const { code, leading, typed } of regions) {
    if (leading) {
      leading.lastIndex = 0;
      if (leading.test(national)) return code;
    } else if (!typed || typed.includes(national.length)) return undefined;
  }
  return region;
}

/** The region the parser reads a national number in (see namedRegion), when no kind of number there has its length: no valid number. */
function untypedRegion(shortcut: Shortcut, national: string): CountryCode | undefined {
  const region = namedRegion(shortcut, national);
  const typed = shortcut.regions.find(({ code }) => code === region)?.typed;
  return typed && !typed.includes(national.length) ? region : undefined;
}

/** Whether a national prefix rule adds digits ("670$1": Saipan's area code before a local number); the metadata may give 0 for none. */
function lengthens(rule: unknown): boolean {
  return typeof rule === 'string' && /\d/.test(rule.replace(/\$\d/g, ''));
}

/** Whether a national number of this length is possible in the parser's eyes (not too short, no length between). */
function possibleLength(lengths: number[], length: number): boolean {
  return lengths[0] === length || (lengths[0]! < length && (lengths.at(-1)! < length || lengths.includes(length)));
}

/**
 * The national number the parser reads in these digits (after the calling code they name, if any),
 * worked out as libphonenumber-js's extractNationalNumber() does, without its cost (a parse per
 * completion was most of a keystroke's time): null when the parser takes no number; undefined
 * when only parsing can tell (the home's international prefix or calling code may start it, or its
 * length depends on a region of the calling code that only the parser can pick).
 * @internal Exported for the test that pins it to the parser.
 */
export function nationalOf(shortcut: Shortcut, digits: string, named?: string): string | null | undefined {
  const { prefix, transform, pattern, checked, regions, idd, callingCode } = shortcut;
  const number = named ? digits.slice(named.length) : digits;
  if (!named) {
    idd.lastIndex = 0;
    if (idd.test(digits) || digits.startsWith(callingCode)) return undefined;
  }
  const match = prefix?.exec(number);
  const last = match?.[match.length - 1];
  let national = !match ? number : transform && match.length > 1 && last ? number.replace(prefix!, transform) : number.slice(match[0].length);
  if (national !== number) {
    // The prefix stays when stripping it turns a whole number into none, or leaves a length the plan does not have.
    let possible = false;
    let impossible = false;
    for (const { lengths } of checked ? regions : []) {
      if (possibleLength(lengths, national.length)) possible = true;
      else impossible = true;
    }
    if (pattern.test(number) && !pattern.test(national)) national = number;
    else if (possible && impossible) {
      // The regions differ: the one the parser names tells, when it can be told without it.
      const region = namedRegion(shortcut, national);
      if (!region) return undefined;
      if (!possibleLength(lengthsOf(region), national.length)) national = number;
    } else if (impossible) national = number;
  }
  return national.length < 2 || national.length > 17 ? null : national;
}

/** Lays the typed digits over a formatted template: `901234` on `090-1234-5555` → `90-1234`. */
function overlay(typed: string, template: string): string | undefined {
  const templateDigits = template.replace(/\D/g, '');
  // The template may carry a national prefix the user left out ("90…" for "090…").
  const skip = templateDigits.startsWith(typed) ? 0 : templateDigits.slice(1).startsWith(typed) ? 1 : -1;
  if (skip < 0) return undefined;
  let seen = 0;
  let out = '';
  let pending = '';
  // By index and by character code: a keystroke comes here for each completion it tries.
  for (let i = 0; i < template.length && seen - skip < typed.length; i++) {
    const ch = template[i]!;
    if (ch < '0' || ch > '9') pending += ch;
    else if (seen++ >= skip) {
      // Separators go between digits; before the first one only an opening bracket: "(415".
      out += (out ? pending : pending.replace(/[^(]/g, '')) + ch;
      pending = '';
    }
  }
  return out;
}

/**
 * Formats a number as it is being typed: `0901234` → `090-1234`, `+81901234` → `+81 90 1234`. A
 * number started without its national prefix (`90…` for `090…`, as some guides ask) is formatted all
 * the same: `90-1234-5678`; one typed with it after the country code keeps it: `+81 090 1234 5678`;
 * one dialled with the home country's own international prefix keeps that: `010 81 90 1234 5678`
 * (and names no country, as the prefix only works from home).
 * Never deletes a typed digit (but a leading `00` becomes `+`), never throws; input that is not a
 * number, or whose rules are not loaded yet, comes back as it was.
 */
export function formatTyped(input: string, defaultCountry?: string): TypedNumber {
  const home = isCountry(defaultCountry) ? defaultCountry : undefined;
  if (missingRules(input, home)) return { text: String(input ?? '') };
  const text = clean(input, home);
  if (!/^\+?[\d\s\-.()/]*$/.test(text)) return { text: String(input ?? '') };
  const international = text.startsWith('+');
  const digits = text.replace(/\D/g, '');
  // Japan's 010 (the US's 011, …), read as the parser reads it: formatted as "+", shown as typed.
  // It names no country: "010" means "abroad" only from the home country, which must stay picked.
  const idd = international ? undefined : iddAt(digits, home);
  if (idd) return { text: `${idd} ${formatTyped(`+${digits.slice(idd.length)}`).text.slice(1)}` };
  const callingCode = international ? callingCodeAt(digits) : undefined;
  const country = callingCode ? CALLING_CODES[callingCode]![0] : international ? undefined : home;
  if (!country || digits.length < 2) return { text: international ? `+${digits}` : digits };
  // Complete the number with filler digits, from the shortest length the country allows to the
  // longest plus a national prefix; format the first completion the formatter groups (else the first
  // it takes), and keep the part the user typed: the formatter's own rules, at a fraction of
  // AsYouType's weight.
  const lengths = lengthsOf(country);
  const [shortest, longest] = [Math.min(...lengths), Math.max(...lengths)];
  const typedLength = digits.length - (callingCode?.length ?? 0);
  let formatted: string | undefined;
  let named: CountryCode | undefined = callingCode ? country : undefined;
  // First only the completions that are grouped, then (when none is) all of them, for the first the parser takes.
  const shortcut = shortcutOf(country);
  for (const quick of [true, false]) {
    if (formatted !== undefined) break;
    for (let filler = '5'.repeat(Math.max(0, shortest - typedLength)); typedLength + filler.length <= longest + 2; filler += '5') {
      const all = digits + filler;
      // What only the parser can read is parsed, and so is a complete number with its calling code (the
      // parser names its region).
      const read = shortcut && (filler || !callingCode) ? nationalOf(shortcut, all, callingCode) : undefined;
      // No format fits what the parser reads: no grouping (most completions).
      if (read === null || (quick && read && !shortcut!.formats.test(read))) continue;
      let national = read;
      let region: CountryCode | undefined;
      if (typeof national !== 'string') {
        try {
          const filled = parse((international ? '+' : '') + all, country);
          [national, region] = [filled.nationalNumber, filled.country];
        } catch {
          // Too short or too long for the parser: try the next length.
          continue;
        }
      }
      const parts = formatParts(national, country);
      const isGrouped = /\D/.test(parts.national);
      if (quick && !isGrouped) continue;
      // "+81 090…": put back before the number what the parser dropped, the national prefix.
      const template = callingCode ? `${callingCode} ${all.slice(callingCode.length, -national.length)}${parts.international}` : parts.national;
      const typed = overlay(digits, template);
      if (typed === undefined) continue;
      if (!filler && callingCode && region && isGrouped) named = region;
      formatted = typed;
      break;
    }
  }
  const result = (international ? '+' : '') + (formatted ?? digits);
  // Formatting keeps what missingRules() reads (the digits, the `+`, the prefixes): the field asks
  // it about the formatted text next, and the check does. Not when dropping punctuation brought a
  // 00 to the front ("-0058…"), which reads as a `+` there.
  if (!result.startsWith('00')) lastMissing = { input: result, home, code: undefined };
  return { text: result, ...(named && { country: named }) };
}

/** A region of the picker: ISO code and calling code. */
export interface CountryInfo {
  code: CountryCode;
  callingCode: string;
}

/** Every region the metadata knows, in ISO order. */
export function listCountries(): CountryInfo[] {
  return [...CODE_OF].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, callingCode]) => ({ code, callingCode }));
}

/** The calling code of a region, e.g. `81` for `JP`; undefined for an unknown region. */
export function callingCodeOf(country: string): string | undefined {
  return CODE_OF.get(country as CountryCode);
}

/**
 * Hides all but the country code and the last four digits: `+81 •• •••• 5678`.
 * Input must be E.164.
 */
export function maskPhone(e164: string): string {
  let formatted = e164;
  try {
    formatted = parsePhoneNumberWithError(e164, { extract: false }, metadata).formatInternational();
  } catch {
    // Unparseable: mask the raw digits.
  }
  const [, cc = '', rest = formatted] = /^(\+\d+)\s(.*)$/.exec(formatted) ?? [];
  let keep = 4;
  const masked = [...rest]
    .reverse()
    .map((ch) => (/\d/.test(ch) ? (keep-- > 0 ? ch : '•') : ch))
    .reverse()
    .join('');
  return cc ? `${cc} ${masked}` : masked;
}
