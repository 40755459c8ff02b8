// Test driver: a real redis-server (Debian package `redis-server`) on a free loopback port, no persistence.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { endChild, spawnUntilReady, withPortRetry, type RunningChild } from './child-server.js';
import { freePort } from './free-port.js';

export interface RedisServer {
  url: string;
  port: number;
  /** SIGKILL: every connection drops at once. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after kill, or to bounce it). */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-redis-'));
  let child: RunningChild | undefined;
  const launch = (port: number) =>
    spawnUntilReady(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      /Ready to accept connections/,
      { cwd: dir },
    ).catch((err: Error) => {
      throw (err.message.includes('ENOENT') ? new Error('redis-server is not installed: install the Debian package `redis-server` (.ci/run does)') : err);
    });
  let port = 0;
  try {
    child = await withPortRetry(async () => launch((port = await freePort())));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const end = async (signal: NodeJS.Signals) => {
    const c = child;
    child = undefined;
    await endChild(c?.proc, signal);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGTERM');
      child = await launch(port);
    },
    dispose: async () => {
      await end('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
