// Index fields for what waits on someone: each is a date, set while the record waits and absent once it is done, so
// the screens that list what waits (Today's flags and follow-ups, the coordinator's lists) read only those rows, not
// a school year's. Every row of these kinds is written through these; the date is in clear beside the sealed row.
import type { ParentContactRow } from './parentContact';
import { isUnconfirmedFlag, type BehaviourNoteRow } from './behaviourNote';
import { awaitsOfficer, isAwaitingDecision, isUnconfirmedConcern, sessions, type CheckInRow, type IncidentRow } from './offsite';

/** The row with `openFollowUpDue` set from its follow-up (every contact row is written through this). */
export function withOpenFollowUp<T extends Omit<ParentContactRow, 'openFollowUpDue'>>(row: T): T & Pick<ParentContactRow, 'openFollowUpDue'> {
  const { openFollowUpDue: _stale, ...rest } = row as T & Pick<ParentContactRow, 'openFollowUpDue'>;
  return row.followUpDue && !row.followUpDoneAt ? { ...(rest as T), openFollowUpDue: row.followUpDue } : (rest as T);
}

/** The check-in with `awaitsSchool` set while a concern is unconfirmed or a missed session waits for its code. */
export function withCheckInAwaiting<T extends Omit<CheckInRow, 'awaitsSchool'>>(row: T): T & Pick<CheckInRow, 'awaitsSchool'> {
  const { awaitsSchool: _stale, ...rest } = row as T & Pick<CheckInRow, 'awaitsSchool'>;
  const waits = isUnconfirmedConcern(row) || sessions.some((s) => awaitsOfficer(row.sessions[s]));
  return waits ? { ...(rest as T), awaitsSchool: row.date } : (rest as T);
}

/** The incident with `undecidedOn` set until the coordinator decides. */
export function withIncidentAwaiting<T extends Omit<IncidentRow, 'undecidedOn'>>(row: T): T & Pick<IncidentRow, 'undecidedOn'> {
  const { undecidedOn: _stale, ...rest } = row as T & Pick<IncidentRow, 'undecidedOn'>;
  return isAwaitingDecision(row) ? { ...(rest as T), undecidedOn: row.date } : (rest as T);
}

/** The note with `unconfirmedFlagOn` set while it is a safeguarding flag not yet confirmed logged on CPOMS. */
export function withFlagAwaiting<T extends Omit<BehaviourNoteRow, 'unconfirmedFlagOn'>>(row: T): T & Pick<BehaviourNoteRow, 'unconfirmedFlagOn'> {
  const { unconfirmedFlagOn: _stale, ...rest } = row as T & Pick<BehaviourNoteRow, 'unconfirmedFlagOn'>;
  return isUnconfirmedFlag(row) ? { ...(rest as T), unconfirmedFlagOn: row.date } : (rest as T);
}
