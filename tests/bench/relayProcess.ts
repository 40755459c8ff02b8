// Relay child processes for benchmarks 5 and 6: ours (sync-server/main.ts) or the baseline, on 127.0.0.1, port 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../e2e/harness.js';

export interface RelayChild {
  httpUrl: string;
  wsBase: string;
  pid: number;
  dataDir: string;
  stderr(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((c) => c.kill('SIGKILL')));

/** Starts `script` with tsx and resolves when it prints "… running at http://127.0.0.1:<port>/". */
export async function startRelayChild(kind: 'ours' | 'baseline', env: Record<string, string> = {}): Promise<RelayChild> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `baseroom-bench-${kind}-`));
  const script = kind === 'ours' ? 'sync-server/main.ts' : 'tests/bench/baselineRelay.ts';
  // BENCH_CPU_PROF_DIR=<dir>: each relay writes a V8 CPU profile there when it stops (node rejects --cpu-prof in NODE_OPTIONS).
  const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
  const proc = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, STATIC_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
  let stdout = '';
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail('did not print its URL within 30 s'), 30_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`${kind} relay ${why}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    proc.once('exit', (code) => fail(`exited early (code ${code})`));
    proc.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /running at http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
      if (m) {
        clearTimeout(timer);
        proc.removeAllListeners('exit');
        proc.once('exit', () => live.delete(proc));
        resolve(Number(m[1]));
      }
    });
  });
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}/sync`,
    pid: proc.pid!,
    dataDir,
    stderr: () => stderr,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise<void>((r) => proc.once('exit', () => r()));
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Enrols a coordinator with the real admin command (`main.ts enrol`) and pairs it over POST /api/pair. */
export async function enrolAndPair(relay: RelayChild, name: string): Promise<{ token: string; deviceId: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts', 'enrol', '--role', 'coordinator', '--name', name], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: relay.dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => proc.once('exit', r));
  const m = /Pairing code: (\S+)/.exec(out);
  if (code !== 0 || !m) throw new Error(`enrol failed (code ${code}): ${out}`);
  const res = await fetch(`${relay.httpUrl}/api/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: m[1] }),
  });
  const body = (await res.json()) as { token?: string; deviceId?: string };
  if (res.status !== 200 || !body.token) throw new Error(`pairing failed: ${res.status} ${JSON.stringify(body)}`);
  return { token: body.token, deviceId: body.deviceId! };
}

/** VmRSS and VmHWM (peak RSS) from /proc/<pid>/status, and CPU seconds (utime+stime) from /proc/<pid>/stat. */
export async function procStats(pid: number): Promise<{ rss: number; peakRss: number; cpuSeconds: number }> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    const kbOf = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kbOf('VmRSS'), peakRss: kbOf('VmHWM'), cpuSeconds: ticks / 100 };
  } catch {
    return { rss: NaN, peakRss: NaN, cpuSeconds: NaN };
  }
}
