// Erasing a pupil from documents that name them among others: the school's roster and who attends each provider
// (`pupils/<id>`, `providers/<p>/attends/<id>`), and their entries in room and provider days (keyed by the pupil's
// id, or records carrying it as `pupilId`: register entries, notes, check-ins, incidents, progress, targets).
import * as Y from 'yjs';

/** Close code for a document that was erased: y-websocket's client does not reconnect after 4400-4499. */
export const erasedCloseCode = 4410;

/**
 * Deletes every entry for the pupil from the document's top-level maps, at any depth, in one transaction; returns
 * whether anything was deleted. The relay's Y.Doc is garbage-collected, so once the log is compacted from it the
 * deleted content is in no stored row.
 */
export function removePupil(doc: Y.Doc, pupilId: string, origin: unknown): boolean {
  let removed = false;
  doc.transact(() => {
    for (const name of [...doc.share.keys()]) {
      let part: Y.Map<unknown>;
      try {
        part = doc.getMap<unknown>(name);
      } catch {
        continue; // Not a map: Baseroom keeps no pupil in any other kind of top-level type.
      }
      if (removeFrom(part, pupilId)) removed = true;
    }
  }, origin);
  return removed;
}

function names(value: unknown, pupilId: string): boolean {
  if (value instanceof Y.Map) return value.get('pupilId') === pupilId;
  return typeof value === 'object' && value !== null && (value as { pupilId?: unknown }).pupilId === pupilId;
}

function removeFrom(map: Y.Map<unknown>, pupilId: string): boolean {
  let removed = false;
  for (const [key, value] of [...map.entries()]) {
    if (key === pupilId || names(value, pupilId)) {
      map.delete(key);
      removed = true;
    } else if (value instanceof Y.Map && removeFrom(value, pupilId)) {
      removed = true;
    }
  }
  return removed;
}
