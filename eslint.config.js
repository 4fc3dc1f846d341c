// Lint: typescript-eslint's recommended rules, plus the project's architecture and security rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noMarkupInjection = [
  { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'No innerHTML/outerHTML: the elements run under Trusted Types.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'No insertAdjacentHTML: the elements run under Trusted Types.' },
  { selector: "CallExpression[callee.name='eval'], NewExpression[callee.name='Function']", message: 'No eval: the elements run under a strict CSP.' },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'storybook-static/', 'custom-elements.json', 'examples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': ['error', { allow: ['error', 'warn'] }],
      'no-restricted-syntax': ['error', ...noMarkupInjection],
      // \`interface HTMLElementEventMap extends MfaCodeEntryEventMap {}\` adds an element's events to a global map.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['components/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['lit/directives/unsafe-html.js', 'lit/directives/unsafe-svg.js', 'lit/static-html.js', 'lit/directives/style-map.js'], message: 'Forbidden under the strict CSP and Trusted Types.' },
            { group: ['**/server/**'], message: 'Elements never reach the server code.' },
            { group: ['**/src/index.js'], message: 'Import the specific core module, so bundles stay small.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['lit', 'lit/*', '@lit/*', '**/components/**', '**/server/**', 'node:*'], message: 'The core is framework-agnostic and platform-neutral: no lit, no elements, no server, no Node.' }] },
      ],
    },
  },
  {
    files: ['server/service.ts', 'server/store.ts', 'server/sms.ts', 'server/crypto.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'The rules run anywhere: Web Crypto, no Node-only API.' }] }] },
  },
  {
    files: ['scripts/**/*.ts', 'demo/**/*.ts', 'test/**/*.ts', '**/*.test.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
