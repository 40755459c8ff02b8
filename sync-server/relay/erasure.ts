// Erasing a pupil from documents that name them among others: the school's roster and who attends each provider
// (`pupils/<id>`, `providers/<p>/attends/<id>`), and their entries in room and provider days (keyed by the pupil's
// id, or records carrying it as `pupilId`: register entries, notes, check-ins, incidents, progress, targets).
import * as Y from 'yjs';
import type { DecodedUpdate } from './update-inspector.js';

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


/**
 * The first erased pupil an update would bring back: a new entry keyed by their id, or carrying it as `pupilId` (a
 * Y.Map field or a plain object's, in Yjs's Any or its older JSON content, which it still decodes and reads alike),
 * anywhere in the document. Structs the relay already holds, and entries the update itself deletes (a device dropping
 * the pupil sends their entries as deleted), bring back nothing; a struct holds several values (one push of a list),
 * so each value counts as deleted only if its own clock is. The relay refuses such an update whole (an offline
 * device's new entry for a pupil erased meanwhile), so the pupil stays erased.
 */
export function erasedPupilNamed(doc: Y.Doc, { structs, ds }: DecodedUpdate, isErased: (pupilId: string) => boolean): string | null {
  const deletedHere = (client: number, clock: number) => ds.clients.get(client)?.some((r) => clock >= r.clock && clock < r.clock + r.len) ?? false;
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || struct.content instanceof Y.ContentDeleted) continue;
    const { client, clock } = struct.id;
    const held = Y.getState(doc.store, client);
    if (clock + struct.length <= held) continue;
    // A map's entry is its struct's last value: kept unless that one is deleted here.
    const key = struct.parentSub;
    if (key !== null && isErased(key) && !deletedHere(client, clock + struct.length - 1)) return key;
    const values = struct.content instanceof Y.ContentAny || struct.content instanceof Y.ContentJSON ? struct.content.arr : [];
    for (let i = Math.max(0, held - clock); i < values.length; i++) {
      const value = values[i];
      const id = key === 'pupilId' ? value : typeof value === 'object' && value !== null ? (value as { pupilId?: unknown }).pupilId : undefined;
      if (typeof id === 'string' && isErased(id) && !deletedHere(client, clock + i)) return id;
    }
  }
  return null;
}
