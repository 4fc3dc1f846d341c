/**
 * Copying text to the clipboard: the async Clipboard API, else a readonly field selected in the
 * caller's (shadow) root and `execCommand('copy')`. The outcome says whether the UI can confirm
 * "Copied" or must ask the user to copy by hand. The text is never logged or kept.
 */

/** What became of a copy: on the clipboard, or left for the user to copy by hand. */
export type CopyOutcome = 'copied' | 'manual';

/**
 * Copies `text`. Call it from a user action (a click), so that both ways are allowed.
 * @param root Where the fallback field goes: the element's shadow root keeps focus and selection in it.
 */
export async function copyText(text: string, root: ShadowRoot | HTMLElement = document.body): Promise<CopyOutcome> {
  try {
    // Missing in insecure contexts and older engines (a TypeError here); refused without permission.
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    return copyBySelection(text, root) ? 'copied' : 'manual';
  }
}

function copyBySelection(text: string, root: ShadowRoot | HTMLElement): boolean {
  const active = (root instanceof ShadowRoot ? root : document).activeElement as HTMLElement | null;
  const field = document.createElement('textarea');
  field.readOnly = true;
  field.tabIndex = -1;
  field.setAttribute('aria-hidden', 'true');
  // CSSOM, not a style attribute: allowed under a strict CSP.
  Object.assign(field.style, { position: 'fixed', top: '0', left: '0', width: '1px', height: '1px', opacity: '0' });
  field.value = text;
  root.append(field);
  let copied = false;
  try {
    field.focus({ preventScroll: true });
    field.select();
    field.setSelectionRange(0, text.length);
    copied = document.execCommand('copy');
  } catch {
    // Some engines throw instead of answering false: the user copies by hand.
  } finally {
    field.value = '';
    field.remove();
    active?.focus({ preventScroll: true });
  }
  return copied;
}
