/**
 * The shared styling API: `--mfa-*` tokens with light and dark defaults, and the base look of
 * fields, buttons and messages. Every element adopts it, so a page themes all of them at once.
 *
 * Tokens: --mfa-font-family, --mfa-font-size, --mfa-color-text, --mfa-color-muted,
 * --mfa-color-background, --mfa-color-surface, --mfa-color-border, --mfa-color-primary,
 * --mfa-color-on-primary, --mfa-color-error, --mfa-color-success, --mfa-color-focus, --mfa-radius,
 * --mfa-spacing, --mfa-control-height.
 */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    --_text: var(--mfa-color-text, #1b1b1f);
    --_muted: var(--mfa-color-muted, #55565e);
    --_bg: var(--mfa-color-background, #ffffff);
    --_surface: var(--mfa-color-surface, #f3f4f7);
    --_border: var(--mfa-color-border, #74757e);
    --_primary: var(--mfa-color-primary, #0b57d0);
    --_on-primary: var(--mfa-color-on-primary, #ffffff);
    --_error: var(--mfa-color-error, #b3261e);
    --_success: var(--mfa-color-success, #146c2e);
    --_focus: var(--mfa-color-focus, #0b57d0);
    --_radius: var(--mfa-radius, 6px);
    --_space: var(--mfa-spacing, 1rem);
    --_control: var(--mfa-control-height, 2.75rem);
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--mfa-font-family, system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans JP', sans-serif);
    font-size: var(--mfa-font-size, 1rem);
    line-height: 1.5;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_text: var(--mfa-color-text, #e6e6ea);
      --_muted: var(--mfa-color-muted, #b9bac3);
      --_bg: var(--mfa-color-background, #1b1b1f);
      --_surface: var(--mfa-color-surface, #2a2b31);
      --_border: var(--mfa-color-border, #9a9ba5);
      --_primary: var(--mfa-color-primary, #a8c7fa);
      --_on-primary: var(--mfa-color-on-primary, #062e6f);
      --_error: var(--mfa-color-error, #f2b8b5);
      --_success: var(--mfa-color-success, #6dd58c);
      --_focus: var(--mfa-color-focus, #a8c7fa);
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    margin-block: 0 var(--_space);
  }
  label,
  .label {
    font-weight: 600;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
    margin: 0;
  }
  input {
    min-height: var(--_control);
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
    width: 100%;
  }
  input[aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  button {
    min-height: var(--_control);
    min-width: 2.75rem;
    padding: 0.5rem 1.25rem;
    border-radius: var(--_radius);
    border: 1px solid var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  button.secondary,
  button.link {
    background: transparent;
    color: var(--_primary);
  }
  button.link {
    border-color: transparent;
    padding-inline: 0.5rem;
    text-decoration: underline;
  }
  /* Japanese lines break between phrases where the engine can, not mid-word. */
  :host(:lang(ja)) {
    word-break: auto-phrase;
  }
  /* A link starting a row lines its text up with the text above, keeping its target size. */
  .actions > button.link:first-child {
    margin-inline-start: calc(-0.5rem - 1px);
  }
  button:disabled,
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .error {
    color: var(--_error);
    margin: 0;
  }
  .success {
    color: var(--_success);
    margin: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    button,
    input {
      border: 1px solid CanvasText;
      forced-color-adjust: auto;
    }
    button:disabled,
    button[aria-disabled='true'] {
      color: GrayText;
      border-color: GrayText;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      transition-duration: 0.01ms !important;
    }
  }
`;

/** The headings and boxed parts (a notice, a password, a phone) of the panels that list things. */
export const panelStyles = css`
  h2,
  h3 {
    margin: 0 0 0.5rem;
    font-size: 1.25em;
  }
  h3 {
    font-size: 1em;
  }
  .box {
    margin-block: 0 var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
`;

/** A choice of methods as radio buttons (`<fieldset>`, `<legend>`, `label.choice`): text or call. */
export const choiceStyles = css`
  fieldset {
    border: none;
    margin: 0 0 var(--_space);
    padding: 0;
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-block-end: 0.25rem;
  }
  .choice {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    min-height: 2.75rem;
    cursor: pointer;
  }
  .choice input {
    width: 1.25rem;
    height: 1.25rem;
    min-height: 0;
    margin: 0;
    accent-color: var(--_primary);
  }
`;
