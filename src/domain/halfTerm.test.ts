import { describe, expect, it } from 'vitest';
import { currentHalfTerm, halfTermOf, halfTermsOfYear, previousHalfTerm, schoolYearOf, schoolYearStart } from './halfTerm';
import { calendar2026 } from '../../tests/fixtures/calendar2026';
import { emptyCalendar } from './schoolCalendar';

describe('half terms from the school calendar', () => {
  it.each([
    ['2026-09-02', 'Autumn 1'],
    ['2026-11-23', 'Autumn 2'],
    ['2027-01-15', 'Spring 1'],
    // Dates the old fixed table put in the wrong half term.
    ['2027-04-13', 'Summer 1'],
    ['2027-06-01', null],
    ['2027-06-07', 'Summer 2'],
    ['2026-12-25', null],
  ] as const)('%s is in %s', (date, name) => {
    expect(halfTermOf(calendar2026, date)?.name ?? null).toBe(name);
  });

  it('in a holiday, "this half term" is the one just ended and "last half term" the one before it', () => {
    expect(currentHalfTerm(calendar2026, '2026-12-25')?.name).toBe('Autumn 2');
    expect(previousHalfTerm(calendar2026, '2026-12-25')?.name).toBe('Autumn 1');
    expect(previousHalfTerm(calendar2026, '2027-01-04')?.name).toBe('Autumn 2');
    expect(previousHalfTerm(calendar2026, '2026-09-10')).toBeNull();
  });

  it('lists the six half terms of the school year, and its first day', () => {
    expect(halfTermsOfYear(calendar2026, '2027-03-01').map((h) => h.name)).toEqual(['Autumn 1', 'Autumn 2', 'Spring 1', 'Spring 2', 'Summer 1', 'Summer 2']);
    expect(schoolYearOf(calendar2026, '2027-07-21')).toBe(2026);
    expect(schoolYearStart(calendar2026, '2027-03-01')).toBe('2026-09-02');
  });

  it('without a calendar knows no half term, and the school year runs from September', () => {
    expect(halfTermOf(emptyCalendar, '2026-11-23')).toBeNull();
    expect(currentHalfTerm(emptyCalendar, '2026-11-23')).toBeNull();
    expect(schoolYearStart(emptyCalendar, '2027-03-01')).toBe('2026-09-01');
  });

  it('in the summer holiday, August included, "this school year" is the one just ended, so its report is not empty', () => {
    // Summer 2 ends 21 July 2027; 2027-28 is not entered yet.
    for (const date of ['2027-07-25', '2027-08-01', '2027-08-31']) {
      expect(schoolYearOf(calendar2026, date)).toBe(2026);
      expect(schoolYearStart(calendar2026, date)).toBe('2026-09-02');
    }
    expect(schoolYearOf(calendar2026, '2027-09-01')).toBe(2027);
    // Once the next year is entered, it starts on its own first day.
    const next = { halfTerms: [...calendar2026.halfTerms, { id: '2027-autumn-1', name: 'Autumn 1' as const, first: '2027-09-06', last: '2027-10-22', year: 2027 }] };
    expect(schoolYearOf(next, '2027-09-03')).toBe(2026);
    expect(schoolYearOf(next, '2027-09-06')).toBe(2027);
    expect(schoolYearStart(next, '2027-09-06')).toBe('2027-09-06');
  });
  it('with no calendar, the school year runs 1 September to 31 August: August is the year just ending, never a year not begun', () => {
    // DfE statistics (and this function's own contract) take the academic year as 1 September to 31 August. Without a
    // calendar an August date was put in the year that starts on the coming 1 September, so "this school year" ran
    // from a day after today (Reports' custom range and a pupil's "since" were empty all August).
    for (const date of ['2027-08-01', '2027-08-15', '2027-08-31']) {
      expect(schoolYearOf(emptyCalendar, date)).toBe(2026);
      expect(schoolYearStart(emptyCalendar, date)).toBe('2026-09-01');
      expect(schoolYearStart(emptyCalendar, date) <= date).toBe(true);
    }
    expect(schoolYearOf(emptyCalendar, '2027-09-01')).toBe(2027);
    expect(schoolYearOf(emptyCalendar, '2027-07-31')).toBe(2026);
    // A date before the first entered year (a calendar entered ahead, in August) is not put in a year that has not begun.
    expect(schoolYearStart(calendar2026, '2026-08-20') <= '2026-08-20').toBe(true);
  });
});
