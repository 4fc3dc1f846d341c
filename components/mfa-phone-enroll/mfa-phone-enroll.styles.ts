import { css } from 'lit';

export const styles = css`
  :host {
    max-width: var(--mfa-phone-enroll-max-width, 32rem);
  }
  h2 {
    font-size: 1.25em;
    margin: 0 0 var(--_space);
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 3px solid var(--_focus);
  }
  [hidden] {
    display: none !important;
  }
  mfa-phone-input {
    margin-block-end: var(--_space);
  }
  .notice {
    color: var(--_muted);
    font-size: 0.875em;
    margin-block-end: var(--_space);
  }
  .notice ::slotted(*) {
    margin: 0;
  }
  .notice p {
    margin: 0;
  }
  .error:not(:empty) {
    margin-block-end: var(--_space);
  }
  app-password-panel {
    margin-block-end: var(--_space);
  }
`;
