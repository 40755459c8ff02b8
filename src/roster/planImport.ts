// Decides what a roster import changes: matches rows to existing pupils by UPN, then MIS id, so re-imports never duplicate.
import type { Pupil, PupilInput } from '../domain/pupil';
import { rosterFields } from './rosterFields';

export interface RosterImportPlan {
  toAdd: PupilInput[];
  /** The pupil's full new details (existing values kept where the import left a field out). */
  toUpdate: { id: string; pupil: PupilInput }[];
  unchanged: number;
  /** Pupils on the roll the file no longer lists: marked as left (records kept) unless the file is only part of the school. */
  toMarkLeft: { id: string; name: string }[];
  /** Pupils marked as left whom the file lists again: back on the roll. */
  toReturn: string[];
}


/**
 * Optional fields the import leaves out keep their existing values: MIS exports rarely carry
 * key needs, and a SENCo's note written in Baseroom must survive the next import.
 */
function merge(existing: Pupil, row: PupilInput): PupilInput {
  const merged = {} as Record<keyof PupilInput, unknown>;
  for (const field of rosterFields) {
    const value = row[field] ?? existing[field];
    if (value !== undefined) merged[field] = value;
  }
  return merged as PupilInput;
}

export function planRosterImport(existing: readonly Pupil[], rows: readonly PupilInput[]): RosterImportPlan {
  const byUpn = new Map(existing.map((p) => [p.upn, p]));
  const byMisId = new Map(existing.filter((p) => p.misId !== undefined).map((p) => [p.misId, p]));
  const importedUpns = new Set(rows.map((r) => r.upn));
  const seenUpns = new Set<string>();
  const claimed = new Set<string>();
  const plan: RosterImportPlan = { toAdd: [], toUpdate: [], unchanged: 0, toMarkLeft: [], toReturn: [] };
  for (const row of rows) {
    if (seenUpns.has(row.upn)) continue; // parseRosterCsv reports these; never add the same UPN twice
    seenUpns.add(row.upn);
    let match = byUpn.get(row.upn);
    // A MIS id match covers a corrected UPN; it must not take a pupil another row matched by UPN.
    if (!match && row.misId !== undefined) {
      const candidate = byMisId.get(row.misId);
      if (candidate && !importedUpns.has(candidate.upn)) match = candidate;
    }
    if (!match || claimed.has(match.id)) {
      plan.toAdd.push(row);
      continue;
    }
    claimed.add(match.id);
    if (match.leftOn) plan.toReturn.push(match.id);
    const pupil = merge(match, row);
    if (rosterFields.every((f) => pupil[f] === match[f])) plan.unchanged++;
    else plan.toUpdate.push({ id: match.id, pupil });
  }
  for (const p of existing) {
    if (!claimed.has(p.id) && !p.leftOn) plan.toMarkLeft.push({ id: p.id, name: `${p.legalForename} ${p.legalSurname}` });
  }
  return plan;
}
