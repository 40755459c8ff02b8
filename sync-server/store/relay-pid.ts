// A pid file in DATA_DIR while the relay runs, so `restore` can refuse to replace the store under a running relay.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const pidFileName = 'relay.pid';

/** Records this process as the relay on dataDir; returns the function that removes the record. */
export function markRelayRunning(dataDir: string): () => void {
  const file = path.join(dataDir, pidFileName);
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

/** The pid of a live relay on dataDir, or null (no pid file, or its process is gone). */
export function runningRelayPid(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, pidFileName), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else, so it is running.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
