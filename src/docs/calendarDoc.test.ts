import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addClosure, projectCalendar, removeClosure, savePlacementSettings } from './calendarDoc';
import { projectSchool } from './schoolDoc';
import type { Actor } from './records';

const actor: Actor = { staffId: 'staff-1', at: '2026-11-23T09:00:00.000Z' };

describe('school calendar in the school document', () => {
  it('starts with no closures, two-weekly reviews and a six-week repeat window', () => {
    expect(projectSchool(new Y.Doc()).snapshot.calendar).toEqual({ closures: [], reviewEveryWeeks: 2, repeatWithinWeeks: 6 });
  });

  it('adds and removes closures in date order, and refuses a bad one', () => {
    const doc = new Y.Doc();
    addClosure(doc, { id: 'xmas', from: '2026-12-21', to: '2027-01-01', label: 'Christmas holiday' }, actor);
    addClosure(doc, { id: 'inset', from: '2026-11-30', to: '2026-11-30', label: 'INSET' }, actor);
    expect(projectCalendar(doc).closures.map((c) => c.id)).toEqual(['inset', 'xmas']);
    expect(() => addClosure(doc, { id: 'bad', from: '2027-02-19', to: '2027-02-15', label: 'Half term' }, actor)).toThrow(/end on or after/);
    removeClosure(doc, 'inset');
    expect(projectCalendar(doc).closures.map((c) => c.id)).toEqual(['xmas']);
  });

  it('saves the review interval and repeat window, within 1 to 12 weeks', () => {
    const doc = new Y.Doc();
    savePlacementSettings(doc, { reviewEveryWeeks: 3, repeatWithinWeeks: 8 }, actor);
    expect(projectCalendar(doc)).toMatchObject({ reviewEveryWeeks: 3, repeatWithinWeeks: 8 });
    expect(() => savePlacementSettings(doc, { reviewEveryWeeks: 0, repeatWithinWeeks: 8 }, actor)).toThrow(/at least 1 week/);
  });
});
