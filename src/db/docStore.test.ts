import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DexieYProvider } from 'y-dexie';
import { openDatabase, updatesTable, type BaseroomDB } from './database';
import { countingRowAccess as counting, storeUnprojectedChange } from './testSupport';
import { encryptionMiddleware } from '../lock/encryptionMiddleware';
import { rowCipher } from '../lock/rowCipher';
import { DocStore, type DocStoreOptions } from './docStore';
import { SCHOOL_DOC, providerDayDocName, roomDayDocName } from '../docs/names';
import { addIncident, saveCheckIn } from '../docs/providerDayDoc';
import { addToRegister, markArrived, removeFromRegister } from '../docs/roomDayDoc';
import { importPupils, saveRoom, saveSchoolSettings } from '../docs/schoolDoc';
import type { Actor } from '../docs/records';

const actor: Actor = { staffId: 'staff-1', at: '2026-11-23T09:00:00.000Z' };
const pupil = {
  upn: 'Q823456789012',
  legalSurname: 'Okafor',
  legalForename: 'Jessica',
  preferredName: 'Jess',
  yearGroup: 9,
  tutorGroup: '9X2',
  sen: 'none' as const,
};
let dbs: BaseroomDB[] = [];
let stores: DocStore[] = [];
let n = 0;

function open(name: string, options?: DocStoreOptions, dbOptions?: Parameters<typeof openDatabase>[1]) {
  const db = openDatabase(name, dbOptions);
  const store = new DocStore(db, undefined, options);
  dbs.push(db);
  stores.push(store);
  return { db, store };
}

afterEach(async () => {
  for (const s of stores) s.close();
  for (const db of dbs) db.close();
  dbs = [];
  stores = [];
});

describe('DocStore on IndexedDB', () => {
  it('projects the school document into rows and keeps it across a reopen', async () => {
    const dbName = `store-test-${n++}`;
    const first = open(dbName);
    const school = await first.store.open(SCHOOL_DOC);
    saveSchoolSettings(school.doc, { name: 'Ashbrook Academy' }, actor);
    saveRoom(school.doc, { id: 'base', name: 'The BASE', kind: 'base' }, actor);
    importPupils(school.doc, { toAdd: [pupil], toUpdate: [] }, actor);
    await school.projected();
    expect((await first.db.school.get('school'))?.settings.name).toBe('Ashbrook Academy');
    expect(await first.db.pupils.count()).toBe(1);
    first.store.close();
    first.db.close();

    const second = open(dbName);
    const reopened = await second.store.open(SCHOOL_DOC);
    expect(reopened.doc.getMap('settings').get('name')).toBe('Ashbrook Academy');
    const rows = await second.db.pupils.toArray();
    expect(rows).toEqual([expect.objectContaining({ legalSurname: 'Okafor', preferredName: 'Jess', sortKey: 'okafor jessica' })]);
  });

  it('lets the last edit reach the rows and stored state vector before closing (locking straight after a tap)', async () => {
    const dbName = `store-test-${n++}`;
    const first = open(dbName);
    const day = await first.store.open(roomDayDocName('base', '2026-11-23'));
    addToRegister(day.doc, 'pupil-1', actor);
    await first.store.settle();
    first.store.close();
    first.db.close();

    const second = open(dbName);
    const state = await second.db.docStates.get(roomDayDocName('base', '2026-11-23'));
    expect(state?.stateVector).toEqual(Y.encodeStateVector(day.doc));
    expect((await second.db.registerEntries.toArray()).map((e) => e.pupilId)).toEqual(['pupil-1']);
  });

  it('skips re-projecting on open when the rows already match the stored document, and catches up when they do not', async () => {
    const dbName = `store-test-${n++}`;
    const first = open(dbName);
    const school = await first.store.open(SCHOOL_DOC);
    importPupils(school.doc, { toAdd: [pupil], toUpdate: [] }, actor);
    await school.projected();
    // The projected state is written with the rows.
    expect((await first.db.docStates.get(SCHOOL_DOC))?.stateVector).toEqual(Y.encodeStateVector(school.doc));
    first.store.close();
    // Rows that disagree with the document only get rewritten if the document moved on since they were written.
    await first.db.pupils.clear();
    first.db.close();

    const second = open(dbName);
    await second.store.open(SCHOOL_DOC);
    expect(await second.db.pupils.count()).toBe(0);
    await second.db.docStates.update(SCHOOL_DOC, { stateVector: new Uint8Array([0]) });
    second.store.close();
    second.db.close();

    const third = open(dbName);
    await third.store.open(SCHOOL_DOC);
    expect(await third.db.pupils.count()).toBe(1);
  });

  it('keeps each room-day in its own document and rows', async () => {
    const { db, store } = open(`store-test-${n++}`);
    const monday = await store.open(roomDayDocName('base', '2026-11-23'));
    const tuesday = await store.open(roomDayDocName('base', '2026-11-24'));
    addToRegister(monday.doc, 'pupil-a', actor);
    markArrived(monday.doc, 'pupil-a', { at: '08:55' }, actor);
    addToRegister(tuesday.doc, 'pupil-b', actor);
    await monday.projected();
    await tuesday.projected();
    const mon = await db.registerEntries.where({ roomId: 'base', date: '2026-11-23' }).toArray();
    expect(mon.map((e) => [e.pupilId, e.status, e.arrivedAt])).toEqual([['pupil-a', 'present', '08:55']]);
    expect(await db.registerEntries.where('date').equals('2026-11-24').count()).toBe(1);
  });

  it('rewrites only the rows a tap changed, and deletes the row of a pupil taken off the register', async () => {
    const { db, store } = open(`store-test-${n++}`);
    const name = roomDayDocName('base', '2026-11-23');
    const day = await store.open(name);
    for (const id of ['pupil-a', 'pupil-b', 'pupil-c']) addToRegister(day.doc, id, actor);
    await day.projected();
    // A mark no projection writes: still there after the tap only if pupil-b's row was left alone.
    await db.registerEntries.update(`${name}#pupil-b`, { leftDetail: 'untouched' });
    markArrived(day.doc, 'pupil-a', { at: '08:55' }, actor);
    removeFromRegister(day.doc, 'pupil-c');
    await day.projected();
    const rows = new Map((await db.registerEntries.where('docName').equals(name).toArray()).map((r) => [r.pupilId, r]));
    expect([...rows.keys()].sort()).toEqual(['pupil-a', 'pupil-b']);
    expect(rows.get('pupil-a')?.arrivedAt).toBe('08:55');
    expect(rows.get('pupil-b')?.leftDetail).toBe('untouched');
  });

  it('projects a provider-day into the off-site tables, replacing its rows on each update', async () => {
    const { db, store } = open(`store-test-${n++}`);
    const day = await store.open(providerDayDocName('oak-farm', '2026-11-23'));
    saveCheckIn(day.doc, { pupilId: 'pupil-a', am: 'present', arrivedAt: '09:05' }, 'school', actor);
    addIncident(day.doc, { pupilId: 'pupil-a', at: '11:40', what: 'Walked off site', decided: 'Brought back' }, actor);
    await day.projected();
    saveCheckIn(day.doc, { pupilId: 'pupil-a', am: 'present', pm: 'present', arrivedAt: '09:05', leftAt: '14:30' }, 'school', actor);
    await day.projected();
    const rows = await db.offsiteCheckIns.where('[providerId+date]').equals(['oak-farm', '2026-11-23']).toArray();
    expect(rows.map((r) => [r.pupilId, r.sessions.am.code, r.sessions.pm.code, r.leftAt])).toEqual([['pupil-a', 'B', 'B', '14:30']]);
    expect(await db.offsiteIncidents.where('pupilId').equals('pupil-a').count()).toBe(1);
  });

  it('opens one Y.Doc per name however often it is asked for', async () => {
    const { store } = open(`store-test-${n++}`);
    const [a, b] = await Promise.all([store.open(SCHOOL_DOC), store.open(SCHOOL_DOC)]);
    expect(a.doc).toBe(b.doc);
    await expect(store.open('nonsense/name')).rejects.toThrow(/Unknown document name/);
  });
});

describe('DocStore holding documents on demand', () => {
  const day = (d: number) => roomDayDocName('base', `2026-11-${String(d).padStart(2, '0')}`);
  /** Resolves with the name of each document the store closes, in order, once `count` have closed. */
  const closings = (store: DocStore, count: number) =>
    new Promise<string[]>((resolve) => {
      const closed: string[] = [];
      const stop = store.onClose((name) => {
        closed.push(name);
        if (closed.length === count) stop(), resolve(closed);
      });
    });

  it('closes a document nobody holds once it has been idle, destroying its Y.Doc, and reopens it with its content', async () => {
    const { store } = open(`store-test-${n++}`, { idleMs: 30 });
    const closed = closings(store, 1);
    const monday = await store.open(day(23));
    addToRegister(monday.doc, 'pupil-a', actor);
    expect(await closed).toEqual([day(23)]);
    expect(store.isOpen(day(23))).toBe(false);
    // y-dexie destroys a released Y.Doc a moment later.
    await expect.poll(() => monday.doc.isDestroyed).toBe(true);
    const again = await store.open(day(23));
    expect(again.doc).not.toBe(monday.doc);
    expect(again.doc.getMap('entries').has('pupil-a')).toBe(true);
  });

  it('never closes a held document; beyond the bound it closes those nobody holds, least recently used first', async () => {
    const { store } = open(`store-test-${n++}`, { idleMs: 60_000, maxOpen: 2 });
    const held = await store.acquire(day(2));
    const twice = await store.acquire(day(2));
    twice.release();
    twice.release();
    const firstTwo = closings(store, 2);
    for (const d of [3, 4, 5]) await store.open(day(d));
    expect(await firstTwo).toEqual([day(3), day(4)]);
    expect(store.isOpen(day(2))).toBe(true);
    expect(held.doc.isDestroyed).toBe(false);
    expect(store.openCount).toBe(2);

    held.release();
    const next = closings(store, 2);
    for (const d of [6, 7]) await store.open(day(d));
    expect((await next).sort()).toEqual([day(2), day(5)].sort());
    await expect.poll(() => held.doc.isDestroyed).toBe(true);
  });

  it('closes a document opened only to sync it as soon as it is released, unless a screen holds it too', async () => {
    const { store } = open(`store-test-${n++}`, { idleMs: 60_000 });
    const closed = closings(store, 1);
    const screen = await store.acquire(day(9));
    const syncOnly = await store.acquire(day(9));
    const alone = await store.acquire(day(10));
    syncOnly.release({ close: true });
    alone.release({ close: true });
    expect(await closed).toEqual([day(10)]);
    expect(store.isOpen(day(9))).toBe(true);
    screen.release();
  });

  it('keeps a document until its rows show every write, and records its state vector for sync with them', async () => {
    const { db, store } = open(`store-test-${n++}`, { idleMs: 1 });
    const closed = closings(store, 1);
    const handle = await store.acquire(day(23));
    addToRegister(handle.doc, 'pupil-a', actor);
    markArrived(handle.doc, 'pupil-a', { at: '08:55' }, actor);
    const written = Y.encodeStateVector(handle.doc);
    handle.release();
    await closed;
    expect(await db.registerEntries.where('docName').equals(day(23)).count()).toBe(1);
    expect(await store.storedStates()).toEqual([{ name: day(23), stateVector: written }]);
  });

  it('keeps an edit made on a document reopened the moment sync closed it, across a restart', async () => {
    const dbName = `store-test-${n++}`;
    const first = open(dbName, { idleMs: 60_000 });
    const closed = closings(first.store, 1);
    const syncOnly = await first.store.acquire(day(23));
    addToRegister(syncOnly.doc, 'pupil-a', actor);
    markArrived(syncOnly.doc, 'pupil-a', { at: '08:40' }, actor);
    syncOnly.release({ close: true });
    await closed;
    // The screen opens it again before y-dexie has destroyed the released Y.Doc, then the time is corrected.
    const screen = await first.store.acquire(day(23));
    markArrived(screen.doc, 'pupil-a', { at: '08:52' }, actor);
    await screen.projected();
    screen.release();
    expect((await first.db.registerEntries.where('docName').equals(day(23)).first())?.arrivedAt).toBe('08:52');
    first.store.close();
    first.db.close();

    const second = open(dbName);
    const reopened = await second.store.acquire(day(23));
    expect((await second.db.registerEntries.where('docName').equals(day(23)).first())?.arrivedAt).toBe('08:52');
    expect(reopened.doc.getMap('entries').toJSON()['pupil-a']).toMatchObject({ arrivedAt: '08:52' });
    reopened.release();
  });

  it('sends a write made through a reference kept past closing to the reopened document', async () => {
    const { store } = open(`store-test-${n++}`, { idleMs: 1 });
    const closed = closings(store, 1);
    const stale = await store.open(day(23));
    await closed;
    await expect.poll(() => stale.doc.isDestroyed).toBe(true);
    addToRegister(stale.doc, 'pupil-late', actor);
    const reopened = await store.acquire(day(23));
    await expect.poll(() => reopened.doc.getMap('entries').has('pupil-late')).toBe(true);
    reopened.release();
  });
});

describe('what a document’s rows show, kept apart from the document', () => {
  const name = roomDayDocName('base', '2026-11-23');
  it('writes a tap’s state vector to its own small row, never rewriting the document’s row', async () => {
    const { writes, middleware } = counting();
    const { db, store } = open(`store-test-${n++}`, undefined, { sealWith: middleware });
    const day = await store.open(name);
    await day.projected();
    writes.clear();
    addToRegister(day.doc, 'pupil-a', actor);
    await day.projected();
    markArrived(day.doc, 'pupil-a', { at: '08:55' }, actor);
    await day.projected();
    expect(writes.get('docs') ?? 0).toBe(0);
    expect(writes.get('docStates')).toBe(2);
    expect((await db.docStates.get(name))?.stateVector).toEqual(Y.encodeStateVector(day.doc));
  });

  it('moves each stored state vector out of the document rows when a device upgrades from version 8', async () => {
    const dbName = `store-test-${n++}`;
    // Version 8 as it was: the state vector on the document's row, written with the rows by the old code; every row
    // sealed with the data key, as on a device.
    const sealWith = encryptionMiddleware(rowCipher(crypto.getRandomValues(new Uint8Array(32))));
    const old = openDatabase(dbName, { schemaVersion: 8, sealWith });
    const upToDate = roomDayDocName('base', '2026-11-24');
    await old.docs.bulkAdd([{ name, kind: 'room' }, { name: upToDate, kind: 'room' }] as never);
    const docs: Y.Doc[] = [];
    for (const docName of [name, upToDate]) {
      const row = (await old.docs.get(docName))!;
      const provider = DexieYProvider.load(row.content);
      await provider.whenLoaded;
      addToRegister(row.content, `pupil-${docName.slice(-2)}`, actor);
      await old.docs.update(docName, { projectedStateVector: Y.encodeStateVector(row.content) } as never);
      docs.push(row.content);
    }
    // The first document then took one more update that never reached its rows (the tab was closed).
    markArrived(docs[0]!, 'pupil-23', { at: '09:00' }, actor);
    const updates = updatesTable(old);
    await expect.poll(() => updates.where('k').equals(name).count()).toBe(2);
    const stale = (await old.docs.get(name)) as unknown as { projectedStateVector: Uint8Array };
    for (const doc of docs) DexieYProvider.release(doc);
    old.close();

    const db = openDatabase(dbName, { sealWith });
    dbs.push(db);
    const states = new Map((await db.docStates.toArray()).map((s) => [s.name, s]));
    expect(states.get(name)?.stateVector).toEqual(stale.projectedStateVector);
    // Its stored updates go past what its rows show: nothing vouches for it, so it is treated as changed.
    expect(states.get(name)?.updateId).toBeUndefined();
    const lastRow = (await updatesTable(db).where('k').equals(upToDate).primaryKeys()).at(-1);
    expect(states.get(upToDate)).toMatchObject({ stateVector: Y.encodeStateVector(docs[1]!), updateId: lastRow });
    // The document rows keep nothing but the document.
    for (const row of await db.docs.toArray()) expect(row).not.toHaveProperty('projectedStateVector');
    const store = new DocStore(db);
    stores.push(store);
    const reopened = await store.open(upToDate);
    expect(reopened.doc.getMap('entries').has('pupil-24')).toBe(true);
  });
});

describe('opening a document', () => {
  it('reads its row once (y-dexie’s own read as it loads), new or stored', async () => {
    const dbName = `store-test-${n++}`;
    const name = roomDayDocName('base', '2026-11-26');
    const first = counting();
    const { db, store } = open(dbName, undefined, { sealWith: first.middleware });
    const created = await store.open(name);
    expect(first.reads.get('docs')).toBe(1);
    addToRegister(created.doc, 'pupil-a', actor);
    await store.settle();
    store.close();
    db.close();

    const second = counting();
    const { store: reopened } = open(dbName, undefined, { sealWith: second.middleware });
    expect((await reopened.open(name)).doc.getMap('entries').has('pupil-a')).toBe(true);
    expect(second.reads.get('docs')).toBe(1);
  });
});

describe('stored states kept in memory between background passes', () => {
  it('reads the state rows once, and still shows every later write and erasure', async () => {
    const { reads, middleware } = counting();
    const { db, store } = open(`store-test-${n++}`, undefined, { sealWith: middleware });
    const [monday, tuesday] = [roomDayDocName('base', '2026-11-23'), roomDayDocName('base', '2026-11-24')];
    const day = await store.open(monday);
    addToRegister(day.doc, 'pupil-a', actor);
    await day.projected();
    expect(await store.storedStates()).toEqual([{ name: monday, stateVector: Y.encodeStateVector(day.doc) }]);
    reads.clear();
    expect(await store.storedStates()).toEqual([{ name: monday, stateVector: Y.encodeStateVector(day.doc) }]);
    expect(reads.get('docStates') ?? 0).toBe(0);

    markArrived(day.doc, 'pupil-a', { at: '08:55' }, actor);
    const other = await store.open(tuesday);
    addToRegister(other.doc, 'pupil-b', actor);
    await Promise.all([day.projected(), other.projected()]);
    expect(await store.storedStates()).toEqual([
      { name: monday, stateVector: Y.encodeStateVector(day.doc) },
      { name: tuesday, stateVector: Y.encodeStateVector(other.doc) },
    ]);
    await store.erase(tuesday);
    expect(await store.storedStates()).toEqual([{ name: monday, stateVector: Y.encodeStateVector(day.doc) }]);
    expect(reads.get('docStates') ?? 0).toBe(0);
  });
});

describe('an update stored but never projected (the tab died between the two)', () => {
  const name = roomDayDocName('base', '2026-11-25');

  async function closedWithOneEntry(dbName: string) {
    const first = open(dbName);
    const day = await first.store.open(name);
    addToRegister(day.doc, 'pupil-a', actor);
    await first.store.settle();
    first.store.close();
    const projected = Y.encodeStateVector(day.doc);
    return { first, projected };
  }

  it('is reported as not known from storage, then re-projected when the document opens', async () => {
    const dbName = `store-test-${n++}`;
    const { first, projected } = await closedWithOneEntry(dbName);
    expect(await first.store.storedStates()).toEqual([{ name, stateVector: projected }]);
    const killed = await storeUnprojectedChange(first.db, name, (doc) => addToRegister(doc, 'pupil-killed', actor));
    first.db.close();

    const second = open(dbName);
    // The stored state vector is older than the document: sync must not trust it (it would count the day as safe).
    expect(await second.store.storedStates()).toEqual([{ name, stateVector: undefined }]);
    await second.store.open(name);
    expect((await second.db.registerEntries.where('docName').equals(name).toArray()).map((e) => e.pupilId).sort()).toEqual(['pupil-a', 'pupil-killed']);
    expect(await second.store.storedStates()).toEqual([{ name, stateVector: Y.encodeStateVector(killed) }]);
  });

  it('re-projects a deletion that moved no state vector', async () => {
    const dbName = `store-test-${n++}`;
    const { first, projected } = await closedWithOneEntry(dbName);
    const killed = await storeUnprojectedChange(first.db, name, (doc) => doc.getMap('entries').delete('pupil-a'));
    expect(Y.encodeStateVector(killed)).toEqual(projected);
    first.db.close();

    const second = open(dbName);
    expect(await second.store.storedStates()).toEqual([{ name, stateVector: undefined }]);
    await second.store.open(name);
    expect(await second.db.registerEntries.where('docName').equals(name).count()).toBe(0);
  });
});
