import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addBehaviourNote,
  addToRegister,
  cancelDeparture,
  confirmSafeguardingLogged,
  endToiletVisit,
  markAbsent,
  markArrived,
  markLeft,
  removeFromRegister,
  setPeriodMark,
  setSupervised,
  startToiletVisit,
  undoAttendance,
} from './roomDayDoc';
import { projectRoomDay } from './roomDayProjection';
import { CommandError, type Actor } from './records';

const NAME = 'room/base/2026-11-23';
const actor: Actor = { staffId: 'staff-1', at: '2026-11-23T09:05:00.000Z' };
const later: Actor = { staffId: 'staff-2', at: '2026-11-23T10:15:00.000Z' };
const PUPIL = 'pupil-a';

function registerWith(...pupils: string[]) {
  const doc = new Y.Doc();
  for (const p of pupils) addToRegister(doc, p, actor);
  return doc;
}
const row = (doc: Y.Doc, pupilId = PUPIL) => projectRoomDay(doc, NAME).entries.find((e) => e.pupilId === pupilId)!;

describe('room-day register commands', () => {
  it('adds a pupil once, expected, with who and when', () => {
    const doc = registerWith(PUPIL);
    expect(addToRegister(doc, PUPIL, later)).toBe(false);
    expect(row(doc)).toMatchObject({
      status: 'expected',
      roomId: 'base',
      date: '2026-11-23',
      createdBy: 'staff-1',
      createdAt: actor.at,
    });
  });

  it('records arrival, lateness and a later departure', () => {
    const doc = registerWith(PUPIL);
    markArrived(doc, PUPIL, { at: '08:52', late: true }, actor);
    markLeft(doc, PUPIL, { at: '15:00', to: 'lessons' }, later);
    expect(row(doc)).toMatchObject({
      status: 'left',
      arrivedAt: '08:52',
      late: true,
      leftAt: '15:00',
      leftTo: 'lessons',
      updatedBy: 'staff-2',
    });
    cancelDeparture(doc, PUPIL, later);
    expect(row(doc)).toMatchObject({ status: 'present', leftAt: null, leftTo: null });
  });

  it('refuses a departure before arrival or without one, with a clear reason', () => {
    const doc = registerWith(PUPIL);
    expect(() => markLeft(doc, PUPIL, { at: '10:00', to: 'home' }, actor)).toThrow(/arrived before they leave/);
    markArrived(doc, PUPIL, { at: '11:00' }, actor);
    const attempt = () => markLeft(doc, PUPIL, { at: '10:30', to: 'home' }, actor);
    expect(attempt).toThrow(CommandError);
    expect(attempt).toThrow('Left at 10:30 is before arrival at 11:00');
    expect(row(doc).status).toBe('present');
  });

  it('refuses an arrival edited to after the departure', () => {
    const doc = registerWith(PUPIL);
    markArrived(doc, PUPIL, { at: '09:00' }, actor);
    markLeft(doc, PUPIL, { at: '12:00', to: 'home' }, actor);
    expect(() => markArrived(doc, PUPIL, { at: '12:30' }, actor)).toThrow(/after leaving at 12:00/);
    markArrived(doc, PUPIL, { at: '09:10' }, actor);
    expect(row(doc)).toMatchObject({ arrivedAt: '09:10', status: 'left' });
  });

  it('needs a destination detail when a pupil leaves for "other"', () => {
    const doc = registerWith(PUPIL);
    markArrived(doc, PUPIL, { at: '09:00' }, actor);
    expect(() => markLeft(doc, PUPIL, { at: '10:00', to: 'other' }, actor)).toThrow(/Say where the pupil went/);
    markLeft(doc, PUPIL, { at: '10:00', to: 'other', detail: 'Dentist' }, actor);
    expect(row(doc)).toMatchObject({ leftTo: 'other', leftDetail: 'Dentist' });
  });

  it('marks absence with its follow-up and clears any arrival', () => {
    const doc = registerWith(PUPIL);
    markArrived(doc, PUPIL, { at: '09:00' }, actor);
    markAbsent(doc, PUPIL, { followUp: 'Phoned home 09:30, no answer' }, actor);
    expect(row(doc)).toMatchObject({ status: 'absent', arrivedAt: null, absenceFollowUp: 'Phoned home 09:30, no answer' });
  });

  it('rejects bad times and grades before writing anything', () => {
    const doc = registerWith(PUPIL);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => markArrived(doc, PUPIL, { at: '9am' }, actor)).toThrow(/24-hour HH:MM/);
    expect(() => setPeriodMark(doc, PUPIL, 'p1', { effort: 5 }, actor)).toThrow(CommandError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('keeps per-period presence, effort and behaviour, and clears a field with null', () => {
    const doc = registerWith(PUPIL);
    setPeriodMark(doc, PUPIL, 'p1', { presence: 'present', effort: 2, behaviour: 1 }, actor);
    setPeriodMark(doc, PUPIL, 'p2', { presence: 'out' }, actor);
    setPeriodMark(doc, PUPIL, 'p1', { behaviour: null }, actor);
    expect(row(doc).periods).toEqual({
      p1: { presence: 'present', effort: 2, behaviour: null },
      p2: { presence: 'out', effort: null, behaviour: null },
    });
  });

  it('records supervised break and lunch and toilet visits out and back', () => {
    const doc = registerWith(PUPIL);
    setSupervised(doc, PUPIL, 'break', true, actor);
    setSupervised(doc, PUPIL, 'lunch', true, actor);
    const visit = startToiletVisit(doc, PUPIL, '10:20', actor);
    expect(() => endToiletVisit(doc, PUPIL, visit, '10:10', actor)).toThrow(/before going out/);
    endToiletVisit(doc, PUPIL, visit, '10:26', actor);
    expect(row(doc)).toMatchObject({
      breakSupervised: true,
      lunchSupervised: true,
      toiletVisits: [{ id: visit, out: '10:20', back: '10:26' }],
    });
  });

  it('keeps behaviour notes with period, author and time', () => {
    const doc = registerWith(PUPIL);
    addBehaviourNote(doc, { pupilId: PUPIL, kind: 'praise', periodId: 'p2', text: '  Finished all maths  ' }, actor);
    expect(() => addBehaviourNote(doc, { pupilId: PUPIL, kind: 'praise', periodId: null, text: ' ' }, actor)).toThrow(
      /Write the note/,
    );
    expect(() => addBehaviourNote(doc, { pupilId: 'not-here', kind: 'concern', periodId: null, text: 'x' }, actor)).toThrow(
      /not found/,
    );
    expect(projectRoomDay(doc, NAME).notes).toEqual([
      expect.objectContaining({ pupilId: PUPIL, kind: 'praise', periodId: 'p2', text: 'Finished all maths', createdBy: 'staff-1' }),
    ]);
  });

  it('keeps a safeguarding flag without text until someone confirms it is on CPOMS', () => {
    const doc = registerWith(PUPIL);
    expect(() =>
      addBehaviourNote(doc, { pupilId: PUPIL, kind: 'safeguarding', periodId: null, text: 'said that at home…' }, actor),
    ).toThrow(/holds no text/);
    const id = addBehaviourNote(doc, { pupilId: PUPIL, kind: 'safeguarding', periodId: 'p3', text: '' }, actor);
    // Indexed by its date while unconfirmed (Today's banner and the coordinator read that index), and no longer after.
    expect(projectRoomDay(doc, NAME).notes[0]).toMatchObject({ kind: 'safeguarding', text: '', loggedBy: null, loggedAt: null, unconfirmedFlagOn: '2026-11-23' });
    confirmSafeguardingLogged(doc, id, later);
    confirmSafeguardingLogged(doc, id, actor);
    expect(projectRoomDay(doc, NAME).notes[0]).toMatchObject({ loggedBy: 'staff-2', loggedAt: later.at });
    expect(projectRoomDay(doc, NAME).notes[0]).not.toHaveProperty('unconfirmedFlagOn');
    const praise = addBehaviourNote(doc, { pupilId: PUPIL, kind: 'praise', periodId: null, text: 'Kind to a peer' }, actor);
    expect(() => confirmSafeguardingLogged(doc, praise, actor)).toThrow(/Only a safeguarding flag/);
  });

  it('takes a pupil off only while nothing is recorded for them', () => {
    const doc = registerWith(PUPIL, 'pupil-b');
    removeFromRegister(doc, 'pupil-b');
    markArrived(doc, PUPIL, { at: '09:00' }, actor);
    expect(() => removeFromRegister(doc, PUPIL)).toThrow(/has not arrived/);
    expect(projectRoomDay(doc, NAME).entries.map((e) => e.pupilId)).toEqual([PUPIL]);
  });
});

describe('two devices editing one register offline', () => {
  it('merges marks for different periods and fields in either order', () => {
    const base = registerWith(PUPIL);
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(base));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(base));
    markArrived(a, PUPIL, { at: '09:00' }, actor);
    setPeriodMark(a, PUPIL, 'p1', { effort: 1 }, actor);
    setPeriodMark(b, PUPIL, 'p1', { behaviour: 3 }, later);
    addBehaviourNote(b, { pupilId: PUPIL, kind: 'concern', periodId: 'p1', text: 'Refused work' }, later);
    const fromA = Y.encodeStateAsUpdate(a);
    const fromB = Y.encodeStateAsUpdate(b);
    Y.applyUpdate(a, fromB);
    Y.applyUpdate(b, fromA);
    for (const doc of [a, b]) {
      expect(row(doc)).toMatchObject({ arrivedAt: '09:00', periods: { p1: { presence: null, effort: 1, behaviour: 3 } } });
      expect(projectRoomDay(doc, NAME).notes).toHaveLength(1);
    }
  });

  it('writes the entry of a pupil the plan expects the first time the room records them', () => {
    const doc = new Y.Doc();
    markArrived(doc, 'planned', { at: '09:01' }, actor);
    markAbsent(doc, 'away', {}, actor);
    expect(projectRoomDay(doc, NAME).entries.map((e) => [e.pupilId, e.status])).toEqual([['planned', 'present'], ['away', 'absent']]);
  });

  it('undoes a mistaken arrival, absence or leave back a step, keeping who undid what and when', () => {
    const doc = registerWith(PUPIL, 'pupil-b');
    markArrived(doc, PUPIL, { at: '09:05', late: true }, actor);
    undoAttendance(doc, PUPIL, later);
    expect(row(doc)).toMatchObject({ status: 'expected', arrivedAt: null, late: false, corrections: [{ undone: 'Arrival at 09:05 (late)', by: 'staff-2', at: later.at }] });
    markAbsent(doc, 'pupil-b', { followUp: 'Phoned home' }, actor);
    undoAttendance(doc, 'pupil-b', later);
    expect(row(doc, 'pupil-b')).toMatchObject({ status: 'expected', absenceFollowUp: '', corrections: [{ undone: 'Absence' }] });
    markArrived(doc, PUPIL, { at: '09:10' }, actor);
    markLeft(doc, PUPIL, { at: '10:00', to: 'home' }, actor);
    cancelDeparture(doc, PUPIL, { ...later, at: '2026-11-23T10:30:00.000Z' });
    expect(row(doc).status).toBe('present');
    expect(row(doc).corrections?.map((c) => c.undone)).toEqual(['Arrival at 09:05 (late)', 'Left at 10:00']);
    expect(() => undoAttendance(doc, 'nobody', later)).toThrow(/not found/);
  });

  it('refuses an arrival or leaving time still to come on today’s register', () => {
    const doc = registerWith(PUPIL);
    expect(() => markArrived(doc, PUPIL, { at: '11:30' }, actor, '11:02')).toThrow('Arrival at 11:30 is in the future: it is 11:02 now');
    markArrived(doc, PUPIL, { at: '09:00' }, actor, '11:02');
    expect(() => markLeft(doc, PUPIL, { at: '15:30', to: 'home' }, actor, '11:02')).toThrow('Leaving at 15:30 is in the future: it is 11:02 now');
    expect(() => markLeft(doc, PUPIL, { at: '08:30', to: 'home' }, actor, '11:02')).toThrow('Left at 08:30 is before arrival at 09:00');
  });
});
