// Test driver: a real PostgreSQL (Debian package `postgresql`) in a temp directory on a free loopback port.
// initdb refuses to run as root, so as root (CI) both initdb and postgres run as the `postgres` user.
import { execFile, execFileSync, type SpawnOptions } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { endChild, spawnUntilReady, withPortRetry, type RunningChild } from './child-server.js';
import { freePort } from './free-port.js';

export interface PgServer {
  /** postgres://baseroom@127.0.0.1:<port>/postgres (trust authentication: loopback only, test use only). */
  url: string;
  port: number;
  dir: string;
  output(): string;
  /** Fast shutdown (SIGINT): open sessions are ended, committed data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

/** The directory holding initdb and postgres: the newest /usr/lib/postgresql/<ver>/bin, else whatever PATH has. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(root, versions[0], 'bin');
  try {
    return path.dirname(execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error('PostgreSQL is not installed (no initdb): install the Debian package `postgresql` (.ci/run does)');
  }
}

/** As root, the uid and gid of `postgres` (initdb will not run as root); otherwise run as ourselves. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('Running as root but there is no `postgres` user to run PostgreSQL as (the Debian package creates it)');
  }
}

function runInitdb(initdb: string, args: string[], options: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(initdb, args, { ...options, encoding: 'utf8' }, (err, stdout, stderr) =>
      err ? reject(new Error(`initdb failed: ${err.message}\n${stdout}${stderr}`)) : resolve(),
    ),
  );
}

export async function startPostgres(): Promise<PgServer> {
  const bin = postgresBinDir();
  const user = serverUser();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-pg-'));
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir, { mode: 0o700 });
  if (user) {
    await chown(dir, user.uid, user.gid);
    await chown(dataDir, user.uid, user.gid);
  }
  const spawnOptions: SpawnOptions = { cwd: dir, env: { PATH: process.env.PATH, LC_ALL: 'C' }, ...user };
  try {
    await runInitdb(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'baseroom', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], spawnOptions);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  let child: RunningChild | undefined;
  let log = '';
  const launch = (port: number) =>
    spawnUntilReady(
      path.join(bin, 'postgres'),
      ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      /database system is ready to accept connections/,
      spawnOptions,
    );
  let port = 0;
  try {
    child = await withPortRetry(async () => launch((port = await freePort())));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const stop = async () => {
    const c = child;
    child = undefined;
    if (c) log += c.output();
    await endChild(c?.proc, 'SIGINT');
  };
  return {
    url: `postgres://baseroom@127.0.0.1:${port}/postgres`,
    port,
    dir,
    output: () => log + (child?.output() ?? ''),
    stop,
    restart: async () => {
      await stop();
      child = await launch(port);
    },
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
