// Erases everything Baseroom keeps on this device (its databases and UI choices), and remembers why for the next screen.
import { DB_NAME, PLAINTEXT_DB_NAME, UI_STATE_KEY } from '../db/dbNames';
import { KEY_DB_NAME } from './keyStore';
import { deleteDatabase } from './keyDatabase';
import { ERASE_CHECK_KEY } from './eraseCheck';
import { appSchool, schoolStorageName } from '../sync/school';

export type EraseReason = 'revoked' | 'too-many-pins';

const ERASED_KEY = schoolStorageName('baseroom-erased', appSchool);

/** Open connections to these databases must be closed first, or the deletion waits for them. */
export async function eraseDevice(reason: EraseReason): Promise<void> {
  await Promise.all([DB_NAME, PLAINTEXT_DB_NAME, KEY_DB_NAME].map((name) => deleteDatabase(name)));
  localStorage.removeItem(UI_STATE_KEY);
  localStorage.removeItem(ERASE_CHECK_KEY);
  localStorage.setItem(ERASED_KEY, JSON.stringify({ reason, at: new Date().toISOString() }));
}

/** Why this device was last erased, if it was; the note is cleared once a new PIN is set. */
export function lastErasure(): { reason: EraseReason; at: string } | null {
  try {
    return JSON.parse(localStorage.getItem(ERASED_KEY) ?? 'null') as { reason: EraseReason; at: string } | null;
  } catch {
    return null;
  }
}

export const forgetErasure = () => localStorage.removeItem(ERASED_KEY);
