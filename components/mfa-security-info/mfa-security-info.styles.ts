import { css } from 'lit';

/** The element's own look, on top of the shared `baseStyles` and `panelStyles`. */
export const styles = css`
  :host {
    max-width: var(--mfa-security-info-max-width, 40rem);
  }
  h2:focus,
  h3:focus {
    outline: none;
  }
  h2:focus-visible,
  h3:focus-visible {
    outline: 3px solid var(--_focus);
  }
  p {
    margin: 0 0 var(--_space);
  }
  .phone {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    justify-content: space-between;
  }
  .number {
    display: block;
    font-weight: 600;
    font-size: 1.125em;
  }
  mfa-code-entry,
  mfa-phone-enroll {
    margin-block-end: var(--_space);
  }
  .status {
    margin: 0;
  }
  .error:not(:empty) {
    margin-block-end: var(--_space);
  }
`;
