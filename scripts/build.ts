/** `npm run build`: locales/index.ts, custom-elements.json, the framework entries generated from it, and dist/ (modules, bundles, server, types). */
import { rmSync } from 'node:fs';
import { updateLanguages } from './locales.js';
import { run } from './run.js';

// The list of languages first: the elements import it.
if (!updateLanguages()) process.exit(1);
rmSync('dist', { recursive: true, force: true });
// The manifest first: the framework entries are generated from it, and Rollup and tsc compile them.
for (const [command, ...args] of [
  ['npx', 'tsx', 'scripts/manifest.ts'],
  ['npx', 'tsx', 'scripts/frameworks.ts'],
  ['npx', 'rollup', '-c', '--silent'],
  ['npx', 'tsc', '-p', 'tsconfig.build.json'],
]) {
  const { code } = await run(command!, args);
  if (code !== 0) process.exit(code);
}
console.log('Built dist/ and custom-elements.json.');
