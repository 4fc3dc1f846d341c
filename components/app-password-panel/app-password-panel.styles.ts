import { css } from 'lit';

/** The panel's own look, on top of the shared `baseStyles` and `panelStyles`. */
export const styles = css`
  p,
  .intro,
  .issued p {
    margin: 0 0 var(--_space);
  }
  ul {
    list-style: none;
    margin: 0 0 var(--_space);
    padding: 0;
    border-top: 1px solid var(--_border);
  }
  li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    justify-content: space-between;
    padding-block: 0.75rem;
    border-bottom: 1px solid var(--_border);
  }
  li > div {
    min-width: 0;
  }
  .name {
    display: block;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .confirm {
    flex-basis: 100%;
  }
  .confirm p {
    margin-block-end: 0.5rem;
  }
  .password {
    display: inline-block;
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 1.5em;
    letter-spacing: 0.05em;
    -webkit-user-select: all;
    user-select: all;
  }
  .password span + span {
    margin-inline-start: 0.5em;
  }
  .status {
    margin: 0;
  }
  button.danger {
    background: var(--_error);
    border-color: var(--_error);
    color: var(--_bg);
  }
`;
