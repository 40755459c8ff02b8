// Online backups of the SQLite store (SQLite's backup API, consistent while devices sync) and restoring one.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { storeFailureOf } from './guarded-store.js';
import { makePrivateDir, makePrivateFile } from './private-files.js';
import { runningRelayPid } from './relay-pid.js';
import { storeFileName } from './sqlite-store.js';
import { assertIntact, StoreUnusableError } from './store-damage.js';

export class BackupError extends Error {
  constructor(
    readonly reason: 'no-store' | 'target-exists' | 'relay-running' | 'not-a-backup' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/**
 * Copies the live store to `target` as one self-contained file (0600), checked before it gets its name, so a
 * half-written or damaged copy never looks like a backup. The copy is taken in one step under one read
 * transaction: the relay keeps committing meanwhile (WAL) and the copy is the store as of one moment.
 */
export async function backupStore(dataDir: string, target: string): Promise<void> {
  const source = path.join(dataDir, storeFileName);
  if (!existsSync(source)) throw new BackupError('no-store', `There is no store to back up at ${source}.`);
  if (existsSync(target)) throw new BackupError('target-exists', `${target} already exists: choose a new file name.`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  makePrivateFile(partial);
  try {
    const db = new Database(source, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      await db.backup(partial, { progress: () => 0x7fffffff });
    } finally {
      db.close();
    }
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
      assertIntact(copy, source);
    } finally {
      copy.close();
    }
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    if (err instanceof StoreUnusableError) throw err;
    if (storeFailureOf(err) === 'store-corrupt') throw new StoreUnusableError(source, 'damaged', (err as Error).message);
    throw new BackupError('failed', `The backup to ${target} failed: ${(err as Error).message}.`);
  }
}

/** Checks that `file` is an intact Baseroom store; throws BackupError or StoreUnusableError saying why not. */
export function assertRestorable(file: string): void {
  if (!existsSync(file)) throw new BackupError('not-a-backup', `${file} does not exist.`);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    assertIntact(db, file);
    const tables = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('doc_updates', 'devices')").get() as { n: number };
    if (tables.n !== 2) throw new BackupError('not-a-backup', `${file} is an SQLite file but not a Baseroom relay backup.`);
  } catch (err) {
    if (err instanceof BackupError || err instanceof StoreUnusableError) throw err;
    throw new BackupError('not-a-backup', `${file} is not a readable Baseroom relay backup (${(err as Error).message}).`);
  } finally {
    db?.close();
  }
}

/**
 * Replaces the store in dataDir by a checked backup. The current store (with its -wal and -shm) is moved
 * aside, never deleted; returns where it went, or null when there was none.
 */
export function restoreStore(dataDir: string, backupFile: string, now = new Date()): string | null {
  const pid = runningRelayPid(dataDir);
  if (pid !== null) {
    throw new BackupError('relay-running', `A relay (process ${pid}) is running on ${dataDir}: stop it first, then restore.`);
  }
  assertRestorable(backupFile);
  makePrivateDir(dataDir);
  const live = path.join(dataDir, storeFileName);
  const aside = existsSync(live) ? `${live}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}` : null;
  if (aside) {
    renameSync(live, aside);
    for (const suffix of ['-wal', '-shm']) if (existsSync(live + suffix)) renameSync(live + suffix, aside + suffix);
  }
  const partial = `${live}.partial`;
  rmSync(partial, { force: true });
  makePrivateFile(partial);
  copyFileSync(backupFile, partial);
  // copyFile gives the copy the backup's own mode: tighten it again before it gets the live name.
  makePrivateFile(partial);
  startNewGeneration(partial);
  renameSync(partial, live);
  return aside;
}

/**
 * Gives a restored store a generation no store had before. Its log's row ids climb back through numbers devices
 * already saw (with other content) before the restore; the version tags of `GET /api/docs` mix the generation in, so
 * every tag changes once and each device opens each document again, sending back what the backup lacks.
 */
function startNewGeneration(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.exec('CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    db.prepare("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('generation', ?)").run(randomBytes(16).toString('hex'));
  } finally {
    db.close();
  }
}

export const backupNamePattern = /^baseroom-\d{4}-\d\d-\d\dT[\d-]+Z\.sqlite$/;

export const scheduledBackupName = (at: Date) => `baseroom-${at.toISOString().replace(/[:.]/g, '-')}.sqlite`;

/** Deletes the oldest scheduled backups in dir beyond the newest `keep`. */
export function pruneBackups(dir: string, keep: number): void {
  const backups = readdirSync(dir).filter((name) => backupNamePattern.test(name)).sort();
  for (const name of backups.slice(0, Math.max(0, backups.length - keep))) rmSync(path.join(dir, name), { force: true });
}
