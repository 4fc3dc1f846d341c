import { setCustomElementsManifest } from '@storybook/web-components-vite';
import type { Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';

setCustomElementsManifest(manifest);

const preview: Preview = {
  globalTypes: {
    lang: {
      description: 'Language of the elements',
      toolbar: { title: 'Language', items: [{ value: 'en', title: 'English' }, { value: 'ja', title: '日本語' }] },
    },
  },
  initialGlobals: { lang: 'en' },
  decorators: [
    (story, context) => {
      document.documentElement.lang = context.globals.lang ?? 'en';
      return story();
    },
  ],
};
export default preview;
