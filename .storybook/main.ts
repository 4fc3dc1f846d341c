// Storybook for the elements: one story file per element under stories/, controls from
// custom-elements.json, and the reference backend mounted so the stories are live.
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    const { mergeConfig } = await import('vite');
    const { DevOutbox, MfaService, anonymousSession, createMfaHandler } = await import('../server/index.js');
    // The outbox is readable, as in the demo: a story's codes can be read at /api/mfa/__dev/outbox.
    // Made only for the dev server: a static build has no backend, and the service refuses a
    // readable outbox where NODE_ENV is production, as a build sets it.
    const api = () => createMfaHandler({ service: new MfaService({ sender: new DevOutbox(), devOutbox: true }), identify: anonymousSession() });
    return mergeConfig(viteConfig, {
      // No browser runs decorators natively yet: lower them.
      esbuild: { target: 'es2022' },
      // A block body: a function returned from configureServer would be run by Vite as a late hook.
      plugins: [
        {
          name: 'mfa-reference-backend',
          configureServer(server: { middlewares: { use(h: unknown): void } }) {
            server.middlewares.use(api());
          },
        },
      ],
    });
  },
};
export default config;
