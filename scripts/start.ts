/**
 * `npm start`: the demo (scripts/demo.ts) at http://localhost:$PORT/ (default 8000), on loopback
 * unless HOST says otherwise (HOST=0.0.0.0 for every interface; DEMO_HOST_NAMES=a.example,b.example for
 * the names it is then reached under). State is kept in a PGlite data folder, `$MFA_DATA_DIR`
 * (default `.mfa-data/`), so a restart loses no enrolled phone, app password or browser session; the
 * HMAC secret is `$MFA_SECRET`, or one made once in that folder.
 */
import { PgliteStore } from '../server/stores/pglite.js';
import { startDemo } from './demo.js';
import { updateLanguages } from './locales.js';

// The demo serves the sources: a language file added since the last run is listed first.
if (!updateLanguages()) process.exit(1);

const port = Number(process.env.PORT ?? 8000);
let store: PgliteStore | undefined;
async function open() {
  store = await PgliteStore.open(process.env.MFA_DATA_DIR ?? '.mfa-data');
  return { store, secret: process.env.MFA_SECRET ?? (await store.secret()) };
}
try {
  const demo = await startDemo({ port, host: process.env.HOST || undefined, hostNames: process.env.DEMO_HOST_NAMES?.split(',').filter(Boolean), open });
  console.log(`mfa-elements demo: ${demo.url}`);
  // Closed on the way out, or PGlite may keep the process alive and the folder locked.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void demo.stop().then(() => store!.close()).then(() => process.exit(0)));
  }
} catch (error) {
  await store?.close();
  const code = (error as { code?: string }).code;
  console.error(
    code === 'EADDRINUSE'
      ? `mfa-elements demo: port ${port} is in use; start it on another one, e.g. PORT=${port + 1} npm start`
      : `mfa-elements demo: could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
