/**
 * `npm start`: the demo (scripts/demo.ts) at http://localhost:$PORT/ (default 8000), on loopback
 * unless HOST says otherwise (HOST=0.0.0.0 for every interface; DEMO_HOST_NAMES=a.example,b.example for
 * the names it is then reached under).
 */
import { startDemo } from './demo.js';

const port = Number(process.env.PORT ?? 8000);
try {
  const demo = await startDemo({ port, host: process.env.HOST || undefined, hostNames: process.env.DEMO_HOST_NAMES?.split(',').filter(Boolean) });
  console.log(`mfa-elements demo: ${demo.url}`);
} catch (error) {
  const code = (error as { code?: string }).code;
  console.error(
    code === 'EADDRINUSE'
      ? `mfa-elements demo: port ${port} is in use; start it on another one, e.g. PORT=${port + 1} npm start`
      : `mfa-elements demo: could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
