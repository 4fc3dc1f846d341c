/**
 * A process of its own on a PGlite data folder, for the tests that kill one or open a folder twice.
 * `node --import tsx pglite-child.ts <mode> <folder>`; modes:
 * - `open`: open, write once, close, and let the process end by itself
 * - `hold`: open and wait to be killed
 * - `writes`: write app passwords `w0`, `w1`, … one transaction each, printing `ack N` after each commit
 */
import { PgliteStore } from '../../server/stores/pglite.js';

const [mode, folder] = process.argv.slice(2);
const store = await PgliteStore.open(folder!, { sweepIntervalMs: 0 });
console.log('opened');
if (mode === 'open') {
  await store.transaction('child', async (state) => void (state.appPasswords.ap_child = { id: 'ap_child', name: 'child', createdAt: new Date().toISOString(), lastUsedAt: null, passwordHash: 'x' }));
  await store.close();
} else if (mode === 'hold') {
  setInterval(() => undefined, 60_000);
} else if (mode === 'writes') {
  for (let i = 0; ; i++) {
    const id = `w${i}`;
    await store.transaction('writer', async (state) => void (state.appPasswords[id] = { id, name: id, createdAt: new Date().toISOString(), lastUsedAt: null, passwordHash: 'x' }));
    console.log(`ack ${i}`);
  }
}
