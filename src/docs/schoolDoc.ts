// The school document: settings, rooms, periods, staff and the pupil roster, with its commands.
import type * as Y from 'yjs';
import { z } from 'zod';
import {
  DEFAULT_LOCK_AFTER_MINUTES,
  DEFAULT_REGISTER_OPEN_MINUTES,
  lockAfterSchema,
  registerOpenSchema,
  periodSchema,
  roomSchema,
  schoolSettingsSchema,
  sortPeriods,
  staffSchema,
  type Period,
  type Room,
  type SchoolSettings,
  type Staff,
} from '../domain/school';
import { pupilInputSchema, type Pupil, type PupilInput } from '../domain/pupil';
import { newId } from '../domain/ids';
import {
  defaultQuestions,
  interviewKinds,
  questionSchema,
  type InterviewKind,
  type Question,
  type QuestionSet,
} from '../domain/interview';
import { slugId } from '../domain/slug';
import type { SchoolCalendar } from '../domain/schoolCalendar';
import { projectCalendar } from './calendarDoc';
import { localDateOf } from '../domain/time';
import { projectProviders } from './schoolProviders';
import type { Provider } from '../domain/provider';
import type { ReferralCategory } from '../domain/referralCategory';
import { projectReferralCategories } from './referralCategoriesDoc';
import { defaultRetention, retentionSchema, type RetentionSettings } from '../domain/retention';
import {
  CommandError,
  createRecord,
  createdStamp,
  parseInput,
  requireRecord,
  setFields,
  stamp,
  str,
  strOrNull,
  num,
  type Actor,
  type RecordCollection,
} from './records';

const collection = (doc: Y.Doc, name: 'rooms' | 'periods' | 'staff' | 'pupils'): RecordCollection => doc.getMap(name);
const settingsMap = (doc: Y.Doc) => doc.getMap<unknown>('settings');

export function saveSchoolSettings(doc: Y.Doc, input: SchoolSettings, actor: Actor): void {
  const settings = parseInput(schoolSettingsSchema, input);
  doc.transact(() => {
    const map = settingsMap(doc);
    if (setFields(map, settings)) {
      map.set('updatedBy', actor.staffId);
      map.set('updatedAt', actor.at);
    }
  });
}

/** How long devices stay unlocked without being touched. */
export function setLockAfterMinutes(doc: Y.Doc, minutes: number, actor: Actor): void {
  const { minutes: valid } = parseInput(lockAfterSchema, { minutes });
  doc.transact(() => {
    const map = settingsMap(doc);
    map.set('lockAfterMinutes', valid);
    map.set('updatedBy', actor.staffId);
    map.set('updatedAt', actor.at);
  });
}

/** How long after a session's registration starts its register closes: an arrival by then is late (L), after it the school's. */
export function setRegisterOpenMinutes(doc: Y.Doc, minutes: number, actor: Actor): void {
  const { minutes: valid } = parseInput(registerOpenSchema, { minutes });
  doc.transact(() => {
    const map = settingsMap(doc);
    if (setFields(map, { registerOpenMinutes: valid })) {
      map.set('updatedBy', actor.staffId);
      map.set('updatedAt', actor.at);
    }
  });
}

/** How long the school keeps registers and leavers' records (domain/retention.ts cites the sources for the defaults). */
export function saveRetention(doc: Y.Doc, input: RetentionSettings, actor: Actor): void {
  const valid = parseInput(retentionSchema, input);
  doc.transact(() => {
    const map = settingsMap(doc);
    if (setFields(map, { retentionRegisterYears: valid.registerYears, retentionLeaverYears: valid.leaverYears })) {
      map.set('updatedBy', actor.staffId);
      map.set('updatedAt', actor.at);
    }
  });
}

export function completeSetup(doc: Y.Doc, actor: Actor): void {
  const map = settingsMap(doc);
  // The detail names the set-up section to fix, so the screen can take the user there.
  if (!map.get('name')) throw new CommandError('rule', 'Enter the school’s name first', ['school']);
  if (collection(doc, 'rooms').size === 0) throw new CommandError('rule', 'Add at least one room', ['rooms']);
  if (collection(doc, 'periods').size === 0) throw new CommandError('rule', 'Add the periods of the school day', ['day']);
  if (collection(doc, 'staff').size === 0) throw new CommandError('rule', 'Add at least one member of staff', ['staff']);
  doc.transact(() => {
    if (!map.get('setupCompletedAt')) map.set('setupCompletedAt', actor.at);
  });
}

function upsert<T extends { id: string }>(doc: Y.Doc, name: 'rooms' | 'periods' | 'staff', value: T, actor: Actor): void {
  doc.transact(() => {
    const records = collection(doc, name);
    const existing = records.get(value.id);
    if (existing) {
      if (setFields(existing, value)) stamp(existing, actor);
    } else {
      createRecord(records, value.id, { ...value, ...createdStamp(actor) });
    }
  });
}

export const saveRoom = (doc: Y.Doc, input: Room, actor: Actor) => upsert(doc, 'rooms', parseInput(roomSchema, input), actor);
export const saveStaff = (doc: Y.Doc, input: Staff, actor: Actor) =>
  upsert(doc, 'staff', parseInput(staffSchema, input), actor);

/** Replaces the day's periods: edits each in place, removes those no longer in the list. */
export function savePeriods(doc: Y.Doc, input: Period[], actor: Actor): void {
  const periods = parseInput(z.array(periodSchema).min(1, 'Add at least one period'), input);
  doc.transact(() => {
    const records = collection(doc, 'periods');
    const keep = new Set(periods.map((p) => p.id));
    for (const id of [...records.keys()]) if (!keep.has(id)) records.delete(id);
    for (const p of periods) upsert(doc, 'periods', p, actor);
  });
}

/**
 * Fills what a new school has not entered yet (name, rooms, periods, staff) from a demo school, so it can be tried
 * in one step; anything already entered is kept as it is.
 */
export function fillEmptySchool(doc: Y.Doc, demo: { name: string; rooms: Room[]; staff: Staff[]; periods: Period[] }, actor: Actor): void {
  doc.transact(() => {
    if (!settingsMap(doc).get('name')) saveSchoolSettings(doc, { name: demo.name }, actor);
    if (collection(doc, 'rooms').size === 0) for (const room of demo.rooms) saveRoom(doc, room, actor);
    if (collection(doc, 'periods').size === 0) savePeriods(doc, demo.periods, actor);
    if (collection(doc, 'staff').size === 0) for (const person of demo.staff) saveStaff(doc, person, actor);
  });
}

/** The school's questions before anyone edits them (version 1 of each set). */
export function defaultQuestionSet(kind: InterviewKind): QuestionSet {
  const ids: string[] = [];
  const questions = defaultQuestions[kind].map((prompt) => {
    const id = slugId(prompt.split(' ').slice(0, 4).join(' '), ids);
    ids.push(id);
    return { id, prompt };
  });
  return { kind, version: 1, questions };
}

/** Saves new questions as the next version: interviews already started keep the version they were asked. */
export function saveQuestionSet(doc: Y.Doc, kind: InterviewKind, questions: Question[], actor: Actor): number {
  const parsed = parseInput(z.array(questionSchema).min(1, 'An interview needs at least one question').max(20), questions);
  const sets = doc.getMap<unknown>('questionSets');
  const current = sets.get(kind) as QuestionSet | undefined;
  const version = (current?.version ?? 1) + 1;
  // A question set is replaced whole on purpose: versions are immutable snapshots, never merged.
  doc.transact(() => sets.set(kind, { kind, version, questions: parsed, savedBy: actor.staffId, savedAt: actor.at }));
  return version;
}

export interface RosterChanges {
  toAdd: PupilInput[];
  toUpdate: { id: string; pupil: PupilInput }[];
  /** Marked as left on the day of the import; empty when the file is only part of the school. */
  toMarkLeft?: { id: string }[];
  toReturn?: string[];
}

/**
 * Applies a planned roster import in one transaction: all of it or, on a bad row, none of it. Pupils the file no
 * longer lists are marked as left (their records are kept; pickers leave them out); those it lists again return.
 */
export function importPupils(doc: Y.Doc, changes: RosterChanges, actor: Actor): { added: number; updated: number; left: number; returned: number } {
  const toAdd = changes.toAdd.map((p) => parseInput(pupilInputSchema, p));
  const toUpdate = changes.toUpdate.map((u) => ({ id: u.id, pupil: parseInput(pupilInputSchema, u.pupil) }));
  const pupils = collection(doc, 'pupils');
  for (const u of toUpdate) requireRecord(pupils, u.id, 'Pupil');
  const leaving = (changes.toMarkLeft ?? []).map((l) => requireRecord(pupils, l.id, 'Pupil'));
  const returning = (changes.toReturn ?? []).map((id) => requireRecord(pupils, id, 'Pupil'));
  // The school's day, not the UTC one: an import at 00:30 BST is stored as 23:30Z the day before.
  const today = localDateOf(actor.at);
  let updated = 0;
  doc.transact(() => {
    for (const record of leaving) {
      if (!record.get('leftOn')) {
        record.set('leftOn', today);
        stamp(record, actor);
      }
    }
    for (const record of returning) {
      record.delete('leftOn');
      stamp(record, actor);
    }
    for (const p of toAdd) createRecord(pupils, newId(), { ...p, ...createdStamp(actor) });
    for (const u of toUpdate) {
      const record = pupils.get(u.id)!;
      if (setFields(record, u.pupil)) {
        stamp(record, actor);
        updated++;
      }
    }
  });
  return { added: toAdd.length, updated, left: leaving.length, returned: returning.length };
}

export interface SchoolSnapshot {
  settings: { name: string; setupCompletedAt: string | null; lockAfterMinutes: number; registerOpenMinutes: number; retention: RetentionSettings };
  questionSets: Record<InterviewKind, QuestionSet>;
  rooms: Room[];
  periods: Period[];
  staff: Staff[];
  calendar: SchoolCalendar;
  providers: Provider[];
  referralCategories: ReferralCategory[];
}

/** The roster as rows: the large part of the school document, projected apart so settings edits skip it. */
export function projectRoster(doc: Y.Doc): Pupil[] {
  const pupils: Pupil[] = [];
  for (const [id, p] of collection(doc, 'pupils').entries()) {
    pupils.push({
      id,
      misId: strOrNull(p, 'misId') ?? undefined,
      upn: str(p, 'upn'),
      legalSurname: str(p, 'legalSurname'),
      legalForename: str(p, 'legalForename'),
      preferredName: strOrNull(p, 'preferredName') ?? undefined,
      yearGroup: num(p, 'yearGroup') ?? 0,
      tutorGroup: str(p, 'tutorGroup'),
      sen: str(p, 'sen', 'none') as Pupil['sen'],
      keyNeeds: strOrNull(p, 'keyNeeds') ?? undefined,
      leftOn: strOrNull(p, 'leftOn') ?? undefined,
    });
  }
  return pupils;
}

/** Everything but the roster: small, re-projected on every change to the school document. */
export function projectSchoolSnapshot(doc: Y.Doc): SchoolSnapshot {
  const settings = settingsMap(doc);
  const rooms = [...collection(doc, 'rooms').values()].map((r) => ({
    id: str(r, 'id'),
    name: str(r, 'name'),
    kind: str(r, 'kind', 'other') as Room['kind'],
  }));
  const periods = [...collection(doc, 'periods').values()].map((p) => ({
    id: str(p, 'id'),
    label: str(p, 'label'),
    kind: str(p, 'kind', 'lesson') as Period['kind'],
    start: str(p, 'start'),
    end: str(p, 'end'),
  }));
  const staff = [...collection(doc, 'staff').values()].map((s) => ({
    id: str(s, 'id'),
    name: str(s, 'name'),
    role: str(s, 'role'),
  }));
  const storedSets = doc.getMap<unknown>('questionSets');
  const questionSets = Object.fromEntries(
    interviewKinds.map((kind) => {
      const stored = storedSets.get(kind) as QuestionSet | undefined;
      return [kind, stored ? { kind, version: stored.version, questions: stored.questions } : defaultQuestionSet(kind)];
    }),
  ) as Record<InterviewKind, QuestionSet>;
  return {
    settings: {
      name: str(settings, 'name'),
      setupCompletedAt: strOrNull(settings, 'setupCompletedAt'),
      lockAfterMinutes: num(settings, 'lockAfterMinutes') ?? DEFAULT_LOCK_AFTER_MINUTES,
      registerOpenMinutes: num(settings, 'registerOpenMinutes') ?? DEFAULT_REGISTER_OPEN_MINUTES,
      retention: {
        registerYears: num(settings, 'retentionRegisterYears') ?? defaultRetention.registerYears,
        leaverYears: num(settings, 'retentionLeaverYears') ?? defaultRetention.leaverYears,
      },
    },
    questionSets,
    calendar: projectCalendar(doc),
    providers: projectProviders(doc),
    referralCategories: projectReferralCategories(doc),
    rooms: rooms.sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),
    periods: sortPeriods(periods),
    staff: staff.sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),
  };
}

export function projectSchool(doc: Y.Doc): { snapshot: SchoolSnapshot; pupils: Pupil[] } {
  return { snapshot: projectSchoolSnapshot(doc), pupils: projectRoster(doc) };
}
