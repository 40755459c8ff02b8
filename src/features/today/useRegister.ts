// Reads the day's register for a room: entries, notes and the pupils they name, from the projections.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useServices } from '../../app/services';
import { comparePupils } from '../../domain/pupil';
import type { PupilRow } from '../../db/database';
import type { RegisterEntryRow } from '../../domain/register';
import type { BehaviourNoteRow } from '../../domain/behaviourNote';

export interface RegisterLine {
  entry: RegisterEntryRow;
  pupil: PupilRow | undefined;
  notes: BehaviourNoteRow[];
}

const bySortKey = (a: PupilRow, b: PupilRow) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0);

export function usePupils(): PupilRow[] | undefined {
  const { db } = useServices();
  // Sorted here, not by an index: an index on names would keep them in clear on the device's disk.
  return useLiveQuery(async () => (await db.pupils.toArray()).sort(bySortKey), [db]);
}

export function useRegister(roomId: string, date: string, pupils: PupilRow[] | undefined): RegisterLine[] | undefined {
  const { db } = useServices();
  const data = useLiveQuery(
    async () => {
      const [entries, notes] = await Promise.all([
        db.registerEntries.where({ roomId, date }).toArray(),
        db.behaviourNotes.where({ roomId, date }).toArray(),
      ]);
      return { entries, notes };
    },
    [db, roomId, date],
  );
  return useMemo(() => {
    if (!data || !pupils) return undefined;
    const byId = new Map(pupils.map((p) => [p.id, p]));
    const lines = data.entries.map((entry) => ({
      entry,
      pupil: byId.get(entry.pupilId),
      notes: data.notes.filter((n) => n.pupilId === entry.pupilId),
    }));
    return lines.sort((a, b) => (a.pupil && b.pupil ? comparePupils(a.pupil, b.pupil) : 0));
  }, [data, pupils]);
}

/** Subjects with work still to do, per pupil on the register ("work outstanding is visible on Today"). */
export function useOutstandingWork(pupilIds: Set<string>): Map<string, string> | undefined {
  const { db } = useServices();
  const key = [...pupilIds].sort().join(',');
  return useLiveQuery(
    async () => {
      const rows = await db.work.where('status').anyOf('set', 'in-progress').toArray();
      const out = new Map<string, string[]>();
      for (const w of rows) if (pupilIds.has(w.pupilId)) out.set(w.pupilId, [...(out.get(w.pupilId) ?? []), w.subject]);
      return new Map([...out].map(([id, subjects]) => [id, subjects.join(', ')]));
    },
    // The key stands for the set: a new Set with the same pupils must not re-run the query.
    [db, key],
  );
}
