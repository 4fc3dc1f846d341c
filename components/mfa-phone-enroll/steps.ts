/** Steps 2 and 3 of `<mfa-phone-enroll>`: loaded when the user starts on step 1, not before its first render. */
import '../mfa-code-entry/mfa-code-entry.js';
import '../app-password-panel/app-password-panel.js';
