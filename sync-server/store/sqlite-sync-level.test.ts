// The SQLite store at STORE_SYNC=full leaves its connection at synchronous=NORMAL between deferred commits (their
// fsync runs off the event loop). Every other write must still commit at FULL: this watches, for every statement that
// writes, the level the connection is at when it runs (a transaction commits at the level it ran under).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { RelayStore } from './relay-store.js';
import { openSqliteStore } from './sqlite-store.js';

const levelNames: Record<number, string> = { 0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA' };

describe('SQLite store, STORE_SYNC=full: the level each write commits at', () => {
  let dir: string;
  let store: RelayStore;
  /** Every writing statement run, with the connection's synchronous level at that moment. */
  let writes: { sql: string; level: string }[];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baseroom-sync-level-'));
    writes = [];
    const probe = new Database(':memory:');
    const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: (...args: unknown[]) => unknown };
    probe.close();
    const run = statementProto.run;
    vi.spyOn(statementProto, 'run').mockImplementation(function (this: { source: string; database: Database.Database }, ...args: unknown[]) {
      if (/^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(this.source)) {
        const level = this.database.pragma('synchronous', { simple: true }) as number;
        writes.push({ sql: this.source.trim().split(/\s+/).slice(0, 3).join(' '), level: levelNames[level] ?? String(level) });
      }
      return run.apply(this, args);
    });
    store = openSqliteStore(dir, { synchronous: 'full', fdatasync: (_fd, done) => done(null) });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const update = (text: string) => {
    const doc = new Y.Doc();
    doc.getMap('notes').set('n', text);
    return Y.encodeStateAsUpdate(doc);
  };
  const deferredCommit = (text: string) =>
    store.commitBatch({ updates: [{ docName: 'room/base/2026-11-23', update: update(text) }], audit: [], touches: [] }, { deferSync: true });

  it('runs a deferred commit at NORMAL (its fsync comes after) and every other kind of write at FULL', () => {
    const now = Date.UTC(2026, 10, 23, 9);
    const everyOtherWrite: [string, () => unknown][] = [
      ['addDevice', () => store.addDevice({ deviceId: 'd-1', role: 'supervisor', scope: { kind: 'room', room: 'base' }, name: 'BASE tablet', createdAt: now, pairedAt: null, revokedAt: null })],
      ['addPairingCode', () => store.addPairingCode({ codeHash: 'h'.repeat(64), deviceId: 'd-1', expiresAt: now + 60_000 })],
      ['redeemPairingCode', () => store.redeemPairingCode('h'.repeat(64), now)],
      ['touchDevice', () => store.touchDevice('d-1', now)],
      ['appendAudit', () => store.appendAudit({ at: now, deviceId: 'd-1', docName: 'room/base/2026-11-23', action: 'opened', detail: '' })],
      ['pruneAudit', () => store.pruneAudit(now + 1)],
      ['appendUpdate', () => store.appendUpdate('room/base/2026-11-23', update('one at a time'))],
      ['commitBatch (not deferred)', () => store.commitBatch({ updates: [{ docName: 'room/base/2026-11-23', update: update('not deferred') }], audit: [], touches: [] })],
      ['compact', () => store.compact('room/base/2026-11-23')],
      ['revokeDevice', () => store.revokeDevice('d-1', now)],
      ['eraseDoc', () => store.eraseDoc('room/base/2026-11-23', now)],
    ];
    for (const [name, write] of everyOtherWrite) {
      // Each straight after a deferred commit, which leaves the connection at NORMAL.
      writes = [];
      deferredCommit(`before ${name}`);
      expect(writes.length, 'the deferred commit writes').toBeGreaterThan(0);
      expect(new Set(writes.map((w) => w.level)), 'the deferred commit').toEqual(new Set(['NORMAL']));
      writes = [];
      write();
      expect(writes.length, `${name} writes`).toBeGreaterThan(0);
      expect(writes.filter((w) => w.level !== 'FULL'), name).toEqual([]);
    }
  });
});
