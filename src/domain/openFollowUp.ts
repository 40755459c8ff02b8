// The index that lets Today list the follow-ups to do without opening every contact with parents of the school's year.
import type { ParentContactRow } from './parentContact';

/** The row with `openFollowUpDue` set from its follow-up (every contact row is written through this). */
export function withOpenFollowUp<T extends Omit<ParentContactRow, 'openFollowUpDue'>>(row: T): T & Pick<ParentContactRow, 'openFollowUpDue'> {
  const { openFollowUpDue: _stale, ...rest } = row as T & Pick<ParentContactRow, 'openFollowUpDue'>;
  return row.followUpDue && !row.followUpDoneAt ? { ...(rest as T), openFollowUpDue: row.followUpDue } : (rest as T);
}
