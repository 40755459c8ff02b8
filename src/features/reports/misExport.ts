// The register as CSV for the MIS (SIMS, Arbor, Bromcom): room days and off-site sessions that happened, with their codes.
import Papa from 'papaparse';
import { dfeCodesText, reasonsText, type ReferralRow } from '../../domain/referral';
import { departureLabels, type RegisterEntryRow } from '../../domain/register';
import { attendanceCodes, type CheckInRow, type Session } from '../../domain/offsite';
import type { PlacementRow } from '../../domain/placement';
import type { Pupil } from '../../domain/pupil';
import { wasOnRegister } from '../../domain/registerDays';
import type { IsoDate } from '../../domain/time';

/** Column names as MIS attendance and behaviour imports name them. */
export const misColumns = [
  'UPN', 'Legal Surname', 'Legal Forename', 'Year', 'Reg Group', 'Date', 'Session', 'Mark', 'Mark Description',
  'Provision', 'Attendance', 'Arrived', 'Left', 'Left To', 'Late', 'Reason', 'DfE Exclusion Reason Codes', 'Comments',
] as const;

export interface MisExportInput {
  /** Only days up to and including today are exported. */
  today: IsoDate;
  register: RegisterEntryRow[];
  checkIns: CheckInRow[];
  referrals: ReferralRow[];
  placements: PlacementRow[];
  pupils: Map<string, Pupil>;
  roomName(id: string): string;
  providerName(id: string): string;
}

/** dd/mm/yyyy, the date form UK MIS imports expect. */
export const misDate = (iso: IsoDate) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function roomAttendance(e: RegisterEntryRow, today: IsoDate): string {
  if (e.status === 'absent') return 'Absent from the room';
  if (e.status === 'expected') return e.date < today ? 'Did not arrive' : 'Not yet marked';
  return 'Present in the room';
}

/**
 * One row per room day (the statutory mark stays with the school's own register: the pupil was in school) and one
 * per off-site session (marked B, K or D by the provider's arrangement, or the officer's code; blank until settled).
 * Future days, and days a pupil was left "expected" after going back to lessons, are not exported.
 */
export function misRegisterCsv(input: MisExportInput): string {
  const scheduled = new Map<string, ReferralRow>();
  for (const r of input.referrals) if (r.status !== 'declined') for (const date of r.scheduledDays) scheduled.set(`${r.pupilId}|${date}`, r);
  const who = (pupilId: string) => {
    const p = input.pupils.get(pupilId);
    return [p?.upn ?? '', p?.legalSurname ?? '', p?.legalForename ?? '', p ? String(p.yearGroup) : '', p?.tutorGroup ?? ''];
  };
  const rooms = input.register
    .filter((e) => e.date <= input.today && wasOnRegister(e, input.placements, input.referrals))
    .map((e) => {
      const referral = scheduled.get(`${e.pupilId}|${e.date}`);
      return [
        ...who(e.pupilId), e.date, 'Day', '', '', input.roomName(e.roomId), roomAttendance(e, input.today), e.arrivedAt ?? '',
        e.leftAt ?? '', e.leftTo ? departureLabels[e.leftTo] : '', e.late ? 'Yes' : 'No',
        referral ? reasonsText(referral) : '', referral ? dfeCodesText(referral).replace('No DfE code', '') : '', e.absenceFollowUp,
      ];
    });
  const offsite = input.checkIns
    .filter((c) => c.date <= input.today)
    .flatMap((c) =>
      (['am', 'pm'] as Session[]).flatMap((s) => {
        const x = c.sessions[s];
        if (!x.attendance) return [];
        const attendance = x.attendance === 'present' ? 'Present at the provider' : 'Not present';
        const comments = x.attendance === 'not-present' ? [x.settled ? '' : 'Code to be settled by the attendance officer', c.followUp] : [];
        return [[
          ...who(c.pupilId), c.date, s.toUpperCase(), x.code ?? '', x.code ? attendanceCodes[x.code].meaning : '', input.providerName(c.providerId),
          attendance, c.arrivedAt ?? '', c.leftAt ?? '', '', '', '', '', comments.filter(Boolean).join('. '),
        ]];
      }),
    );
  // Date, then name, then UPN (two pupils can share a name), then session and provision: the same data always gives the same file.
  const order = [5, 1, 2, 0, 6, 9];
  const rows = [...rooms, ...offsite]
    .sort((a, b) => order.reduce((c, i) => c || compareText(a[i]!, b[i]!), 0))
    .map((row) => row.map((cell, i) => (i === 5 ? misDate(cell) : cell)));
  // CRLF and a BOM: what Excel and the MIS import wizards expect of a UK CSV.
  return '\uFEFF' + Papa.unparse({ fields: [...misColumns], data: rows }, { newline: '\r\n', escapeFormulae: FORMULA_START });
}

/** British English order whatever the device's own locale: a tablet and a laptop sort the same names the same way. */
const compareText = (a: string, b: string) => a.localeCompare(b, 'en-GB');

/**
 * Cells a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @, tab, CR, LF, and their full-width forms.
 * Papa prefixes them with ' (shown as text). Its own default pattern ends in `.*$`, which misses a cell with a line break
 * in it ("=HYPERLINK(…)\nx"), so the pattern here only looks at the first character.
 */
export const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
