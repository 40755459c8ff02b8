import { describe, expect, it } from 'vitest';
import { closureSchema, isSchoolDay, nextSchoolDays, weekStart, type Closure } from './schoolCalendar';

const halfTerm: Closure = { id: 'feb', from: '2027-02-15', to: '2027-02-19', label: 'February half term' };
const inset: Closure = { id: 'inset', from: '2026-11-30', to: '2026-11-30', label: 'INSET' };

describe('school calendar', () => {
  it.each([
    ['Friday start runs over the weekend', '2026-11-27', 3, [], ['2026-11-27', '2026-11-30', '2026-12-01']],
    ['a Saturday start begins on Monday', '2026-11-28', 2, [], ['2026-11-30', '2026-12-01']],
    ['an INSET day is skipped', '2026-11-27', 3, [inset], ['2026-11-27', '2026-12-01', '2026-12-02']],
    ['a half-term week is skipped whole', '2027-02-11', 3, [halfTerm], ['2027-02-11', '2027-02-12', '2027-02-22']],
  ] as const)('%s', (_name, start, count, closures, expected) => {
    expect(nextSchoolDays(start, count, [...closures])).toEqual(expected);
  });

  it('knows weekends and closures are not school days', () => {
    expect(isSchoolDay('2026-11-28', [])).toBe(false);
    expect(isSchoolDay('2026-11-30', [inset])).toBe(false);
    expect(isSchoolDay('2026-12-01', [inset])).toBe(true);
  });

  it('refuses a closure that ends before it starts, and finds the Monday of a week', () => {
    expect(closureSchema.safeParse({ ...halfTerm, to: '2027-02-01' }).success).toBe(false);
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
  });
});
