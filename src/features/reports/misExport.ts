// The room's register as CSV for the MIS (SIMS, Arbor, Bromcom imports): one row per pupil per day, with the DfE reason.
import Papa from 'papaparse';
import { referralCategory, type ReferralRow } from '../../domain/referral';
import type { RegisterEntryRow } from '../../domain/register';
import { departureLabels } from '../../domain/register';
import type { Pupil } from '../../domain/pupil';

export const misColumns = [
  'Date', 'Room', 'UPN', 'Legal surname', 'Legal forename', 'Year', 'Reg group', 'Attendance', 'Arrived', 'Late',
  'Left', 'Left to', 'School reason', 'DfE reason code',
] as const;

const attendanceLabels = { expected: 'Did not arrive', present: 'Present', left: 'Present', absent: 'Absent' } as const;

/** Rows sorted by date, room and surname; a day's reason comes from the referral scheduled onto that day. */
export function misRegisterCsv(
  register: RegisterEntryRow[],
  referrals: ReferralRow[],
  pupils: Map<string, Pupil>,
  roomName: (id: string) => string,
): string {
  const scheduled = new Map<string, ReferralRow>();
  for (const r of referrals) if (r.status !== 'declined') for (const date of r.scheduledDays) scheduled.set(`${r.pupilId}|${date}`, r);
  const reasonFor = (e: RegisterEntryRow) => {
    const referral = scheduled.get(`${e.pupilId}|${e.date}`);
    return referral ? referralCategory(referral.categoryId) : undefined;
  };
  const rows = register
    .map((e) => {
      const p = pupils.get(e.pupilId);
      const reason = reasonFor(e);
      return [
        e.date,
        roomName(e.roomId),
        p?.upn ?? '',
        p?.legalSurname ?? '',
        p?.legalForename ?? '',
        p ? String(p.yearGroup) : '',
        p?.tutorGroup ?? '',
        attendanceLabels[e.status],
        e.arrivedAt ?? '',
        e.late ? 'Yes' : 'No',
        e.leftAt ?? '',
        e.leftTo ? departureLabels[e.leftTo] : '',
        reason?.label ?? '',
        reason?.dfeCode ?? '',
      ];
    })
    .sort((a, b) => a[0]!.localeCompare(b[0]!) || a[1]!.localeCompare(b[1]!) || a[3]!.localeCompare(b[3]!));
  // CRLF and a BOM: what Excel and the MIS import wizards expect of a UK CSV.
  return '\uFEFF' + Papa.unparse({ fields: [...misColumns], data: rows }, { newline: '\r\n' });
}
