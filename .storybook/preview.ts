import { setCustomElementsManifest } from '@storybook/web-components-vite';
import type { Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import { LANGUAGES } from '../locales/index.js';

setCustomElementsManifest(manifest);

const preview: Preview = {
  globalTypes: {
    lang: {
      description: 'Language of the elements',
      // Every shipped language (locales/index.ts); the elements load each one the first time it is chosen.
      toolbar: { title: 'Language', icon: 'globe', dynamicTitle: true, items: Object.entries(LANGUAGES).map(([value, title]) => ({ value, title })) },
    },
    dir: {
      description: 'Writing direction of the page, to check that the elements mirror',
      toolbar: { title: 'Direction', icon: 'transfer', dynamicTitle: true, items: [{ value: 'ltr', title: 'Left to right' }, { value: 'rtl', title: 'Right to left' }] },
    },
  },
  initialGlobals: { lang: 'en', dir: 'ltr' },
  decorators: [
    (story, context) => {
      document.documentElement.lang = context.globals.lang ?? 'en';
      document.documentElement.dir = context.globals.dir ?? 'ltr';
      return story();
    },
  ],
};
export default preview;
