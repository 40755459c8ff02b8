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
import { formatDayLabel, toIsoDate, type IsoDate } from '../domain/time';
import { hasTermDates, nextSchoolDays, noCalendarMessage, notSchoolDayReason, type SchoolCalendar } from '../domain/schoolCalendar';
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
  if (referral.date > toIsoDate(new Date(actor.at))) {
    throw new CommandError('invalid-input', `The referral is dated ${formatDayLabel(referral.date)}, which is in the future: give the date of the incident`, ['date']);
  }
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

type Calendar = Pick<SchoolCalendar, 'halfTerms' | 'closures'>;

/** Refuses days that are not school days by the calendar, and days the pupil is already booked in by another referral. */
function checkDays(doc: Y.Doc, referralId: string, dates: IsoDate[], calendar: Calendar): void {
  if (!hasTermDates(calendar)) throw new CommandError('rule', noCalendarMessage, ['no-calendar']);
  for (const date of dates) {
    const why = notSchoolDayReason(date, calendar);
    if (why) throw new CommandError('rule', `${formatDayLabel(date)} is not a school day (${why})`, [date]);
  }
  for (const other of referrals(doc).values()) {
    if (other.get('id') === referralId || other.get('status') !== 'scheduled') continue;
    const booked = ((other.get('scheduledDays') as Y.Array<string> | undefined)?.toArray() ?? []).filter((d) => dates.includes(d)).sort();
    if (booked.length) {
      throw new CommandError('rule', `Already booked in the room on ${booked.map(formatDayLabel).join(', ')} by another referral: shorten that one first`, booked);
    }
  }
}

function setDays(record: RecordMap, dates: IsoDate[]): void {
  const days = new Y.Array<string>();
  days.push([...dates].sort());
  record.set('scheduledDays', days);
}

const daysOf = (record: RecordMap) => ((record.get('scheduledDays') as Y.Array<string> | undefined)?.toArray() ?? []).slice().sort();

/**
 * Schedules an accepted referral onto school days in a room. Only the pupil's document is written: the room's
 * register reads who is expected from the plan (see `expectedInRoom`), so a later change to the plan reaches it.
 */
export function scheduleReferral(doc: Y.Doc, referralId: string, roomId: string, dates: IsoDate[], calendar: Calendar, actor: Actor): void {
  const record = requireRecord(referrals(doc), referralId, 'Referral');
  parseInput(scheduleSchema, { roomId, start: dates[0] ?? '', days: dates.length });
  checkMove(record, 'scheduled');
  checkDays(doc, referralId, dates, calendar);
  doc.transact(() => {
    move(record, 'scheduled', actor, { roomId });
    setDays(record, dates);
  });
}

/** Ends a scheduled referral's days after `lastDay` (a placement cut short, or cancelled from a date): they are no longer expected. */
export function shortenReferral(doc: Y.Doc, referralId: string, lastDay: IsoDate, actor: Actor): number {
  const record = requireRecord(referrals(doc), referralId, 'Referral');
  if (record.get('status') !== 'scheduled') throw new CommandError('rule', 'Only a scheduled referral can be shortened');
  const days = daysOf(record);
  const kept = days.filter((d) => d <= lastDay);
  if (kept.length === days.length) return 0;
  doc.transact(() => {
    setDays(record, kept);
    stamp(record, actor);
  });
  return days.length - kept.length;
}

/** Moves the days a later closure now covers to the next school days after the last one; the coordinator confirms it. */
export function moveDaysOffClosures(doc: Y.Doc, referralId: string, calendar: Calendar, actor: Actor): IsoDate[] {
  const record = requireRecord(referrals(doc), referralId, 'Referral');
  const days = daysOf(record);
  const kept = days.filter((d) => !notSchoolDayReason(d, calendar));
  const lost = days.length - kept.length;
  if (!lost) return [];
  const added = nextSchoolDays(kept.at(-1) ?? days[0]!, lost + 1, calendar).filter((d) => !kept.includes(d)).slice(0, lost);
  checkDays(doc, referralId, [...kept, ...added], calendar);
  doc.transact(() => {
    setDays(record, [...kept, ...added]);
    stamp(record, actor);
  });
  return added;
}

export function completeReferral(doc: Y.Doc, referralId: string, actor: Actor): void {
  const record = requireRecord(referrals(doc), referralId, 'Referral');
  checkMove(record, 'done');
  doc.transact(() => move(record, 'done', actor));
}
