// Everything this device holds about one pupil, for a subject access request: each kind of record, with who wrote it and when.
import type { BaseroomDB, PupilRow } from '../../db/database';

/** The projection tables that hold a pupil's records, in the order a reader meets them, with their titles. */
export const recordKinds = [
  ['registerEntries', 'Days on a room’s register'],
  ['behaviourNotes', 'Behaviour notes'],
  ['interviews', 'Interviews'],
  ['work', 'Work set and done'],
  ['parentContacts', 'Contacts with parents and carers'],
  ['referrals', 'Referrals'],
  ['placements', 'Placements'],
  ['reviews', 'Placement reviews'],
  ['visits', 'Reintegration visits'],
  ['offsiteCheckIns', 'Off-site check-ins'],
  ['offsiteIncidents', 'Off-site incidents'],
  ['offsiteProgress', 'Off-site progress'],
  ['offsiteTargets', 'IBEC targets agreed with providers'],
] as const;
export type RecordKind = (typeof recordKinds)[number][0];

export interface PupilRecords {
  pupil: PupilRow;
  /** ISO time the export was made. */
  generatedAt: string;
  /** Staff ids as the records name them, with the names the school gave them. */
  staff: Record<string, string>;
  records: Record<RecordKind, Record<string, unknown>[]>;
}

const when = (row: Record<string, unknown>) => String(row.date ?? row.createdAt ?? row.at ?? '');

/** Reads every record naming the pupil from the projection tables, oldest first; null when the pupil is not on this device. */
export async function gatherPupilRecords(db: BaseroomDB, pupilId: string, now = new Date()): Promise<PupilRecords | null> {
  const pupil = await db.pupils.get(pupilId);
  if (!pupil) return null;
  const school = await db.school.get('school');
  const staff = Object.fromEntries((school?.staff ?? []).map((s) => [s.id, s.name]));
  const entries = await Promise.all(
    recordKinds.map(async ([table]) => {
      const rows = (await db.table(table).where('pupilId').equals(pupilId).toArray()) as Record<string, unknown>[];
      return [table, rows.sort((a, b) => when(a).localeCompare(when(b)))] as const;
    }),
  );
  return { pupil, generatedAt: now.toISOString(), staff, records: Object.fromEntries(entries) as PupilRecords['records'] };
}

/** The machine-readable copy: one JSON document, every field as stored. */
export function pupilRecordsJson(records: PupilRecords): string {
  return JSON.stringify({ format: 'baseroom-subject-access', version: 1, ...records }, null, 2);
}
