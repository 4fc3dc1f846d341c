/**
 * Run inside a Storybook story's page by scripts/screenshots.ts (bundled with esbuild as the global
 * `mfaStory`): waits for the story to settle, then reads what it shows with the browser tests' own
 * helpers (test/support/layout.ts).
 */
import { clipped, readable } from '../test/support/layout.js';

/** What a story shows once settled. */
export interface Shown {
  /** `<html lang>`, as the toolbar's language set it. */
  lang: string;
  /** Whether an element rendered into a shadow root. */
  rendered: boolean;
  /** Its text as a reader gets it. */
  text: string;
  /** Text overflowing its box or the story's root. */
  clipped: string[];
}

interface Channel {
  emit(event: string, data: unknown): void;
  once(event: string, listener: () => void): void;
}

/**
 * Shows another story in this page, as Storybook's sidebar does (with no reload): resolves once it
 * rendered or failed to (the page reports why), after `max` ms at the latest.
 */
export function select(storyId: string, max: number): Promise<void> {
  const channel = (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: Channel }).__STORYBOOK_ADDONS_CHANNEL__;
  return new Promise((resolve) => {
    for (const event of ['storyRendered', 'storyErrored', 'storyThrewException']) channel.once(event, resolve);
    setTimeout(resolve, max);
    channel.emit('setCurrentStory', { storyId, viewMode: 'story' });
  });
}

/**
 * Resolves once the story's text has not changed for `quiet` ms (after `max` ms at the latest: a
 * countdown never rests), with what it shows.
 */
export async function settle(quiet: number, max: number): Promise<Shown> {
  const root = document.querySelector<HTMLElement>('#storybook-root')!;
  const start = performance.now();
  let last = '';
  let since = start;
  for (;;) {
    const text = [...root.querySelectorAll('*')].some((el) => el.shadowRoot) ? readable(root) : '';
    const now = performance.now();
    if (text !== last) (last = text), (since = now);
    if ((text && now - since >= quiet) || now - start >= max) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { lang: document.documentElement.lang, rendered: Boolean(last), text: last, clipped: clipped(root) };
}

/** The share of a PNG's pixels (given as base64) that differ from its top-left one: 0 for a blank image. */
export async function inked(png: string): Promise<number> {
  const image = new Image();
  image.src = `data:image/png;base64,${png}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  let differ = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) differ++;
  return differ / (canvas.width * canvas.height);
}
