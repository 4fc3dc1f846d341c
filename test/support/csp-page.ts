export {};
/**
 * Runs inside a page served under the strict CSP with Trusted Types (see backend.ts): records every
 * policy violation, defines and renders every element, drives each through a first interaction, and
 * reports to the parent test.
 */
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective}: ${event.blockedURI || event.sample}`));
window.addEventListener('error', (event) => violations.push(`error: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => violations.push(`unhandled rejection: ${String(event.reason)}`));

const report: Record<string, unknown> = {};
try {
  // A language other than English, so that its file is loaded under the policy too.
  document.documentElement.lang = 'zh-TW';
  await import('../../components/index.js');
  const tags = ['mfa-phone-enroll', 'mfa-phone-input', 'mfa-code-entry', 'app-password-panel', 'mfa-security-info'];
  for (const tag of tags) {
    const element = document.createElement(tag);
    element.setAttribute('endpoint', '/api/mfa');
    document.body.append(element);
  }
  await Promise.all(tags.map((tag) => customElements.whenDefined(tag)));
  // Each renders once its language has arrived: waited for, not guessed (a cold server on a busy
  // machine took longer than any fixed pause).
  await Promise.all(tags.map((tag) => (document.querySelector(tag) as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete));
  for (const tag of tags) {
    const root = document.querySelector(tag)!.shadowRoot;
    report[tag] = { rendered: (root?.childElementCount ?? 0) > 0, styled: (root?.adoptedStyleSheets?.length ?? 0) > 0 };
  }
  report.language = document.querySelector('mfa-code-entry')!.shadowRoot!.querySelector('[part~="send-button"]')?.textContent?.trim();
  // Text that looks like markup must stay text under Trusted Types: type it into the phone field.
  const input = document.querySelector('mfa-phone-input')!.shadowRoot!.querySelector('input');
  if (input) {
    input.value = '<img src=x onerror=alert(1)>';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new Event('blur'));
  }
  await (document.querySelector('mfa-phone-input') as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  // The lazy pieces load as same-origin modules too: the list's positioning, another country's rules.
  const phone = document.querySelector('mfa-phone-input')!.shadowRoot!;
  const number = phone.querySelector<HTMLInputElement>('#number')!;
  const popup = phone.querySelector<HTMLElement>('.popup')!;
  phone.querySelector<HTMLButtonElement>('.toggle')!.click();
  number.value = '+447400123456';
  number.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
  for (let i = 0; i < 100 && (number.value !== '+44 7400 123456' || !popup.style.maxHeight); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  report.lazy = { formatted: number.value, positioned: !!popup.style.maxHeight };
} catch (error) {
  violations.push(`failed: ${String(error)}`);
}
parent.postMessage({ kind: 'csp-report', violations, report }, location.origin);
