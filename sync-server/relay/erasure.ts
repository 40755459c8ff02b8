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

/**
 * Baseroom's documents name a pupil at most three maps below a top-level one (`providers/<p>/attends/<id>`); a walk
 * deeper than this would only follow maps a device nested on purpose (thousands deep, to overflow the stack).
 */
const maxDepth = 4;

function removeFrom(top: Y.Map<unknown>, pupilId: string): boolean {
  let removed = false;
  // An explicit stack, not recursion: a supervisor may write any shape into a room's day.
  const stack: { map: Y.Map<unknown>; depth: number }[] = [{ map: top, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    for (const [key, value] of [...next.map.entries()]) {
      if (key === pupilId || names(value, pupilId)) {
        next.map.delete(key);
        removed = true;
      } else if (value instanceof Y.Map && next.depth < maxDepth) {
        stack.push({ map: value, depth: next.depth + 1 });
      }
    }
  }
  return removed;
}
