// Test driver: the real relay as a child process on 127.0.0.1 with a temp DATA_DIR; stop, SIGKILL, restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { endChild } from './child-server.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RelayProcess {
  httpUrl: string;
  /** The y-websocket serverUrl: documents are appended as `${wsUrl}/${docName}`. */
  wsUrl: string;
  port: number;
  dataDir: string;
  /** Everything the relay wrote to stderr so far (its log). */
  log(): string;
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it if it is running (SIGTERM), then starts it again on the same port and store. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * Runs `npm run relay -- <args>` (an admin command, or a start that is expected to fail) to completion; a process
 * still running after `timeoutMs` (a relay that started when it should not have) is killed and reported as code null.
 */
export async function runRelayCommand(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  proc.once('exit', () => clearTimeout(timer));
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  return { code, stdout, stderr };
}

/**
 * Enrols a device with the relay's admin command (`enrol <args>`, e.g. `['--role', 'supervisor', '--room', 'base']`)
 * and returns its one-time pairing code and device id; throws with the command's output when it fails. `env`: the
 * relay's (DATABASE_URL and TOKEN_SECRET for a trust's store, where `--school` names the school).
 */
export async function enrolDevice(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<{ code: string; deviceId: string }> {
  const out = await runRelayCommand(dataDir, ['enrol', ...args], env);
  const code = /Pairing code: (\S+)/.exec(out.stdout)?.[1];
  const deviceId = /Enrolled device (\S+)/.exec(out.stdout)?.[1];
  if (out.code !== 0 || !code || !deviceId) throw new Error(`enrol ${args.join(' ')} failed (${out.code}): ${out.stderr}`);
  return { code, deviceId };
}

/** Starts a relay on a fresh temp DATA_DIR, or on `options.dataDir` (an empty folder the test made, e.g. on a small disk). */
export async function startRelay(env: Record<string, string> = {}, options: { dataDir?: string } = {}): Promise<RelayProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'baseroom-relay-')));
  let child: ChildProcess | undefined;
  let stderr = '';
  /** https when the relay was given TLS_CERT and TLS_KEY. */
  let scheme = 'http' as 'http' | 'https';

  const spawnRelay = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
        cwd: repoRoot,
        env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, STATIC_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      const timer = setTimeout(() => fail('did not print its URL within 20 s'), 20_000);
      const fail = (why: string) => {
        clearTimeout(timer);
        proc.kill('SIGKILL');
        reject(new Error(`relay ${why}\nstdout: ${stdout}\nstderr: ${stderr}`));
      };
      const onEarlyExit = (code: number | null) => fail(`exited early (code ${code})`);
      proc.once('exit', onEarlyExit);
      proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      proc.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /Baseroom running at (https?):\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
        if (!m) return;
        clearTimeout(timer);
        proc.off('exit', onEarlyExit);
        child = proc;
        scheme = m[1] as 'http' | 'https';
        resolve(Number(m[2]));
      });
    });

  const end = async (signal: NodeJS.Signals) => {
    const proc = child;
    child = undefined;
    await endChild(proc, signal);
  };

  const port = await spawnRelay(0);
  return {
    httpUrl: `${scheme}://127.0.0.1:${port}`,
    wsUrl: `${scheme === 'https' ? 'wss' : 'ws'}://127.0.0.1:${port}/sync`,
    port,
    dataDir,
    log: () => stderr,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    restart: async () => {
      await end('SIGTERM');
      await spawnRelay(port);
    },
    dispose: async () => {
      await end('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

