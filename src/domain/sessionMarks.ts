// The statutory mark a room day proposes for each registration session (AM, PM), or none where the room cannot know it.
/*
 * Sources (England, from 19 August 2024):
 * - The School Attendance (Pupil Registration) (England) Regulations 2024, reg. 10: the register is taken "at the
 *   start of each morning session and once during each afternoon session"; a pupil is recorded present, attending an
 *   approved educational activity, absent, or unable to attend due to exceptional circumstances.
 * - DfE, "Working together to improve school attendance" (statutory, August 2024), the national codes:
 *   "/ \ Present (AM / PM)"; "L: Late arrival before the register has closed" (counts as present); "U: Arrived in
 *   school after registration closed" (unauthorised absence); "E: Suspended or permanently excluded and no
 *   alternative provision made" (authorised absence); "#: Planned whole or partial school closure" and weekends are
 *   not possible sessions. On when a register closes the DfE leaves it to the school: "Schools should have a policy
 *   on how long registers should be kept open; this should be for a reasonable length of time" (DfE "School
 *   attendance" advice, November 2013, as quoted by the Schools' Choice attendance knowledge base, article KA-01107,
 *   which adds "in most schools up to 30 minutes after the start of school"; the 2024 guidance was not found in the
 *   stored pages to quote). So the school sets it (Settings → School day, 5 to 120 minutes, 30 until it does), and a
 *   register never stays open past the session's end.
 *
 * What follows from them for a room in school (internal isolation, the BASE): a pupil there is in school, so a session
 * the room saw from its register is present, "/" or "\", or "L" when the room marked them late before the register
 * closed; never an absence. A pupil who reached the room only after the register closed may have come from a lesson
 * (already marked present by the teacher) or from the school gate (then U, or another code, is the attendance
 * officer's decision): the room proposes nothing. U is an unauthorised absence, which counts towards the national
 * penalty-notice threshold (10 sessions in 10 school weeks from August 2024), so Baseroom never proposes one it
 * cannot be sure of. A pupil sent home suspended before a session's register gets "E"
 * for it. A day the room recorded no arrival (expected, absent) gets no mark at all: the school's register keeps
 * the session, and the officer decides the code. Weekends, holidays, INSET and other closures are not sessions: the
 * MIS fills them from its own calendar (the export leaves those days out). On "#": the DfE's planned closures are
 * those "known or planned in advance such as: between terms, half terms, occasional days (for example, bank
 * holidays), up to five non-educational days to be used for curriculum planning/training" (INSET), and Arbor enters
 * them as holidays in the school calendar so that "there will be no registers for the days covered by the holiday"
 * (Arbor help, "How do I record a school closure?"): an import carrying its own # or blank rows for them is not
 * wanted. Arbor also takes the statutory AM/PM mark as the "best mark" of the session, which "can include lesson
 * attendance, interventions, and internal exclusion attendance marks" (Arbor help, "Registration Times"): a present
 * mark from the room is a mark the MIS expects, and a blank one leaves the lesson or tutor mark in charge.
 *
 * One mark per pupil per session: an MIS import takes one, so a pupil with two records of one session (the room and a
 * provider, or two providers) gets the mark of the record that says where they were when the register was taken
 * (sessionPrecedence below): first a present mark from a room in school (/, \ or L: the room had them while the
 * register was open); then attendance at a provider (B, K or D: there at some point of the session, times per day);
 * then a code the attendance officer settled for a session missed at a provider, or the D of a dual registered pupil;
 * then the room's E (sent home suspended: a provider that had them that session was alternative provision, and a code
 * the officer chose for the session is a person's decision); then no mark. Two of equal standing (two providers, or
 * no mark in either) go by the provision's name, and the record left out is named in the row's comments.
 *
 * Off-site check-ins recorded before per-session marks hold one code for the day (legacySessionMarks below). Each is
 * exported as the mark it was, for the sessions the record supports: "/" is the morning's present mark and "\" the
 * afternoon's, so each gives only its own session (the other is not invented); L gives the session the pupil arrived
 * in (the morning when no time was kept); B, K and the other off-site codes give both sessions, less one the stored
 * arrival or departure time rules out; D (dual registered) gives both, attended or not. An absence code (I, M, U, O …)
 * was the assistant's choice, not the attendance officer's, and an unauthorised one counts towards a penalty notice,
 * so both sessions go out "not present" with no mark and the old code in the comments, for the officer to decide.
 */
import { minutesOf, type ClockTime } from './time';
import { DEFAULT_REGISTER_OPEN_MINUTES, sortPeriods, type Period } from './school';
import { attendanceCodes, type AttendanceCode } from './attendanceCodes';
import type { RegisterEntryRow } from './register';
import type { Session } from './offsite';

interface Window {
  /** When the session's register is taken. */
  opens: number;
  /** When it closes: arriving after this is no longer "late" but after registration closed. */
  closes: number;
  /** When the session ends and the next begins. */
  ends: number;
}
export type SessionTimes = Record<Session, Window>;

/**
 * The two sessions of the school's own day: the morning from its registration period (else its first period) to the
 * start of lunch, the afternoon from its afternoon registration period (else the end of lunch) to its last period.
 * Null when the day has no lunch to divide it.
 */
export function sessionTimes(periods: Pick<Period, 'kind' | 'start' | 'end'>[], registerOpenMinutes = DEFAULT_REGISTER_OPEN_MINUTES): SessionTimes | null {
  const day = sortPeriods(periods);
  const lunch = day.find((p) => p.kind === 'lunch');
  if (!day.length || !lunch) return null;
  const registration = (from: number, to: number) =>
    day.find((p) => p.kind === 'registration' && minutesOf(p.start) >= from && minutesOf(p.start) < to);
  const amReg = registration(0, minutesOf(lunch.start));
  const pmReg = registration(minutesOf(lunch.end), 24 * 60);
  const amOpens = minutesOf((amReg ?? day[0]!).start);
  const pmOpens = pmReg ? minutesOf(pmReg.start) : minutesOf(lunch.end);
  const dayEnds = Math.max(...day.map((p) => minutesOf(p.end)));
  return {
    am: { opens: amOpens, closes: Math.min(amOpens + registerOpenMinutes, minutesOf(lunch.start)), ends: minutesOf(lunch.start) },
    pm: { opens: pmOpens, closes: Math.min(pmOpens + registerOpenMinutes, dayEnds), ends: dayEnds },
  };
}

type Entry = Pick<RegisterEntryRow, 'arrivedAt' | 'late' | 'leftAt' | 'leftTo'>;
const at = (t: ClockTime | null) => (t ? minutesOf(t) : null);
const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Whether the room had the pupil at some point of a session (always true for a day with no lunch to divide it). */
export function inRoomDuring(entry: Entry, session: Session, times: SessionTimes | null): boolean {
  const arrived = at(entry.arrivedAt);
  if (arrived === null) return false;
  if (!times) return true;
  return arrived < times[session].ends && (at(entry.leftAt) ?? Infinity) > times[session].opens;
}

/** The mark one room day proposes for one session, or null when it leaves the session to the school's register. */
export function roomSessionMark(entry: Entry, session: Session, times: SessionTimes | null): AttendanceCode | null {
  const arrived = at(entry.arrivedAt);
  if (arrived === null || !times) return null;
  const { opens, closes, ends } = times[session];
  const left = at(entry.leftAt) ?? Infinity;
  if (arrived >= ends) return null;
  if (left <= opens) return entry.leftTo === 'suspended' ? 'E' : null;
  if (arrived > closes) return null;
  if (entry.late && arrived > opens) return 'L';
  return session === 'am' ? '/' : '\\';
}

/**
 * Whether the room's "late" belongs to this session: the one the pupil arrived in (the morning up to lunch, the
 * afternoon from it). L and U are marks of one session, so a pupil late at 09:05 was not late for the afternoon.
 */
export function lateIn(entry: Entry, session: Session, times: SessionTimes | null): boolean {
  const arrived = at(entry.arrivedAt);
  if (!entry.late || arrived === null) return false;
  if (!times) return true;
  return session === 'am' ? arrived < times.am.ends : arrived >= times.am.ends;
}

/** Why a session the room saw the pupil in has no mark, for the export's comments; null when it has one or the room did not see it. */
export function unmarkedReason(entry: Entry, session: Session, times: SessionTimes | null): string | null {
  const arrived = at(entry.arrivedAt);
  if (arrived === null || roomSessionMark(entry, session, times)) return null;
  if (!times) return 'The school day has no lunch to divide the morning from the afternoon: the school register holds both sessions';
  const left = at(entry.leftAt) ?? Infinity;
  const { opens, closes, ends } = times[session];
  if (arrived < ends && left > opens && arrived > closes) {
    return `Reached the room at ${entry.arrivedAt}, after the ${session.toUpperCase()} register closed at ${clock(closes)}: U only if they reached school then; the school register holds this session`;
  }
  return null;
}

/** One record's claim on a session: a room day's mark, or a provider's session (attended or not, and its code). */
export type SessionClaim =
  | { source: 'room'; mark: AttendanceCode | null }
  | { source: 'provider'; attended: boolean; code: AttendanceCode | null };

/** Which record's mark a session takes when a pupil has two (see the header): the higher wins. */
export function sessionPrecedence(claim: SessionClaim): number {
  if (claim.source === 'room') {
    if (claim.mark === '/' || claim.mark === '\\' || claim.mark === 'L') return 4;
    return claim.mark ? 1 : 0;
  }
  if (claim.attended) return 3;
  return claim.code ? 2 : 0;
}

type LegacyCheckIn = { legacyCode: AttendanceCode | null; arrivedAt: ClockTime | null; leftAt: ClockTime | null };
export interface LegacySessionMark {
  session: Session;
  /** The record says the pupil was at the provider (a present or off-site code); false for an absence code. */
  attended: boolean;
  /** The mark the session goes out with: the old code itself, or null for an absence code the officer decides. */
  code: AttendanceCode | null;
}

/** The sessions an off-site check-in recorded before per-session marks speaks for, and their marks (see the header). */
export function legacySessionMarks(c: LegacyCheckIn, times: SessionTimes | null): LegacySessionMark[] {
  const code = c.legacyCode;
  if (!code) return [];
  const both = (attended: boolean, mark: AttendanceCode | null): LegacySessionMark[] => [
    { session: 'am', attended, code: mark },
    { session: 'pm', attended, code: mark },
  ];
  const arrived = at(c.arrivedAt);
  const left = at(c.leftAt);
  const afternoonArrival = !!times && arrived !== null && arrived >= times.am.ends;
  if (code === '/') return [{ session: 'am', attended: true, code }];
  if (code === '\\') return [{ session: 'pm', attended: true, code }];
  if (code === 'L') return [{ session: afternoonArrival ? 'pm' : 'am', attended: true, code }];
  if (code === 'D') return both(true, code);
  if (attendanceCodes[code].countsAs !== 'off-site') return both(false, null);
  if (afternoonArrival) return [{ session: 'pm', attended: true, code }];
  if (times && left !== null && left <= times.pm.opens) return [{ session: 'am', attended: true, code }];
  return both(true, code);
}
