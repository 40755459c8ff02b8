// A document the relay erased: DocStore.erase deletes the device's copy, keeps a tombstone, and compacts every other
// document's update log so deletions the relay sent (a roster entry) leave no deleted content in IndexedDB.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type BaseroomDB } from './database';
import { DocStore, ErasedDocError } from './docStore';
import { SCHOOL_DOC } from '../docs/names';
import { addParentContact } from '../docs/pupilDoc';
import { importPupils } from '../docs/schoolDoc';
import type { Actor } from '../docs/records';

const actor: Actor = { staffId: 'staff-1', at: '2026-11-23T09:00:00.000Z' };
let db: BaseroomDB | null = null;
let store: DocStore | null = null;
let n = 0;

afterEach(() => {
  store?.close();
  db?.close();
});

/** Every stored Yjs update row, as bytes to search. */
async function storedUpdateBytes(database: BaseroomDB): Promise<Buffer> {
  const table = database.table(database.docs.schema.yProps!.find((p) => p.prop === 'content')!.updatesTable);
  const rows = (await table.toArray()) as { u?: Uint8Array }[];
  return Buffer.concat(rows.filter((r) => r.u instanceof Uint8Array).map((r) => Buffer.from(r.u!)));
}

describe('DocStore.erase', () => {
  it('deletes the document, its rows and its acknowledgement, refuses to reopen it, and compacts what other documents deleted', async () => {
    db = openDatabase(`erase-test-${n++}`);
    store = new DocStore(db);
    const school = await store.open(SCHOOL_DOC);
    importPupils(school.doc, { toAdd: [{ upn: 'Q823456789012', legalSurname: 'MARKER-SURNAME-a1', legalForename: 'Jess', yearGroup: 9, tutorGroup: '9X2', sen: 'none' }], toUpdate: [] }, actor);
    const pupilId = [...school.doc.getMap('pupils').keys()][0]!;
    const name = `pupil/${pupilId}`;
    const pupil = await store.open(name);
    addParentContact(pupil.doc, pupilId, { at: '2026-11-23T10:00', method: 'phone', withWhom: 'Mum', summary: 'MARKER-CONTACT-b2' }, actor);
    await pupil.projected();
    await school.projected();
    await db.syncAcks.put({ name, stateVector: [[1, 1]], deletionPending: false, at: actor.at });
    expect(await db.parentContacts.where('pupilId').equals(pupilId).count()).toBe(1);
    const before = await storedUpdateBytes(db);
    expect(before.includes('MARKER-SURNAME-a1')).toBe(true);
    expect(before.includes('MARKER-CONTACT-b2')).toBe(true);

    // The relay's deletion of the roster entry arrives as an ordinary update; then the relay refuses the record.
    school.doc.getMap('pupils').delete(pupilId);
    await school.projected();
    await store.erase(name);

    expect(await db.docs.get(name)).toBeUndefined();
    expect(await db.parentContacts.where('pupilId').equals(pupilId).count()).toBe(0);
    expect(await db.syncAcks.get(name)).toBeUndefined();
    expect((await db.erasedDocs.get(name))?.name).toBe(name);
    await expect(store.open(name)).rejects.toBeInstanceOf(ErasedDocError);
    const after = await storedUpdateBytes(db);
    expect(after.includes('MARKER-CONTACT-b2')).toBe(false);
    expect(after.includes('MARKER-SURNAME-a1')).toBe(false);
    expect(await db.pupils.count()).toBe(0);
  });
});
