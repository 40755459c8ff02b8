// An off-site device's cohort document: the relay's own copy of what that device needs from the school document —
// settings, periods, staff, closures, its providers and only the pupils who attend them — never the whole roster.
import * as Y from 'yjs';

/** Parts copied whole: nothing in them names or describes a pupil. */
const sharedParts = ['settings', 'rooms', 'periods', 'staff', 'closures', 'halfTerms'] as const;
/** What an off-site assistant needs to know of a pupil: who they are and how to support them. No UPN, no MIS id. */
const pupilFields = ['legalForename', 'legalSurname', 'preferredName', 'yearGroup', 'tutorGroup', 'sen', 'keyNeeds', 'leftOn'] as const;

type Json = unknown;

/**
 * Brings `cohort` in line with `school` for the device's providers, changing only what differs (one transaction,
 * `origin` as its origin), so re-deriving after every change to the school document costs little and sends little.
 */
export function deriveCohort(school: Y.Doc, cohort: Y.Doc, providers: readonly string[], origin: unknown): void {
  cohort.transact(() => {
    for (const part of sharedParts) mirrorEntries(school.getMap(part), cohort.getMap(part), () => true);
    const wanted = new Set(providers);
    mirrorEntries(school.getMap<unknown>('providers'), cohort.getMap('providers'), (id) => wanted.has(id));
    const attendance = attendanceOf(school);
    const attending = new Set(providers.flatMap((id) => [...(attendance.get(id) ?? [])]));
    const roster = school.getMap<Y.Map<unknown>>('pupils');
    const target = cohort.getMap<Y.Map<unknown>>('pupils');
    for (const id of [...target.keys()]) if (!attending.has(id) || !roster.has(id)) target.delete(id);
    for (const id of attending) {
      const pupil = roster.get(id);
      if (!(pupil instanceof Y.Map)) continue;
      let record = target.get(id);
      if (!(record instanceof Y.Map)) {
        record = new Y.Map();
        target.set(id, record);
      }
      for (const field of pupilFields) setValue(record, field, pupil.get(field));
    }
  }, origin);
}

/** Who attends each provider, from the school document's `providers/<id>/attends/<pupilId>`. */
export function attendanceOf(school: Y.Doc): Map<string, Set<string>> {
  const attendance = new Map<string, Set<string>>();
  for (const [id, provider] of school.getMap<unknown>('providers').entries()) {
    const attends = provider instanceof Y.Map ? provider.get('attends') : undefined;
    if (attends instanceof Y.Map) attendance.set(id, new Set(attends.keys()));
  }
  return attendance;
}

/** Copies the entries `keep` accepts from one map to another, recursing into nested maps; removes the rest. */
function mirrorEntries(source: Y.Map<unknown>, target: Y.Map<unknown>, keep: (key: string) => boolean): void {
  for (const key of [...target.keys()]) if (!source.has(key) || !keep(key)) target.delete(key);
  for (const [key, value] of source.entries()) {
    if (!keep(key)) continue;
    if (value instanceof Y.Map) {
      let nested = target.get(key);
      if (!(nested instanceof Y.Map)) {
        nested = new Y.Map();
        target.set(key, nested);
      }
      mirrorEntries(value, nested as Y.Map<unknown>, () => true);
    } else {
      setValue(target, key, value instanceof Y.AbstractType ? (value.toJSON() as Json) : value);
    }
  }
}

function setValue(target: Y.Map<unknown>, key: string, value: Json): void {
  if (value === undefined) {
    if (target.has(key)) target.delete(key);
    return;
  }
  const current = target.get(key);
  if (current === value) return;
  if (typeof value === 'object' && value !== null && JSON.stringify(current) === JSON.stringify(value)) return;
  target.set(key, value);
}
