import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type BaseroomDB } from './database';
import { countingRowAccess } from './testSupport';
import { readInPages } from './readInPages';

let db: BaseroomDB | undefined;
afterEach(() => db?.close());

const acks = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `room/base/2026-${String(i).padStart(4, '0')}`, stateVector: [], deletionPending: false, at: '' }));

describe('reading a table in pages', () => {
  it.each([
    ['a part page at the end', 250, 3],
    ['an exact number of pages', 200, 3],
    ['fewer rows than a page', 7, 1],
    ['an empty table', 0, 1],
  ])('returns every row once, in key order, a page a read (%s)', async (_case, rows, reads) => {
    const counting = countingRowAccess();
    db = openDatabase(`pages-${Math.random().toString(36).slice(2)}`, { sealWith: counting.middleware });
    const stored = acks(rows);
    await db.syncAcks.bulkPut([...stored].reverse());
    counting.reads.clear();
    const read = await readInPages(db.syncAcks, 100, (row) => row.name);
    expect(read.map((r) => r.name)).toEqual(stored.map((r) => r.name));
    expect(counting.reads.get('syncAcks') ?? 0).toBe(reads);
  });
});
