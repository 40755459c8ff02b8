import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addYears, defaultRetention, dueForErasure, retentionSchema } from './retention';
import type { Pupil } from './pupil';
import { projectSchoolSnapshot, saveRetention } from '../docs/schoolDoc';

const pupil = (id: string, leftOn?: string): Pupil => ({
  id,
  upn: 'A123456789012',
  legalSurname: `Surname-${id}`,
  legalForename: `Forename-${id}`,
  yearGroup: 11,
  tutorGroup: '11A',
  sen: 'none',
  ...(leftOn ? { leftOn } : {}),
});

describe('retention settings', () => {
  it('defaults to six years for registers and for leavers, and keeps a school’s own choice in the school document', () => {
    const doc = new Y.Doc();
    expect(projectSchoolSnapshot(doc).settings.retention).toEqual({ registerYears: 6, leaverYears: 6 });
    saveRetention(doc, { registerYears: 7, leaverYears: 10 }, { staffId: 's1', at: '2026-01-05T09:00:00.000Z' });
    expect(projectSchoolSnapshot(doc).settings.retention).toEqual({ registerYears: 7, leaverYears: 10 });
  });

  it('refuses registers kept under six years, and leavers kept less long than registers, saying why', () => {
    const short = retentionSchema.safeParse({ registerYears: 3, leaverYears: 6 });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.message).toMatch(/at least 6 years \(School Attendance \(Pupil Registration\) \(England\) Regulations 2024\)/);
    const leavers = retentionSchema.safeParse({ registerYears: 8, leaverYears: 6 });
    expect(leavers.error?.issues[0]).toMatchObject({ path: ['leaverYears'], message: expect.stringMatching(/at least as long as registers/) });
    expect(retentionSchema.safeParse({ registerYears: 6, leaverYears: 26 }).success).toBe(false);
  });

  it('adds whole years, 29 February becoming 28 February', () => {
    expect(addYears('2020-09-01', 6)).toBe('2026-09-01');
    expect(addYears('2020-02-29', 6)).toBe('2026-02-28');
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29');
  });
});

describe('the review list: what is due to be erased', () => {
  const today = '2026-09-01';
  const dayDocNames = [
    'room/base/2020-08-31', // six years and a day: due
    'room/base/2020-09-01', // six years today: due (kept for six years means through 31 August 2026)
    'room/base/2020-09-02', // not yet
    'provider/oak/2019-03-04', // due
    'room/base/2026-08-31', // recent
    'school',
    'pupil/p-1', // a pupil's record is erased with the pupil, never as a day
  ];
  const pupils = [pupil('p-left-long', '2020-07-22'), pupil('p-left-today', '2020-09-01'), pupil('p-left-recent', '2025-07-20'), pupil('p-on-roll')];

  it('lists leavers past the leavers’ period and days past the register period, each with a plain reason', () => {
    const due = dueForErasure({ pupils, dayDocNames, roomNames: new Map([['base', 'The BASE']]), providerNames: new Map([['oak', 'Oak Farm']]) }, defaultRetention, today);
    expect(due.map((d) => (d.kind === 'pupil' ? d.pupilId : d.docName))).toEqual([
      'p-left-long',
      'p-left-today',
      'provider/oak/2019-03-04',
      'room/base/2020-08-31',
      'room/base/2020-09-01',
    ]);
    expect(due[0]).toEqual({
      kind: 'pupil',
      pupilId: 'p-left-long',
      name: 'Forename-p-left-long Surname-p-left-long',
      leftOn: '2020-07-22',
      dueOn: '2026-07-22',
      reason: 'Left on Wednesday 22 July 2020; leavers’ records are kept 6 years after leaving (until Wednesday 22 July 2026).',
    });
    expect(due[2]).toMatchObject({
      label: 'Oak Farm (off-site) day, Monday 4 March 2019',
      reason: 'Register entries are kept 6 years from the day they were made (until Tuesday 4 March 2025).',
    });
    expect(due[3]).toMatchObject({ label: 'The BASE register, Monday 31 August 2020' });
  });

  it('follows the school’s own periods', () => {
    const due = dueForErasure({ pupils, dayDocNames }, { registerYears: 7, leaverYears: 10 }, today);
    expect(due.map((d) => (d.kind === 'pupil' ? d.pupilId : d.docName))).toEqual(['provider/oak/2019-03-04']);
    expect(due[0]).toMatchObject({ label: 'oak (off-site) day, Monday 4 March 2019' });
  });

  it('lists nothing for a school with no leavers and only recent days', () => {
    expect(dueForErasure({ pupils: [pupil('p-on-roll')], dayDocNames: ['room/base/2026-08-31'] }, defaultRetention, today)).toEqual([]);
  });
});
