// Index fields for what waits on someone: each is a date, set while the record waits and absent once it is done, so
// the screens that list what waits (Today's flags and follow-ups, the coordinator's lists) read only those rows, not
// a school year's. Every row of these kinds is written through these; the date is in clear beside the sealed row.
// The rows given are built afresh (by a projection, or read from a version that had no such field), so a row that
// does not wait is returned as it is: no copy on the register's every tap.
import type { ParentContactRow } from './parentContact';
import { isUnconfirmedFlag, type BehaviourNoteRow } from './behaviourNote';
import { awaitsOfficer, isAwaitingDecision, isUnconfirmedConcern, sessions, type CheckInRow, type IncidentRow } from './offsite';

/** `row` with `field` set to `date` while it waits (a date given), else `row` itself. */
function whileWaiting<T extends object, F extends string>(row: T, field: F, date: string | false): T & Partial<Record<F, string>> {
  return date ? { ...row, [field]: date } : row;
}

/** The contact with `openFollowUpDue` set while its follow-up is not done. */
export const withOpenFollowUp = <T extends Omit<ParentContactRow, 'openFollowUpDue'>>(row: T) =>
  whileWaiting(row, 'openFollowUpDue', !!row.followUpDue && !row.followUpDoneAt && row.followUpDue);

/** The check-in with `awaitsSchool` set while a concern is unconfirmed or a missed session waits for its code. */
export const withCheckInAwaiting = <T extends Omit<CheckInRow, 'awaitsSchool'>>(row: T) =>
  whileWaiting(row, 'awaitsSchool', (isUnconfirmedConcern(row) || sessions.some((s) => awaitsOfficer(row.sessions[s]))) && row.date);

/** The incident with `undecidedOn` set until the coordinator decides. */
export const withIncidentAwaiting = <T extends Omit<IncidentRow, 'undecidedOn'>>(row: T) => whileWaiting(row, 'undecidedOn', isAwaitingDecision(row) && row.date);

/** The note with `unconfirmedFlagOn` set while it is a safeguarding flag not yet confirmed logged on CPOMS. */
export const withFlagAwaiting = <T extends Omit<BehaviourNoteRow, 'unconfirmedFlagOn'>>(row: T) => whileWaiting(row, 'unconfirmedFlagOn', isUnconfirmedFlag(row) && row.date);
