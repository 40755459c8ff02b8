// Referrals in the pupil document: take one, accept or decline it, schedule it onto room-days, mark it done.
import * as Y from 'yjs';
import {
  declineSchema,
  referralInputSchema,
  scheduleSchema,
  transitionProblem,
  type ReferralInput,
  type ReferralStatus,
} from '../domain/referral';
import { reasonsProblem, type ReferralCategory } from '../domain/referralCategory';
import type { Pupil } from '../domain/pupil';
import { newId } from '../domain/ids';
import { addToRegister } from './roomDayDoc';
import { CommandError, createRecord, createdStamp, parseInput, requireRecord, stamp, type Actor, type RecordCollection, type RecordMap } from './records';

export const referrals = (doc: Y.Doc): RecordCollection => doc.getMap('referrals');

/**
 * Takes a referral against the school's current reasons. The reasons (label and DfE code) and the pupil's year group
 * and SEN status are kept as they are now, so a report on last year counts last year's year group and mapping.
 */
export function takeReferral(
  doc: Y.Doc,
  pupil: Pick<Pupil, 'id' | 'yearGroup' | 'sen'>,
  input: ReferralInput,
  categories: ReferralCategory[],
  actor: Actor,
): string {
  const { categoryIds, ...referral } = parseInput(referralInputSchema, input);
  const problem = reasonsProblem(categoryIds, categories);
  if (problem) throw new CommandError('invalid-input', problem, [`categoryIds: ${problem}`]);
  const reasons = categoryIds.map((categoryId) => {
    const c = categories.find((k) => k.id === categoryId)!;
    return { categoryId, label: c.label, dfeCode: c.dfeCode };
  });
  const id = newId();
  doc.transact(() => {
    const record = createRecord(referrals(doc), id, {
      id, pupilId: pupil.id, ...referral, yearGroupAtReferral: pupil.yearGroup, senAtReferral: pupil.sen, status: 'requested', ...createdStamp(actor),
    });
    // Written once and never edited: a Y.Array of plain snapshots.
    const list = new Y.Array<Record<string, unknown>>();
    list.push(reasons);
    record.set('reasons', list);
  });
  return id;
}

/** Checks a move in the status machine before anything is written; an illegal one is refused with the reason. */
function checkMove(record: RecordMap, to: ReferralStatus): void {
  const from = (record.get('status') as ReferralStatus | undefined) ?? 'requested';
  const problem = transitionProblem(from, to);
  if (problem) throw new CommandError('rule', problem, [`${from}->${to}`]);
}

function move(record: RecordMap, to: ReferralStatus, actor: Actor, fields: Record<string, unknown> = {}): void {
  record.set('status', to);
  for (const [key, value] of Object.entries(fields)) record.set(key, value);
  stamp(record, actor);
}

export function acceptReferral(doc: Y.Doc, referralId: string, actor: Actor): void {
  const record = requireRecord(referrals(doc), referralId, 'Referral');
  checkMove(record, 'accepted');
  doc.transact(() => move(record, 'accepted', actor, { acceptedBy: actor.staffId }));
}

export function declineReferral(doc: Y.Doc, referralId: string, reason: string, actor: Actor): void {
  const why = parseInput(declineSchema, reason);
  const record = requireRecord(referrals(doc), referralId, 'Referral');
  checkMove(record, 'declined');
  doc.transact(() => move(record, 'declined', actor, { declinedReason: why }));
}

/**
 * Schedules an accepted referral: the pupil goes on each room-day's register as expected, and the referral
 * records the room and days. `roomDays` are the opened room-day documents for the school days chosen.
 */
export function scheduleReferral(
  doc: Y.Doc,
  referralId: string,
  roomId: string,
  roomDays: { date: string; doc: Y.Doc }[],
  actor: Actor,
): void {
  const record = requireRecord(referrals(doc), referralId, 'Referral');
  const dates = roomDays.map((d) => d.date);
  parseInput(scheduleSchema, { roomId, start: dates[0] ?? '', days: dates.length });
  checkMove(record, 'scheduled');
  const pupilId = record.get('pupilId') as string;
  for (const day of roomDays) addToRegister(day.doc, pupilId, actor);
  doc.transact(() => {
    move(record, 'scheduled', actor, { roomId });
    const days = new Y.Array<string>();
    days.push(dates);
    record.set('scheduledDays', days);
  });
}

export function completeReferral(doc: Y.Doc, referralId: string, actor: Actor): void {
  const record = requireRecord(referrals(doc), referralId, 'Referral');
  checkMove(record, 'done');
  doc.transact(() => move(record, 'done', actor));
}
