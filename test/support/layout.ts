/**
 * What a page shows, read through shadow roots: its text as a reader gets it, and text that is
 * clipped or overflows. Used by the browser tests and, bundled into the page, by the Storybook
 * screenshots (scripts/screenshots.ts).
 */

/** Every element under `root`, through shadow roots. */
export function deep(root: Element | ShadowRoot): Element[] {
  const out: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) out.push(...deep(el.shadowRoot));
  }
  return out;
}

const shown = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';

/** What a reader gets: visible text, and accessible names given as attributes. */
export function readable(root: Element): string {
  const parts: string[] = [];
  for (const el of deep(root)) {
    if (!shown(el)) continue;
    for (const node of el.childNodes) if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent!);
    for (const attribute of ['aria-label', 'placeholder', 'title']) if (el.hasAttribute(attribute)) parts.push(el.getAttribute(attribute)!);
  }
  return parts.join('\n').replace(/\s+/g, ' ');
}

/** Elements whose text overflows its box or the page (`page`'s box, 320 px wide in the tests). */
export function clipped(page: HTMLElement): string[] {
  const { left, right } = page.getBoundingClientRect();
  const bad: string[] = [];
  for (const el of deep(page)) {
    if (!shown(el) || el instanceof HTMLInputElement || el.closest('[hidden]') || ![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) continue;
    // Text for screen readers only sits in a 1 px box on purpose.
    if (el.clientWidth <= 1) continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    const box = range.getBoundingClientRect();
    const text = `${el.localName}: ${el.textContent!.trim().slice(0, 40)}`;
    if (box.left < left - 1 || box.right > right + 1) bad.push(`${text} (outside the page)`);
    else if (el.scrollWidth > el.clientWidth + 1) bad.push(`${text} (${el.scrollWidth} px in ${el.clientWidth})`);
  }
  return bad;
}
