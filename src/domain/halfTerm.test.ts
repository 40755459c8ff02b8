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
});
