import { css } from 'lit';

// `.number`: the number's row is laid out on its own (size and layout containment): typing changes
// only the text in it, and without the containment each keystroke laid out the field, the element
// and the page around them again (half of a keystroke's time). So its height is set, as the
// input's own: the control height, or one line and the input's padding and border when the font
// is larger. (A comment here, not in the CSS, which ships as it is written.)
export const styles = css`
  :host {
    max-width: var(--mfa-phone-input-max-width, 28rem);
  }
  .field:last-child {
    margin-block-end: 0;
  }
  .control {
    position: relative;
    display: flex;
    align-items: stretch;
  }
  .flag,
  .prefix {
    display: inline-flex;
    align-items: center;
    padding-inline: 0.75rem;
    border: 1px solid var(--_border);
    border-inline-end: none;
    border-radius: 0;
    border-start-start-radius: var(--_radius);
    border-end-start-radius: var(--_radius);
    background: var(--_surface);
    white-space: nowrap;
  }
  .flag {
    font-size: 1.25em;
    min-width: 3rem;
    justify-content: center;
    cursor: pointer;
  }
  .number {
    contain: size layout;
    height: var(--_control);
    height: max(var(--_control), calc(1lh + 1rem + 2px));
  }
  .control input {
    flex: 1;
    min-width: 0;
  }
  .flag + input,
  .prefix + input {
    border-start-start-radius: 0;
    border-end-start-radius: 0;
  }
  input[role='combobox'] {
    padding-inline-end: 2.75rem;
    text-overflow: ellipsis;
  }
  .toggle {
    position: absolute;
    inset-block: 1px;
    inset-inline-end: 1px;
    min-width: 2.5rem;
    min-height: 0;
    padding: 0;
    border: none;
    border-radius: 0;
    border-start-end-radius: var(--_radius);
    border-end-end-radius: var(--_radius);
    background: transparent;
    color: var(--_text);
  }
  .toggle svg {
    width: 1rem;
    height: 1rem;
    transition: transform 0.15s;
  }
  .toggle[aria-expanded='true'] svg {
    transform: rotate(180deg);
  }
  .popup {
    position: fixed;
    top: 0;
    left: 0;
    z-index: var(--mfa-popup-z-index, 1000);
    display: flex;
    flex-direction: column;
    max-height: 20rem;
    overflow: hidden;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
  }
  .popup[hidden] {
    display: none;
  }
  [role='listbox'] {
    margin: 0;
    padding: 0.25rem 0;
    list-style: none;
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  [role='option'] {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    min-height: 2.5rem;
    padding: 0.375rem 0.75rem;
    cursor: pointer;
  }
  [role='option'].last-preferred {
    border-block-end: 1px solid var(--_border);
  }
  [role='option']:hover {
    background: var(--_surface);
  }
  [role='option'].active {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  [role='option'] .check {
    margin-inline-start: auto;
    visibility: hidden;
  }
  [role='option'].current .check {
    visibility: visible;
  }
  .no-match {
    margin: 0;
    padding: 0.75rem;
    color: var(--_muted);
  }
  .no-match:empty {
    display: none;
  }
  @media (forced-colors: active) {
    [role='option'].active {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
    .popup {
      border: 1px solid CanvasText;
    }
  }
`;
