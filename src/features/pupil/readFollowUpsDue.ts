// The follow-ups to do, read by the open follow-ups' index: only contacts with a follow-up not yet done and due by
// `today` are read and opened, however many contacts with parents the school's year holds.
import type { BaseroomDB } from '../../db/database';
import { followUpsDue, type ParentContactRow } from '../../domain/parentContact';

/** Follow-ups due by `today` and not yet done, the longest overdue first. */
export async function readFollowUpsDue(db: BaseroomDB, today: string): Promise<ParentContactRow[]> {
  return followUpsDue(await db.parentContacts.where('openFollowUpDue').belowOrEqual(today).toArray(), today);
}
