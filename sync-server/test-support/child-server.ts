// Shared by the PostgreSQL and Redis test servers: spawn a server, wait for its "ready" line, stop or SIGKILL it.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface RunningChild {
  proc: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
}

/**
 * Starts `command` and resolves once its output matches `ready`; rejects (with the output) if it exits first or
 * does not get ready within `timeoutMs`. A missing binary is an error, never a skip.
 */
export function spawnUntilReady(
  command: string,
  args: string[],
  ready: RegExp,
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<RunningChild> {
  return new Promise((resolve, reject) => {
    const { timeoutMs = 30_000, ...spawnOptions } = options;
    const proc = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`${command} ${why}\n${output}`));
    };
    const timer = setTimeout(() => fail(`was not ready within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null) => fail(`exited before it was ready (code ${code})`);
    proc.once('error', (err) => fail(`could not be started: ${err.message}`));
    proc.once('exit', onExit);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (!ready.test(output)) return;
      clearTimeout(timer);
      proc.off('exit', onExit);
      resolve({ proc, output: () => output });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
  });
}

/** Sends `signal` and waits for the exit; nothing to do when the process is already gone. */
export async function endChild(proc: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill(signal);
  await exited;
}

/** Retries a start that lost its free port to another process between choosing it and binding it. */
export async function withPortRetry<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await start();
    } catch (err) {
      if (i >= attempts || !/address already in use|could not bind|Address in use/i.test((err as Error).message)) throw err;
    }
  }
}
