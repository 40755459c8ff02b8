// What the coordinator needs to act on, from the projections: referrals, placements, reviews, visits and flags.
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import type { BaseroomDB } from '../../db/database';
import type { ReferralRow } from '../../domain/referral';
import type { PlacementRow, VisitRow } from '../../domain/placement';
import type { ReviewRow } from '../../domain/review';
import type { BehaviourNoteRow } from '../../domain/behaviourNote';

/**
 * What the coordinator's lists act on, not the school's whole history: referrals still open (requested, accepted,
 * scheduled) with every referral and placement of their pupils (the repeat flags and which scheduled referrals have
 * started), placements running or in reintegration with their reviews and visits, and unconfirmed flags.
 */
export interface CoordinatorData {
  /** Oldest referral date first. */
  referrals: ReferralRow[];
  placements: PlacementRow[];
  reviews: ReviewRow[];
  visits: VisitRow[];
  flags: BehaviourNoteRow[];
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byDate = (a: ReferralRow, b: ReferralRow) => (a.date < b.date ? -1 : a.date > b.date ? 1 : byId(a, b));
/** One row per id (a row read by two queries), in `order`. */
const merged = <T extends { id: string }>(rows: T[], order: (a: T, b: T) => number) => [...new Map(rows.map((r) => [r.id, r])).values()].sort(order);

/**
 * Read by the status, pupil and placement indexes: a coordinator's tablet holding a school year opens the rows of what
 * is open now, not every finished referral, placement, review and visit at each change to any of them.
 */
export async function readCoordinatorData(db: BaseroomDB): Promise<CoordinatorData> {
  const [open, current, flags] = await Promise.all([
    db.referrals.where('status').anyOf('requested', 'accepted', 'scheduled').toArray(),
    db.placements.where('status').anyOf('running', 'reintegrating').toArray(),
    db.behaviourNotes.orderBy('unconfirmedFlagOn').toArray(),
  ]);
  const pupilIds = [...new Set(open.map((r) => r.pupilId))];
  const placementIds = (status: PlacementRow['status']) => current.filter((p) => p.status === status).map((p) => p.id);
  const running = placementIds('running');
  const reintegrating = placementIds('reintegrating');
  const [history, pupilsPlacements, reviews, visits] = await Promise.all([
    pupilIds.length ? db.referrals.where('pupilId').anyOf(pupilIds).toArray() : [],
    pupilIds.length ? db.placements.where('pupilId').anyOf(pupilIds).toArray() : [],
    running.length ? db.reviews.where('placementId').anyOf(running).toArray() : [],
    reintegrating.length ? db.visits.where('placementId').anyOf(reintegrating).toArray() : [],
  ]);
  return {
    referrals: merged([...open, ...history], byDate),
    placements: merged([...current, ...pupilsPlacements], byId),
    reviews: reviews.sort(byId),
    visits: visits.sort(byId),
    flags,
  };
}

export function useCoordinatorData(): CoordinatorData | undefined {
  const { db } = useServices();
  return useLiveQuery(() => readCoordinatorData(db), [db]);
}
