// Builds dist/: ESM modules per public entry for bundlers (dependencies external), the
// self-contained bundles for <script type="module"> with no build step, and the Node server.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import minifyTemplates from '@lit-labs/rollup-plugin-minify-html-literals';
import esbuild from 'rollup-plugin-esbuild';

export const ELEMENTS = ['mfa-code-entry', 'mfa-phone-input', 'mfa-phone-enroll', 'app-password-panel', 'mfa-security-info'];

// Decorators lowered for every browser: none runs them natively yet.
const typescript = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' });
/**
 * The static parts of the elements' html`` and css`` templates without their indentation and
 * comments (min+gzip: 0.3 to 0.5 KB less per bundle), which terser leaves alone. Only our own
 * files: lit's are minified already. The browser tests run the elements through it too, so they
 * test the templates as they ship.
 */
export const templates = () => minifyTemplates({ include: ['components/**/*.ts'], failOnError: true });
/**
 * libphonenumber-js as its modern build (`es6-modern/`: native classes and object spread), which
 * its package ships beside the default `es6/` build (Babel's helpers for old browsers) but does not
 * export. Same sources, same version; for the self-contained bundles only, whose browsers all run
 * ES2022, and the browser tests, which load what the bundles ship. The helpers were a fifth of a
 * keystroke's time: two object spreads per parse, and an error made through `Reflect.construct`
 * each time the parser refuses a number.
 */
export const modernPhone = () => ({
  name: 'libphonenumber-js-modern',
  resolveId(source, importer) {
    if (!importer?.includes('/node_modules/libphonenumber-js/core/') || !source.startsWith('../es6/')) return null;
    return this.resolve(source.replace('../es6/', '../es6-modern/'), importer, { skipSelf: true });
  },
});
const runtime = /^(lit|@lit\/|lit-html|lit-element|@lit-labs\/|libphonenumber-js|@floating-ui\/)/;
const entries = Object.fromEntries(ELEMENTS.map((tag) => [tag, `components/${tag}/${tag}.ts`]));
// mfa-elements/react and mfa-elements/react/<tag>: the React wrappers (react/, generated).
const reactEntries = Object.fromEntries(['index', ...ELEMENTS].map((name) => [`react/${name}`, `react/${name}.ts`]));
const BUNDLES = {
  'mfa-elements.bundle': 'components/bundle.ts',
  'mfa-code-entry.bundle': 'components/mfa-code-entry/mfa-code-entry.ts',
  'mfa-phone-input.bundle': 'components/mfa-phone-input/mfa-phone-input.ts',
  'app-password-panel.bundle': 'components/app-password-panel/app-password-panel.ts',
};

export default [
  {
    input: { index: 'components/index.ts', core: 'src/index.ts', ...entries, ...reactEntries },
    // React stays the application's; @lit/react (under 1 KB gzipped) is bundled, so Vue, Svelte and
    // Angular users install nothing of React.
    external: (id) => id === 'react' || (runtime.test(id) && id !== '@lit/react'),
    // Each element's customElements.define stays in its own entry file, which package.json lists
    // under sideEffects: by default Rollup moved the code shared by several entries, define included,
    // into shared/ chunks, which bundlers then dropped as side-effect free. Entries may therefore
    // export a few internal names, and carry only the imports they use.
    preserveEntrySignatures: 'allow-extension',
    plugins: [nodeResolve({ resolveOnly: ['@lit/react'] }), templates(), typescript()],
    output: {
      dir: 'dist',
      format: 'esm',
      chunkFileNames: 'shared/[name]-[hash].js',
      sourcemap: true,
      hoistTransitiveImports: false,
      // React Server Components: the wrappers run on the client. Rollup drops directives in sources.
      banner: (chunk) => (chunk.fileName.startsWith('react/') ? "'use client';" : ''),
    },
  },
  // The whole kit in one file (phone rules in a lazy sibling chunk), and the three elements that are
  // often used alone, each as small as it can be. Each is built on its own: built together they
  // shared chunks, which cost a page that loads one of them 1 to 3 KB of gzip and an extra request.
  ...Object.entries(BUNDLES).map(([name, input]) => ({
    input: { [name]: input },
    // The entry may export more than its module does, so the lazy chunk can import from it.
    preserveEntrySignatures: 'allow-extension',
    // A css`` template is a call Rollup cannot prove pure, so shared styles an element never adopts
    // stayed in its bundle (the panels' and the method choice's in <mfa-code-entry>).
    treeshake: { manualPureFunctions: ['css'] },
    plugins: [
      nodeResolve({ exportConditions: ['production'], browser: true }),
      modernPhone(),
      templates(),
      typescript(),
      terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
    ],
    output: { dir: 'dist', format: 'esm', chunkFileNames: 'bundle/[name]-[hash].js' },
  })),
  {
    // The stores are entries of their own, so `mfa-elements/server` never loads a database driver.
    input: { server: 'server/index.ts', 'server-postgres': 'server/stores/postgres.ts', 'server-pglite': 'server/stores/pglite.ts', cli: 'server/cli.ts' },
    external: (id) => id.startsWith('node:') || id.startsWith('libphonenumber-js') || id === 'pg' || id.startsWith('@electric-sql/pglite') || id === 'aws4fetch',
    plugins: [typescript()],
    output: { dir: 'dist', format: 'esm', chunkFileNames: 'server/[name]-[hash].js', sourcemap: true },
  },
];
