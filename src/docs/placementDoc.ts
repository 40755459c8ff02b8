// Placements in the pupil document: the plan, its phased timetable, reviews, reintegration and follow-up visits.
import * as Y from 'yjs';
import {
  placementInputSchema,
  placementOutcomes,
  reintegrationInputSchema,
  timetableCellSchema,
  timetableKey,
  visitInputSchema,
  type PlacementInput,
  type PlacementOutcome,
  type PlacementStatus,
  type ReintegrationInput,
  type TimetablePlace,
  type VisitInput,
} from '../domain/placement';
import { reviewInputSchema, type ReviewInput, type ReviewProgress } from '../domain/review';
import { newId } from '../domain/ids';
import { z } from 'zod';
import { isoDateSchema } from '../domain/time';
import { referrals } from './referralDoc';
import { CommandError, createRecord, createdStamp, parseInput, requireRecord, setFields, stamp, type Actor, type RecordCollection, type RecordMap } from './records';

export const placements = (doc: Y.Doc): RecordCollection => doc.getMap('placements');
export const reviews = (doc: Y.Doc): RecordCollection => doc.getMap('reviews');
export const visits = (doc: Y.Doc): RecordCollection => doc.getMap('visits');

const statusOf = (record: RecordMap) => (record.get('status') as PlacementStatus | undefined) ?? 'running';

function requireStatus(record: RecordMap, allowed: PlacementStatus[], doing: string): void {
  const status = statusOf(record);
  if (!allowed.includes(status)) throw new CommandError('rule', `Cannot ${doing}: the placement is ${status === 'finished' ? 'finished' : 'in reintegration'}`, [status]);
}

export function recordPlacement(doc: Y.Doc, pupilId: string, input: PlacementInput, actor: Actor): string {
  const placement = parseInput(placementInputSchema, input);
  if (placement.referralId) {
    const referral = requireRecord(referrals(doc), placement.referralId, 'Referral');
    if (referral.get('status') !== 'scheduled') throw new CommandError('rule', 'Schedule the referral before recording its placement');
  }
  const id = newId();
  doc.transact(() => {
    const record = createRecord(placements(doc), id, { id, pupilId, ...placement, status: 'running', ...createdStamp(actor) });
    // Created with the record, so devices edit cells (`<week>/<periodId>`), never the whole timetable.
    record.set('timetable', new Y.Map());
  });
  return id;
}

export function setTimetablePlace(doc: Y.Doc, placementId: string, week: number, periodId: string, place: TimetablePlace, actor: Actor): void {
  const cell = parseInput(timetableCellSchema, { week, periodId, place });
  const record = requireRecord(placements(doc), placementId, 'Placement');
  requireStatus(record, ['running', 'reintegrating'], 'change the timetable');
  const timetable = record.get('timetable') as Y.Map<TimetablePlace>;
  const key = timetableKey(cell.week, cell.periodId);
  if (timetable.get(key) === cell.place) return;
  doc.transact(() => {
    timetable.set(key, cell.place);
    stamp(record, actor);
  });
}

/** A review keeps the progress as it stood on the day (a snapshot), with the notes and the decision. */
export function recordReview(doc: Y.Doc, placementId: string, input: ReviewInput, progress: ReviewProgress, actor: Actor): string {
  const review = parseInput(reviewInputSchema, input);
  const record = requireRecord(placements(doc), placementId, 'Placement');
  requireStatus(record, ['running'], 'review the placement');
  const id = newId();
  doc.transact(() => {
    createRecord(reviews(doc), id, { id, pupilId: record.get('pupilId'), placementId, ...review, progress: { ...progress }, ...createdStamp(actor) });
    stamp(record, actor);
  });
  return id;
}

export function startReintegration(doc: Y.Doc, placementId: string, input: ReintegrationInput, actor: Actor): void {
  const plan = parseInput(reintegrationInputSchema, input);
  const record = requireRecord(placements(doc), placementId, 'Placement');
  requireStatus(record, ['running', 'reintegrating'], 'plan reintegration');
  doc.transact(() => {
    const fields = Object.fromEntries(Object.entries(plan).map(([k, v]) => [`reintegration/${k}`, v]));
    if (!record.get('reintegration/by')) Object.assign(fields, { 'reintegration/by': actor.staffId, 'reintegration/at': actor.at });
    if (setFields(record, { ...fields, status: 'reintegrating' })) stamp(record, actor);
  });
}

export function addVisit(doc: Y.Doc, placementId: string, input: VisitInput, actor: Actor): string {
  const visit = parseInput(visitInputSchema, input);
  const record = requireRecord(placements(doc), placementId, 'Placement');
  if (statusOf(record) !== 'reintegrating') throw new CommandError('rule', 'Plan the reintegration before recording follow-up visits');
  const id = newId();
  doc.transact(() => {
    createRecord(visits(doc), id, { id, pupilId: record.get('pupilId'), placementId, ...visit, ...createdStamp(actor) });
  });
  return id;
}

/** Ends the placement with its outcome; its referral, if scheduled, is done in the same write. */
export function finishPlacement(doc: Y.Doc, placementId: string, outcome: PlacementOutcome, finishedOn: string, actor: Actor): void {
  const parsed = parseInput(z.object({ outcome: z.enum(placementOutcomes), finishedOn: isoDateSchema }), { outcome, finishedOn });
  const record = requireRecord(placements(doc), placementId, 'Placement');
  requireStatus(record, ['running', 'reintegrating'], 'finish the placement');
  const referral = referrals(doc).get((record.get('referralId') as string | null) ?? '');
  doc.transact(() => {
    setFields(record, { status: 'finished', outcome: parsed.outcome, finishedOn: parsed.finishedOn });
    stamp(record, actor);
    if (referral?.get('status') === 'scheduled') {
      referral.set('status', 'done');
      stamp(referral, actor);
    }
  });
}
