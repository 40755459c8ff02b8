import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addBankHolidays, addClosure, copyYearForward, importCalendar, projectCalendar, removeClosure, saveHalfTerm, savePlacementSettings } from './calendarDoc';
import { projectSchool } from './schoolDoc';
import { CommandError, type Actor } from './records';

const actor: Actor = { staffId: 'staff-1', at: '2026-11-23T09:00:00.000Z' };
const year = [
  '2026-09-02,2026-10-23,Autumn 1',
  '2026-11-02,2026-12-18,Autumn 2',
  '2027-01-04,2027-02-12,Spring 1',
  '2027-02-22,2027-03-25,Spring 2',
  '2027-04-12,2027-05-28,Summer 1',
  '2027-06-07,2027-07-21,Summer 2',
  '2026-12-21,2027-01-01,Christmas holiday',
  '2026-11-30,2026-11-30,INSET',
].join('\n');

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof CommandError) return err.details;
    throw err;
  }
  throw new Error('expected the command to refuse');
}

describe('school calendar in the school document', () => {
  it('starts with no term dates or closures, two-weekly reviews and a six-week repeat window', () => {
    expect(projectSchool(new Y.Doc()).snapshot.calendar).toEqual({ halfTerms: [], closures: [], reviewEveryWeeks: 2, repeatWithinWeeks: 6 });
  });

  it('adds and removes closures in date order, and refuses a bad one', () => {
    const doc = new Y.Doc();
    addClosure(doc, { id: 'xmas', from: '2026-12-21', to: '2027-01-01', label: 'Christmas holiday', kind: 'holiday' }, actor);
    addClosure(doc, { id: 'inset', from: '2026-11-30', to: '2026-11-30', label: 'INSET' }, actor);
    expect(projectCalendar(doc).closures.map((c) => [c.id, c.kind])).toEqual([['inset', 'closure'], ['xmas', 'holiday']]);
    expect(() => addClosure(doc, { id: 'bad', from: '2027-02-19', to: '2027-02-15', label: 'Half term' }, actor)).toThrow(/end on or after/);
    removeClosure(doc, 'inset');
    expect(projectCalendar(doc).closures.map((c) => c.id)).toEqual(['xmas']);
  });

  it('imports a whole year in one go and reads it back', () => {
    const doc = new Y.Doc();
    expect(importCalendar(doc, year, actor)).toEqual({ halfTerms: 6, closures: 2 });
    const calendar = projectCalendar(doc);
    expect(calendar.halfTerms.map((h) => h.id)).toEqual(['2026-autumn-1', '2026-autumn-2', '2026-spring-1', '2026-spring-2', '2026-summer-1', '2026-summer-2']);
    // Importing the same lines again changes nothing.
    expect(importCalendar(doc, year, actor)).toEqual({ halfTerms: 6, closures: 0 });
    expect(projectCalendar(doc).closures).toHaveLength(2);
  });

  it('saves nothing from an import with a malformed line, and names the line', () => {
    const doc = new Y.Doc();
    expect(problemsOf(() => importCalendar(doc, `${year}\n2027-13-01,2027-13-02,INSET`, actor))).toEqual(['Line 9: “2027-13-01” is not a date (use 2026-10-26 or 26/10/2026)']);
    expect(projectCalendar(doc)).toMatchObject({ halfTerms: [], closures: [] });
  });

  it('refuses an overlapping or back-to-front half term and a closure outside the year, saving nothing', () => {
    const doc = new Y.Doc();
    importCalendar(doc, year, actor);
    const before = projectCalendar(doc);
    expect(problemsOf(() => saveHalfTerm(doc, { name: 'Autumn 2', first: '2026-10-19', last: '2026-12-18' }, actor))).toEqual([
      'Autumn 2 2026-27 (Mon 19 Oct to Fri 18 Dec) overlaps Autumn 1 2026-27 (Wed 2 Sep to Fri 23 Oct)',
    ]);
    expect(problemsOf(() => saveHalfTerm(doc, { name: 'Spring 1', first: '2027-02-12', last: '2027-01-04' }, actor))).toEqual(['last: The last day is before the first day']);
    expect(problemsOf(() => addClosure(doc, { id: 'aug', from: '2027-08-02', to: '2027-08-02', label: 'INSET' }, actor))).toEqual(['INSET (Mon 2 Aug) is outside the school year']);
    expect(problemsOf(() => importCalendar(doc, '2027-07-19,2027-07-30,INSET\n2027-05-20,2027-07-21,Summer 2', actor))).toEqual([
      'Line 2: Summer 2 2026-27 (Thu 20 May to Wed 21 Jul) overlaps Summer 1 2026-27 (Mon 12 Apr to Fri 28 May)',
      'Line 1: INSET (Mon 19 Jul to Fri 30 Jul) is outside the school year',
    ]);
    expect(projectCalendar(doc)).toEqual(before);
  });

  it('copies last year forward once, for the school to check', () => {
    const doc = new Y.Doc();
    importCalendar(doc, year, actor);
    expect(copyYearForward(doc, 2026, actor).halfTerms).toBe(6);
    expect(projectCalendar(doc).halfTerms.filter((h) => h.year === 2027).map((h) => h.first)[0]).toBe('2027-09-01');
    expect(() => copyYearForward(doc, 2026, actor)).toThrow(/2027-28 already has term dates/);
  });

  it('adds the bank holidays that fall in term, once', () => {
    const doc = new Y.Doc();
    expect(() => addBankHolidays(doc, 2026, actor)).toThrow('Enter the half terms of 2026-27 first');
    importCalendar(doc, year, actor);
    // Good Friday, Easter Monday and the spring bank holiday fall in this year's holidays already.
    expect(addBankHolidays(doc, 2026, actor)).toBe(1);
    expect(projectCalendar(doc).closures.filter((c) => c.kind === 'bank-holiday').map((c) => `${c.from} ${c.label}`)).toEqual(['2027-05-03 Early May bank holiday']);
    expect(addBankHolidays(doc, 2026, actor)).toBe(0);
  });

  it('saves the review interval and repeat window, within 1 to 12 weeks', () => {
    const doc = new Y.Doc();
    savePlacementSettings(doc, { reviewEveryWeeks: 3, repeatWithinWeeks: 8 }, actor);
    expect(projectCalendar(doc)).toMatchObject({ reviewEveryWeeks: 3, repeatWithinWeeks: 8 });
    expect(() => savePlacementSettings(doc, { reviewEveryWeeks: 0, repeatWithinWeeks: 8 }, actor)).toThrow(/at least 1 week/);
  });
});
