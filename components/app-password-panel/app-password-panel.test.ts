import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import sinon from 'sinon';
import { MfaClient } from '../../src/client.js';
import type { MfaError } from '../../src/errors.js';
import type { IssuedAppPassword } from '../../src/types.js';
import { ENDPOINT, newSession, requests, respondNext, until } from '../../test/support/api.js';
import { appPasswordPanel as en } from '../../locales/en.js';
import japanese from '../../locales/ja.js';
import './app-password-panel.js';
import type { AppPasswordPanel } from './app-password-panel.js';

const LANGS = ['en', 'ja'] as const;
const ja = japanese.appPasswordPanel;
const HTML_NAME = '<img src=x onerror="window.__pwned=1"><b>bold</b> & co';

const root = (el: AppPasswordPanel) => el.shadowRoot!;
const part = <T extends HTMLElement = HTMLElement>(el: AppPasswordPanel, name: string) => root(el).querySelector<T>(`[part~='${name}']`);
const parts = (el: AppPasswordPanel, name: string) => [...root(el).querySelectorAll<HTMLElement>(`[part~='${name}']`)];
const text = (el: AppPasswordPanel, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const is = (el: AppPasswordPanel, state: string) => el.matches(`:state(${state})`);
const input = (el: AppPasswordPanel) => part<HTMLInputElement>(el, 'input')!;
const focused = (el: AppPasswordPanel) => root(el).activeElement;
const compact = (password: string) => password.replace(/\s/g, '');
/** The groups the shown password is split into. */
const groupsShown = (el: AppPasswordPanel) => [...part(el, 'password')!.children].map((group) => group.textContent);
const deletes = async () => (await requests()).filter((r) => r.method === 'DELETE').length;
const creates = async () => (await requests()).filter((r) => r.method === 'POST').length;

/** Creates app passwords for the session's user before the panel loads. */
async function seed(...names: string[]): Promise<IssuedAppPassword[]> {
  const client = new MfaClient({ baseUrl: ENDPOINT });
  const made: IssuedAppPassword[] = [];
  for (const name of names) made.push(await client.createAppPassword(name));
  return made;
}

/** A management panel on the reference backend, once its list has loaded (or failed). */
async function panel(lang: string = 'en', template?: ReturnType<typeof html>): Promise<AppPasswordPanel> {
  const el = await fixture<AppPasswordPanel>(template ?? html`<app-password-panel endpoint=${ENDPOINT} lang=${lang}></app-password-panel>`);
  await until(() => !is(el, 'loading'), 5000, 'the list to load');
  await el.updateComplete;
  return el;
}

function type(el: AppPasswordPanel, value: string): void {
  input(el).value = value;
  input(el).dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** Creates a password through the panel and waits until it is shown. */
async function create(el: AppPasswordPanel, name: string): Promise<string> {
  type(el, name);
  part(el, 'create-button')!.click();
  await until(() => part(el, 'password'), 5000, 'the new password');
  await el.updateComplete;
  return text(el, 'password');
}

/** A real mouse click (user activation, as the Clipboard API wants). */
async function realClick(target: HTMLElement): Promise<void> {
  target.scrollIntoView({ block: 'center' });
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
}

/** What a real Ctrl+V pastes: the system clipboard, read back in every engine. */
async function readClipboard(): Promise<string> {
  const field = document.createElement('input');
  field.setAttribute('aria-label', 'Paste here');
  document.body.append(field);
  field.focus();
  await chord('Control', '\uE009', 'v');
  await until(() => field.value !== '', 3000, 'the paste');
  const pasted = field.value;
  field.remove();
  return pasted;
}

// Chromium and Firefox run under Puppeteer, which holds a key down; WebKit runs under WebDriver,
// whose launcher only presses, but sends one string as a chord.
const webdriver = !/Chrome\/|Firefox\//.test(navigator.userAgent);

/** A key pressed with a modifier held: `modifier` by name, or its WebDriver code point. */
async function chord(modifier: string, code: string, key: string, webdriverKey = key): Promise<void> {
  if (webdriver) return sendKeys({ press: code + webdriverKey });
  await sendKeys({ down: modifier });
  await sendKeys({ press: key });
  await sendKeys({ up: modifier });
}

const shiftTab = () => chord('Shift', '\uE008', 'Tab', '\uE004');

/** Every attribute value in the panel's shadow tree and on its host. */
function attributeValues(el: AppPasswordPanel): string[] {
  const elements = [el, ...root(el).querySelectorAll('*')];
  return elements.flatMap((node) => [...node.attributes].map((attribute) => attribute.value));
}

/** Everything the shadow tree holds: its text, every attribute and every field's value. */
function shadowContent(el: AppPasswordPanel): string {
  const values = [...root(el).querySelectorAll('*')].map((node) => (node as HTMLInputElement).value ?? '');
  return [root(el).textContent, ...attributeValues(el), ...values].join('\n');
}

const formatDate = (lang: string, iso: string) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(iso));

describe('app-password-panel', () => {
  beforeEach(() => newSession());
  afterEach(() => sinon.restore());

  describe('accessibility (axe)', () => {
    for (const lang of LANGS) {
      it(`is accessible while loading, empty and with a list (${lang})`, async () => {
        await respondNext({ status: 200, body: { appPasswords: [] }, delayMs: 800 });
        const el = await fixture<AppPasswordPanel>(html`<app-password-panel endpoint=${ENDPOINT} lang=${lang}></app-password-panel>`);
        expect(is(el, 'loading')).to.equal(true);
        expect(text(el, 'loading')).to.equal((lang === 'ja' ? ja : en).loading);
        await expect(el).to.be.accessible();
        await until(() => is(el, 'empty'), 5000, 'the empty state');
        expect(part(el, 'empty')).to.exist;
        await expect(el).to.be.accessible();
        await seed('Thunderbird', 'Apple Mail');
        const listed = await panel(lang);
        expect(parts(listed, 'item')).to.have.length(2);
        await expect(listed).to.be.accessible();
      });

      it(`is accessible with a new password, a confirmation, errors and copy-by-hand (${lang})`, async () => {
        await seed('Thunderbird');
        const el = await panel(lang);
        type(el, '   ');
        part(el, 'create-button')!.click();
        await el.updateComplete;
        expect(input(el).getAttribute('aria-invalid')).to.equal('true');
        await expect(el).to.be.accessible();
        await create(el, 'Apple Mail');
        await expect(el).to.be.accessible();
        sinon.stub(navigator.clipboard, 'writeText').rejects(new DOMException('Refused', 'NotAllowedError'));
        sinon.stub(document, 'execCommand').returns(false);
        part(el, 'copy-button')!.click();
        await until(() => part(el, 'manual-input'), 3000, 'the copy-by-hand field');
        await expect(el).to.be.accessible();
        part(el, 'done-button')!.click();
        await el.updateComplete;
        parts(el, 'revoke-button')[0]!.click();
        await el.updateComplete;
        expect(part(el, 'confirm-button')).to.exist;
        await expect(el).to.be.accessible();
        await respondNext({ status: 500, body: { error: { code: 'server_error', message: 'Boom' } } });
        part(el, 'confirm-button')!.click();
        await until(() => is(el, 'error'), 5000, 'the revoke error');
        await expect(el).to.be.accessible();
      });

      it(`is accessible while creating, after creating failed and while deleting (${lang})`, async () => {
        await seed('Thunderbird', 'Apple Mail');
        const el = await panel(lang);
        await respondNext({ status: 500, body: { error: { code: 'server_error', message: 'Boom' } }, delayMs: 2500 });
        type(el, 'Mail');
        part(el, 'create-button')!.click();
        await el.updateComplete;
        expect(is(el, 'creating')).to.equal(true);
        await expect(el).to.be.accessible();
        expect(is(el, 'creating'), 'still creating after the check').to.equal(true);
        await until(() => !is(el, 'creating'), 5000, 'the create error');
        await el.updateComplete;
        expect(text(el, 'error')).to.equal(lang === 'ja' ? 'サーバーで問題が発生しました。もう一度お試しください。' : 'Something went wrong on our side. Try again.');
        await expect(el).to.be.accessible();
        await respondNext({ status: 204, delayMs: 2500 });
        parts(el, 'revoke-button')[0]!.click();
        await el.updateComplete;
        part(el, 'confirm-button')!.click();
        await el.updateComplete;
        expect(is(el, 'revoking')).to.equal(true);
        expect(parts(el, 'revoke-button')[0]!.getAttribute('aria-disabled')).to.equal('true');
        await expect(el).to.be.accessible();
        expect(is(el, 'revoking'), 'still deleting after the check').to.equal(true);
        await until(() => parts(el, 'item').length === 1, 5000, 'the deletion');
      });

      it(`is accessible when loading failed, and in display mode (${lang})`, async () => {
        await respondNext({ status: 503, body: { error: { code: 'server_error', message: 'Down' } } });
        const el = await panel(lang);
        expect(part(el, 'retry-button')).to.exist;
        await expect(el).to.be.accessible();
        const issued: IssuedAppPassword = { id: 'ap_1', name: 'Default', createdAt: '2026-11-28T12:00:00Z', password: 'abcdefghijklmnop' };
        const shown = await fixture<AppPasswordPanel>(html`<app-password-panel mode="display" lang=${lang} .issued=${issued}></app-password-panel>`);
        await expect(shown).to.be.accessible();
      });
    }
  });

  describe('list', () => {
    it('lists names, creation dates and "Never used", oldest first', async () => {
      const [first, second] = await seed('Thunderbird', 'Apple Mail');
      const el = await panel();
      expect(parts(el, 'name').map((n) => n.textContent)).to.deep.equal(['Thunderbird', 'Apple Mail']);
      const item = text(el, 'item');
      expect(item.replace(/\s+/g, ' ')).to.include(`Created ${formatDate('en', first!.createdAt)} · Never used`);
      expect(parts(el, 'item')[1]!.querySelector('time')!.getAttribute('datetime')).to.equal(second!.createdAt);
      expect(text(el, 'title')).to.equal('App passwords');
      expect(parts(el, 'revoke-button').map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Delete "Thunderbird"', 'Delete "Apple Mail"']);
      expect(is(el, 'empty')).to.equal(false);
    });

    it('sets the explanation under the heading apart from the empty state that follows it', async () => {
      const el = await panel();
      const intro = part(el, 'intro')!.getBoundingClientRect();
      const empty = part(el, 'empty')!.getBoundingClientRect();
      expect(empty.top - intro.bottom).to.be.at.least(8);
    });

    it('shows when a password was last used, in the UI language', async () => {
      const list = [{ id: 'ap_1', name: 'Thunderbird', createdAt: '2026-01-05T09:00:00Z', lastUsedAt: '2026-11-20T08:30:00Z' }];
      await respondNext({ status: 200, body: { appPasswords: list } });
      const el = await panel();
      expect(text(el, 'item')).to.include(`Last used ${formatDate('en', '2026-11-20T08:30:00Z')}`);
      await respondNext({ status: 200, body: { appPasswords: [...list, { ...list[0], id: 'ap_2', name: 'Mail', lastUsedAt: null }] } });
      const jaPanel = await panel('ja');
      const items = parts(jaPanel, 'item').map((i) => i.textContent!.replace(/\s+/g, ' '));
      expect(items[0]).to.include(`最終使用日 ${formatDate('ja', '2026-11-20T08:30:00Z')}`);
      expect(items[0]).to.include(`作成日 ${formatDate('ja', '2026-01-05T09:00:00Z')}`);
      expect(items[1]).to.include('未使用');
      expect(text(jaPanel, 'title')).to.equal('アプリ パスワード');
      expect(text(jaPanel, 'revoke-button')).to.equal('削除');
      expect(text(jaPanel, 'create-button')).to.equal('作成');
    });

    it('words Japanese as the rest of the kit does', () => {
      const texts = Object.values(ja).map((value) => (typeof value === 'function' ? (value as (...args: unknown[]) => string)('Thunderbird', 65) : value));
      for (const words of texts) {
        expect(words, words).not.to.include('アプリパスワード');
        expect(words, words).not.to.include('端末');
        expect(words, words).not.to.include('?');
      }
      expect(ja.lastUsed).to.equal('最終使用日');
    });

    it('shows a designed empty state', async () => {
      const el = await panel();
      expect(is(el, 'empty')).to.equal(true);
      expect(text(el, 'empty')).to.equal(en.empty);
      expect(part(el, 'list')).to.equal(null);
      expect(part(el, 'form')).to.exist;
    });

    it('takes its language from an ancestor and its strings from `strings`', async () => {
      const wrapper = await fixture(html`<div lang="ja"><app-password-panel endpoint=${ENDPOINT} .strings=${{ title: 'メール用パスワード' }}></app-password-panel></div>`);
      const el = wrapper.querySelector('app-password-panel')!;
      await until(() => !is(el, 'loading'), 5000, 'the list');
      await el.updateComplete;
      expect(text(el, 'title')).to.equal('メール用パスワード');
      expect(text(el, 'empty')).to.equal(ja.empty);
      el.lang = 'en';
      await el.updateComplete;
      expect(el.getAttribute('lang')).to.equal('en');
      expect(text(el, 'empty')).to.equal(en.empty);
    });

    it('loads with a client set after it was put on the page', async () => {
      await seed('Thunderbird');
      const el = await fixture<AppPasswordPanel>(html`<app-password-panel></app-password-panel>`);
      await until(() => !is(el, 'loading'), 5000, 'the first attempt');
      expect(await requests()).to.have.length(1);
      el.client = new MfaClient({ baseUrl: ENDPOINT });
      await until(() => part(el, 'list'), 5000, 'the list');
      expect(parts(el, 'name').map((n) => n.textContent)).to.deep.equal(['Thunderbird']);
    });

    it('renders a name made of HTML as text, everywhere it appears', async () => {
      await seed(HTML_NAME);
      const el = await panel();
      expect(part(el, 'name')!.textContent).to.equal(HTML_NAME);
      expect(root(el).querySelector('img, b')).to.equal(null);
      parts(el, 'revoke-button')[0]!.click();
      await el.updateComplete;
      expect(root(el).querySelector('#confirm')!.textContent).to.equal(`Delete "${HTML_NAME}"?`);
      part(el, 'cancel-button')!.click();
      await create(el, HTML_NAME);
      expect(root(el).querySelector('#issued-title')!.textContent).to.equal(`Your new app password for "${HTML_NAME}"`);
      expect(root(el).querySelector('img, b')).to.equal(null);
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    });
  });

  describe('create', () => {
    it('creates a password and shows it once, grouped, with the advice; the event has no password', async () => {
      const el = await panel();
      const created = oneEvent(el, 'mfa-app-password-created');
      const shown = await create(el, '  Thunderbird  ');
      const { detail } = await created;
      expect(shown).to.match(/^[a-z]{16}$/);
      expect(groupsShown(el)).to.deep.equal(shown.match(/.{4}/g));
      expect(Object.keys(detail).sort()).to.deep.equal(['createdAt', 'id', 'name']);
      expect(detail.name).to.equal('Thunderbird');
      expect(JSON.stringify(detail)).not.to.include(compact(shown));
      expect(text(el, 'advice')).to.equal(en.advice);
      expect(text(el, 'status')).to.equal('App password "Thunderbird" was created.');
      expect(parts(el, 'name').map((n) => n.textContent)).to.deep.equal(['Thunderbird']);
      expect(is(el, 'issued')).to.equal(true);
      expect(focused(el)).to.equal(part(el, 'copy-button'));
      expect(await creates()).to.equal(1);
    });

    it('removes the password from the DOM when dismissed with Done, and never shows it again', async () => {
      const el = await panel();
      const password = compact(await create(el, 'Thunderbird'));
      part(el, 'done-button')!.click();
      await el.updateComplete;
      expect(shadowContent(el)).not.to.include(password);
      expect(part(el, 'password')).to.equal(null);
      expect(is(el, 'issued')).to.equal(false);
      expect(focused(el)).to.equal(input(el));
      const again = await panel();
      expect(parts(again, 'name').map((n) => n.textContent)).to.deep.equal(['Thunderbird']);
      expect(root(again).textContent).not.to.include(password);
    });

    it('never puts the password in an attribute, the console or storage', async () => {
      const logs = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => sinon.spy(console, method));
      const el = await panel();
      const password = compact(await create(el, 'Thunderbird'));
      sinon.stub(navigator.clipboard, 'writeText').resolves();
      part(el, 'copy-button')!.click();
      await until(() => text(el, 'status') === 'Copied');
      const grouped = password.replace(/(.{4})(?=.)/g, '$1 ');
      for (const value of attributeValues(el)) {
        expect(value).not.to.include(password);
        expect(value).not.to.include(grouped);
      }
      const logged = logs.flatMap((spy) => spy.args.flat().map(String));
      expect(logged.some((line) => line.includes(password))).to.equal(false);
      for (const storage of [localStorage, sessionStorage]) {
        for (let i = 0; i < storage.length; i++) expect(storage.getItem(storage.key(i)!)).not.to.include(password);
      }
    });

    it('refuses an empty, too long or hidden-character name with a specific message, keeps what was typed, and sends nothing', async () => {
      const el = await panel();
      type(el, '    ');
      part(el, 'create-button')!.click();
      await el.updateComplete;
      expect(text(el, 'error')).to.equal(en.nameEmpty);
      expect(input(el).getAttribute('aria-invalid')).to.equal('true');
      expect(input(el).getAttribute('aria-describedby')).to.include('name-error');
      expect(focused(el)).to.equal(input(el));
      expect(is(el, 'error')).to.equal(true);
      const long = 'x'.repeat(65);
      type(el, long);
      part(el, 'create-button')!.click();
      await el.updateComplete;
      expect(text(el, 'error')).to.equal('The name can have at most 64 characters; it has 65.');
      expect(input(el).value).to.equal(long);
      type(el, 'Thunderbird\u202Egpj.exe');
      part(el, 'create-button')!.click();
      await el.updateComplete;
      expect(text(el, 'error')).to.equal(en.nameHidden);
      await expect(el).to.be.accessible();
      expect(await creates()).to.equal(0);
      type(el, ` ${'y'.repeat(64)} `);
      await el.updateComplete;
      expect(input(el).getAttribute('aria-invalid')).to.equal('false');
      const created = oneEvent(el, 'mfa-app-password-created');
      part(el, 'create-button')!.click();
      expect((await created).detail.name).to.equal('y'.repeat(64));
    });

    it('says what went wrong in Japanese too', async () => {
      const el = await panel('ja');
      part(el, 'create-button')!.click();
      await el.updateComplete;
      expect(text(el, 'error')).to.equal('アプリ パスワードの名前を入力してください。');
      expect(root(el).querySelector('#name-hint')!.textContent).to.equal('アプリとデバイスがわかる名前にしてください (例: 「ノート PC の Thunderbird」)。');
    });

    it('makes one request for a double click, or Enter and a click, on Create', async () => {
      const el = await panel();
      await respondNext({ status: 201, body: { id: 'ap_1', name: 'Mail', createdAt: '2026-11-28T12:00:00Z', password: 'abcdefghijklmnop' }, delayMs: 400 });
      type(el, 'Mail');
      const button = part(el, 'create-button')!;
      await realClick(button);
      expect(is(el, 'creating')).to.equal(true);
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      await realClick(button);
      input(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      part<HTMLFormElement>(el, 'form')!.requestSubmit();
      await until(() => part(el, 'password'), 5000, 'the password');
      expect(groupsShown(el)).to.deep.equal(['abcd', 'efgh', 'ijkl', 'mnop']);
      expect(await creates()).to.equal(1);
    });

    it('works with the keyboard alone', async () => {
      const el = await panel();
      input(el).focus();
      for (const key of 'Mail') await sendKeys({ press: key });
      await sendKeys({ press: 'Enter' });
      await until(() => part(el, 'password'), 5000, 'the password');
      await el.updateComplete;
      expect(focused(el)).to.equal(part(el, 'copy-button'));
      const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
      await sendKeys({ press: 'Enter' });
      await until(() => writeText.called, 3000, 'the copy');
      await sendKeys({ press: 'Tab' });
      expect(focused(el)).to.equal(part(el, 'done-button'));
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      await until(() => focused(el) === input(el), 3000, 'focus on the name field');
      await sendKeys({ press: 'Tab' });
      expect(focused(el)).to.equal(part(el, 'create-button'));
      await shiftTab();
      await shiftTab();
      expect(focused(el)).to.equal(parts(el, 'revoke-button')[0]);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      await until(() => focused(el) === part(el, 'cancel-button'), 3000, 'focus on Cancel');
      await sendKeys({ press: 'Escape' });
      await until(() => focused(el) === parts(el, 'revoke-button')[0], 3000, 'focus back on Delete');
      expect(await deletes()).to.equal(0);
    });
  });

  describe('copy', () => {
    it('sets the advice apart from the Copy button below it', async () => {
      const el = await panel();
      await create(el, 'Mail');
      const advice = part(el, 'advice')!.getBoundingClientRect();
      expect(part(el, 'copy-button')!.getBoundingClientRect().top - advice.bottom).to.be.at.least(8);
    });

    it('shows four groups with no whitespace in the text, so that selecting it by hand copies the password whole', async () => {
      const el = await panel();
      await respondNext({ status: 201, body: { id: 'ap_1', name: 'Mail', createdAt: '2026-11-28T12:00:00Z', password: 'abcdefghijklmnop' } });
      await create(el, 'Mail');
      const password = part(el, 'password')!;
      expect(password.textContent).to.equal('abcdefghijklmnop');
      expect(groupsShown(el)).to.deep.equal(['abcd', 'efgh', 'ijkl', 'mnop']);
      const [first, second] = [...password.children].map((group) => group.getBoundingClientRect());
      expect(second!.left - first!.right).to.be.greaterThan(5);
      expect(password.getAttribute('role')).to.equal('list');
      expect([...password.children].map((group) => group.getAttribute('role'))).to.deep.equal(['listitem', 'listitem', 'listitem', 'listitem']);
      await realClick(password);
      await chord('Control', '\uE009', 'c');
      expect(await readClipboard()).to.equal('abcdefghijklmnop');
    });

    it('puts the password on the clipboard without spaces and says "Copied"', async () => {
      const el = await panel();
      const shown = await create(el, 'Thunderbird');
      await realClick(part(el, 'copy-button')!);
      await until(() => text(el, 'status') === 'Copied', 3000, '"Copied"');
      expect(part(el, 'status')!.getAttribute('role')).to.equal('status');
      expect(await readClipboard()).to.equal(compact(shown));
    });

    it('hands exactly the password without spaces to navigator.clipboard.writeText', async () => {
      const el = await panel('ja');
      const shown = await create(el, 'Thunderbird');
      const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
      part(el, 'copy-button')!.click();
      await until(() => text(el, 'status') === 'コピーしました', 3000, 'コピーしました');
      expect(writeText).to.have.been.calledOnceWithExactly(compact(shown));
      expect(text(el, 'copy-button')).to.equal('コピー');
      expect(text(el, 'done-button')).to.equal('完了');
    });

    it('falls back to a selected field and execCommand when the Clipboard API refuses', async () => {
      const el = await panel();
      const shown = await create(el, 'Thunderbird');
      const writeText = sinon.stub(navigator.clipboard, 'writeText').rejects(new DOMException('Refused', 'NotAllowedError'));
      const execCommand = sinon.spy(document, 'execCommand');
      await realClick(part(el, 'copy-button')!);
      await until(() => text(el, 'status') === 'Copied', 3000, '"Copied"');
      expect(writeText).to.have.been.calledOnce;
      expect(execCommand).to.have.been.calledWith('copy');
      expect(root(el).querySelector('textarea')).to.equal(null);
      expect(focused(el)).to.equal(part(el, 'copy-button'));
      expect(await readClipboard()).to.equal(compact(shown));
    });

    it('falls back when the Clipboard API is missing', async () => {
      const el = await panel();
      const shown = await create(el, 'Thunderbird');
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
      try {
        await realClick(part(el, 'copy-button')!);
        await until(() => text(el, 'status') === 'Copied', 3000, '"Copied"');
      } finally {
        delete (navigator as { clipboard?: unknown }).clipboard;
      }
      expect(navigator.clipboard).to.exist;
      expect(await readClipboard()).to.equal(compact(shown));
    });

    it('asks the user to copy by hand from a selected field when both ways fail', async () => {
      const el = await panel();
      const shown = await create(el, 'Thunderbird');
      sinon.stub(navigator.clipboard, 'writeText').rejects(new DOMException('Refused', 'NotAllowedError'));
      sinon.stub(document, 'execCommand').returns(false);
      part(el, 'copy-button')!.click();
      await until(() => part(el, 'manual-input'), 3000, 'the copy-by-hand field');
      await el.updateComplete;
      const field = part<HTMLInputElement>(el, 'manual-input')!;
      expect(text(el, 'status')).to.equal(en.copyManual);
      expect(field.value).to.equal(compact(shown));
      expect(field.readOnly).to.equal(true);
      expect(focused(el)).to.equal(field);
      expect([field.selectionStart, field.selectionEnd]).to.deep.equal([0, 16]);
      expect(field.getAttribute('value')).to.equal(null);
    });
  });

  describe('revoke', () => {
    it('deletes after a confirmation that names the password', async () => {
      const [thunderbird] = await seed('Thunderbird', 'Apple Mail');
      const el = await panel();
      parts(el, 'revoke-button')[0]!.click();
      await el.updateComplete;
      expect(is(el, 'confirming')).to.equal(true);
      expect(root(el).querySelector('#confirm')!.textContent).to.equal('Delete "Thunderbird"?');
      await until(() => focused(el) === part(el, 'cancel-button'), 3000, 'focus on Cancel');
      expect(await deletes()).to.equal(0);
      const revoked = oneEvent(el, 'mfa-app-password-revoked');
      part(el, 'confirm-button')!.click();
      expect((await revoked).detail).to.deep.equal({ id: thunderbird!.id });
      await el.updateComplete;
      expect(parts(el, 'name').map((n) => n.textContent)).to.deep.equal(['Apple Mail']);
      await until(() => text(el, 'status') === '"Thunderbird" was deleted.', 3000, 'the announcement');
      await until(() => focused(el) === parts(el, 'revoke-button')[0], 3000, 'focus on the next Delete');
      expect((await requests()).filter((r) => r.method === 'DELETE').map((r) => r.path)).to.deep.equal([`/app-passwords/${thunderbird!.id}`]);
      expect((await new MfaClient({ baseUrl: ENDPOINT }).listAppPasswords()).map((p) => p.name)).to.deep.equal(['Apple Mail']);
    });

    it('moves focus to the name field when the last password is deleted, in Japanese', async () => {
      await seed('Thunderbird');
      const el = await panel('ja');
      parts(el, 'revoke-button')[0]!.click();
      await el.updateComplete;
      expect(root(el).querySelector('#confirm')!.textContent).to.equal('「Thunderbird」を削除しますか？');
      expect(root(el).querySelector('.confirm .hint')!.textContent).to.equal('このパスワードを使っているアプリはサインインできなくなります。');
      part(el, 'confirm-button')!.click();
      await until(() => is(el, 'empty'), 5000, 'the empty list');
      expect(text(el, 'status')).to.equal('「Thunderbird」を削除しました。');
      await until(() => focused(el) === input(el), 3000, 'focus on the name field');
    });

    it('cancels back to the row\'s Delete button without a request', async () => {
      await seed('Thunderbird', 'Apple Mail');
      const el = await panel();
      parts(el, 'revoke-button')[1]!.click();
      await el.updateComplete;
      part(el, 'cancel-button')!.click();
      await el.updateComplete;
      expect(is(el, 'confirming')).to.equal(false);
      await until(() => focused(el) === parts(el, 'revoke-button')[1], 3000, 'focus on the row\'s Delete');
      expect(await deletes()).to.equal(0);
      expect(parts(el, 'item')).to.have.length(2);
    });

    it('keeps the other Delete buttons unavailable while one password is deleted, so its failure stays under its own confirmation', async () => {
      await seed('Thunderbird', 'Apple Mail');
      const el = await panel();
      await respondNext({ status: 500, body: { error: { code: 'server_error', message: 'Boom.' } }, delayMs: 600 });
      parts(el, 'revoke-button')[0]!.click();
      await el.updateComplete;
      part(el, 'confirm-button')!.click();
      await el.updateComplete;
      expect(is(el, 'revoking')).to.equal(true);
      const other = parts(el, 'revoke-button')[0]!;
      expect(other.getAttribute('aria-label')).to.equal('Delete "Apple Mail"');
      expect(other.getAttribute('aria-disabled')).to.equal('true');
      await realClick(other);
      other.click();
      await el.updateComplete;
      expect(root(el).querySelector('#confirm')!.textContent).to.equal('Delete "Thunderbird"?');
      await until(() => !is(el, 'revoking'), 5000, 'the request to end');
      await el.updateComplete;
      expect(root(el).querySelector('#confirm')!.textContent).to.equal('Delete "Thunderbird"?');
      expect(root(el).querySelector('.confirm [part~=error]')?.textContent).to.equal('Something went wrong on our side. Try again.');
      expect(parts(el, 'item')).to.have.length(2);
      expect(parts(el, 'revoke-button')[0]!.getAttribute('aria-disabled')).to.equal('false');
      expect(await deletes()).to.equal(1);
    });

    it('lets an outcome that comes after Cancel touch no confirmation and leave no hidden error', async () => {
      await seed('Thunderbird', 'Apple Mail');
      const el = await panel();
      await respondNext({ status: 500, body: { error: { code: 'server_error', message: 'Boom.' } }, delayMs: 600 });
      parts(el, 'revoke-button')[0]!.click();
      await el.updateComplete;
      part(el, 'confirm-button')!.click();
      await el.updateComplete;
      part(el, 'cancel-button')!.click();
      await until(() => !is(el, 'revoking'), 5000, 'the failed request to end');
      await el.updateComplete;
      expect(is(el, 'confirming')).to.equal(false);
      expect(is(el, 'error')).to.equal(false);
      expect(part(el, 'error')).to.equal(null);
      expect(parts(el, 'item')).to.have.length(2);
      await respondNext({ status: 204, delayMs: 600 });
      parts(el, 'revoke-button')[0]!.click();
      await el.updateComplete;
      part(el, 'confirm-button')!.click();
      await el.updateComplete;
      part(el, 'cancel-button')!.click();
      await until(() => parts(el, 'item').length === 1, 5000, 'the deletion');
      await el.updateComplete;
      expect(is(el, 'confirming')).to.equal(false);
      expect(text(el, 'status')).to.equal('"Thunderbird" was deleted.');
    });

    it('makes one request for a double click on the confirming Delete', async () => {
      await seed('Thunderbird');
      const el = await panel();
      await respondNext({ status: 204, delayMs: 400 });
      // Counted where the page sends them. The server once counted two in Firefox on a busy machine:
      // a browser may send an idempotent request again by itself when the connection it reused was
      // closed under it, which is no second request of the panel's.
      const fetches = sinon.spy(globalThis, 'fetch');
      try {
        parts(el, 'revoke-button')[0]!.click();
        await el.updateComplete;
        const confirm = part(el, 'confirm-button')!;
        await realClick(confirm);
        expect(is(el, 'revoking')).to.equal(true);
        await realClick(confirm);
        confirm.click();
        await until(() => is(el, 'empty'), 5000, 'the deletion');
        expect(fetches.getCalls().filter((call) => (call.args[1] as RequestInit | undefined)?.method === 'DELETE')).to.have.length(1);
      } finally {
        fetches.restore();
      }
    });
  });

  describe('errors', () => {
    it('after a create whose outcome is unknown, lists what exists, so a password made anyway is in sight', async () => {
      const el = await panel();
      expect(parts(el, 'name')).to.have.length(0);
      // The server made it, but its answer was lost: the panel's request only saw a 502.
      await seed('Mail');
      await respondNext({ status: 502, body: { error: { code: 'server_error', message: 'Bad gateway.' } } });
      type(el, 'Mail');
      part(el, 'create-button')!.click();
      await until(() => parts(el, 'name').length === 1, 5000, 'the list to show the password made anyway');
      expect(parts(el, 'name').map((n) => n.textContent)).to.deep.equal(['Mail']);
      expect(text(el, 'error')).to.contain('Something went wrong on our side.');
      expect(input(el).value, 'the typed name stays').to.equal('Mail');
    });

    it('says plainly that a fresh code is needed when the backend asks for a step-up, in English and Japanese', async () => {
      for (const [lang, words] of [
        ['en', 'verify a code sent to your phone'],
        ['ja', '電話に送られたコードで確認'],
      ] as const) {
        await newSession({ stepUp: true });
        const el = await panel(lang);
        type(el, 'Thunderbird');
        part(el, 'create-button')!.click();
        await until(() => part(el, 'error'), 5000, 'the error');
        await el.updateComplete;
        expect(text(el, 'error')).to.contain(words);
        expect(input(el).value, 'the typed name stays').to.equal('Thunderbird');
        await expect(el).to.be.accessible();
        el.remove();
      }
    });

    const loadCases: [string, Parameters<typeof respondNext>[0], string][] = [
      ['unauthorized', { status: 401, body: { error: { code: 'unauthorized', message: 'Sign in.' } } }, 'Your session has ended. Sign in again.'],
      ['rate_limited', { status: 429, body: { error: { code: 'rate_limited', message: 'Slow down.' } }, headers: { 'Retry-After': '30' } }, 'Too many requests. Try again in 30 seconds.'],
      ['server_error', { status: 500, body: { error: { code: 'server_error', message: 'Boom.' } } }, 'Something went wrong on our side. Try again.'],
      ['bad_response', { status: 200, body: { passwords: [] } }, 'The server sent an unexpected answer. Try again.'],
    ];
    for (const [code, answer, message] of loadCases) {
      it(`shows a loading error with Retry: ${code}`, async () => {
        await seed('Thunderbird');
        await respondNext(answer);
        const el = await fixture<AppPasswordPanel>(html`<app-password-panel endpoint=${ENDPOINT}></app-password-panel>`);
        const { detail } = await oneEvent(el, 'mfa-error');
        expect((detail.error as MfaError).code).to.equal(code);
        await until(() => is(el, 'error'), 5000, 'the error state');
        await el.updateComplete;
        expect(text(el, 'error')).to.equal(`${en.loadFailed} ${message}`);
        expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
        expect(part(el, 'form')).to.equal(null);
        part(el, 'retry-button')!.click();
        await until(() => part(el, 'list'), 5000, 'the list after Retry');
        expect(is(el, 'error')).to.equal(false);
        expect(parts(el, 'name').map((n) => n.textContent)).to.deep.equal(['Thunderbird']);
      });
    }

    it('shows a loading error when the network fails, in Japanese, and retries', async () => {
      let offline = true;
      const client = new MfaClient({
        baseUrl: ENDPOINT,
        // A request to a closed port: a real network failure.
        fetch: (url, init) => (offline ? fetch('http://127.0.0.1:9/api/mfa/app-passwords', init) : fetch(url, init)),
      });
      const el = await panel('ja', html`<app-password-panel lang="ja" .client=${client}></app-password-panel>`);
      expect(is(el, 'error')).to.equal(true);
      expect(text(el, 'error')).to.equal(`${ja.loadFailed} 接続できませんでした。通信環境を確認して、もう一度お試しください。`);
      expect(text(el, 'retry-button')).to.equal('再試行');
      offline = false;
      part(el, 'retry-button')!.click();
      await until(() => is(el, 'empty'), 5000, 'the empty list after Retry');
      await until(() => focused(el) === input(el), 3000, 'focus on the name field');
    });

    const createCases: [string, Parameters<typeof respondNext>[0], string][] = [
      ['unauthorized', { status: 403, body: { error: { code: 'unauthorized', message: 'No.' } } }, 'Your session has ended. Sign in again.'],
      ['rate_limited', { status: 429, body: { error: { code: 'rate_limited', message: 'Slow down.', retryAfter: 12 } } }, 'Too many requests. Try again in 12 seconds.'],
      ['server_error', { status: 502, raw: '<html>Bad gateway</html>' }, 'Something went wrong on our side. Try again.'],
      ['bad_response', { status: 201, body: { id: 'ap_1', name: 'Mail', createdAt: '2026-11-28T12:00:00Z' } }, 'The server sent an unexpected answer. Try again.'],
    ];
    for (const [code, answer, message] of createCases) {
      it(`keeps the name and says why when creating fails: ${code}`, async () => {
        const el = await panel();
        await respondNext(answer);
        type(el, 'Mail');
        const failed = oneEvent(el, 'mfa-error');
        part(el, 'create-button')!.click();
        expect(((await failed).detail.error as MfaError).code).to.equal(code);
        await until(() => !is(el, 'creating'), 5000, 'the request to end');
        await el.updateComplete;
        expect(text(el, 'error')).to.equal(message);
        expect(input(el).value).to.equal('Mail');
        expect(part(el, 'password')).to.equal(null);
        expect(is(el, 'error')).to.equal(true);
        part(el, 'create-button')!.click();
        await until(() => part(el, 'password'), 5000, 'the password on the second try');
        expect(parts(el, 'name').map((n) => n.textContent)).to.deep.equal(['Mail']);
      });
    }

    it('keeps the name when the network fails while creating', async () => {
      let offline = false;
      const client = new MfaClient({ baseUrl: ENDPOINT, fetch: (url, init) => (offline ? fetch('http://127.0.0.1:9/api/mfa/app-passwords', init) : fetch(url, init)) });
      const el = await panel('en', html`<app-password-panel .client=${client}></app-password-panel>`);
      offline = true;
      type(el, 'Mail');
      const failed = oneEvent(el, 'mfa-error');
      part(el, 'create-button')!.click();
      expect(((await failed).detail.error as MfaError).code).to.equal('network_error');
      await el.updateComplete;
      expect(text(el, 'error')).to.equal('Could not connect. Check your connection and try again.');
      expect(input(el).value).to.equal('Mail');
      expect(await creates()).to.equal(0);
    });

    it('says a password was already deleted when the server does not know it (not_found): no error, and the page hears it is gone', async () => {
      const [thunderbird] = await seed('Thunderbird', 'Apple Mail');
      const el = await panel();
      const revoked: string[] = [];
      let errorEvents = 0;
      el.addEventListener('mfa-app-password-revoked', (event) => revoked.push(event.detail.id));
      el.addEventListener('mfa-error', () => errorEvents++);
      await respondNext({ status: 404, body: { error: { code: 'not_found', message: 'No such app password.' } } });
      parts(el, 'revoke-button')[0]!.click();
      await el.updateComplete;
      part(el, 'confirm-button')!.click();
      await until(() => parts(el, 'item').length === 1, 5000, 'the row to go');
      await el.updateComplete;
      expect(text(el, 'status')).to.equal('"Thunderbird" had already been deleted.');
      expect(await deletes()).to.equal(1);
      expect(errorEvents).to.equal(0);
      expect(revoked).to.deep.equal([thunderbird!.id]);
      expect(part(el, 'error')).to.equal(null);
      expect(is(el, 'error')).to.equal(false);
      expect(is(el, 'confirming')).to.equal(false);
    });

    for (const [code, answer, message] of [
      ['server_error', { status: 500, body: { error: { code: 'server_error', message: 'Boom.' } } }, 'Something went wrong on our side. Try again.'],
      ['rate_limited', { status: 429, headers: { 'Retry-After': '5' } }, 'Too many requests. Try again in 5 seconds.'],
      ['unauthorized', { status: 401 }, 'Your session has ended. Sign in again.'],
    ] as [string, Parameters<typeof respondNext>[0], string][]) {
      it(`keeps the confirmation and says why when deleting fails: ${code}`, async () => {
        await seed('Thunderbird');
        const el = await panel();
        await respondNext(answer);
        parts(el, 'revoke-button')[0]!.click();
        await el.updateComplete;
        const failed = oneEvent(el, 'mfa-error');
        part(el, 'confirm-button')!.click();
        expect(((await failed).detail.error as MfaError).code).to.equal(code);
        await until(() => !is(el, 'revoking'), 5000, 'the request to end');
        await el.updateComplete;
        expect(text(el, 'error')).to.equal(message);
        expect(parts(el, 'item')).to.have.length(1);
        part(el, 'confirm-button')!.click();
        await until(() => is(el, 'empty'), 5000, 'the deletion on the second try');
      });
    }

    /** Deletes the only password, "Thunderbird", and the request fails: the password, its confirmation and the message stay. */
    async function deleteFails(el: AppPasswordPanel, code: string, confirm: string, message: string): Promise<void> {
      parts(el, 'revoke-button')[0]!.click();
      await el.updateComplete;
      const failed = oneEvent(el, 'mfa-error');
      part(el, 'confirm-button')!.click();
      expect(((await failed).detail.error as MfaError).code).to.equal(code);
      await until(() => !is(el, 'revoking'), 5000, 'the request to end');
      await el.updateComplete;
      expect([root(el).querySelector('#confirm')!.textContent, text(el, 'error')]).to.deep.equal([confirm, message]);
      expect(parts(el, 'name').map((n) => n.textContent)).to.deep.equal(['Thunderbird']);
    }

    it('keeps the password and its confirmation when the network fails while deleting, and deletes on retry', async () => {
      await seed('Thunderbird');
      let offline = true;
      const client = new MfaClient({
        baseUrl: ENDPOINT,
        // Deletes go to a closed port: a real network failure.
        fetch: (url, init) => (offline && init?.method === 'DELETE' ? fetch('http://127.0.0.1:9/api/mfa/app-passwords', init) : fetch(url, init)),
      });
      const el = await panel('en', html`<app-password-panel .client=${client}></app-password-panel>`);
      await deleteFails(el, 'network_error', 'Delete "Thunderbird"?', 'Could not connect. Check your connection and try again.');
      expect(await deletes()).to.equal(0);
      offline = false;
      part(el, 'confirm-button')!.click();
      await until(() => is(el, 'empty'), 5000, 'the deletion on retry');
      expect(text(el, 'status')).to.equal('"Thunderbird" was deleted.');
      expect(await deletes()).to.equal(1);
      expect(await new MfaClient({ baseUrl: ENDPOINT }).listAppPasswords()).to.deep.equal([]);
    });

    it('keeps the password and its confirmation when deleting times out, says so in Japanese, and deletes on retry', async () => {
      await seed('Thunderbird');
      const client = new MfaClient({ baseUrl: ENDPOINT, timeoutMs: 500, retries: 0 });
      const el = await panel('ja', html`<app-password-panel lang="ja" .client=${client}></app-password-panel>`);
      await respondNext({ status: 204, delayMs: 3000 });
      await deleteFails(el, 'timeout', '「Thunderbird」を削除しますか？', 'サーバーの応答に時間がかかりすぎました。もう一度お試しください。');
      expect((await new MfaClient({ baseUrl: ENDPOINT }).listAppPasswords()).map((p) => p.name)).to.deep.equal(['Thunderbird']);
      part(el, 'confirm-button')!.click();
      await until(() => is(el, 'empty'), 5000, 'the deletion on retry');
      expect(text(el, 'status')).to.equal('「Thunderbird」を削除しました。');
      expect(await new MfaClient({ baseUrl: ENDPOINT }).listAppPasswords()).to.deep.equal([]);
    });

    it('uses overridden error texts', async () => {
      await respondNext({ status: 500, body: { error: { code: 'server_error', message: 'Boom.' } } });
      const el = await panel('en', html`<app-password-panel endpoint=${ENDPOINT} .strings=${{ errors: { server_error: 'Our mail service is down.' } }}></app-password-panel>`);
      expect(text(el, 'error')).to.equal(`${en.loadFailed} Our mail service is down.`);
    });
  });

  describe('display mode, clear() and disconnect', () => {
    const issued: IssuedAppPassword = { id: 'ap_1', name: 'Default', createdAt: '2026-11-28T12:00:00Z', password: 'qrstuvwxyzabcdef' };

    it('shows only the password it is given, with Copy and the advice, and makes no request', async () => {
      let events = 0;
      const el = await fixture<AppPasswordPanel>(
        html`<app-password-panel mode="display" endpoint=${ENDPOINT} .issued=${issued} @mfa-app-password-created=${() => events++}></app-password-panel>`,
      );
      expect(groupsShown(el)).to.deep.equal(['qrst', 'uvwx', 'yzab', 'cdef']);
      expect(text(el, 'advice')).to.equal(en.advice);
      expect(part(el, 'copy-button')).to.exist;
      for (const name of ['list', 'form', 'empty', 'loading', 'title', 'done-button']) expect(part(el, name), name).to.equal(null);
      const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
      part(el, 'copy-button')!.click();
      await until(() => text(el, 'status') === 'Copied', 3000, '"Copied"');
      expect(writeText).to.have.been.calledOnceWithExactly('qrstuvwxyzabcdef');
      expect(await requests()).to.deep.equal([]);
      expect(events).to.equal(0);
      el.focus();
      expect(focused(el)).to.equal(part(el, 'copy-button'));
    });

    it('clear() removes the password from the shadow DOM at once', async () => {
      const el = await fixture<AppPasswordPanel>(html`<app-password-panel mode="display" .issued=${issued}></app-password-panel>`);
      expect(root(el).textContent).to.include('qrstuvwx');
      el.clear();
      expect(shadowContent(el)).not.to.include('qrst');
      expect(el.issued).to.equal(undefined);
      expect(is(el, 'issued')).to.equal(false);
    });

    it('setting issued to undefined removes the password', async () => {
      const el = await fixture<AppPasswordPanel>(html`<app-password-panel mode="display" .issued=${issued}></app-password-panel>`);
      el.issued = undefined;
      await el.updateComplete;
      expect(shadowContent(el)).not.to.include('qrst');
      expect(part(el, 'copy-button')).to.equal(null);
    });

    it('disconnecting removes the password from the shadow DOM and memory', async () => {
      const el = await fixture<AppPasswordPanel>(html`<app-password-panel mode="display" .issued=${issued}></app-password-panel>`);
      el.remove();
      expect(shadowContent(el)).not.to.include('qrst');
      expect(el.issued).to.equal(undefined);
    });

    it('clear() and disconnect remove a password created in management mode', async () => {
      const el = await panel();
      const password = compact(await create(el, 'Thunderbird'));
      el.clear();
      expect(shadowContent(el)).not.to.include(password);
      expect(part(el, 'form')).to.exist;
      const other = await panel();
      const second = compact(await create(other, 'Mail'));
      other.remove();
      expect(shadowContent(other)).not.to.include(second);
      expect(other.issued).to.equal(undefined);
    });

    it('copies in display mode in Japanese', async () => {
      const el = await fixture<AppPasswordPanel>(html`<app-password-panel mode="display" lang="ja" .issued=${issued}></app-password-panel>`);
      expect(text(el, 'copy-button')).to.equal('コピー');
      await realClick(part(el, 'copy-button')!);
      await until(() => text(el, 'status') === 'コピーしました', 3000, 'コピーしました');
      expect(await readClipboard()).to.equal('qrstuvwxyzabcdef');
    });
  });
});
