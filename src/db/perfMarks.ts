// User Timing marks for benchmarks and DevTools: when a write reached IndexedDB and when screens could see it.
import { Dexie } from 'dexie';
import type { BaseroomDB } from './database';

export const STORED_MARK = 'baseroom:stored';
export const PROJECTED_MARK = 'baseroom:projected';

/** Marks every committed write of Y.Doc updates (y-dexie's `*_updates` tables). Marks are cheap and bounded by the browser. */
export function markStoredWrites(db: BaseroomDB): void {
  const prefix = `idb://${db.name}/`;
  Dexie.on('storagemutated', (parts) => {
    if (Object.keys(parts).some((key) => key.startsWith(prefix) && key.includes('_updates'))) performance.mark(STORED_MARK);
  });
}
