// The provider-day document: one provider's off-site check-ins, incidents and progress notes for one date.
import type * as Y from 'yjs';
import {
  checkInInputSchema, incidentDecisionSchema, incidentInputSchema, codeForMark, progressInputSchema, sessions, settleSessionSchema,
  type CheckInInput, type IncidentDecisionInput, type IncidentInput, type ProgressInput, type SettleSessionInput,
} from '../domain/offsite';
import type { ProviderArrangement } from '../domain/attendanceCodes';
import { idSchema } from '../domain/school';
import { targetInputSchema, type TargetInput } from '../domain/ibecPlan';
import { newId } from '../domain/ids';
import { CommandError, createRecord, createdStamp, parseInput, requireRecord, setFields, stamp, type Actor, type RecordCollection } from './records';

/** Check-ins are keyed by pupil id: one per pupil per provider-day, so two phones edit the same record. */
export const checkIns = (doc: Y.Doc): RecordCollection => doc.getMap('checkIns');
export const incidents = (doc: Y.Doc): RecordCollection => doc.getMap('incidents');
export const progress = (doc: Y.Doc): RecordCollection => doc.getMap('progress');
/** IBEC targets added to a pupil's plan on this day (the plan is every target in the pupil's provider-days). */
export const targets = (doc: Y.Doc): RecordCollection => doc.getMap('targets');

/** Adds a pupil to the day (someone not on the provider's weekday list); adding twice changes nothing. */
export function addToProviderDay(doc: Y.Doc, pupilId: string, actor: Actor): boolean {
  parseInput(idSchema, pupilId);
  if (checkIns(doc).has(pupilId)) return false;
  doc.transact(() => {
    createRecord(checkIns(doc), pupilId, { pupilId, ...createdStamp(actor) });
  });
  return true;
}

/**
 * Saves a pupil's check-in, writing only the fields that changed so edits from two phones merge. A session marked
 * present takes its code (B, K or D) from the provider's arrangement now, so a later change of arrangement does not
 * rewrite what was sent to the MIS; a session marked not present has no code until the attendance officer settles it,
 * except at a provider the pupil is dual registered at, where it is D (see codeForMark).
 */
export function saveCheckIn(doc: Y.Doc, input: CheckInInput, arrangement: ProviderArrangement, actor: Actor): void {
  const v = parseInput(checkInInputSchema, input);
  const existing = checkIns(doc).get(v.pupilId);
  if (existing?.get('concernLoggedAt') && !v.concern) {
    throw new CommandError('rule', 'This concern is already logged on CPOMS: it cannot be withdrawn here');
  }
  doc.transact(() => {
    const record = existing ?? createRecord(checkIns(doc), v.pupilId, { pupilId: v.pupilId, ...createdStamp(actor) });
    const { concern, ...fields } = v;
    const { am, pm, ...rest } = fields;
    let changed = setFields(record, { ...rest, mood: rest.mood ?? undefined });
    if (rest.mood === null && record.has('mood')) {
      record.delete('mood');
      changed = true;
    }
    for (const session of sessions) {
      const attendance = session === 'am' ? am : pm;
      if ((record.get(session) ?? null) === attendance) continue;
      // A changed mark starts the session afresh: any code the officer settled was for the old mark.
      for (const key of [session, `${session}Code`, `${session}SettledCode`, `${session}SettledBy`, `${session}SettledAt`]) record.delete(key);
      if (attendance) record.set(session, attendance);
      const code = codeForMark(attendance, arrangement);
      if (code) record.set(`${session}Code`, code);
      changed = true;
    }
    if (concern && !record.get('concern')) {
      setFields(record, { concern: true, concernRaisedBy: actor.staffId, concernRaisedAt: actor.at });
      changed = true;
    } else if (!concern && record.get('concern')) {
      record.set('concern', false);
      record.delete('concernRaisedBy');
      record.delete('concernRaisedAt');
      changed = true;
    }
    if (changed) stamp(record, actor);
  });
}

/** Records who confirmed the off-site concern was logged on CPOMS; it stays on the coordinator's list until then. */
export function confirmConcernLogged(doc: Y.Doc, pupilId: string, actor: Actor): void {
  const record = requireRecord(checkIns(doc), pupilId, 'Check-in');
  if (!record.get('concern')) throw new CommandError('rule', 'There is no concern to confirm');
  if (record.get('concernLoggedAt')) return;
  doc.transact(() => setFields(record, { concernLoggedBy: actor.staffId, concernLoggedAt: actor.at }));
}

/** The attendance officer settles the code of a session the pupil missed (the assistant never chooses an absence code). */
export function settleSessionCode(doc: Y.Doc, input: SettleSessionInput, actor: Actor): void {
  const { pupilId, session, code } = parseInput(settleSessionSchema, input);
  const record = requireRecord(checkIns(doc), pupilId, 'Check-in');
  if (record.get(session) !== 'not-present') throw new CommandError('rule', 'Only a session the pupil was not present for takes an absence code');
  doc.transact(() => setFields(record, { [`${session}SettledCode`]: code, [`${session}SettledBy`]: actor.staffId, [`${session}SettledAt`]: actor.at }));
}

export function addIncident(doc: Y.Doc, input: IncidentInput, actor: Actor): string {
  const incident = parseInput(incidentInputSchema, input);
  const id = newId();
  doc.transact(() => {
    if (!checkIns(doc).has(incident.pupilId)) createRecord(checkIns(doc), incident.pupilId, { pupilId: incident.pupilId, ...createdStamp(actor) });
    const decision = incident.decided ? { decidedBy: actor.staffId, decidedAt: actor.at } : {};
    createRecord(incidents(doc), id, { id, ...incident, ...decision, ...createdStamp(actor) });
  });
  return id;
}

/** Adds (or corrects) what was decided about an incident logged before the decision was known. */
export function decideIncident(doc: Y.Doc, input: IncidentDecisionInput, actor: Actor): void {
  const { incidentId, decided } = parseInput(incidentDecisionSchema, input);
  const record = requireRecord(incidents(doc), incidentId, 'Incident');
  doc.transact(() => setFields(record, { decided, decidedBy: actor.staffId, decidedAt: actor.at }));
}

/** Adds a target to the pupil's IBEC plan, agreed with the provider; it is rated at each visit from then on. */
export function addTarget(doc: Y.Doc, input: TargetInput, actor: Actor): string {
  const target = parseInput(targetInputSchema, input);
  const id = newId();
  doc.transact(() => createRecord(targets(doc), id, { id, ...target, ...createdStamp(actor) }));
  return id;
}

/** Takes a met or dropped target off the plan (in the provider-day it was added on); its ratings stay. */
export function closeTarget(doc: Y.Doc, targetId: string, actor: Actor): void {
  const record = requireRecord(targets(doc), targetId, 'Target');
  if (record.get('closedAt')) return;
  doc.transact(() => setFields(record, { closedAt: actor.at, closedBy: actor.staffId }));
}

export function addProgress(doc: Y.Doc, input: ProgressInput, actor: Actor): string {
  const entry = parseInput(progressInputSchema, input);
  const id = newId();
  doc.transact(() => {
    if (!checkIns(doc).has(entry.pupilId)) createRecord(checkIns(doc), entry.pupilId, { pupilId: entry.pupilId, ...createdStamp(actor) });
    createRecord(progress(doc), id, { id, ...entry, ...createdStamp(actor) });
  });
  return id;
}
