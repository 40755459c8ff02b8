// The start-up check that refuses a damaged store, and the message that tells a school technician what to do.
import type Database from 'better-sqlite3';

export class StoreUnusableError extends Error {
  constructor(
    readonly file: string,
    readonly problem: 'damaged' | 'unreadable',
    readonly detail: string,
  ) {
    super(
      problem === 'damaged'
        ? `The relay's store is damaged and the relay will not serve it:\n  ${file}\n  (${detail})\n\n` +
            `To recover, restore your most recent backup (the damaged file is kept aside, not deleted):\n` +
            `  npm run relay -- restore <backup file>\n` +
            `then start the relay again. Paired devices send back every change made since that backup.`
        : `The relay cannot open its store:\n  ${file}\n  (${detail})\n\n` +
            `Check that the folder and file belong to the user running the relay and that the disk is mounted and not full.`,
    );
    this.name = 'StoreUnusableError';
  }
}

/** Runs SQLite's full integrity check (every page, every index entry); throws StoreUnusableError unless it says ok. */
export function assertIntact(db: Database.Database, file: string): void {
  const rows = db.pragma('integrity_check(10)') as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((line) => line !== 'ok');
  if (problems.length > 0) throw new StoreUnusableError(file, 'damaged', problems.slice(0, 3).join('; ').replace(/\s+/g, ' '));
}
