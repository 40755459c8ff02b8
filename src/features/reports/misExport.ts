// The register as CSV for the MIS (SIMS, Arbor, Bromcom): room days and off-site sessions that happened, with their codes.
import Papa from 'papaparse';
import { dfeCodesText, reasonsText, type ReferralRow } from '../../domain/referral';
import { departureLabels, type RegisterEntryRow } from '../../domain/register';
import { attendanceCodes, awaitsOfficer, codeLabel, sessions, type AttendanceCode, type CheckInRow, type Session } from '../../domain/offsite';
import type { PlacementRow } from '../../domain/placement';
import { onRollOn, type Pupil } from '../../domain/pupil';
import { arrivedDays, wasOnRegister } from '../../domain/registerDays';
import { minutesOf, type ClockTime, type IsoDate } from '../../domain/time';
import { defaultPeriods, type Period } from '../../domain/school';
import { isSchoolDay, type SchoolCalendar } from '../../domain/schoolCalendar';
import { inRoomDuring, lateIn, legacySessionMarks, roomSessionMark, sessionPrecedence, sessionTimes, unmarkedReason } from '../../domain/sessionMarks';

/** Column names as MIS attendance and behaviour imports name them. */
export const misColumns = [
  'UPN', 'Legal Surname', 'Legal Forename', 'Year', 'Reg Group', 'Date', 'Session', 'Mark', 'Mark Description',
  'Provision', 'Attendance', 'Arrived', 'Left', 'Left To', 'Late', 'Reason', 'DfE Exclusion Reason Codes', 'Comments',
] as const;

export interface MisExportInput {
  /** Only days up to and including today are exported. */
  today: IsoDate;
  /** The time now: a session of today whose register has not opened yet is not exported, from a room or a provider (without it, all of today is). */
  now?: ClockTime;
  register: RegisterEntryRow[];
  checkIns: CheckInRow[];
  referrals: ReferralRow[];
  placements: PlacementRow[];
  pupils: Map<string, Pupil>;
  roomName(id: string): string;
  providerName(id: string): string;
  /** The school's calendar: weekends, holidays, INSET and closures have no sessions, so they are left out. */
  calendar?: Pick<SchoolCalendar, 'halfTerms' | 'closures'>;
  /** The school's day, which divides it into the AM and PM sessions (the typical day when not given). */
  periods?: Pick<Period, 'kind' | 'start' | 'end'>[];
  /** How long the school keeps a register open (see sessionMarks.ts). */
  registerOpenMinutes?: number;
}

/** dd/mm/yyyy, the date form UK MIS imports expect. */
export const misDate = (iso: IsoDate) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function roomAttendance(e: RegisterEntryRow, today: IsoDate): string {
  if (e.status === 'absent') return 'Absent from the room';
  if (e.status === 'expected') return e.date < today ? 'Did not arrive' : 'Not yet marked';
  return 'Present in the room';
}

const NOT_ON_ROLL = 'Not on the school roll on this day: no mark';
const joined = (values: string[]) => (values.length === 1 ? values[0]! : [...new Set(values.filter(Boolean))].join('; '));

/**
 * One row per pupil per session (AM, PM) on a school day, with the mark Baseroom can vouch for and the rest blank for
 * the attendance officer (see sessionMarks.ts for each rule and its source). A room day gives a row for each session
 * the pupil was in the room for, marked / or \ (L when late before the register closed; E for the afternoon of a pupil
 * sent home suspended); a day the room recorded no arrival gives both sessions, unmarked. An off-site session is
 * marked B, K or D by the provider's arrangement, or the officer's code; blank until settled; one recorded before
 * per-session marks goes out with its old code for the sessions it supports. A pupil has one row per session, however
 * many rooms and providers recorded it: the record that places them when the register was taken gives the mark, and
 * the others are named in its comments. Left out: future days, days that are not school days by the calendar (the
 * MIS marks those from its own), and days a pupil was left "expected" after going back to lessons or while in another
 * room.
 */
export function misRegisterCsv(input: MisExportInput): string {
  const calendar = input.calendar ?? { halfTerms: [], closures: [] };
  const times = sessionTimes(input.periods ?? defaultPeriods, input.registerOpenMinutes);
  const exported = (date: IsoDate) => date <= input.today && isSchoolDay(date, calendar);
  // A session of today whose register has not opened has no attendance yet (reg. 10), whoever recorded it in advance.
  const notYet = (date: IsoDate, s: Session) => date === input.today && !!input.now && !!times && minutesOf(input.now) < times[s].opens;
  const scheduled = new Map<string, ReferralRow>();
  for (const r of input.referrals) if (r.status !== 'declined') for (const date of r.scheduledDays) scheduled.set(`${r.pupilId}|${date}`, r);
  const who = (pupilId: string) => {
    const p = input.pupils.get(pupilId);
    return [p?.upn ?? '', p?.legalSurname ?? '', p?.legalForename ?? '', p ? String(p.yearGroup) : '', p?.tutorGroup ?? ''];
  };
  const arrived = arrivedDays(input.register);
  const days = new Map<string, RegisterEntryRow[]>();
  for (const e of input.register) {
    if (!exported(e.date) || !wasOnRegister(e, input.placements, input.referrals)) continue;
    // Expected in one room but there in another: the room that had them speaks for the day.
    if (!e.arrivedAt && arrived.has(`${e.pupilId}|${e.date}`)) continue;
    const key = `${e.pupilId}|${e.date}`;
    const day = days.get(key);
    if (day) day.push(e);
    else days.set(key, [e]);
  }
  const rooms = [...days.values()].flatMap((entries): SessionLine[] => {
    const { pupilId, date } = entries[0]!;
    const referral = scheduled.get(`${pupilId}|${date}`);
    const reasons = referral ? [reasonsText(referral), dfeCodesText(referral).replace('No DfE code', '')] : ['', ''];
    const rollNote = onRollOn(input.pupils.get(pupilId), date) ? '' : NOT_ON_ROLL;
    return sessions.flatMap((s) => {
      if (notYet(date, s)) return [];
      const seen = entries.filter((e) => !e.arrivedAt || inRoomDuring(e, s, times));
      const suspended = entries.some((e) => roomSessionMark(e, s, times) === 'E');
      if (!seen.length && !suspended) return [];
      const shown = seen.length ? seen : entries;
      // Present at registration in any room outranks late into another (the pupil moved rooms), which outranks E.
      const proposed = bestRoomMark(entries.map((e) => roomSessionMark(e, s, times)));
      const mark = rollNote ? null : proposed;
      const notes = [rollNote, ...shown.map((e) => e.absenceFollowUp), ...(mark ? [] : shown.map((e) => unmarkedReason(e, s, times) ?? ''))];
      return [{
        key: `${pupilId}|${date}|${s}`,
        rank: sessionPrecedence({ source: 'room', mark: proposed }),
        cells: [
          ...who(pupilId), date, s.toUpperCase(), mark ?? '', mark ? attendanceCodes[mark].meaning : '', joined(shown.map((e) => input.roomName(e.roomId))),
          joined(shown.map((e) => roomAttendance(e, input.today))), joined(shown.map((e) => e.arrivedAt ?? '')), joined(shown.map((e) => e.leftAt ?? '')),
          joined(shown.map((e) => (e.leftTo ? departureLabels[e.leftTo] : ''))), (proposed ? proposed === 'L' : shown.some((e) => lateIn(e, s, times))) ? 'Yes' : 'No',
          ...reasons, joined(notes),
        ],
      }];
    });
  });
  const offsite = input.checkIns
    .filter((c) => exported(c.date))
    .flatMap((c): SessionLine[] => {
      const rolled = onRollOn(input.pupils.get(c.pupilId), c.date);
      const line = (s: Session, attended: boolean, recorded: AttendanceCode | null, comments: string[]): SessionLine => {
        const code = rolled ? recorded : null;
        return {
          key: `${c.pupilId}|${c.date}|${s}`,
          rank: sessionPrecedence({ source: 'provider', attended, code: recorded }),
          cells: [
            ...who(c.pupilId), c.date, s.toUpperCase(), code ?? '', code ? attendanceCodes[code].meaning : '', input.providerName(c.providerId),
            attended ? 'Present at the provider' : 'Not present', c.arrivedAt ?? '', c.leftAt ?? '', '', '', '', '',
            [rolled ? '' : NOT_ON_ROLL, ...comments].filter(Boolean).join('. '),
          ],
        };
      };
      const marked = sessions.filter((s) => c.sessions[s].attendance);
      if (!marked.length && c.legacyCode) {
        // Recorded before per-session marks: the old code, for the sessions the record supports (sessionMarks.ts).
        const old = `Recorded before per-session marks as one code for the day: ${codeLabel(c.legacyCode)}`;
        return legacySessionMarks(c, times).filter((m) => !notYet(c.date, m.session)).map((m) =>
          line(m.session, m.attended, m.code, m.attended ? [old] : [old, 'Code to be settled by the attendance officer', c.followUp]),
        );
      }
      return marked.filter((s) => !notYet(c.date, s)).map((s) => {
        const x = c.sessions[s];
        const missed = x.attendance === 'not-present';
        return line(s, !missed, x.code, missed ? [awaitsOfficer(x) ? 'Code to be settled by the attendance officer' : '', c.followUp] : []);
      });
    });
  // One row per pupil per session, whatever else was recorded of it.
  const bySession = new Map<string, SessionLine[]>();
  for (const line of [...rooms, ...offsite]) {
    const same = bySession.get(line.key);
    if (same) same.push(line);
    else bySession.set(line.key, [line]);
  }
  // Date, then name, then UPN (two pupils can share a name), then session and provision: the same data always gives the same file.
  const order = [5, 1, 2, 0, 6, 9];
  const rows = [...bySession.values()]
    .map(oneRow)
    .sort((a, b) => order.reduce((c, i) => c || compareText(a[i]!, b[i]!), 0))
    .map((row) => row.map((cell, i) => (i === 5 ? misDate(cell) : cell)));
  // CRLF and a BOM: what Excel and the MIS import wizards expect of a UK CSV.
  return '\uFEFF' + Papa.unparse({ fields: [...misColumns], data: rows }, { newline: '\r\n', escapeFormulae: FORMULA_START });
}

/** The mark a session takes from the rooms that saw the pupil in it: present, then late, then whatever else (E). */
function bestRoomMark(marks: (AttendanceCode | null)[]): AttendanceCode | null {
  return marks.find((m) => m === '/' || m === '\\') ?? marks.find((m) => m === 'L') ?? marks.find(Boolean) ?? null;
}

/** A pupil's session as one record gives it, before a session with two records is made one row. */
interface SessionLine {
  key: string;
  /** sessionPrecedence: the record whose mark the session takes ranks highest. */
  rank: number;
  cells: string[];
}

const column = (name: (typeof misColumns)[number]) => misColumns.indexOf(name);

/**
 * The row of the record that speaks for the session (sessionMarks.ts, sessionPrecedence; equal ones by provision name),
 * naming in its comments any other record of the same session, so the attendance officer sees both.
 */
function oneRow(lines: SessionLine[]): string[] {
  if (lines.length === 1) return lines[0]!.cells;
  const [first, ...others] = [...lines].sort((a, b) => b.rank - a.rank || compareText(a.cells[column('Provision')]!, b.cells[column('Provision')]!));
  const also = others.map((o) => {
    const mark = o.cells[column('Mark')];
    return `Also recorded: ${o.cells[column('Provision')]}, ${o.cells[column('Attendance')]!.toLowerCase()}${mark ? ` (${mark})` : ''}`;
  });
  const cells = [...first!.cells];
  cells[column('Comments')] = [cells[column('Comments')], ...also].filter(Boolean).join('. ');
  return cells;
}

/** British English order whatever the device's own locale: a tablet and a laptop sort the same names the same way. */
const compareText = new Intl.Collator('en-GB').compare; // as localeCompare(b, 'en-GB'), without a collator per call

/**
 * Cells a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @, tab, CR, LF, and their full-width forms.
 * Papa prefixes them with ' (shown as text). Its own default pattern ends in `.*$`, which misses a cell with a line break
 * in it ("=HYPERLINK(…)\nx"), so the pattern here only looks at the first character.
 */
export const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
