import { describe, expect, it } from 'vitest';
import { easterSunday, englandBankHolidays, rollForward } from './calendarRollForward';
import { closures2026, halfTerms2026 } from '../../tests/fixtures/calendar2026';

describe('copying the calendar forward a year', () => {
  it('knows Easter', () => {
    expect(['2026', '2027', '2028', '2029'].map((y) => easterSunday(Number(y)))).toEqual(['2026-04-05', '2027-03-28', '2028-04-16', '2029-04-01']);
  });

  it('knows the bank holidays, with Christmas substitutes', () => {
    const days = englandBankHolidays(2027).map((b) => `${b.date} ${b.label}`);
    expect(days).toEqual([
      '2027-01-01 New Year’s Day',
      '2027-03-26 Good Friday',
      '2027-03-29 Easter Monday',
      '2027-05-03 Early May bank holiday',
      '2027-05-31 Spring bank holiday',
      '2027-08-30 Summer bank holiday',
      '2027-12-27 Christmas Day',
      '2027-12-28 Boxing Day',
    ]);
  });

  it('keeps weekdays a year on and moves the Easter-dependent end of spring and start of summer with Easter', () => {
    const next = rollForward(halfTerms2026, closures2026, 2026);
    const byName = Object.fromEntries(next.halfTerms.map((h) => [h.name, [h.first, h.last]]));
    expect(byName['Autumn 1']).toEqual(['2027-09-01', '2027-10-22']);
    // Easter 2028 is three weeks later than 2027's: spring 2 runs on to the holiday, summer 1 starts after it.
    expect(byName['Spring 2']).toEqual(['2028-02-21', '2028-04-13']);
    expect(byName['Summer 1']).toEqual(['2028-05-01', '2028-05-26']);
    expect(next.halfTerms.every((h) => h.year === 2027 && h.id.startsWith('2027-'))).toBe(true);
    const labels = next.closures.map((c) => `${c.from} ${c.label}`);
    expect(labels).toContain('2027-11-29 INSET');
    expect(labels).toContain('2027-12-20 Christmas holiday');
    expect(labels).toContain('2028-05-01 Early May bank holiday');
    expect(labels).not.toContain('2027-05-03 Early May bank holiday');
  });

  it('never starts the school year in August: a year on is 52 weeks, one or two days early each year, so the start is kept in September', () => {
    // The school year is 1 September to 31 August (the DfE's academic year; "this school year" in Baseroom falls back to
    // it). 52 weeks on from Wednesday 1 September 2027 is Wednesday 30 August 2028: the draft put the first day of
    // 2028-29 in 2027-28's summer holiday. A draft from a year starting Monday 1 September 2025 started on Monday
    // 31 August 2026, the summer bank holiday.
    const next = rollForward(halfTerms2026, closures2026, 2026);
    const after = rollForward(next.halfTerms, next.closures.map((c, i) => ({ ...c, id: `c${i}` })), 2027);
    const autumn = after.halfTerms.find((h) => h.name === 'Autumn 1')!;
    expect(autumn.first >= '2028-09-01').toBe(true);
    expect(new Date(`${autumn.first}T00:00:00Z`).getUTCDay()).toBe(3); // still a Wednesday
  });
});
