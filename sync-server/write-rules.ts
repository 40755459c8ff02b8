// Authorization as data: which parts (top-level Yjs types) of each kind of document each role may change.
import type { DeviceRole, DocName } from './doc-names.js';

/** Every part of the document, or the named top-level types only. */
export type WritableParts = 'every part' | readonly string[];

/**
 * What each role may write, checked by the relay on every update before it is stored or forwarded (an update that
 * inserts into or deletes from any other part is refused whole). Opening a document is decided separately by
 * `scopeAllows`; a device writes only documents it may open.
 *
 * - The school document (settings, rooms, periods, staff, roster, providers and who attends them) belongs to
 *   coordinators: the off-site scope depends on it, so no other role may change it.
 * - A room's day belongs to that room's devices (and coordinators, who schedule pupils onto it).
 * - In a pupil's document, supervisors keep the record of the room: interviews, work and parent/carer contacts;
 *   referrals, placements, reviews and visits are the coordinator's.
 * - A provider's day belongs to its off-site phones (and coordinators).
 * - A cohort document is written by the relay alone.
 */
export const writeRules: Record<DeviceRole, Record<DocName['kind'], WritableParts>> = {
  coordinator: { school: 'every part', room: 'every part', pupil: 'every part', provider: 'every part', cohort: [] },
  supervisor: { school: [], room: 'every part', pupil: ['interviews', 'work', 'contacts'], provider: [], cohort: [] },
  offsite: { school: [], room: [], pupil: [], provider: 'every part', cohort: [] },
};

export function mayWrite(role: DeviceRole, kind: DocName['kind'], part: string): boolean {
  const parts = writeRules[role][kind];
  return parts === 'every part' || parts.includes(part);
}
