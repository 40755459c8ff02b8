// The guarded store: a backend's failure becomes a StoreError with a reason and marks the relay degraded until a write succeeds.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RelayHealth } from '../health.js';
import { guardStore, storeFailureOf } from './guarded-store.js';
import { createMemoryStore } from './memory-store.js';
import { StoreError, type RelayStore } from './relay-store.js';

const sqliteError = (code: string) => new Database.SqliteError('simulated', code);

/** A memory store whose every call throws `failure` while it is set. */
function failingStore(): { store: RelayStore; fail(err: Error | null): void } {
  const inner = createMemoryStore();
  let failure: Error | null = null;
  const store = Object.fromEntries(
    Object.entries(inner).map(([key, method]) => [key, (...args: unknown[]) => {
      if (failure) throw failure;
      return (method as (...a: unknown[]) => unknown)(...args);
    }]),
  ) as unknown as RelayStore;
  return { store, fail: (err) => (failure = err) };
}

describe('guardStore', () => {
  it.each([
    ['SQLITE_FULL', 'store-full'],
    ['SQLITE_CORRUPT', 'store-corrupt'],
    ['SQLITE_CORRUPT_INDEX', 'store-corrupt'],
    ['SQLITE_NOTADB', 'store-corrupt'],
    ['SQLITE_IOERR_WRITE', 'store-io-error'],
    ['SQLITE_BUSY', 'store-error'],
  ])('names %s as %s', (code, reason) => {
    expect(storeFailureOf(sqliteError(code))).toBe(reason);
  });

  it("names a failed fdatasync of the WAL (the system's EIO) as store-io-error", () => {
    expect(storeFailureOf(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))).toBe('store-io-error');
  });

  it('throws a StoreError with the reason, reports degraded, and recovers on the next successful write', () => {
    const health = new RelayHealth();
    const { store: inner, fail } = failingStore();
    const store = guardStore(inner, health);
    fail(sqliteError('SQLITE_FULL'));
    expect(() => store.appendUpdate('school', new Uint8Array([0, 0]))).toThrow(expect.objectContaining({ name: 'StoreError', reason: 'store-full' }));
    expect(health.report()).toEqual({ status: 'degraded', reason: 'store-full' });
    fail(null);
    expect(store.listDocNames()).toEqual([]);
    expect(health.report().status).toBe('degraded');
    store.addPairingCode({ codeHash: 'h', deviceId: 'd', expiresAt: 1 });
    expect(health.report()).toEqual({ status: 'ok' });
  });

  it('passes the store’s own refusals through without calling the relay degraded', () => {
    const health = new RelayHealth();
    const store = guardStore(createMemoryStore(), health);
    const device = { deviceId: 'd', role: 'coordinator' as const, scope: { kind: 'all' as const }, name: null, createdAt: 1, pairedAt: null, revokedAt: null };
    store.addDevice(device);
    expect(() => store.addDevice(device)).toThrow(StoreError);
    expect(health.report()).toEqual({ status: 'ok' });
  });
});
