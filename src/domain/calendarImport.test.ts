import { describe, expect, it } from 'vitest';
import { parseCalendarText } from './calendarImport';
import { calendarProblems, problemText } from './calendarChecks';
import { halfTerms2026 } from '../../tests/fixtures/calendar2026';

describe('calendar import', () => {
  it('reads half terms and closures, in ISO or UK dates, skipping a header and blank lines', () => {
    const parsed = parseCalendarText('First day,Last day,Name\n2026-09-02,2026-10-23,Autumn 1\n\n26/10/2026,30/10/2026,Half term\n2026-11-30,,INSET\n2026-12-25,2026-12-25,Christmas Day');
    expect(parsed.problems).toEqual([]);
    expect(parsed.halfTerms).toEqual([{ id: '2026-autumn-1', year: 2026, name: 'Autumn 1', first: '2026-09-02', last: '2026-10-23', line: 2 }]);
    expect(parsed.closures.map((c) => [c.line, c.from, c.to, c.kind])).toEqual([
      [4, '2026-10-26', '2026-10-30', 'holiday'],
      [5, '2026-11-30', '2026-11-30', 'inset'],
      [6, '2026-12-25', '2026-12-25', 'bank-holiday'],
    ]);
  });

  it('names every malformed line with its reason', () => {
    const parsed = parseCalendarText('2026-09-02,2026-10-23,Autumn 1\n2026-13-01,2026-13-05,Half term\n2026-11-02\n2027-02-19,2027-02-15,Spring 2');
    expect(parsed.problems.map(problemText)).toEqual([
      'Line 2: “2026-13-01” is not a date (use 2026-10-26 or 26/10/2026)',
      'Line 3: expected first day, last day and a name, e.g. 2026-10-26,2026-10-30,Half term',
      'Line 4: Spring 2 ends before it starts',
    ]);
  });

  it('finds overlapping half terms, a half term entered twice and a closure outside the school year', () => {
    const parsed = parseCalendarText('2026-09-02,2026-10-23,Autumn 1\n2026-10-19,2026-12-18,Autumn 2\n2026-09-03,2026-10-20,Autumn 1\n2027-08-02,2027-08-02,INSET');
    const problems = calendarProblems(parsed.halfTerms, parsed.closures).map(problemText);
    expect(problems).toContain('Line 3: Autumn 1 2026-27 is entered twice (also line 1)');
    expect(problems).toContain('Line 2: Autumn 2 2026-27 (Mon 19 Oct to Fri 18 Dec) overlaps Autumn 1 2026-27 (Thu 3 Sep to Tue 20 Oct)');
    expect(problems).toContain('Line 4: INSET (Mon 2 Aug) is outside the school year');
  });

  it('finds nothing wrong with a real year', () => {
    expect(calendarProblems(halfTerms2026, [{ from: '2026-12-21', to: '2027-01-01', label: 'Christmas holiday', kind: 'holiday' }])).toEqual([]);
  });
});
