import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { completeSetup, defaultQuestionSet, fillEmptySchool, importPupils, projectSchool, saveQuestionSet, savePeriods, saveRoom, saveStaff, saveSchoolSettings, setRegisterOpenMinutes } from './schoolDoc';
import { CommandError, type Actor } from './records';
import { generateDemoSchool } from '../roster/demoSchool';
import { inTimeZone } from '../../tests/fixtures/timeZone';

const actor: Actor = { staffId: 'staff-1', at: '2026-09-01T08:00:00.000Z' };
const pupil = { upn: 'Q823456789012', legalSurname: 'Okafor', legalForename: 'Jessica', yearGroup: 9, tutorGroup: '9X2', sen: 'none' as const };

describe('school document', () => {
  it('names the set-up section each refusal is about, so the screen can focus it', () => {
    const doc = new Y.Doc();
    saveSchoolSettings(doc, { name: 'Ashbrook Academy' }, actor);
    try {
      completeSetup(doc, actor);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CommandError);
      expect((err as CommandError).message).toBe('Add at least one room');
      expect((err as CommandError).details).toEqual(['rooms']);
    }
  });

  it('fills only what a new school lacks from the demo school, so set-up can finish in one step', () => {
    const doc = new Y.Doc();
    const demo = generateDemoSchool({ pupilsPerYear: 1 });
    saveStaff(doc, { id: 'me', name: 'Mr D. Osei', role: '' }, actor);
    fillEmptySchool(doc, { ...demo, periods: [{ id: 'p1', label: 'P1', kind: 'lesson', start: '09:00', end: '10:00' }] }, actor);
    completeSetup(doc, actor);
    const school = projectSchool(doc).snapshot;
    expect(school.settings.name).toBe('Ashbrook Academy');
    expect(school.rooms.map((r) => r.name).sort()).toEqual(['Isolation room', 'The BASE']);
    expect(school.staff.map((s) => s.name)).toEqual(['Mr D. Osei']);
    expect(school.periods).toHaveLength(1);
  });

  it('refuses to finish set-up until the school has a name, a room, a day and staff', () => {
    const doc = new Y.Doc();
    expect(() => completeSetup(doc, actor)).toThrow(/name/);
    saveSchoolSettings(doc, { name: 'Ashbrook Academy' }, actor);
    saveRoom(doc, { id: 'base', name: 'The BASE', kind: 'base' }, actor);
    expect(() => completeSetup(doc, actor)).toThrow(/periods/);
    savePeriods(doc, [{ id: 'p1', label: 'P1', kind: 'lesson', start: '09:00', end: '10:00' }], actor);
    saveStaff(doc, { id: 'staff-1', name: 'Ms R. Patel', role: '' }, actor);
    completeSetup(doc, actor);
    expect(projectSchool(doc).snapshot.settings).toEqual({ name: 'Ashbrook Academy', setupCompletedAt: actor.at, lockAfterMinutes: 5, registerOpenMinutes: 30, retention: { registerYears: 6, leaverYears: 6 } });
  });

  it('keeps the school’s register closing time, 30 minutes until it sets one, and refuses one outside 5 to 120 minutes', () => {
    const doc = new Y.Doc();
    expect(projectSchool(doc).snapshot.settings.registerOpenMinutes).toBe(30);
    setRegisterOpenMinutes(doc, 15, actor);
    expect(projectSchool(doc).snapshot.settings.registerOpenMinutes).toBe(15);
    expect(() => setRegisterOpenMinutes(doc, 4, actor)).toThrow(/At least 5 minutes/);
    expect(() => setRegisterOpenMinutes(doc, 121, actor)).toThrow(/At most 120 minutes/);
    expect(() => setRegisterOpenMinutes(doc, 12.5, actor)).toThrow(/whole minutes/);
    expect(projectSchool(doc).snapshot.settings.registerOpenMinutes).toBe(15);
    // Another device's change arrives like any other setting.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(projectSchool(other).snapshot.settings.registerOpenMinutes).toBe(15);
  });

  it('edits periods in place and removes the ones left out', () => {
    const doc = new Y.Doc();
    savePeriods(doc, [{ id: 'p1', label: 'P1', kind: 'lesson', start: '09:00', end: '10:00' }, { id: 'p2', label: 'P2', kind: 'lesson', start: '10:00', end: '11:00' }], actor);
    savePeriods(doc, [{ id: 'p2', label: 'Period 2', kind: 'lesson', start: '10:05', end: '11:00' }], actor);
    expect(projectSchool(doc).snapshot.periods).toEqual([{ id: 'p2', label: 'Period 2', kind: 'lesson', start: '10:05', end: '11:00' }]);
    expect(() => savePeriods(doc, [{ id: 'p3', label: 'P3', kind: 'lesson', start: '11:00', end: '10:00' }], actor)).toThrow(/end after it starts/);
  });

  it('imports all of a roster or, with one bad pupil, none of it', () => {
    const doc = new Y.Doc();
    expect(() => importPupils(doc, { toAdd: [pupil, { ...pupil, upn: 'B000000000000' }], toUpdate: [] }, actor)).toThrow(/UPN/);
    expect(projectSchool(doc).pupils).toHaveLength(0);
    importPupils(doc, { toAdd: [pupil], toUpdate: [] }, actor);
    const [stored] = projectSchool(doc).pupils;
    importPupils(doc, { toAdd: [], toUpdate: [{ id: stored!.id, pupil: { ...pupil, tutorGroup: '9Y1' } }] }, actor);
    expect(projectSchool(doc).pupils).toEqual([expect.objectContaining({ id: stored!.id, tutorGroup: '9Y1' })]);
  });

  it('marks a leaver on the school’s day of the import, not the UTC day, just after midnight in summer time', () => {
    inTimeZone('Europe/London', () => {
      const doc = new Y.Doc();
      importPupils(doc, { toAdd: [pupil], toUpdate: [] }, actor);
      const [stored] = projectSchool(doc).pupils;
      importPupils(doc, { toAdd: [], toUpdate: [], toMarkLeft: [{ id: stored!.id }] }, { staffId: 'staff-1', at: '2027-06-09T23:30:00.000Z' });
      expect(projectSchool(doc).pupils[0]!.leftOn).toBe('2027-06-10');
    });
  });

  it('marks leavers on the day of the import, keeping their record, and brings them back when listed again', () => {
    const doc = new Y.Doc();
    importPupils(doc, { toAdd: [pupil], toUpdate: [] }, actor);
    const [stored] = projectSchool(doc).pupils;
    expect(importPupils(doc, { toAdd: [], toUpdate: [], toMarkLeft: [{ id: stored!.id }] }, actor)).toMatchObject({ left: 1 });
    expect(projectSchool(doc).pupils).toEqual([expect.objectContaining({ id: stored!.id, legalSurname: pupil.legalSurname, leftOn: actor.at.slice(0, 10) })]);
    importPupils(doc, { toAdd: [], toUpdate: [], toReturn: [stored!.id] }, actor);
    expect(projectSchool(doc).pupils[0]!.leftOn).toBeUndefined();
  });

  it('versions question sets so each edit is a new version and defaults read as version 1', () => {
    const doc = new Y.Doc();
    expect(projectSchool(doc).snapshot.questionSets.reflection).toEqual(defaultQuestionSet('reflection'));
    const version = saveQuestionSet(doc, 'reflection', [{ id: 'what', prompt: 'What happened, in your words?' }], actor);
    expect(version).toBe(2);
    expect(projectSchool(doc).snapshot.questionSets.reflection).toEqual({
      kind: 'reflection',
      version: 2,
      questions: [{ id: 'what', prompt: 'What happened, in your words?' }],
    });
    expect(() => saveQuestionSet(doc, 'exit', [], actor)).toThrow(/at least one question/);
  });
});
