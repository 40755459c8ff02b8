// Who the room expects on a day, from the plan: scheduled referral days, the calendar, the phased timetable and reintegration.
import { addDays, localDateOf, type IsoDate } from './time';
import type { Period } from './school';
import type { ReferralRow } from './referral';
import type { RegisterEntryRow } from './register';
import { timetableKey, timetableWeeks, type PlacementRow, type TimetablePlace } from './placement';
import { isSchoolDay, weekStart, type SchoolCalendar } from './schoolCalendar';

export interface ExpectedPupil {
  pupilId: string;
  referralId: string;
  placementId: string | null;
  /** Lesson periods the pupil spends back in lessons today (empty when in the room all day). */
  inLessons: string[];
  /** "P1-P2 in lessons, back at P3", or null when in the room all day. */
  plan: string | null;
}

type Calendar = Pick<SchoolCalendar, 'halfTerms' | 'closures'>;
type Referral = Pick<ReferralRow, 'id' | 'pupilId' | 'status' | 'roomId' | 'scheduledDays' | 'updatedAt'>;
type Placement = Pick<PlacementRow, 'id' | 'referralId' | 'start' | 'status' | 'finishedOn' | 'reintegration' | 'timetable'>;

/** Week of the pathway a date is in: week 1 holds the start, and holiday weeks with no school day are not counted. */
export function pathwayWeek(start: IsoDate, date: IsoDate, calendar: Calendar): number {
  let week = 1;
  for (let monday = addDays(weekStart(start), 7); monday <= weekStart(date); monday = addDays(monday, 7)) {
    if ([0, 1, 2, 3, 4].some((d) => isSchoolDay(addDays(monday, d), calendar))) week++;
  }
  return week;
}

/** Where the pupil is each lesson of a pathway week; weeks past the last planned week keep its pattern. */
export function placesForWeek(timetable: Record<string, TimetablePlace>, week: number, lessons: Period[]): Map<string, TimetablePlace> {
  const planned = Math.min(week, timetableWeeks(timetable));
  return new Map(lessons.map((p) => [p.id, timetable[timetableKey(planned, p.id)] ?? 'room']));
}

/** "P1-P2 in lessons, back at P3" from the day's lesson places, in period order. */
export function describePlan(lessons: Period[], places: Map<string, TimetablePlace>): string | null {
  const runs: { place: TimetablePlace; labels: string[] }[] = [];
  for (const p of lessons) {
    const place = places.get(p.id) ?? 'room';
    const last = runs.at(-1);
    if (last?.place === place) last.labels.push(p.label);
    else runs.push({ place, labels: [p.label] });
  }
  if (!runs.some((r) => r.place === 'lessons')) return null;
  const range = (labels: string[]) => (labels.length === 1 ? labels[0]! : `${labels[0]}-${labels.at(-1)}`);
  const text = runs
    .map((r, i) => (r.place === 'lessons' ? `${range(r.labels)} in lessons` : i === 0 ? `in the room ${range(r.labels)}` : `back at ${r.labels[0]}`))
    .join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether a placement still has the pupil in the room on a date: not after it finished, not from reintegration. */
function placementAllows(p: Placement | undefined, date: IsoDate): boolean {
  if (!p) return true;
  if (p.finishedOn && date > p.finishedOn) return false;
  if (p.reintegration && p.reintegration.startDate <= date) return false;
  return true;
}

/** Whether one referral (and its placement) has the pupil in the room on a date, and with what plan. */
export function expectedBy(r: Referral, placement: Placement | undefined, date: IsoDate, calendar: Calendar, periods: Period[]): ExpectedPupil | null {
  if (!r.roomId || !r.scheduledDays.includes(date) || !isSchoolDay(date, calendar)) return null;
  // A referral marked done keeps its past days; its future days are no longer expected.
  if (r.status === 'done' ? date > localDateOf(r.updatedAt) : r.status !== 'scheduled') return null;
  if (!placementAllows(placement, date)) return null;
  const lessons = periods.filter((p) => p.kind === 'lesson');
  const places = placement ? placesForWeek(placement.timetable, pathwayWeek(placement.start, date, calendar), lessons) : new Map<string, TimetablePlace>();
  const inLessons = lessons.filter((p) => places.get(p.id) === 'lessons').map((p) => p.id);
  if (lessons.length > 0 && inLessons.length === lessons.length) return null;
  return { pupilId: r.pupilId, referralId: r.id, placementId: placement?.id ?? null, inLessons, plan: describePlan(lessons, places) };
}

export function expectedInRoom(
  roomId: string,
  date: IsoDate,
  referrals: Referral[],
  placements: Placement[],
  calendar: Calendar,
  periods: Period[],
): ExpectedPupil[] {
  const out: ExpectedPupil[] = [];
  for (const r of referrals) {
    if (r.roomId !== roomId || out.some((e) => e.pupilId === r.pupilId)) continue;
    const expected = expectedBy(r, placements.find((p) => p.referralId === r.id), date, calendar, periods);
    if (expected) out.push(expected);
  }
  return out;
}

/** Every day the plan expected a pupil in a room between two dates: for a review's "days expected" and the MIS export. */
export function expectedDaysBetween(
  from: IsoDate,
  to: IsoDate,
  referrals: Referral[],
  placements: Placement[],
  calendar: Calendar,
  periods: Period[],
): { roomId: string; date: IsoDate; pupilId: string }[] {
  const out: { roomId: string; date: IsoDate; pupilId: string }[] = [];
  const seen = new Set<string>();
  for (const r of referrals) {
    const placement = placements.find((p) => p.referralId === r.id);
    for (const date of r.scheduledDays) {
      const key = `${r.pupilId}|${date}`;
      if (date < from || date > to || seen.has(key) || !expectedBy(r, placement, date, calendar, periods)) continue;
      seen.add(key);
      out.push({ roomId: r.roomId!, date, pupilId: r.pupilId });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.pupilId.localeCompare(b.pupilId));
}

/** A register line for a pupil the plan expects before the room has recorded anything about them. */
export function plannedRegisterEntry(roomId: string, date: IsoDate, pupilId: string): RegisterEntryRow {
  return {
    id: `room/${roomId}/${date}#${pupilId}`, docName: `room/${roomId}/${date}`, roomId, date, pupilId, status: 'expected',
    arrivedAt: null, late: false, absenceFollowUp: '', leftAt: null, leftTo: null, leftDetail: '', breakSupervised: false,
    lunchSupervised: false, periods: {}, toiletVisits: [], corrections: [], createdBy: '', createdAt: '', updatedBy: '', updatedAt: '',
  };
}

/**
 * The register as reports and the MIS should see it: every recorded line, plus a line "expected" for each day the plan
 * expected a pupil (school days by the calendar, between two dates) on which no room recorded anything about them.
 * A pupil recorded in any room that day (present, absent or left) gets no second, planned line in another.
 */
export function withPlannedDays(
  register: RegisterEntryRow[],
  from: IsoDate,
  to: IsoDate,
  referrals: Referral[],
  placements: Placement[],
  calendar: Calendar,
  periods: Period[],
): RegisterEntryRow[] {
  const recorded = new Set(register.map((e) => `${e.pupilId}|${e.date}`));
  const planned = expectedDaysBetween(from, to, referrals, placements, calendar, periods)
    .filter((d) => !recorded.has(`${d.pupilId}|${d.date}`))
    .map((d) => plannedRegisterEntry(d.roomId, d.date, d.pupilId));
  return [...register, ...planned];
}

/** Scheduled days that now fall on a closure (added after scheduling): the coordinator sees them and confirms a move. */
export function daysOnClosures(referrals: Referral[], calendar: Calendar): { referralId: string; pupilId: string; days: IsoDate[] }[] {
  return referrals
    .filter((r) => r.status === 'scheduled')
    .map((r) => ({ referralId: r.id, pupilId: r.pupilId, days: r.scheduledDays.filter((d) => !isSchoolDay(d, calendar)) }))
    .filter((r) => r.days.length > 0);
}
