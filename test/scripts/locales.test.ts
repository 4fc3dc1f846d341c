/**
 * The one list of languages (scripts/locales.ts): a new file in locales/ is listed, loadable and
 * named, with nothing else edited; a misnamed file is refused with its right name.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { languagesIn, writeLanguages } from '../../scripts/locales.js';
import type { Translation } from '../../locales/en.js';

/** A copy of locales/ and of the README, in a folder of its own. */
function copy(): { dir: string; locales: string; readme: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mfa-locales-'));
  cpSync('locales', join(dir, 'locales'), { recursive: true });
  cpSync('README.md', join(dir, 'README.md'));
  return { dir, locales: join(dir, 'locales'), readme: join(dir, 'README.md') };
}

describe('the list of languages', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('lists a ninth language from its file alone: loadable, named in itself, in the README', async () => {
    const { dir, locales, readme } = copy();
    dirs.push(dir);
    assert.deepEqual(writeLanguages(locales, readme), [], 'the committed list and README table are current');
    // Thai, written as a copy of Japanese with one text changed.
    const thai = readFileSync(join(locales, 'ja.ts'), 'utf8').replace(/^const ja: Translation/m, 'const th: Translation').replace(/^export default ja;/m, 'export default th;').replace("send: 'コードを送信'", "send: 'ส่งรหัส'");
    writeFileSync(join(locales, 'th.ts'), thai);

    assert.deepEqual(writeLanguages(locales, readme).sort(), [join(locales, 'index.ts'), readme].sort());
    assert.deepEqual(languagesIn(locales), ['en', 'id', 'ja', 'ko', 'ne', 'th', 'vi', 'zh-Hans', 'zh-Hant']);
    const index = readFileSync(join(locales, 'index.ts'), 'utf8');
    assert.match(index, /^ {2}th: \(\) => import\('\.\/th\.js'\),$/m, 'a literal import bundlers see');
    assert.match(index, /^ {2}th: 'ไทย',$/m);
    assert.match(readFileSync(readme, 'utf8'), /^\| `th` \| ไทย \| Thai \|$/m);

    const { LANGUAGES, LOCALES } = (await import(pathToFileURL(join(locales, 'index.ts')).href)) as typeof import('../../locales/index.js');
    assert.equal(LANGUAGES.th, 'ไทย');
    assert.equal(LANGUAGES.en, 'English');
    assert.equal(Object.keys(LANGUAGES)[0], 'en', 'English first');
    assert.ok(!('en' in LOCALES), 'English is built in, never loaded');
    const th: Translation = (await LOCALES.th!()).default;
    assert.equal(th.codeEntry.send, 'ส่งรหัส');
    assert.deepEqual(writeLanguages(locales, readme), [], 'written once');
  });

  it('refuses a file not named by its canonical tag, saying the right name', () => {
    const { dir, locales, readme } = copy();
    dirs.push(dir);
    writeFileSync(join(locales, 'zh-hk.ts'), 'export default {};\n');
    assert.throws(() => writeLanguages(locales, readme), /zh-hk\.ts: a language file is named by its BCP 47 tag, written zh-HK\.ts/);
    rmSync(join(locales, 'zh-hk.ts'));
    writeFileSync(join(locales, 'Thai.ts'), 'export default {};\n');
    assert.throws(() => writeLanguages(locales, readme), /Thai\.ts: a language file is named by its BCP 47 tag/);
  });
});
