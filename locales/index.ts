// Written by scripts/locales.ts from the files in locales/: do not edit. `npm run build`, `npm start`
// and `npm test` write it again, so a language is added by adding its file.
import type { Translation } from './en.js';

/** Every shipped language by canonical tag, English first, with its name in itself (from `Intl.DisplayNames`). */
export const LANGUAGES: Readonly<Record<string, string>> = {
  en: 'English',
  id: 'Indonesia',
  ja: '日本語',
  ko: '한국어',
  ne: 'नेपाली',
  vi: 'Tiếng Việt',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
};

/**
 * Every shipped language but English (built into each element), each a module of its own that an
 * element loads the first time it shows that language. Literal imports, so that every bundler sees them.
 */
export const LOCALES: Readonly<Record<string, () => Promise<{ default: Translation }>>> = {
  id: () => import('./id.js'),
  ja: () => import('./ja.js'),
  ko: () => import('./ko.js'),
  ne: () => import('./ne.js'),
  vi: () => import('./vi.js'),
  'zh-Hans': () => import('./zh-Hans.js'),
  'zh-Hant': () => import('./zh-Hant.js'),
};
