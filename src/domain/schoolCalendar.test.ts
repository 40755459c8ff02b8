import { describe, expect, it } from 'vitest';
import { closureSchema, emptyCalendar, halfTermSchema, isSchoolDay, nextSchoolDay, nextSchoolDays, notSchoolDayReason, weekStart, type Closure } from './schoolCalendar';
import { calendar2026 } from '../../tests/fixtures/calendar2026';

const halfTerm: Closure = { id: 'feb', from: '2027-02-15', to: '2027-02-19', label: 'February half term', kind: 'holiday' };
const inset: Closure = { id: 'inset', from: '2026-11-30', to: '2026-11-30', label: 'INSET', kind: 'inset' };
const closuresOnly = (closures: Closure[]) => ({ ...emptyCalendar, closures });

describe('school calendar', () => {
  it.each([
    ['Friday start runs over the weekend', '2026-11-27', 3, [], ['2026-11-27', '2026-11-30', '2026-12-01']],
    ['a Saturday start begins on Monday', '2026-11-28', 2, [], ['2026-11-30', '2026-12-01']],
    ['an INSET day is skipped', '2026-11-27', 3, [inset], ['2026-11-27', '2026-12-01', '2026-12-02']],
    ['a half-term week is skipped whole', '2027-02-11', 3, [halfTerm], ['2027-02-11', '2027-02-12', '2027-02-22']],
  ] as const)('%s', (_name, start, count, closures, expected) => {
    expect(nextSchoolDays(start, count, closuresOnly([...closures]))).toEqual(expected);
  });

  it('with term dates, skips the days between half terms and every closure', () => {
    expect(nextSchoolDays('2026-12-17', 4, calendar2026)).toEqual(['2026-12-17', '2026-12-18', '2027-01-04', '2027-01-05']);
    expect(nextSchoolDays('2026-10-22', 3, calendar2026)).toEqual(['2026-10-22', '2026-10-23', '2026-11-02']);
    expect(nextSchoolDays('2027-04-30', 2, calendar2026)).toEqual(['2027-04-30', '2027-05-04']);
  });

  it('finds the next school day after a date, across weekends, holidays and closures', () => {
    expect(nextSchoolDay('2026-11-27', calendar2026)).toBe('2026-12-01');
    expect(nextSchoolDay('2026-12-18', calendar2026)).toBe('2027-01-04');
    expect(nextSchoolDay('2027-03-25', calendar2026)).toBe('2027-04-12');
  });

  it('knows weekends, closures and holidays are not school days, and says why', () => {
    expect(isSchoolDay('2026-11-28', closuresOnly([]))).toBe(false);
    expect(isSchoolDay('2026-11-30', closuresOnly([inset]))).toBe(false);
    expect(isSchoolDay('2026-12-01', closuresOnly([inset]))).toBe(true);
    expect(notSchoolDayReason('2026-12-25', calendar2026)).toBe('Christmas holiday');
    expect(notSchoolDayReason('2026-10-28', calendar2026)).toBe('Outside term time');
    expect(notSchoolDayReason('2026-12-26', calendar2026)).toBe('Saturday');
    expect(notSchoolDayReason('2026-12-01', calendar2026)).toBeNull();
  });

  it('refuses a closure or half term that ends before it starts, and finds the Monday of a week', () => {
    expect(closureSchema.safeParse({ ...halfTerm, to: '2027-02-01' }).success).toBe(false);
    expect(halfTermSchema.safeParse({ name: 'Autumn 1', first: '2026-10-23', last: '2026-09-02' }).error?.issues[0]?.message).toBe('The last day is before the first day');
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
  });
});
