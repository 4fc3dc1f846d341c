/**
 * The kit bundle, `mfa-elements.bundle.js`, for pages without a build step: defines every element.
 * The enrollment and its phone field come in this file; the code entry and the app-password panel
 * (the enrollment's steps 2 and 3) in a chunk fetched right after it, so that they do not delay the
 * first render. `<mfa-security-info>`, for the page users come back to later, is a chunk of its own.
 */
export * from './mfa-phone-enroll/mfa-phone-enroll.js';
export * from './mfa-phone-input/mfa-phone-input.js';

import('./mfa-phone-enroll/steps.js').catch(() => {
  // Offline just then: the enrollment tries again when it needs them.
});
import('./mfa-security-info/mfa-security-info.js').catch(() => {
  // Offline just then: a reload defines it.
});
