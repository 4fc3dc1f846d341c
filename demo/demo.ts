/**
 * The demo page's own script: defines the elements, shows the texts the simulated phone received
 * (the backend's development outbox) and logs the elements' events. DOM built with textContent only.
 */
import '../components/index.js';
import { LANGUAGES } from '../locales/index.js';

interface Message {
  to: string;
  channel: 'sms' | 'voice';
  text: string;
  sentAt: string;
}

const phone = document.querySelector<HTMLOListElement>('#phone')!;
const empty = document.querySelector<HTMLElement>('#phone-empty')!;
const events = document.querySelector<HTMLOListElement>('#events')!;
const lang = document.querySelector<HTMLSelectElement>('#lang')!;

function item(list: HTMLOListElement, title: string, body: string): void {
  const li = document.createElement('li');
  const strong = document.createElement('strong');
  strong.textContent = title;
  const text = document.createElement('span');
  text.textContent = body;
  li.append(strong, text);
  list.prepend(li);
}

let shown = 0;
async function poll(): Promise<void> {
  try {
    const response = await fetch('/api/mfa/__dev/outbox', { credentials: 'same-origin' });
    if (response.ok) {
      const { messages } = (await response.json()) as { messages: Message[] };
      for (const message of messages.slice(shown)) {
        const when = new Date(message.sentAt).toLocaleTimeString();
        const ja = lang.value === 'ja';
        const kind = message.channel === 'voice' ? (ja ? '電話' : 'Call') : ja ? 'テキスト' : 'Text';
        item(phone, `${kind} ${ja ? '→' : 'to'} ${message.to}, ${when}`, message.text);
      }
      shown = messages.length;
      empty.hidden = shown > 0;
    }
  } finally {
    setTimeout(poll, 1000);
  }
}
void poll();

// Event details never hold a secret, so the whole detail can be shown.
for (const name of ['mfa-code-sent', 'mfa-verified', 'mfa-error', 'mfa-enrolled', 'mfa-step-change', 'mfa-app-password-created', 'mfa-app-password-revoked', 'mfa-phone-changed', 'mfa-method-changed']) {
  document.addEventListener(name, (event) => {
    const detail = (event as CustomEvent).detail as Record<string, unknown>;
    const shownDetail = name === 'mfa-error' ? { code: (detail.error as { code: string }).code } : detail;
    item(events, name, JSON.stringify(shownDetail));
  });
}

// The menu: every shipped language, named in itself.
for (const [value, name] of Object.entries(LANGUAGES)) lang.add(Object.assign(new Option(name, value), { lang: value }));

// The elements follow <html lang> by themselves, in any of the languages of the menu. The page's own
// texts are in English, and in Japanese in data-ja; in the other languages they stay in English,
// marked as such for screen readers. ?lang=ko opens the page in Korean, so a link can show it that way.
const english = new Map([...document.querySelectorAll<HTMLElement>('[data-ja]')].map((node) => [node, node.textContent ?? '']));
function setLanguage(value: string): void {
  document.documentElement.lang = value;
  lang.value = value;
  for (const [node, text] of english) {
    node.textContent = value === 'ja' ? node.dataset.ja! : text;
    if (value === 'ja' || value === 'en') node.removeAttribute('lang');
    else node.lang = 'en';
  }
}
const asked = new URLSearchParams(location.search).get('lang');
setLanguage(asked && Object.hasOwn(LANGUAGES, asked) ? asked : 'en');
lang.addEventListener('change', () => setLanguage(lang.value));
