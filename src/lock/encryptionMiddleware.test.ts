import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { openDatabase, type BaseroomDB } from '../db/database';
import { DocStore } from '../db/docStore';
import { SCHOOL_DOC, roomDayDocName } from '../docs/names';
import { importPupils } from '../docs/schoolDoc';
import { addBehaviourNote, addToRegister } from '../docs/roomDayDoc';
import { encryptionMiddleware } from './encryptionMiddleware';
import { migratePlaintext } from './migratePlaintext';
import { rowCipher, SealError } from './rowCipher';

const actor = { staffId: 'staff-1', at: '2026-11-23T09:00:00.000Z' };
const pupil = {
  upn: 'Q823456789012', legalSurname: 'Okafor', legalForename: 'Jessica', preferredName: 'Jess',
  yearGroup: 9, tutorGroup: '9X2', sen: 'none' as const,
};
const secrets = ['Okafor', 'Jessica', 'Q823456789012', 'Threw a chair in maths', 'secret-token-123'];
const key = () => crypto.getRandomValues(new Uint8Array(32));
const sealedDb = (name: string, dataKey: Uint8Array) => openDatabase(name, { sealWith: encryptionMiddleware(rowCipher(dataKey)) });

let cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((c) => c()));
let n = 0;

/** Every stored record of every table, read with no middleware: what someone with the profile's files sees. */
async function rawText(name: string): Promise<string> {
  const raw = new Dexie(name);
  await raw.open();
  const rows = await Promise.all(raw.tables.map((t) => t.toArray()));
  raw.close();
  return JSON.stringify(rows, (_k, v: unknown) => (v instanceof Uint8Array ? new TextDecoder('latin1').decode(v) : v));
}

/** Waits (on the stored rows, not the clock) until y-dexie has written every document's updates. */
async function untilUpdatesStored(name: string, docs: number): Promise<void> {
  const raw = new Dexie(name);
  await raw.open();
  try {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const rows = (await raw.table('$docs.content_updates').toArray()) as { k: unknown }[];
      if (new Set(rows.map((r) => JSON.stringify(r.k))).size >= docs) return;
      if (Date.now() > deadline) throw new Error(`y-dexie stored updates for ${docs} documents within 5 s? no: ${rows.length} rows`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    raw.close();
  }
}

async function fill(db: BaseroomDB): Promise<DocStore> {
  const store = new DocStore(db);
  cleanup.push(() => store.close());
  const school = await store.open(SCHOOL_DOC);
  importPupils(school.doc, { toAdd: [pupil], toUpdate: [] }, actor);
  await school.projected();
  const pupilId = (await db.pupils.toArray())[0]!.id;
  const day = await store.open(roomDayDocName('base', '2026-11-23'));
  addToRegister(day.doc, pupilId, actor);
  addBehaviourNote(day.doc, { pupilId, kind: 'concern', periodId: null, text: 'Threw a chair in maths' }, actor);
  await day.projected();
  await db.device.put({ key: 'device', token: 'secret-token-123' } as never);
  return store;
}

/** A new sealed database with a school, a day and a device token in it, every document's updates stored. */
async function filledSealedDb(): Promise<{ name: string; dataKey: Uint8Array }> {
  const name = `sealed-${n++}`;
  const dataKey = key();
  const db = sealedDb(name, dataKey);
  cleanup.push(() => db.close());
  await fill(db);
  await untilUpdatesStored(name, 2);
  return { name, dataKey };
}

describe('rows sealed at rest', () => {
  it('stores no name, UPN, note text or token in clear, and reads them all back', async () => {
    const { name, dataKey } = await filledSealedDb();
    const raw = await rawText(name);
    for (const secret of secrets) expect(raw).not.toContain(secret);
    expect(raw).toContain('2026-11-23'); // dates and ids stay readable for the indexes

    const again = sealedDb(name, dataKey);
    cleanup.push(() => again.close());
    expect((await again.pupils.toArray())[0]).toMatchObject({ legalSurname: 'Okafor', upn: 'Q823456789012' });
    expect((await again.behaviourNotes.where({ roomId: 'base', date: '2026-11-23' }).toArray())[0]?.text).toBe('Threw a chair in maths');
    expect((await again.device.get('device'))?.token).toBe('secret-token-123');
    const store = new DocStore(again);
    cleanup.push(() => store.close());
    const school = await store.open(SCHOOL_DOC);
    expect(JSON.stringify(school.doc.getMap('pupils').toJSON())).toContain('Okafor');
  });

  it("upgrades sealed rows: an older device's unconfirmed flags, open follow-ups, booked days and waiting check-ins gain their indexes, their text still sealed", async () => {
    const name = `sealed-${n++}`;
    const dataKey = key();
    const old = openDatabase(name, { sealWith: encryptionMiddleware(rowCipher(dataKey)), schemaVersion: 8 });
    const contact = { id: 'c-1', docName: 'pupil/p-1', pupilId: 'p-1', summary: 'Threw a chair in maths', followUpDue: '2026-11-20', followUpDoneAt: null };
    const referral = { id: 'r-1', docName: 'pupil/p-1', pupilId: 'p-1', status: 'scheduled', date: '2026-11-19', description: 'Threw a chair in maths', scheduledDays: ['2026-11-23', '2026-11-24'] };
    await old.table('parentContacts').put(contact);
    await old.table('referrals').put(referral);
    const missed = { am: { attendance: 'not-present', code: null }, pm: { attendance: 'present', code: 'B' } };
    const checkIn = { id: 'provider/oak/2026-11-23#p-1', docName: 'provider/oak/2026-11-23', providerId: 'oak', date: '2026-11-23', pupilId: 'p-1', sessions: missed, followUp: 'Threw a chair in maths', concern: false, concernLoggedAt: null };
    await old.table('offsiteCheckIns').put(checkIn);
    const flag = { id: 'n-1', docName: 'room/base/2026-11-23', roomId: 'base', date: '2026-11-23', pupilId: 'p-1', kind: 'safeguarding', text: 'Threw a chair in maths', loggedAt: null };
    await old.table('behaviourNotes').put(flag);
    old.close();
    const db = sealedDb(name, dataKey);
    cleanup.push(() => db.close());
    expect(await db.parentContacts.where('openFollowUpDue').belowOrEqual('2026-12-01').toArray()).toEqual([{ ...contact, openFollowUpDue: '2026-11-20' }]);
    expect(await db.referrals.where('scheduledDays').equals('2026-11-24').toArray()).toEqual([referral]);
    expect(await db.offsiteCheckIns.orderBy('awaitsSchool').toArray()).toEqual([{ ...checkIn, awaitsSchool: '2026-11-23' }]);
    expect(await db.behaviourNotes.orderBy('unconfirmedFlagOn').toArray()).toEqual([{ ...flag, unconfirmedFlagOn: '2026-11-23' }]);
    db.close();
    expect(await rawText(name)).not.toContain('Threw a chair in maths');
  });

  it('opens a row of a document update log only once its content is read, and reads and writes it back whole', async () => {
    const { name, dataKey } = await filledSealedDb();
    const cipher = rowCipher(dataKey);
    let opened = 0;
    const counting = openDatabase(name, { sealWith: encryptionMiddleware({ seal: (v) => cipher.seal(v), open: (s) => (opened++, cipher.open(s)) }) });
    cleanup.push(() => counting.close());
    const log = counting.table<{ i: number; k: string; u: Uint8Array; f?: number }>('$docs.content_updates');
    const rows = await log.toArray();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    // Keys and the document each row belongs to are read without opening anything (as y-dexie's observers filter).
    expect(rows.every((r) => typeof r.i === 'number' && typeof r.k === 'string')).toBe(true);
    expect(opened).toBe(0);
    const [first] = rows;
    expect(first!.u).toBeInstanceOf(Uint8Array);
    expect(first!.u.byteLength).toBeGreaterThan(0);
    expect(opened).toBe(1);
    void first!.f;
    expect(opened).toBe(1);
    // A copy (as Dexie or a caller makes) has every field; a row changed and written back keeps its content.
    const copy = { ...rows[1]! };
    expect(copy.u).toBeInstanceOf(Uint8Array);
    rows[1]!.f = 0;
    await log.put(rows[1]!);
    const again = await log.get(rows[1]!.i);
    expect(again!.f).toBe(0);
    expect([...again!.u]).toEqual([...copy.u]);
    // The documents still load from the log.
    const store = new DocStore(counting);
    cleanup.push(() => store.close());
    const school = await store.open(SCHOOL_DOC);
    expect(JSON.stringify(school.doc.getMap('pupils').toJSON())).toContain('Okafor');
  });

  it('fails loudly, naming the field, on an update-log row holding a field it would drop when the row is copied', async () => {
    const name = `sealed-${n++}`;
    const db = sealedDb(name, key());
    cleanup.push(() => db.close());
    const log = db.table<{ i?: number; k: string; u: Uint8Array; z?: number }>('$docs.content_updates');
    // As if a later y-dexie stored another field beside u and f.
    const i = await log.add({ k: 'room/base/2026-11-23', u: new Uint8Array([1, 2, 3]), z: 7 });
    const row = (await log.get(i))!;
    expect(row.k).toBe('room/base/2026-11-23');
    expect(() => row.u).toThrow('Update-log row with fields this layer does not open: z');
  });

  it('refuses to open rows with another key', async () => {
    const name = `sealed-${n++}`;
    const db = sealedDb(name, key());
    await db.device.put({ key: 'device', token: 'secret-token-123' } as never);
    db.close();
    const wrong = sealedDb(name, key());
    cleanup.push(() => wrong.close());
    await expect(wrong.device.get('device')).rejects.toThrow(SealError);
  });

  it('moves a plaintext database into the sealed one and deletes it', async () => {
    const plainName = `plain-${n++}`;
    const plain = openDatabase(plainName);
    const store = await fill(plain);
    await untilUpdatesStored(plainName, 2);
    store.close();
    plain.close();
    expect(await rawText(plainName)).toContain('Okafor');

    const name = `sealed-${n++}`;
    const db = sealedDb(name, key());
    cleanup.push(() => db.close());
    expect(await migratePlaintext(db, plainName)).toBeGreaterThan(0);
    expect(await Dexie.exists(plainName)).toBe(false);
    for (const secret of secrets) expect(await rawText(name)).not.toContain(secret);
    expect((await db.device.get('device'))?.token).toBe('secret-token-123');
    const reopened = new DocStore(db);
    cleanup.push(() => reopened.close());
    const day = await reopened.open(roomDayDocName('base', '2026-11-23'));
    // Read the notes map by name: Y.Doc.toJSON() shows only the parts something has already read.
    expect(JSON.stringify(day.doc.getMap('notes').toJSON())).toContain('Threw a chair in maths');
  });
});
