import { describe, expect, it } from 'vitest';
import { nextReviewDue, progressSummary, reviewProgress } from './review';
import type { RegisterEntryRow } from './register';
import type { BehaviourNoteRow } from './behaviourNote';
import type { WorkRow } from './work';
import { calendar2026 } from '../../tests/fixtures/calendar2026';
import { inTimeZone } from '../../tests/fixtures/timeZone';

const day = (date: string, arrivedAt: string | null, efforts: (number | null)[]): RegisterEntryRow => ({
  id: date, docName: `room/base/${date}`, roomId: 'base', date, pupilId: 'p', status: arrivedAt ? 'present' : 'absent', arrivedAt,
  late: false, absenceFollowUp: '', leftAt: null, leftTo: null, leftDetail: '', breakSupervised: false, lunchSupervised: false,
  periods: Object.fromEntries(efforts.map((effort, i) => [`p${i}`, { presence: 'present', effort, behaviour: null }])),
  toiletVisits: [], createdBy: 's', createdAt: '', updatedBy: 's', updatedAt: '',
});
const note = (date: string, kind: BehaviourNoteRow['kind']) =>
  ({ id: `${date}${kind}`, date, kind, pupilId: 'p', roomId: 'base', docName: '', periodId: null, text: 'x', createdBy: 's', createdAt: '', loggedBy: null, loggedAt: null }) as BehaviourNoteRow;
const work = (createdAt: string, status: WorkRow['status']) => ({ id: createdAt + status, createdAt, status }) as WorkRow;

describe('review progress', () => {
  const rows = {
    register: [day('2026-11-16', '09:00', [1, 2, null]), day('2026-11-17', null, []), day('2026-11-18', '09:05', [3, 2]), day('2026-11-02', '09:00', [4])],
    notes: [note('2026-11-16', 'praise'), note('2026-11-18', 'praise'), note('2026-11-17', 'concern'), note('2026-11-01', 'incident')],
    work: [work('2026-11-16T10:00:00Z', 'done'), work('2026-11-17T10:00:00Z', 'set'), work('2026-11-18T10:00:00Z', 'returned')],
  };

  it('counts attendance, mean effort, notes and work in the review window only', () => {
    const p = reviewProgress(rows, '2026-11-16', '2026-11-20');
    expect(p).toEqual({ daysExpected: 3, daysAttended: 2, averageEffort: 2, praise: 2, concerns: 1, incidents: 0, workSet: 3, workDone: 2 });
    expect(progressSummary(p)).toBe('Attended 2 of 3 days; average effort 2.0; 2 praise, 1 concern, 0 incidents; work 2 of 3 done');
  });

  it('says when nothing was graded, and falls due every N weeks from the last review', () => {
    expect(reviewProgress(rows, '2026-11-17', '2026-11-17').averageEffort).toBeNull();
    expect(nextReviewDue('2026-11-02', null, 2)).toBe('2026-11-16');
    expect(nextReviewDue('2026-11-02', '2026-11-18', 3)).toBe('2026-12-09');
    // Two weeks from 14 Dec is Christmas Day: the review falls on the first school day after the holiday.
    expect(nextReviewDue('2026-12-14', null, 2, calendar2026)).toBe('2027-01-04');
  });

  it('counts a planned day nobody recorded as expected', () => {
    expect(reviewProgress(rows, '2026-11-16', '2026-11-20', ['2026-11-19', '2026-11-20', '2026-11-23'])).toMatchObject({ daysExpected: 5, daysAttended: 2 });
  });

  it('counts a day in two rooms once, and work set late in the evening on its own day (TZ=Europe/London)', () => {
    inTimeZone('Europe/London', () => {
      const twoRooms = { ...rows, register: [day('2026-11-16', '09:00', []), { ...day('2026-11-16', '13:00', []), id: 'b', roomId: 'isolation' }] };
      expect(reviewProgress(twoRooms, '2026-11-16', '2026-11-16')).toMatchObject({ daysExpected: 1, daysAttended: 1 });
      // Set at 00:15 BST on 1 June: stored as 23:15Z on 31 May, in a window from 1 June.
      const late = { ...rows, work: [work('2027-05-31T23:15:00.000Z', 'set')] };
      expect(reviewProgress(late, '2027-06-01', '2027-06-04').workSet).toBe(1);
    });
  });
});

