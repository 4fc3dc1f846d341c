/**
 * Every element runs on a page with a strict Content-Security-Policy and Trusted Types, with no
 * violation (Trusted Types are enforced in Chromium; the CSP in every engine).
 */
import { expect } from '@open-wc/testing';

interface Report {
  kind: 'csp-report';
  violations: string[];
  report: Record<string, { rendered?: boolean; styled?: boolean; formatted?: string; positioned?: boolean }> & { language?: string };
}

it('renders every element, in a language loaded on demand, under script-src/style-src self and require-trusted-types-for script', async () => {
  const frame = document.createElement('iframe');
  const received = new Promise<Report>((resolve) => {
    window.addEventListener('message', function listen(event: MessageEvent<Report>) {
      if (event.data?.kind !== 'csp-report') return;
      window.removeEventListener('message', listen);
      resolve(event.data);
    });
  });
  frame.src = '/__test/csp-page';
  document.body.append(frame);
  const { violations, report } = await received;
  frame.remove();
  expect(violations).to.deep.equal([]);
  for (const tag of ['mfa-phone-enroll', 'mfa-phone-input', 'mfa-code-entry', 'app-password-panel', 'mfa-security-info']) {
    expect(report[tag], tag).to.deep.equal({ rendered: true, styled: true });
  }
  // The page is in Traditional Chinese: its language file was loaded as a module of the same origin.
  expect(report.language).to.equal('傳送驗證碼');
  expect(report.lazy, 'lazy chunks: positioning, rules of +44').to.deep.equal({ formatted: '+44 7400 123456', positioned: true });
});
