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

export function usePupils(): PupilRow[] | undefined {
  const { db } = useServices();
  return useLiveQuery(() => db.pupils.orderBy('sortKey').toArray(), [db]);
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
