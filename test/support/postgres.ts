/**
 * A throwaway PostgreSQL cluster for a test file: Debian's binaries, a fresh data folder, a free
 * loopback port (never 5432), fsync off, run as the `postgres` user (PostgreSQL refuses root).
 * Missing binaries fail the test with what to install; they are never a reason to skip.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface Cluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

function binaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  if (!versions.length) {
    throw new Error('PostgreSQL is not installed: the tests need its server binaries (Debian: apt-get install -y postgresql).');
  }
  return join(root, versions.sort((a, b) => Number(a) - Number(b)).at(-1)!, 'bin');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port === 5432 ? freePort() : port;
}

/** Starts a cluster; stop it in `after()`. */
export async function startCluster(): Promise<Cluster> {
  const bin = binaries();
  const root = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'mfa-pg-'));
  // As root, the cluster runs as `postgres`, which must own its folder.
  const run = (program: string, args: string[]) => (root ? exec('runuser', ['-u', 'postgres', '--', join(bin, program), ...args]) : exec(join(bin, program), args));
  if (root) {
    const { stdout } = await exec('id', ['-u', 'postgres']);
    const { stdout: gid } = await exec('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout), Number(gid));
  }
  const port = await freePort();
  try {
    await run('initdb', ['-D', join(dir, 'db'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await run('pg_ctl', ['-D', join(dir, 'db'), '-l', join(dir, 'log'), '-w', '-o', options, 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`The throwaway PostgreSQL cluster did not start: ${(error as Error).message}`, { cause: error });
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await run('pg_ctl', ['-D', join(dir, 'db'), '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
