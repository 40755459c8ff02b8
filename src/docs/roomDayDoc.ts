// The room-day document: one room's register and notes for one date, and the commands that write it.
import * as Y from 'yjs';
import {
  absenceSchema,
  arrivalSchema,
  checkDeparture,
  checkToiletReturn,
  departureSchema,
  periodMarkPatchSchema,
  RegisterRuleError,
  type PeriodMarkPatch,
} from '../domain/register';
import { behaviourNoteInputSchema, type BehaviourNoteInput } from '../domain/behaviourNote';
import { clockTimeSchema, minutesOf, type ClockTime } from '../domain/time';
import { idSchema } from '../domain/school';
import { newId } from '../domain/ids';
import {
  CommandError,
  createRecord,
  createdStamp,
  parseInput,
  requireRecord,
  setFields,
  stamp,
  strOrNull,
  bool,
  type Actor,
  type RecordCollection,
  type RecordMap,
} from './records';

export const entries = (doc: Y.Doc): RecordCollection => doc.getMap('entries');
export const notes = (doc: Y.Doc): RecordCollection => doc.getMap('notes');

/** Period marks live flat in one map per entry (`<periodId>/<field>`), so two devices never create the same nested map. */
export const markKey = (periodId: string, field: keyof PeriodMarkPatch) => `${periodId}/${field}`;

function entryFor(doc: Y.Doc, pupilId: string): RecordMap {
  return requireRecord(entries(doc), pupilId, 'Pupil on this register');
}

function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RegisterRuleError) throw new CommandError('rule', err.message, [err.reason]);
    throw err;
  }
}

function createEntry(doc: Y.Doc, pupilId: string, actor: Actor): RecordMap {
  const entry = createRecord(entries(doc), pupilId, { pupilId, status: 'expected', ...createdStamp(actor) });
  entry.set('marks', new Y.Map());
  entry.set('toilet', new Y.Map());
  return entry;
}

/** Puts a pupil on the day's register as expected; adding someone already there changes nothing. */
export function addToRegister(doc: Y.Doc, pupilId: string, actor: Actor): boolean {
  parseInput(idSchema, pupilId);
  if (entries(doc).has(pupilId)) return false;
  doc.transact(() => createEntry(doc, pupilId, actor));
  return true;
}

/**
 * The pupil's entry, written by the room the first time something is recorded: a pupil the plan expects has no
 * entry until they arrive or are marked absent, so the coordinator's plan and the room's record have one writer each.
 */
function entryOrNew(doc: Y.Doc, pupilId: string, actor: Actor): RecordMap {
  parseInput(idSchema, pupilId);
  return entries(doc).get(pupilId) ?? createEntry(doc, pupilId, actor);
}

/** A time later than now on today's register cannot have happened yet. */
function checkNotFuture(what: string, at: ClockTime, now: ClockTime | null): void {
  if (now && minutesOf(at) > minutesOf(now)) {
    throw new CommandError('rule', `${what} at ${at} is in the future: it is ${now} now`, ['future-time']);
  }
}

/** Takes a pupil added by mistake off the register; only while nothing has been recorded for them. */
export function removeFromRegister(doc: Y.Doc, pupilId: string): void {
  const entry = entryFor(doc, pupilId);
  if (entry.get('status') !== 'expected') {
    throw new CommandError('rule', 'Only a pupil who has not arrived can be taken off the register');
  }
  doc.transact(() => entries(doc).delete(pupilId));
}

/** `now` is the clock time when the register is today's, so a time still to come is refused. */
export function markArrived(doc: Y.Doc, pupilId: string, input: { at: ClockTime; late?: boolean }, actor: Actor, now: ClockTime | null = null): void {
  const arrival = parseInput(arrivalSchema, input);
  checkNotFuture('Arrival', arrival.at, now);
  const existing = entries(doc).get(pupilId);
  const leftAt = existing ? strOrNull(existing, 'leftAt') : null;
  if (leftAt && minutesOf(arrival.at) > minutesOf(leftAt)) {
    throw new CommandError('rule', `Arrival at ${arrival.at} is after leaving at ${leftAt}`, ['left-before-arrival']);
  }
  doc.transact(() => {
    const entry = entryOrNew(doc, pupilId, actor);
    setFields(entry, { arrivedAt: arrival.at, late: arrival.late, status: leftAt ? 'left' : 'present' });
    stamp(entry, actor);
  });
}

export function markAbsent(doc: Y.Doc, pupilId: string, input: { followUp?: string }, actor: Actor): void {
  const absence = parseInput(absenceSchema, input);
  doc.transact(() => {
    const entry = entryOrNew(doc, pupilId, actor);
    setFields(entry, { status: 'absent', absenceFollowUp: absence.followUp });
    entry.delete('arrivedAt');
    entry.delete('leftAt');
    entry.delete('leftTo');
    entry.delete('late');
    stamp(entry, actor);
  });
}

export function markLeft(
  doc: Y.Doc,
  pupilId: string,
  input: { at: ClockTime; to: string; detail?: string },
  actor: Actor,
  now: ClockTime | null = null,
): void {
  const departure = parseInput(departureSchema, input);
  checkNotFuture('Leaving', departure.at, now);
  const entry = entryFor(doc, pupilId);
  guarded(() => checkDeparture(strOrNull(entry, 'arrivedAt'), departure.at));
  doc.transact(() => {
    setFields(entry, { status: 'left', leftAt: departure.at, leftTo: departure.to, leftDetail: departure.detail });
    stamp(entry, actor);
  });
}

/** Keeps what a correction undid, and who undid it when: the register is a legal record, so nothing vanishes silently. */
function keepCorrection(entry: RecordMap, undone: string, actor: Actor): void {
  entry.set(`correction/${newId()}`, { undone, by: actor.staffId, at: actor.at });
}

/** Undo a mistaken arrival or absence: the pupil is back to expected, and the correction is kept with who and when. */
export function undoAttendance(doc: Y.Doc, pupilId: string, actor: Actor): void {
  const entry = entryFor(doc, pupilId);
  const status = entry.get('status');
  if (status !== 'present' && status !== 'absent') throw new CommandError('rule', 'Only an arrival or an absence can be undone here');
  const arrivedAt = strOrNull(entry, 'arrivedAt');
  const undone = status === 'present' ? `Arrival at ${arrivedAt ?? '?'}${bool(entry, 'late') ? ' (late)' : ''}` : 'Absence';
  doc.transact(() => {
    entry.set('status', 'expected');
    for (const key of ['arrivedAt', 'late', 'absenceFollowUp']) entry.delete(key);
    keepCorrection(entry, undone, actor);
    stamp(entry, actor);
  });
}

/** Undo "left": the pupil is back in the room, and the correction is kept. */
export function cancelDeparture(doc: Y.Doc, pupilId: string, actor: Actor): void {
  const entry = entryFor(doc, pupilId);
  if (entry.get('status') !== 'left') return;
  doc.transact(() => {
    keepCorrection(entry, `Left at ${strOrNull(entry, 'leftAt') ?? '?'}`, actor);
    entry.set('status', 'present');
    entry.delete('leftAt');
    entry.delete('leftTo');
    entry.delete('leftDetail');
    stamp(entry, actor);
  });
}

export function setPeriodMark(doc: Y.Doc, pupilId: string, periodId: string, patch: PeriodMarkPatch, actor: Actor): void {
  parseInput(idSchema, periodId);
  const fields = parseInput(periodMarkPatchSchema, patch);
  const entry = entryFor(doc, pupilId);
  const marks = entry.get('marks') as RecordMap;
  doc.transact(() => {
    for (const [field, value] of Object.entries(fields) as [keyof PeriodMarkPatch, unknown][]) {
      const key = markKey(periodId, field);
      if (value === null) marks.delete(key);
      else if (marks.get(key) !== value) marks.set(key, value);
    }
    stamp(entry, actor);
  });
}

export function setSupervised(doc: Y.Doc, pupilId: string, which: 'break' | 'lunch', value: boolean, actor: Actor): void {
  const entry = entryFor(doc, pupilId);
  doc.transact(() => {
    if (setFields(entry, { [`${which}Supervised`]: value })) stamp(entry, actor);
  });
}

export function startToiletVisit(doc: Y.Doc, pupilId: string, out: ClockTime, actor: Actor): string {
  parseInput(clockTimeSchema, out);
  const entry = entryFor(doc, pupilId);
  const id = newId();
  doc.transact(() => {
    createRecord(entry.get('toilet') as RecordCollection, id, { id, out, ...createdStamp(actor) });
    stamp(entry, actor);
  });
  return id;
}

export function endToiletVisit(doc: Y.Doc, pupilId: string, visitId: string, back: ClockTime, actor: Actor): void {
  parseInput(clockTimeSchema, back);
  const entry = entryFor(doc, pupilId);
  const visit = requireRecord(entry.get('toilet') as RecordCollection, visitId, 'Toilet visit');
  guarded(() => checkToiletReturn(String(visit.get('out')), back));
  doc.transact(() => {
    visit.set('back', back);
    stamp(visit, actor);
  });
}

/** Records who confirmed a safeguarding flag was logged on CPOMS; the flag stays visible until then. */
export function confirmSafeguardingLogged(doc: Y.Doc, noteId: string, actor: Actor): void {
  const note = requireRecord(notes(doc), noteId, 'Note');
  if (note.get('kind') !== 'safeguarding') throw new CommandError('rule', 'Only a safeguarding flag is confirmed as logged');
  if (note.get('loggedAt')) return;
  doc.transact(() => {
    note.set('loggedBy', actor.staffId);
    note.set('loggedAt', actor.at);
  });
}

export function addBehaviourNote(doc: Y.Doc, input: BehaviourNoteInput, actor: Actor): string {
  const note = parseInput(behaviourNoteInputSchema, input);
  entryFor(doc, note.pupilId);
  const id = newId();
  doc.transact(() => {
    createRecord(notes(doc), id, { id, ...note, ...createdStamp(actor) });
  });
  return id;
}
