/**
 * The check `npm test` makes before any test: a missing system program is named with the command
 * that installs it, and nothing runs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REQUIREMENTS, missing, which } from '../../scripts/preflight.js';

const PATH = process.env.PATH ?? '';

/** A PATH folder with every program the real PATH has, except those named. */
function pathWithout(...hidden: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'mfa-path-'));
  for (const { program } of REQUIREMENTS) {
    const found = which(program, PATH);
    if (found && !hidden.includes(program)) symlinkSync(found, join(dir, program));
  }
  return dir;
}

describe('npm test preflight', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('finds every program on this machine', () => {
    assert.deepEqual(
      missing(PATH).map((r) => r.program),
      [],
    );
  });

  it('names a program hidden from PATH, and only that one', () => {
    const dir = pathWithout('chromium');
    dirs.push(dir);
    assert.deepEqual(
      missing(dir).map((r) => r.program),
      ['chromium'],
    );
  });

  it('stops npm test with the missing program and its install command, running no test', () => {
    const dir = pathWithout('chromium', 'curl');
    dirs.push(dir);
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/test.ts'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: dir, MFA_PREFLIGHT: 'check' },
      timeout: 60_000,
    });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^ {2}missing chromium \(Debian package chromium\): browser tests in Chromium$/m);
    assert.match(result.stderr, /^ {2}missing curl \(Debian package curl\): /m);
    assert.match(result.stderr, /^Install them with: sudo apt-get update && sudo apt-get install -y chromium curl$/m);
    assert.doesNotMatch(result.stdout + result.stderr, /── typecheck|tests: \d+ passed/);
  });
});
