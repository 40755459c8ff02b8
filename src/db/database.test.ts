import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import yDexie from 'y-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type BaseroomDB } from './database';

/**
 * The schema as the app declared it up to version 10, one version at a time (the app now declares only the current
 * schema). A device can hold a database from any of these: opening it with today's code must leave it exactly as
 * the old chain would have, and keep its rows.
 */
function openWithOldChain(name: string, upTo: number): Dexie {
  const db = new Dexie(name, { addons: [yDexie({ gc: false }) as (db: Dexie) => void] });
  const versions: Record<string, string>[] = [
    {
      docs: 'name, kind, content: Y.Doc',
      school: 'key',
      pupils: 'id, upn, misId, sortKey, tutorGroup',
      registerEntries: 'id, docName, [roomId+date], pupilId, date',
      behaviourNotes: 'id, docName, [roomId+date], pupilId, date',
    },
    { device: 'key' },
    {
      behaviourNotes: 'id, docName, [roomId+date], pupilId, date, kind',
      interviews: 'id, docName, pupilId, status',
      work: 'id, docName, pupilId, status',
      parentContacts: 'id, docName, pupilId',
    },
    {
      referrals: 'id, docName, pupilId, status, date',
      placements: 'id, docName, pupilId, status, referralId',
      reviews: 'id, docName, pupilId, placementId',
      visits: 'id, docName, pupilId, placementId',
    },
    { syncAcks: 'name' },
    {
      offsiteCheckIns: 'id, docName, [providerId+date], pupilId, date',
      offsiteIncidents: 'id, docName, [providerId+date], pupilId, date',
      offsiteProgress: 'id, docName, [providerId+date], pupilId, date',
    },
    { pupils: 'id', offsiteTargets: 'id, docName, pupilId' },
    { erasedDocs: 'name' },
    { docStates: 'name' },
    {
      behaviourNotes: 'id, docName, [roomId+date], pupilId, date, kind, unconfirmedFlagOn',
      parentContacts: 'id, docName, pupilId, openFollowUpDue',
      referrals: 'id, docName, pupilId, status, date, *scheduledDays',
      offsiteCheckIns: 'id, docName, [providerId+date], pupilId, date, awaitsSchool',
      offsiteIncidents: 'id, docName, [providerId+date], pupilId, date, undecidedOn',
    },
  ];
  versions.slice(0, upTo).forEach((stores, i) => db.version(i + 1).stores(stores));
  return db;
}

/** Every object store with its key path and indexes, as IndexedDB itself reports them. */
async function layout(name: string): Promise<Record<string, { keyPath: unknown; indexes: string[] }>> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const tx = idb.transaction([...idb.objectStoreNames], 'readonly');
  const out: Record<string, { keyPath: unknown; indexes: string[] }> = {};
  for (const store of [...idb.objectStoreNames]) {
    const s = tx.objectStore(store);
    out[store] = { keyPath: s.keyPath, indexes: [...s.indexNames].sort() };
  }
  idb.close();
  return out;
}

let n = 0;
const opened: Dexie[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

describe('the database schema', () => {
  it('builds, on a new device, the same tables and indexes as the old version-by-version chain did', async () => {
    const oldName = `schema-old-${n++}`;
    const old = openWithOldChain(oldName, 10);
    await old.open();
    old.close();
    const fresh = `schema-new-${n++}`;
    const db = openDatabase(fresh);
    opened.push(db);
    await db.open();
    db.close();
    expect(await layout(fresh)).toEqual(await layout(oldName));
  });

  it.each([1, 6, 8, 9, 10])('opens a device left at version %i, keeps its rows and ends with today’s schema', async (version) => {
    const name = `schema-upgrade-${n++}`;
    const old = openWithOldChain(name, version);
    await old.table('school').put({ key: 'settings', value: 'kept' });
    old.close();
    const db: BaseroomDB = openDatabase(name);
    opened.push(db);
    expect(await db.table('school').get('settings')).toEqual({ key: 'settings', value: 'kept' });
    db.close();
    const reference = `schema-reference-${n++}`;
    const ref = openWithOldChain(reference, 10);
    await ref.open();
    ref.close();
    // Version 1's pupil indexes (UPN, MIS id, sort key, tutor group: in clear beside sealed rows) are gone too.
    expect(await layout(name)).toEqual(await layout(reference));
  });

  it('indexes, on a device left at version 9, the follow-ups still to do among its stored contacts', async () => {
    const name = `schema-follow-ups-${n++}`;
    const old = openWithOldChain(name, 9);
    const contact = (id: string, followUpDue: string, followUpDoneAt: string | null) => ({ id, docName: 'pupil/p-1', pupilId: 'p-1', summary: 'Rang home', followUpDue, followUpDoneAt });
    await old.table('parentContacts').bulkPut([contact('open', '2026-11-20', null), contact('done', '2026-11-19', '2026-11-19T10:00'), contact('none', '', null)]);
    old.close();
    const db = openDatabase(name);
    opened.push(db);
    expect(await db.parentContacts.where('openFollowUpDue').belowOrEqual('2026-12-01').primaryKeys()).toEqual(['open']);
    expect(await db.parentContacts.get('open')).toMatchObject({ summary: 'Rang home', openFollowUpDue: '2026-11-20' });
    expect(await db.parentContacts.get('done')).not.toHaveProperty('openFollowUpDue');
  });
});
