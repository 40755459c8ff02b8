// What the coordinator needs to act on, from the projections: referrals, placements, reviews, visits and flags.
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import type { ReferralRow } from '../../domain/referral';
import type { PlacementRow, VisitRow } from '../../domain/placement';
import type { ReviewRow } from '../../domain/review';
import type { BehaviourNoteRow } from '../../domain/behaviourNote';
import { isUnconfirmedFlag } from '../../domain/behaviourNote';

export interface CoordinatorData {
  referrals: ReferralRow[];
  placements: PlacementRow[];
  reviews: ReviewRow[];
  visits: VisitRow[];
  flags: BehaviourNoteRow[];
}

export function useCoordinatorData(): CoordinatorData | undefined {
  const { db } = useServices();
  return useLiveQuery(async () => {
    const [referrals, placements, reviews, visits, flags] = await Promise.all([
      db.referrals.orderBy('date').toArray(),
      db.placements.toArray(),
      db.reviews.toArray(),
      db.visits.toArray(),
      db.behaviourNotes.where('kind').equals('safeguarding').filter(isUnconfirmedFlag).toArray(),
    ]);
    return { referrals, placements, reviews, visits, flags };
  }, [db]);
}
