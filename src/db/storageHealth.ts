// Quota and other storage errors, turned into state the UI shows (persistence and estimates: storagePersistence.ts).
import { Dexie } from 'dexie';
import type { StorageIssue } from '../state/uiStore';

function isQuotaError(error: unknown): boolean {
  if (error instanceof Dexie.QuotaExceededError) return true;
  const name = (error as { name?: string; inner?: { name?: string } } | null)?.name;
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name;
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError';
}

/** Classifies a failed write; null when the error has nothing to do with storage. */
export function storageIssueFrom(error: unknown): StorageIssue | null {
  if (isQuotaError(error)) {
    return {
      kind: 'quota',
      message:
        'This device’s storage is full, so the latest changes could not be saved. Free some space (or sync and clear old days), then try again.',
    };
  }
  if (error instanceof Dexie.DexieError) {
    return { kind: 'write-failed', message: `Saving to this device failed (${error.name}). Your last change may not be stored.` };
  }
  return null;
}
