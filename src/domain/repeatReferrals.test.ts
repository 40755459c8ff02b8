import { describe, expect, it } from 'vitest';
import { repeatSummary } from './repeatReferrals';
import { halfTerms2026 } from '../../tests/fixtures/calendar2026';
import type { PlacementRow } from './placement';

type Placement = Pick<PlacementRow, 'reintegration' | 'outcome' | 'finishedOn' | 'start'>;
const ref = (id: string, date: string, status: 'requested' | 'done' | 'declined' = 'done') => ({ id, date, status });
const back = (startDate: string, outcome: Placement['outcome'] = null, finishedOn: string | null = null): Placement => ({
  start: '2026-09-14',
  outcome,
  finishedOn,
  reintegration: { startDate, lessonsReturning: 'All', teachersInformed: 'All', targets: 'On time', by: 's', at: 'x' },
});

describe('repeat referrals', () => {
  const current = ref('now', '2026-11-23', 'requested');

  it('counts earlier referrals this half term and this school year, leaving out declined ones and itself', () => {
    const all = [ref('a', '2026-09-10'), ref('b', '2026-11-02'), ref('c', '2026-11-10', 'declined'), ref('d', '2026-06-30'), current];
    const s = repeatSummary(current, all, [], 6, halfTerms2026);
    expect(s).toMatchObject({ thisHalfTerm: 1, thisYear: 2, isRepeat: true });
  });

  it('makes the first of two same-day referrals the original and the second its repeat, by the time taken', () => {
    const morning = { id: 'z', date: '2026-11-23', status: 'done' as const, createdAt: '2026-11-23T09:00:00Z' };
    const afternoon = { id: 'a', date: '2026-11-23', status: 'done' as const, createdAt: '2026-11-23T14:00:00Z' };
    expect(repeatSummary(morning, [morning, afternoon], [], 6, halfTerms2026)).toMatchObject({ thisHalfTerm: 0, isRepeat: false });
    expect(repeatSummary(afternoon, [morning, afternoon], [], 6, halfTerms2026)).toMatchObject({ thisHalfTerm: 1, isRepeat: true });
  });

  it('flags a referral within the window after reintegration, and not one after it', () => {
    expect(repeatSummary(current, [current], [back('2026-10-20')], 6, halfTerms2026)).toMatchObject({ withinWindowOfReintegration: true, isRepeat: true });
    expect(repeatSummary(current, [current], [back('2026-10-05')], 6, halfTerms2026)).toMatchObject({ withinWindowOfReintegration: false, isRepeat: false });
    expect(repeatSummary(current, [current], [back('2026-10-05')], 8, halfTerms2026).withinWindowOfReintegration).toBe(true);
  });

  it('gives the last finished placement’s outcome', () => {
    const placements = [back('2026-09-20', 'unsuccessful', '2026-09-30'), back('2026-10-01', 'partly', '2026-10-10')];
    expect(repeatSummary(current, [current], placements, 6, halfTerms2026).lastOutcome).toBe('partly');
  });

  it('takes "this half term" from the school calendar, and counts none without one', () => {
    const all = [ref('a', '2026-09-10'), ref('b', '2026-11-02'), current];
    expect(repeatSummary(current, all, [], 6, []).thisHalfTerm).toBe(0);
    expect(repeatSummary(ref('x', '2026-10-30'), [...all, ref('x', '2026-10-30')], [], 6, halfTerms2026).thisHalfTerm).toBe(1);
  });
});
