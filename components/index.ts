/**
 * mfa-elements: defines every element. Import one element's module instead to load only that
 * element (`mfa-elements/mfa-code-entry`).
 */
export * from './mfa-code-entry/mfa-code-entry.js';
export * from './mfa-phone-input/mfa-phone-input.js';
export * from './mfa-phone-enroll/mfa-phone-enroll.js';
export * from './app-password-panel/app-password-panel.js';
export * from './mfa-security-info/mfa-security-info.js';
