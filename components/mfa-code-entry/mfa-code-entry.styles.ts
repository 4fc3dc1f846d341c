import { css } from 'lit';

export const styles = css`
  :host {
    max-width: 28rem;
  }
  form {
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  p,
  .field {
    margin: 0;
  }
  [part~='input'] {
    font-size: 1.25em;
    letter-spacing: 0.25em;
    font-variant-numeric: tabular-nums;
  }
  label.check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    font-weight: 400;
    min-height: 1.5rem;
  }
  label.check input {
    width: 1.5rem;
    min-height: 1.5rem;
    margin: 0;
    accent-color: var(--_primary);
  }
`;
