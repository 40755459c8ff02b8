import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, type BaseroomDB } from './database';
import { DocStore } from './docStore';
import { SCHOOL_DOC, providerDayDocName, roomDayDocName } from '../docs/names';
import { addIncident, saveCheckIn } from '../docs/providerDayDoc';
import { addToRegister, markArrived } from '../docs/roomDayDoc';
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

function open(name: string) {
  const db = openDatabase(name);
  const store = new DocStore(db);
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

  it('skips re-projecting on open when the rows already match the stored document, and catches up when they do not', async () => {
    const dbName = `store-test-${n++}`;
    const first = open(dbName);
    const school = await first.store.open(SCHOOL_DOC);
    importPupils(school.doc, { toAdd: [pupil], toUpdate: [] }, actor);
    await school.projected();
    // The projected state is noted a moment after the last edit.
    await expect.poll(async () => (await first.db.docs.get(SCHOOL_DOC))?.projectedStateVector, { timeout: 5_000 }).toEqual(Y.encodeStateVector(school.doc));
    first.store.close();
    // Rows that disagree with the document only get rewritten if the document moved on since they were written.
    await first.db.pupils.clear();
    first.db.close();

    const second = open(dbName);
    await second.store.open(SCHOOL_DOC);
    expect(await second.db.pupils.count()).toBe(0);
    await second.db.docs.update(SCHOOL_DOC, { projectedStateVector: new Uint8Array([0]) });
    second.store.close();
    second.db.close();

    const third = open(dbName);
    await third.store.open(SCHOOL_DOC);
    expect(await third.db.pupils.count()).toBe(1);
  });

  it('notes at once the state it re-projected on open, so a store closed straight after does not re-project again', async () => {
    const dbName = `store-test-${n++}`;
    const first = open(dbName);
    const name = roomDayDocName('base', '2026-11-23');
    const day = await first.store.open(name);
    addToRegister(day.doc, 'pupil-a', actor);
    await day.projected();
    const edited = Y.encodeStateVector(day.doc);
    // Closed before the moment after the edit: the edited state is not noted, so the next open re-projects.
    first.store.close();
    first.db.close();
    const peek = open(dbName).db;
    expect((await peek.docs.get(name))?.projectedStateVector).not.toEqual(edited);
    peek.close();

    const second = open(dbName);
    await second.store.open(name);
    // Well before the moment (1 s) an edit's state is noted after.
    await expect.poll(async () => (await second.db.docs.get(name))?.projectedStateVector, { timeout: 600 }).toEqual(edited);
    second.store.close();
    await second.db.registerEntries.clear();
    second.db.close();

    // Rows cleared behind its back stay cleared: the third open trusts the noted state and does not re-project.
    const third = open(dbName);
    await third.store.open(roomDayDocName('base', '2026-11-23'));
    expect(await third.db.registerEntries.count()).toBe(0);
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
