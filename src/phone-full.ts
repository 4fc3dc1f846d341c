/**
 * The phone helpers with every region's rules (the whole `mobile` metadata of libphonenumber-js),
 * for the server and the core's users, who read any number at once. The elements load the rules
 * per calling code instead (`loadRules` in phone.ts). The rules are added on first use, not as a
 * side effect of importing, so that no bundler can drop them.
 */
import full from 'libphonenumber-js/metadata.mobile.json';
import * as phone from './phone.js';

export { callingCodeOf, isCountry, listCountries } from './phone.js';
export type { CountryCode, CountryInfo, MobileNumber, TypedNumber } from './phone.js';

let added = false;

function withRules<A extends unknown[], R>(helper: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    if (!added) phone.addRules(full as unknown as phone.PhoneRules);
    added = true;
    return helper(...args);
  };
}

/** See phone.ts; every region's rules are there. */
export const parseMobileNumber = withRules(phone.parseMobileNumber);
export const canReceiveSms = withRules(phone.canReceiveSms);
export const formatTyped = withRules(phone.formatTyped);
export const maskPhone = withRules(phone.maskPhone);
