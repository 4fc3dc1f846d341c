/**
 * The system programs `npm test` needs beyond Node and npm, checked before any test runs.
 *
 * As root on Debian or Ubuntu (CI, a fresh container), what is missing is installed with apt, once,
 * saying what and why. Anywhere else, or with `MFA_PREFLIGHT=check`, it stops: one line per missing
 * program, the exact command that installs them all, and a non-zero exit, so no test fails for a
 * program that is simply not there.
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** A program the tests run, the Debian package that brings it, and what it is for. */
export interface Requirement {
  program: string;
  pkg: string;
  why: string;
  /** Whether it is there; default: `program` on PATH. */
  found?: (path: string) => boolean;
}

/** Where an executable is on `path` (a PATH value), or undefined. */
export function which(program: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, program);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** The newest PostgreSQL server's bin folder: on PATH, or where Debian keeps it (not on PATH). */
export function postgresBin(path = process.env.PATH ?? ''): string | undefined {
  const onPath = which('initdb', path);
  if (onPath && which('pg_ctl', path)) return onPath.slice(0, -'/initdb'.length);
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(a) - Number(b));
  return versions.length ? join(root, versions.at(-1)!, 'bin') : undefined;
}

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Whether fontconfig knows a font for a language (`fc-list :lang=ko`); fontconfig comes with the browsers. */
function fontFor(lang: string, path: string): boolean {
  const fcList = which('fc-list', `${path}${delimiter}/usr/bin`);
  return Boolean(fcList) && (spawnSync(fcList!, [`:lang=${lang}`, 'family'], { encoding: 'utf8' }).stdout ?? '').trim() !== '';
}

export const REQUIREMENTS: Requirement[] = [
  { program: 'chromium', pkg: 'chromium', why: 'browser tests in Chromium' },
  { program: 'firefox-esr', pkg: 'firefox-esr', why: 'browser tests in Firefox ESR' },
  {
    program: 'WebKitWebDriver',
    pkg: 'webkit2gtk-driver',
    why: 'browser tests in WebKit (WebKitWebDriver and MiniBrowser)',
    found: (path) => Boolean(which('WebKitWebDriver', path)) && existsSync(MINIBROWSER),
  },
  { program: 'Xvfb', pkg: 'xvfb', why: 'a display for WebKit, which has no headless mode' },
  { program: 'initdb', pkg: 'postgresql', why: 'the PostgreSQL store tests (a throwaway cluster)', found: (path) => Boolean(postgresBin(path)) },
  { program: 'dovecot', pkg: 'dovecot-imapd', why: 'the mail-server test of app passwords (a throwaway Dovecot)', found: (path) => Boolean(which('dovecot', `${path}${delimiter}/usr/sbin`)) },
  {
    program: 'curl',
    pkg: 'curl',
    why: "the IMAP logins of the mail-server test (curl's IMAP client)",
    found: (path) => {
      const curl = which('curl', path);
      return Boolean(curl) && /^Protocols:.*\bimap\b/m.test(spawnSync(curl!, ['--version'], { encoding: 'utf8' }).stdout ?? '');
    },
  },
  // Without them, Korean and Nepali are drawn as empty boxes: the screenshots show nothing to
  // review, and the 320 px clipping tests measure the boxes instead of the text.
  { program: 'a Hangul font', pkg: 'fonts-nanum', why: 'Korean in the browser tests and the Storybook screenshots', found: (path) => fontFor('ko', path) },
  { program: 'a Devanagari font', pkg: 'fonts-lohit-deva', why: 'Nepali in the browser tests and the Storybook screenshots', found: (path) => fontFor('ne', path) },
];

/** The requirements not met on `path`. */
export function missing(path: string, requirements = REQUIREMENTS): Requirement[] {
  return requirements.filter((r) => !(r.found ? r.found(path) : which(r.program, path)));
}

function debianLike(): boolean {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
  } catch {
    return false;
  }
}

function apt(args: string[]): boolean {
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/**
 * Checks (and, as root on Debian, installs) what the tests need. Returns true when all is there;
 * otherwise it has said what is missing and how to install it.
 */
export function preflight(env: NodeJS.ProcessEnv = process.env): boolean {
  const path = env.PATH ?? '';
  let lacking = missing(path);
  if (!lacking.length) return true;
  const packages = [...new Set(lacking.map((r) => r.pkg))];
  const install = `apt-get install -y ${packages.join(' ')}`;
  const mayInstall = env.MFA_PREFLIGHT !== 'check' && process.getuid?.() === 0 && debianLike() && Boolean(which('apt-get', path));
  if (mayInstall) {
    console.log('preflight: installing what the tests need, with apt:');
    for (const r of lacking) console.log(`  ${r.pkg}: ${r.why}`);
    if (apt(['update', '-qq']) && apt(['install', '-y', '-qq', ...packages])) lacking = missing(path);
  }
  if (!lacking.length) return true;
  console.error('npm test needs programs this machine does not have (no test was run):');
  for (const r of lacking) console.error(`  missing ${r.program} (Debian package ${r.pkg}): ${r.why}`);
  console.error(`Install them with: sudo apt-get update && sudo ${install}`);
  return false;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(preflight() ? 0 : 2);
