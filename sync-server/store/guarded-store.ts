// Wraps a RelayStore so every failure becomes a StoreError with a reason and marks the relay degraded; a write that succeeds again clears it.
import Database from 'better-sqlite3';
import type { RelayHealth } from '../health.js';
import { StoreError, type RelayStore, type StoreFailure } from './relay-store.js';

/** The SQLite result codes a school technician can act on; everything else is a generic store error. */
export function storeFailureOf(err: unknown): StoreFailure {
  const code = err instanceof Database.SqliteError ? err.code : (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'store-full';
  if (code?.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'store-corrupt';
  // EIO: the WAL's fdatasync (syncWritten) fails with the system's error, not SQLite's.
  if (code?.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'EIO') return 'store-io-error';
  return 'store-error';
}

const writes = new Set<keyof RelayStore>(['appendUpdate', 'commitBatch', 'syncWritten', 'compact', 'eraseDoc', 'addDevice', 'revokeDevice', 'addPairingCode', 'redeemPairingCode']);

export function guardStore(store: RelayStore, health: RelayHealth): RelayStore {
  const guarded = {} as Record<string, unknown>;
  for (const key of Object.keys(store) as (keyof RelayStore)[]) {
    const method = store[key] as (...args: unknown[]) => unknown;
    const failed = (err: unknown): never => {
      // A refusal the caller expects (a duplicate device) says nothing about the store's health.
      if (err instanceof StoreError) throw err;
      const reason = storeFailureOf(err);
      health.degrade('store', reason);
      throw new StoreError(reason, { operation: key });
    };
    const succeeded = <T>(result: T): T => {
      if (writes.has(key)) health.recover('store');
      return result;
    };
    guarded[key] = (...args: unknown[]) => {
      let result: unknown;
      try {
        result = method(...args);
      } catch (err) {
        failed(err);
      }
      // syncWritten: its failure (an fsync's EIO or ENOSPC) arrives later.
      if (result instanceof Promise) return result.then(succeeded, failed);
      return succeeded(result);
    };
  }
  return guarded as unknown as RelayStore;
}
