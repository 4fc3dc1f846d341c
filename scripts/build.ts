/** `npm run build`: dist/ (modules, bundles, server, types) and custom-elements.json. */
import { rmSync } from 'node:fs';
import { run } from './run.js';

rmSync('dist', { recursive: true, force: true });
for (const [command, ...args] of [
  ['npx', 'rollup', '-c', '--silent'],
  ['npx', 'tsc', '-p', 'tsconfig.build.json'],
  ['npx', 'tsx', 'scripts/manifest.ts'],
]) {
  const { code } = await run(command!, args);
  if (code !== 0) process.exit(code);
}
console.log('Built dist/ and custom-elements.json.');
