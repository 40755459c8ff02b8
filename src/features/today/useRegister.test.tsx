// The register's lines through the real store (fake-indexeddb): a tap gives a new line to the pupil it changed and
// keeps every other line the same object, so the memoised cards of the other pupils do not re-render.
import { afterEach, describe, expect, it } from 'vitest';
import { render, waitFor } from '@testing-library/react';
import { roomDayDocName } from '../../docs/names';
import { addToRegister, markArrived, setPeriodMark } from '../../docs/roomDayDoc';
import { makeServices, withServices } from '../../../tests/fixtures/services';
import { countingSeal } from '../../db/testSupport';
import type { ReferralRow } from '../../domain/referral';
import type { WorkRow, WorkStatus } from '../../domain/work';
import { keepUnchangedLines, useExpected, useOutstandingWork, useRegister, type RegisterLine } from './useRegister';

const actor = { staffId: 'staff-1', at: '2026-11-23T09:00:00.000Z' };
const date = '2026-11-23';
let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

const nobodyExpected: [] = [];
function Lines({ onLines }: { onLines(lines: RegisterLine[] | undefined): void }) {
  onLines(useRegister('base', date, nobodyExpected));
  return null;
}

describe('the register lines', () => {
  it('gives a tap a new line for its pupil only, and keeps the others (and the notes) as they were', async () => {
    const services = makeServices();
    dispose = services.dispose;
    const day = await services.docs.open(roomDayDocName('base', date));
    for (const id of ['p-a', 'p-b', 'p-c']) addToRegister(day.doc, id, actor);
    await day.projected();

    const seen: RegisterLine[][] = [];
    render(<Lines onLines={(lines) => lines && seen.at(-1) !== lines && seen.push(lines)} />, { wrapper: withServices(services) });
    await waitFor(() => expect(seen.at(-1)?.map((l) => l.entry.pupilId).sort()).toEqual(['p-a', 'p-b', 'p-c']));
    const before = new Map(seen.at(-1)!.map((l) => [l.entry.pupilId, l]));

    markArrived(day.doc, 'p-b', { at: '09:05' }, actor);
    await day.projected();
    await waitFor(() => expect(seen.at(-1)!.find((l) => l.entry.pupilId === 'p-b')!.entry.status).toBe('present'));
    const after = new Map(seen.at(-1)!.map((l) => [l.entry.pupilId, l]));
    expect(after.get('p-b')).not.toBe(before.get('p-b'));
    expect(after.get('p-a')).toBe(before.get('p-a'));
    expect(after.get('p-c')).toBe(before.get('p-c'));

    setPeriodMark(day.doc, 'p-c', 'p1', { effort: 2 }, actor);
    await day.projected();
    await waitFor(() => expect(seen.at(-1)!.find((l) => l.entry.pupilId === 'p-c')!.entry.periods.p1?.effort).toBe(2));
    const third = new Map(seen.at(-1)!.map((l) => [l.entry.pupilId, l]));
    expect(third.get('p-a')).toBe(before.get('p-a'));
    expect(third.get('p-b')).toBe(after.get('p-b'));
    expect(third.get('p-c')).not.toBe(after.get('p-c'));
  });

  it('keeps the previous array when nothing shown changed, and takes any change however deep', () => {
    const line = (pupilId: string, effort: number | null): RegisterLine => ({
      entry: { pupilId, status: 'present', periods: { p1: { presence: null, effort, behaviour: null } } } as unknown as RegisterLine['entry'],
      pupil: undefined,
      notes: [],
      plan: null,
      planned: false,
    });
    const first = [line('a', 1), line('b', 2)];
    expect(keepUnchangedLines(first, [line('a', 1), line('b', 2)])).toBe(first);
    const changed = keepUnchangedLines(first, [line('a', 1), line('b', 3)]);
    expect(changed).not.toBe(first);
    expect(changed[0]).toBe(first[0]);
    expect(changed[1]!.entry.periods.p1!.effort).toBe(3);
    // A new order (a name sorted differently) is a new array, with the same line objects.
    const swapped = keepUnchangedLines(first, [line('b', 2), line('a', 1)]);
    expect(swapped).toEqual([first[1], first[0]]);
    expect(swapped[0]).toBe(first[1]);
    // A pupil taken off the register.
    expect(keepUnchangedLines(first, [line('a', 1)])).toEqual([first[0]]);
  });
});

describe('the plan on the register', () => {
  it('expects no pupil who has left the school roll, though their placement still has days booked', async () => {
    // A pupil deleted from the admission register is no longer the school's to register (School Attendance (Pupil
    // Registration) (England) Regulations 2024, reg. 9 and 10: the attendance register is of the pupils on the admission
    // register). The MIS export and the reports already give a leaver no mark and no "did not arrive"; the room's Today
    // still listed them as expected from the plan, inviting an absence and a parent follow-up for a child gone.
    const services = makeServices();
    dispose = services.dispose;
    const pupil = (id: string, leftOn?: string) => ({
      id, upn: 'A000000000001', legalSurname: `Test${id}`, legalForename: 'Pat', yearGroup: 9, tutorGroup: '9X', sen: 'none' as const, sortKey: `test${id}`, ...(leftOn ? { leftOn } : {}),
    });
    await services.db.pupils.bulkPut([pupil('p-stays'), pupil('p-left', '2026-11-20'), pupil('p-leaves-later', '2026-12-01')]);
    // Each booked into the BASE today by a scheduled referral (the placement's days).
    const referral = (pupilId: string): ReferralRow => ({
      id: `r-${pupilId}`, docName: `pupil/${pupilId}`, pupilId, referredBy: 'Mr Osei', date: '2026-11-20', period: 'P2', subject: 'Science',
      categoryIds: [], reasons: [], yearGroupAtReferral: null, senAtReferral: null, description: 'x', requestedDays: 3, status: 'scheduled',
      declinedReason: '', roomId: 'base', scheduledDays: [date], createdBy: 's', createdAt: '2026-11-20', updatedBy: 's', updatedAt: '2026-11-20',
    });
    await services.db.referrals.bulkPut(['p-stays', 'p-left', 'p-leaves-later'].map(referral));
    const noTermDates = { halfTerms: [], closures: [] } as unknown as Parameters<typeof useExpected>[2];
    const seen: (RegisterLine[] | undefined)[] = [];
    // Today and the daily log both start from useExpected: the register is built from what it expects.
    function Planned() {
      const expected = useExpected('base', date, noTermDates, []);
      seen.push(useRegister('base', date, expected));
      return null;
    }
    render(<Planned />, { wrapper: withServices(services) });
    await waitFor(() => expect(seen.at(-1)).toBeDefined());
    expect(seen.at(-1)!.map((l) => l.entry.pupilId).sort()).toEqual(['p-leaves-later', 'p-stays']);
  });

  it("reads only the referrals that book this room today, not the school year's", async () => {
    const seal = countingSeal();
    const services = makeServices({ sealWith: seal.middleware });
    dispose = services.dispose;
    const referral = (id: string, over: Partial<ReferralRow>): ReferralRow => ({
      id, docName: `pupil/p-${id}`, pupilId: `p-${id}`, referredBy: 'Mr Osei', date: '2026-11-20', period: 'P2', subject: 'Science',
      categoryIds: [], reasons: [], yearGroupAtReferral: null, senAtReferral: null, description: 'x', requestedDays: 1, status: 'done',
      declinedReason: '', roomId: 'base', scheduledDays: ['2026-10-05'], createdBy: 's', createdAt: '2026-11-20', updatedBy: 's', updatedAt: '2026-11-20',
      ...over,
    });
    // A year of referrals on other days; today: one booked here, one in another room, one declined.
    const year = Array.from({ length: 200 }, (_, i) => referral(`old-${i}`, { scheduledDays: [`2026-10-${String(1 + (i % 28)).padStart(2, '0')}`] }));
    await services.db.referrals.bulkPut([
      ...year,
      referral('here', { status: 'scheduled', scheduledDays: ['2026-11-20', date] }),
      referral('elsewhere', { status: 'scheduled', roomId: 'inclusion-2', scheduledDays: [date] }),
      referral('declined', { status: 'declined', scheduledDays: [date] }),
    ]);
    const before = seal.opened();
    const noTermDates = { halfTerms: [], closures: [] } as unknown as Parameters<typeof useExpected>[2];
    const seen: (ReturnType<typeof useExpected>)[] = [];
    function Expected() {
      seen.push(useExpected('base', date, noTermDates, []));
      return null;
    }
    render(<Expected />, { wrapper: withServices(services) });
    await waitFor(() => expect(seen.at(-1)).toBeDefined());
    expect(seen.at(-1)!.map((e) => e.pupilId)).toEqual(['p-here']);
    // The three booked for today (read again, should the live query run twice), not the 203 of the year.
    expect(seal.opened() - before).toBeLessThanOrEqual(6);
  });
});

describe('work outstanding on the register', () => {
  it("names the subjects still to do for the register's pupils, reading only their work rows", async () => {
    const seal = countingSeal();
    const services = makeServices({ sealWith: seal.middleware });
    dispose = services.dispose;
    const work = (id: string, pupilId: string, subject: string, status: WorkStatus): WorkRow => ({
      id, docName: `pupil/${pupilId}`, pupilId, subject, setBy: 'Ms Hale', task: 'A task', status, effort: null, objectivesMet: '',
      createdBy: 'staff-1', createdAt: actor.at, updatedBy: 'staff-1', updatedAt: actor.at,
    });
    // The rest of the school's year: outstanding work for pupils who are not in the room today.
    const elsewhere = Array.from({ length: 200 }, (_, i) => work(`w-other-${i}`, `p-other-${i % 50}`, 'Science', 'set'));
    await services.db.work.bulkPut([
      work('w-1', 'p-a', 'Maths', 'set'),
      work('w-2', 'p-a', 'English', 'in-progress'),
      work('w-3', 'p-a', 'History', 'done'),
      work('w-4', 'p-b', 'Art', 'done'),
      ...elsewhere,
    ]);
    const before = seal.opened();

    const seen: (Map<string, string> | undefined)[] = [];
    const onRegister = new Set(['p-a', 'p-b']);
    function Outstanding() {
      seen.push(useOutstandingWork(onRegister));
      return null;
    }
    render(<Outstanding />, { wrapper: withServices(services) });
    await waitFor(() => expect(seen.at(-1)).toBeDefined());
    const subjects = seen.at(-1)!;
    expect([...subjects.keys()]).toEqual(['p-a']);
    expect(subjects.get('p-a')!.split(', ').sort()).toEqual(['English', 'Maths']);
    // The four rows of the two pupils on the register, not the 200 of the rest of the school.
    expect(seal.opened() - before).toBeLessThanOrEqual(4);
  });
});
