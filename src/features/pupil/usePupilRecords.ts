// Everything recorded about one pupil, across rooms and days, from the projections.
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import type { PupilRow } from '../../db/database';
import type { PupilRecords } from './timeline';

export function usePupilRecords(pupilId: string): { pupil: PupilRow | null; records: PupilRecords } | undefined {
  const { db } = useServices();
  return useLiveQuery(async () => {
    const [pupil, register, notes, interviews, work, contacts] = await Promise.all([
      db.pupils.get(pupilId),
      db.registerEntries.where('pupilId').equals(pupilId).toArray(),
      db.behaviourNotes.where('pupilId').equals(pupilId).toArray(),
      db.interviews.where('pupilId').equals(pupilId).toArray(),
      db.work.where('pupilId').equals(pupilId).toArray(),
      db.parentContacts.where('pupilId').equals(pupilId).toArray(),
    ]);
    return { pupil: pupil ?? null, records: { register, notes, interviews, work, contacts } };
  }, [db, pupilId]);
}
