// The register's count line: "3 pupils on the register: 1 in the room (1 out: toilet), 1 expected, 1 absent, 0 left".
import type { RegisterEntryRow } from '../../domain/register';
import { countOf } from '../../domain/counts';

/** Pupils out at the toilet right now: a visit with no time back. */
export const outAtToilet = (entry: Pick<RegisterEntryRow, 'status' | 'toiletVisits'>) =>
  entry.status === 'present' ? (entry.toiletVisits.find((v) => v.back === null) ?? null) : null;

export function registerCounts(entries: Pick<RegisterEntryRow, 'status' | 'toiletVisits'>[]): string {
  const counts = { expected: 0, present: 0, absent: 0, left: 0 };
  for (const e of entries) counts[e.status]++;
  const out = entries.filter((e) => outAtToilet(e)).length;
  return (
    `${countOf(entries.length, 'pupil')} on the register: ${counts.present} in the room` +
    (out ? ` (${out} out: toilet)` : '') +
    `, ${counts.expected} expected, ${counts.absent} absent, ${counts.left} left`
  );
}
