// Statistics for a period (usually a half term): referrals, repeats, pupil-days, reintegration and off-site figures.
import type { ReferralRow } from '../../domain/referral';
import { dfeReasonText } from '../../domain/exclusionReasons';
import { compareReferrals, repeatSummary } from '../../domain/repeatReferrals';
import { placementOutcomes, type PlacementOutcome, type PlacementRow } from '../../domain/placement';
import type { Closure, HalfTerm } from '../../domain/schoolCalendar';
import type { RegisterEntryRow } from '../../domain/register';
import { noteKindLabels, type BehaviourNoteRow } from '../../domain/behaviourNote';
import { onRollOn, senLabel, type Pupil, type SenStatus } from '../../domain/pupil';
import { codeLabel, isUnconfirmedConcern, sessions, type CheckInRow } from '../../domain/offsite';
import { arrivedDays, didNotArrive } from '../../domain/registerDays';
import { addDays, type IsoDate } from '../../domain/time';
import { defaultPeriods, type Period } from '../../domain/school';
import { legacySessionMarks, sessionTimes, type SessionTimes } from '../../domain/sessionMarks';
import { isSchoolDay, weekday, weekStart } from '../../domain/schoolCalendar';

export interface Count {
  label: string;
  count: number;
}

export interface ReportInput {
  from: IsoDate;
  to: IsoDate;
  /** Days after today have not happened: nobody "did not arrive" on them. */
  today: IsoDate;
  /** Every referral and placement (repeats and register days look back before the period). */
  referrals: ReferralRow[];
  placements: PlacementRow[];
  register: RegisterEntryRow[];
  notes: BehaviourNoteRow[];
  checkIns: CheckInRow[];
  pupils: Map<string, Pupil>;
  roomName(id: string): string;
  repeatWithinWeeks: number;
  /** The school calendar's half terms, for "this half term" in repeat counts. */
  halfTerms?: HalfTerm[];
  /** The calendar's closures: nobody "did not arrive" on a day the school was shut (a snow day entered after the plan). */
  closures?: Closure[];
  /** The school's day and register time, which split an old one-code off-site day into its sessions (as the MIS export does). */
  periods?: Pick<Period, 'kind' | 'start' | 'end'>[];
  registerOpenMinutes?: number;
}

export interface Reintegration {
  finished: number;
  outcomes: Record<PlacementOutcome, number>;
  /** Successful placements as a share of those finished (0–1), or null when none finished. */
  successRate: number | null;
}

export interface ReportStats {
  referrals: number;
  declined: number;
  pupilsReferred: number;
  repeats: number;
  repeatRate: number | null;
  byReason: Count[];
  byDfeCode: Count[];
  byYear: Count[];
  bySubject: Count[];
  byPeriod: Count[];
  byWeekday: Count[];
  bySen: Count[];
  byYearAndPeriod: { year: string; period: string; count: number }[];
  pupilDays: number;
  pupilDaysByRoom: Count[];
  absences: number;
  lateArrivals: number;
  didNotArrive: { pupilId: string; date: IsoDate; roomId: string }[];
  averageEffort: number | null;
  averageBehaviour: number | null;
  notes: Count[];
  unconfirmedFlags: { rooms: number; offsite: number };
  reintegration: Reintegration;
  offsiteSessions: Count[];
  weekly: { weekOf: IsoDate; referrals: number; pupilDays: number }[];
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const NOT_PRESENT_PENDING = 'Not present: code not yet settled by the attendance officer';

export function tally<T>(items: T[], key: (item: T) => string): Count[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** The Monday of the week a date falls in. */
export const weekOf = weekStart;

const average = (values: number[]): number | null =>
  values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null;
const rate = (part: number, whole: number): number | null => (whole ? part / whole : null);
const groupBy = <T,>(items: T[], key: (item: T) => string) => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

/** Year group and SEN as recorded on the referral; a referral from before snapshots falls back to the roll today. */
function yearOf(r: ReferralRow, pupils: Map<string, Pupil>): string {
  const year = r.yearGroupAtReferral ?? pupils.get(r.pupilId)?.yearGroup;
  return year ? `Year ${year}` : 'Not on the roll';
}
function senOf(r: ReferralRow, pupils: Map<string, Pupil>): string {
  const sen: SenStatus | undefined = r.senAtReferral ?? pupils.get(r.pupilId)?.sen;
  return sen ? senLabel(sen) : 'Not on the roll';
}

/** Repeats among the given referrals, by pupil, in one stable order (date, time taken, id). */
export function countRepeats(referrals: ReferralRow[], all: ReferralRow[], placements: PlacementRow[], repeatWithinWeeks: number, halfTerms: HalfTerm[]): number {
  const byPupil = groupBy(all, (r) => r.pupilId);
  const placementsByPupil = groupBy(placements, (p) => p.pupilId);
  return referrals.filter(
    (r) => repeatSummary(r, byPupil.get(r.pupilId) ?? [], placementsByPupil.get(r.pupilId) ?? [], repeatWithinWeeks, halfTerms).isRepeat,
  ).length;
}

/** Placements finished in the period, by outcome, and the share that were successful. */
export function reintegrationOutcomes(placements: PlacementRow[], from: IsoDate, to: IsoDate): Reintegration {
  const finished = placements.filter((p) => p.outcome && p.finishedOn && p.finishedOn >= from && p.finishedOn <= to);
  const outcomes = Object.fromEntries(placementOutcomes.map((o) => [o, finished.filter((p) => p.outcome === o).length])) as Record<PlacementOutcome, number>;
  return { finished: finished.length, outcomes, successRate: rate(outcomes.successful, finished.length) };
}

/**
 * Each session recorded at a provider, by the code it goes to the MIS with: a check-in from before per-session marks
 * counts as the sessions the export gives it (legacySessionMarks), an old absence code as not yet settled.
 */
function offsiteSessionLabels(checkIns: CheckInRow[], times: SessionTimes | null): string[] {
  return checkIns.flatMap((c) => {
    const marked = sessions.filter((s) => c.sessions[s].attendance);
    if (!marked.length) return legacySessionMarks(c, times).map((m) => (m.code ? codeLabel(m.code) : NOT_PRESENT_PENDING));
    return marked.map((s) => (c.sessions[s].code ? codeLabel(c.sessions[s].code!) : NOT_PRESENT_PENDING));
  });
}

export function reportStats(input: ReportInput): ReportStats {
  const inPeriod = (date: string) => date >= input.from && date <= input.to;
  const all = input.referrals.filter((r) => inPeriod(r.date));
  const referrals = all.filter((r) => r.status !== 'declined').sort(compareReferrals);
  const repeats = countRepeats(referrals, input.referrals, input.placements, input.repeatWithinWeeks, input.halfTerms ?? []);
  const reasons = referrals.flatMap((r) => r.reasons);

  const days = input.register.filter((e) => inPeriod(e.date));
  const calendar = { halfTerms: input.halfTerms ?? [], closures: input.closures ?? [] };
  const attended = days.filter((e) => e.arrivedAt);
  // A pupil-day is one pupil on one date, however many rooms they were in that day.
  const pupilDayKeys = arrivedDays(days);
  // Days a pupil could be registered: school days by the calendar, while on the roll (as for "did not arrive").
  const registrable = (e: RegisterEntryRow) => isSchoolDay(e.date, calendar) && onRollOn(input.pupils.get(e.pupilId), e.date);
  const absentKeys = new Set(days.filter((e) => e.status === 'absent' && registrable(e)).map((e) => `${e.pupilId}|${e.date}`));
  const marks = attended.flatMap((e) => Object.values(e.periods));
  const notes = input.notes.filter((n) => inPeriod(n.date));
  const checkIns = input.checkIns.filter((c) => inPeriod(c.date));

  const weeks = new Map<IsoDate, { referrals: number; pupilDays: Set<string> }>();
  for (let w = weekOf(input.from); w <= input.to; w = addDays(w, 7)) weeks.set(w, { referrals: 0, pupilDays: new Set() });
  for (const r of referrals) weeks.get(weekOf(r.date))!.referrals++;
  for (const e of attended) weeks.get(weekOf(e.date))!.pupilDays.add(`${e.pupilId}|${e.date}`);

  return {
    referrals: referrals.length,
    declined: all.length - referrals.length,
    pupilsReferred: new Set(referrals.map((r) => r.pupilId)).size,
    repeats,
    repeatRate: rate(repeats, referrals.length),
    byReason: tally(reasons, (x) => x.label),
    byDfeCode: tally(reasons, (x) => dfeReasonText(x.dfeCode)),
    byYear: tally(referrals, (r) => yearOf(r, input.pupils)),
    bySubject: tally(referrals, (r) => r.subject || 'Not recorded'),
    byPeriod: tally(referrals, (r) => r.period || 'Not in a lesson'),
    byWeekday: tally(referrals, (r) => WEEKDAYS[weekday(r.date)]!),
    bySen: tally(referrals, (r) => senOf(r, input.pupils)),
    byYearAndPeriod: tally(referrals, (r) => `${yearOf(r, input.pupils)}|${r.period || 'Not in a lesson'}`).map(({ label, count }) => {
      const [year, period] = label.split('|') as [string, string];
      return { year, period, count };
    }),
    pupilDays: pupilDayKeys.size,
    pupilDaysByRoom: tally([...new Set(attended.map((e) => `${e.roomId}|${e.pupilId}|${e.date}`))], (k) => input.roomName(k.split('|')[0]!)),
    absences: [...absentKeys].filter((k) => !pupilDayKeys.has(k)).length,
    lateArrivals: arrivedDays(attended.filter((e) => e.late)).size,
    didNotArrive: days
      // Not on a closure or weekend, and not once the pupil has left the roll (a plan still scheduled for a leaver).
      .filter(registrable)
      .filter((e) => didNotArrive(e, input.today, input.placements, input.referrals, pupilDayKeys))
      .map((e) => ({ pupilId: e.pupilId, date: e.date, roomId: e.roomId }))
      .sort((a, b) => a.date.localeCompare(b.date) || a.pupilId.localeCompare(b.pupilId)),
    averageEffort: average(marks.flatMap((m) => (m.effort ? [m.effort] : []))),
    averageBehaviour: average(marks.flatMap((m) => (m.behaviour ? [m.behaviour] : []))),
    notes: tally(notes, (n) => noteKindLabels[n.kind]),
    unconfirmedFlags: {
      rooms: notes.filter((n) => n.kind === 'safeguarding' && !n.loggedAt).length,
      offsite: checkIns.filter(isUnconfirmedConcern).length,
    },
    reintegration: reintegrationOutcomes(input.placements, input.from, input.to),
    // A day the school is shut has no sessions, even if the provider was open (the export leaves it out too).
    offsiteSessions: tally(
      offsiteSessionLabels(checkIns.filter((c) => isSchoolDay(c.date, calendar)), sessionTimes(input.periods ?? defaultPeriods, input.registerOpenMinutes)),
      (label) => label,
    ),
    weekly: [...weeks].map(([weekOfDate, w]) => ({ weekOf: weekOfDate, referrals: w.referrals, pupilDays: w.pupilDays.size })),
  };
}
