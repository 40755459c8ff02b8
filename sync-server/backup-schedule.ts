// Scheduled backups: one at start and then every BACKUP_EVERY minutes into BACKUP_DIR, keeping the newest BACKUP_KEEP.
import path from 'node:path';
import type { RelayHealth } from './health.js';
import { logRelayEvent } from './relay/log.js';
import { backupStore, pruneBackups, scheduledBackupName } from './store/backup.js';
import { makePrivateDir } from './store/private-files.js';

export interface BackupSchedule {
  /** Resolves once any backup under way has finished. */
  stop(): Promise<void>;
}

export function scheduleBackups(dataDir: string, options: { dir: string; everyMs: number; keep: number }, health: RelayHealth): BackupSchedule {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const runOnce = () => {
    if (busy) return;
    busy = true;
    running = (async () => {
      try {
        makePrivateDir(options.dir);
        const file = path.join(options.dir, scheduledBackupName(new Date()));
        await backupStore(dataDir, file);
        pruneBackups(options.dir, options.keep);
        health.recover('backup');
        logRelayEvent('backup-written', { reason: path.basename(file) });
      } catch (err) {
        // The relay keeps serving; /healthz says the backups are failing until one succeeds.
        health.degrade('backup', 'backup-failed');
        logRelayEvent('backup-failed', { reason: (err as NodeJS.ErrnoException).code ?? (err as Error).name });
      } finally {
        busy = false;
      }
    })();
  };
  runOnce();
  const timer = setInterval(runOnce, options.everyMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
