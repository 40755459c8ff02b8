// Group commit over the SQLite store: one transaction per turn of the event loop, in order, all or nothing; with
// deferSync, written at once and durable after one fsync of the WAL, off the event loop, shared by all written meanwhile.
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { GroupCommitter } from './group-commit.js';
import type { RelayStore } from './relay-store.js';
import { openSqliteStore, storeFileName } from './sqlite-store.js';

const docName = 'room/base/2026-11-23';

function edits(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getMap('notes').set(`n${i}`, `note ${i}`);
  return updates;
}

describe('GroupCommitter', () => {
  const dirs: string[] = [];
  const opened: RelayStore[] = [];
  afterEach(() => {
    opened.splice(0).forEach((store) => store.close());
    dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  /** A real SQLite store (synchronous=FULL) counting its batch commits. */
  function countedStore(): { store: RelayStore; commits: number[] } {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'baseroom-group-commit-'));
    dirs.push(dir);
    const store = openSqliteStore(dir);
    opened.push(store);
    const commits: number[] = [];
    return { store: { ...store, commitBatch: (batch) => (commits.push(batch.updates.length), store.commitBatch(batch)) }, commits };
  }

  it('commits a burst of updates in one transaction and resolves each, in order, only once it is stored', async () => {
    const { store, commits } = countedStore();
    const committer = new GroupCommitter(store);
    const updates = edits(25);
    const stored: number[] = [];
    const done = updates.map((u) => committer.append(docName, u).then((rows) => (stored.push(store.updateCount(docName)), rows)));
    expect(store.updateCount(docName)).toBe(0);
    expect(await Promise.all(done)).toEqual(updates.map((_, i) => i + 1));
    expect(commits).toEqual([25]);
    expect(stored.every((n) => n === 25)).toBe(true);
    expect([committer.commits, committer.committedUpdates]).toEqual([1, 25]);
  });

  it('rejects every update of a batch that cannot be committed, and stores none of it', async () => {
    const { store } = countedStore();
    const failing: RelayStore = {
      ...store,
      commitBatch: (batch) => {
        store.commitBatch({ ...batch, updates: [] });
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      },
    };
    const committer = new GroupCommitter(failing);
    const outcomes = await Promise.allSettled(edits(3).map((u) => committer.append(docName, u)));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(store.updateCount(docName)).toBe(0);
    expect(committer.commits).toBe(0);
  });

  it('groups by turn when each commit costs an fsync, and commits after each message when it does not', async () => {
    for (const perTurn of [true, false]) {
      const { store, commits } = countedStore();
      const committer = new GroupCommitter(store, { perTurn });
      const [a, b] = edits(2);
      const first = committer.append(docName, a!);
      // Another message handled later in the same turn of the event loop.
      await Promise.resolve();
      const second = committer.append(docName, b!);
      await Promise.all([first, second]);
      expect(commits).toEqual(perTurn ? [2] : [1, 1]);
    }
  });

  it('commits what is waiting at once when flushed (at shutdown), audit lines and last contacts included', async () => {
    const { store, commits } = countedStore();
    const committer = new GroupCommitter(store);
    store.addDevice({ deviceId: 'dev-1', role: 'coordinator', scope: { kind: 'all' }, name: null, createdAt: 1, pairedAt: 1, revokedAt: null });
    const appended = committer.append(docName, edits(1)[0]!);
    committer.appendAudit({ at: 1_000, deviceId: 'dev-1', docName, action: 'changed', detail: '' });
    committer.touchDevice('dev-1', 2_000);
    committer.flush();
    expect([store.updateCount(docName), store.listAudit({ limit: 5 }).length, store.getDevice('dev-1')?.lastSeenAt]).toEqual([1, 1, 2_000]);
    expect(await appended).toBe(1);
    expect(commits).toEqual([1]);
  });

  describe('with deferSync (STORE_SYNC=full)', () => {
    /** A real SQLite store whose fdatasync of the WAL is held until the test lets it go. */
    function heldSyncStore() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'baseroom-group-commit-'));
      dirs.push(dir);
      const syncs: { fd: number; done: (err: NodeJS.ErrnoException | null) => void }[] = [];
      const store = openSqliteStore(dir, { fdatasync: (fd, done) => syncs.push({ fd, done }) });
      opened.push(store);
      return { store, dir, syncs };
    }

    it('writes each message at once, calls written, and resolves only after the fsync of the WAL that covers it', async () => {
      const { store, dir, syncs } = heldSyncStore();
      const committer = new GroupCommitter(store, { perTurn: false, deferSync: true });
      const [a, b, c] = edits(3);
      const written: string[] = [];
      const resolved: string[] = [];
      const first = committer.append(docName, a!, undefined, () => written.push('a')).then(() => resolved.push('a'));
      await Promise.resolve();
      // Written to the WAL (another connection sees it: it survives this process dying), not yet durable.
      expect(written).toEqual(['a']);
      expect(readFileSync(`/proc/self/fd/${syncs[0]!.fd}`).byteLength).toBeGreaterThan(0);
      expect(realpathSync(`/proc/self/fd/${syncs[0]!.fd}`)).toBe(path.join(realpathSync(dir), `${storeFileName}-wal`));
      const other = openSqliteStore(dir);
      expect(other.updateCount(docName)).toBe(1);
      other.close();
      // Two more messages while the first fsync runs: written at once, and both ride on the next fsync.
      const rest = [
        committer.append(docName, b!, undefined, () => written.push('b')).then(() => resolved.push('b')),
        committer.append(docName, c!, undefined, () => written.push('c')).then(() => resolved.push('c')),
      ];
      await Promise.resolve();
      expect(written).toEqual(['a', 'b', 'c']);
      expect(syncs).toHaveLength(1);
      expect(resolved).toEqual([]);
      syncs[0]!.done(null);
      await first;
      expect(resolved).toEqual(['a']);
      expect(syncs).toHaveLength(2);
      syncs[1]!.done(null);
      await Promise.all(rest);
      expect(resolved).toEqual(['a', 'b', 'c']);
      expect([committer.commits, committer.committedUpdates]).toEqual([2, 3]);
    });

    it('refuses everything written since the last good fsync when one fails', async () => {
      const { store, syncs } = heldSyncStore();
      const committer = new GroupCommitter(store, { perTurn: false, deferSync: true });
      const [a, b] = edits(2);
      const first = committer.append(docName, a!);
      await Promise.resolve();
      const second = committer.append(docName, b!);
      await Promise.resolve();
      syncs[0]!.done(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
      const outcomes = await Promise.allSettled([first, second]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      expect(committer.committedUpdates).toBe(0);
    });
  });
});
