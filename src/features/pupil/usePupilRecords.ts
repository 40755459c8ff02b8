// Everything recorded about one pupil, across rooms and days, from the projections.
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import type { PupilRow } from '../../db/database';
import type { PupilRecords } from './timeline';
import { pupilDocName } from '../../docs/names';

export function usePupilRecords(pupilId: string): { pupil: PupilRow | null; records: PupilRecords; erasedAt: string | null } | undefined {
  const { db } = useServices();
  return useLiveQuery(async () => {
    const [erased, pupil, register, notes, interviews, work, contacts, referrals, placements, reviews, visits, checkIns, incidents, progress] = await Promise.all([
      db.erasedDocs.get(pupilDocName(pupilId)),
      db.pupils.get(pupilId),
      db.registerEntries.where('pupilId').equals(pupilId).toArray(),
      db.behaviourNotes.where('pupilId').equals(pupilId).toArray(),
      db.interviews.where('pupilId').equals(pupilId).toArray(),
      db.work.where('pupilId').equals(pupilId).toArray(),
      db.parentContacts.where('pupilId').equals(pupilId).toArray(),
      db.referrals.where('pupilId').equals(pupilId).sortBy('date'),
      db.placements.where('pupilId').equals(pupilId).sortBy('createdAt'),
      db.reviews.where('pupilId').equals(pupilId).sortBy('date'),
      db.visits.where('pupilId').equals(pupilId).sortBy('date'),
      db.offsiteCheckIns.where('pupilId').equals(pupilId).toArray(),
      db.offsiteIncidents.where('pupilId').equals(pupilId).toArray(),
      db.offsiteProgress.where('pupilId').equals(pupilId).toArray(),
    ]);
    return { erasedAt: erased?.erasedAt ?? null, pupil: pupil ?? null, records: { register, notes, interviews, work, contacts, referrals, placements, reviews, visits, offsite: { checkIns, incidents, progress } } };
  }, [db, pupilId]);
}
