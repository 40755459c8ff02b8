// Statistics for a period (usually a half term): referrals by reason, DfE code, year, subject and period; room days; trends.
import { referralCategory, type ReferralRow } from '../../domain/referral';
import { dfeReasonText } from '../../domain/exclusionReasons';
import { repeatSummary } from '../../domain/repeatReferrals';
import type { HalfTerm } from '../../domain/schoolCalendar';
import type { PlacementRow } from '../../domain/placement';
import type { RegisterEntryRow } from '../../domain/register';
import { noteKindLabels, type BehaviourNoteRow } from '../../domain/behaviourNote';
import { senLabel, type Pupil } from '../../domain/pupil';
import { addDays, type IsoDate } from '../../domain/time';
import { weekday } from '../../domain/schoolCalendar';

export interface Count {
  label: string;
  count: number;
}

export interface ReportInput {
  from: IsoDate;
  to: IsoDate;
  referrals: ReferralRow[];
  placements: PlacementRow[];
  register: RegisterEntryRow[];
  notes: BehaviourNoteRow[];
  pupils: Map<string, Pupil>;
  roomName(id: string): string;
  repeatWithinWeeks: number;
  /** The school calendar's half terms, for "this half term" in repeat counts. */
  halfTerms?: HalfTerm[];
}

export interface ReportStats {
  referrals: number;
  declined: number;
  pupilsReferred: number;
  repeats: number;
  byReason: Count[];
  byDfeCode: Count[];
  byYear: Count[];
  bySubject: Count[];
  byPeriod: Count[];
  byWeekday: Count[];
  bySen: Count[];
  roomDays: number;
  roomDaysByRoom: Count[];
  absences: number;
  lateArrivals: number;
  averageEffort: number | null;
  averageBehaviour: number | null;
  notes: Count[];
  unconfirmedFlags: number;
  weekly: { weekOf: IsoDate; referrals: number; roomDays: number }[];
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function tally<T>(items: T[], key: (item: T) => string): Count[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** The Monday of the week a date falls in. */
export const weekOf = (date: IsoDate): IsoDate => addDays(date, -((weekday(date) + 6) % 7));

function average(values: number[]): number | null {
  return values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null;
}

export function reportStats(input: ReportInput): ReportStats {
  const inPeriod = (date: string) => date >= input.from && date <= input.to;
  const all = input.referrals.filter((r) => inPeriod(r.date));
  const referrals = all.filter((r) => r.status !== 'declined');
  const byPupil = new Map<string, ReferralRow[]>();
  for (const r of input.referrals) byPupil.set(r.pupilId, [...(byPupil.get(r.pupilId) ?? []), r]);
  const placementsByPupil = new Map<string, PlacementRow[]>();
  for (const p of input.placements) placementsByPupil.set(p.pupilId, [...(placementsByPupil.get(p.pupilId) ?? []), p]);
  const repeats = referrals.filter(
    (r) => repeatSummary(r, byPupil.get(r.pupilId) ?? [], placementsByPupil.get(r.pupilId) ?? [], input.repeatWithinWeeks, input.halfTerms ?? []).isRepeat,
  ).length;
  const pupilOf = (r: { pupilId: string }) => input.pupils.get(r.pupilId);

  const days = input.register.filter((e) => inPeriod(e.date));
  const attended = days.filter((e) => e.arrivedAt);
  const marks = attended.flatMap((e) => Object.values(e.periods));
  const notes = input.notes.filter((n) => inPeriod(n.date));

  const weeks = new Map<IsoDate, { referrals: number; roomDays: number }>();
  for (let w = weekOf(input.from); w <= input.to; w = addDays(w, 7)) weeks.set(w, { referrals: 0, roomDays: 0 });
  for (const r of referrals) weeks.get(weekOf(r.date))!.referrals++;
  for (const e of attended) weeks.get(weekOf(e.date))!.roomDays++;

  return {
    referrals: referrals.length,
    declined: all.length - referrals.length,
    pupilsReferred: new Set(referrals.map((r) => r.pupilId)).size,
    repeats,
    byReason: tally(referrals, (r) => referralCategory(r.categoryId)?.label ?? r.categoryId),
    byDfeCode: tally(referrals, (r) => dfeReasonText(referralCategory(r.categoryId)?.dfeCode ?? null)),
    byYear: tally(referrals, (r) => (pupilOf(r) ? `Year ${pupilOf(r)!.yearGroup}` : 'Not on the roll')),
    bySubject: tally(referrals, (r) => r.subject || 'Not recorded'),
    byPeriod: tally(referrals, (r) => r.period || 'Not recorded'),
    byWeekday: tally(referrals, (r) => WEEKDAYS[weekday(r.date)]!),
    bySen: tally(referrals, (r) => (pupilOf(r) ? senLabel(pupilOf(r)!.sen) : 'Not on the roll')),
    roomDays: attended.length,
    roomDaysByRoom: tally(attended, (e) => input.roomName(e.roomId)),
    absences: days.filter((e) => e.status === 'absent').length,
    lateArrivals: attended.filter((e) => e.late).length,
    averageEffort: average(marks.flatMap((m) => (m.effort ? [m.effort] : []))),
    averageBehaviour: average(marks.flatMap((m) => (m.behaviour ? [m.behaviour] : []))),
    notes: tally(notes, (n) => noteKindLabels[n.kind]),
    unconfirmedFlags: notes.filter((n) => n.kind === 'safeguarding' && !n.loggedAt).length,
    weekly: [...weeks].map(([weekOfDate, counts]) => ({ weekOf: weekOfDate, ...counts })),
  };
}
