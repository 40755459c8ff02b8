// Subject access: every record naming the pupil, from every table, with the staff who wrote them by name, and nobody else's.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type BaseroomDB } from '../../db/database';
import { gatherPupilRecords, pupilRecordsJson, recordKinds } from './gatherPupilRecords';

let db: BaseroomDB | undefined;
afterEach(() => db?.close());

const pupil = (id: string) => ({ id, upn: 'A999200000001', legalSurname: 'Khan', legalForename: 'Adam', yearGroup: 9, tutorGroup: '9X1', sen: 'none' as const, sortKey: 'khan adam' });

describe('gatherPupilRecords', () => {
  it('gathers each kind of record about the pupil, oldest first, and none about anyone else', async () => {
    db = openDatabase(`sar-${Math.random().toString(36).slice(2)}`);
    await db.pupils.bulkPut([pupil('p1'), { ...pupil('p2'), legalForename: 'Bea' }]);
    await db.school.put({ key: 'school', staff: [{ id: 's1', name: 'Ms R. Patel', role: 'HLTA' }] } as never);
    const row = (table: string, id: string, pupilId: string, date: string, extra: Record<string, unknown> = {}) =>
      db!.table(table).put({ id, docName: `x/${id}`, pupilId, date, createdBy: 's1', createdAt: `${date}T09:00:00.000Z`, ...extra });
    await row('behaviourNotes', 'n2', 'p1', '2026-11-20', { roomId: 'base', text: 'Second note' });
    await row('behaviourNotes', 'n1', 'p1', '2026-11-18', { roomId: 'base', text: 'First note' });
    await row('behaviourNotes', 'n3', 'p2', '2026-11-19', { roomId: 'base', text: 'Another pupil' });
    await row('parentContacts', 'c1', 'p1', '2026-11-18', { summary: 'Rang mum' });
    await row('offsiteCheckIns', 'o1', 'p1', '2026-11-17', { providerId: 'oak', welfare: 'fine' });
    await row('visits', 'v1', 'p1', '2026-11-21', { placementId: 'pl1' });

    const gathered = (await gatherPupilRecords(db, 'p1', new Date('2026-12-01T10:00:00Z')))!;
    expect(gathered.pupil.legalForename).toBe('Adam');
    expect(gathered.staff).toEqual({ s1: 'Ms R. Patel' });
    expect(gathered.records.behaviourNotes.map((n) => n.text)).toEqual(['First note', 'Second note']);
    expect(gathered.records.parentContacts).toHaveLength(1);
    expect(gathered.records.offsiteCheckIns).toHaveLength(1);
    expect(gathered.records.visits).toHaveLength(1);
    expect(Object.keys(gathered.records)).toEqual(recordKinds.map(([table]) => table));
    const json = JSON.parse(pupilRecordsJson(gathered)) as { format: string; generatedAt: string };
    expect(json).toMatchObject({ format: 'baseroom-subject-access', generatedAt: '2026-12-01T10:00:00.000Z' });
    expect(pupilRecordsJson(gathered)).not.toContain('Another pupil');
    expect(await gatherPupilRecords(db, 'nobody')).toBeNull();
  });
});
