// Projects the pupil document's referrals, placements, reviews and visits into rows for the coordinator and the pupil view.
import type * as Y from 'yjs';
import type { ReferralReason, ReferralRow, ReferralStatus } from '../domain/referral';
import { defaultReferralCategories } from '../domain/referralCategory';
import { senStatuses, type SenStatus } from '../domain/pupil';
import type { PlacementKind, PlacementOutcome, PlacementRow, PlacementStatus, TimetablePlace, VisitRow } from '../domain/placement';
import type { ReviewDecision, ReviewProgress, ReviewRow } from '../domain/review';
import { referrals } from './referralDoc';
import { placements, reviews, visits } from './placementDoc';
import { pupilIdOf } from './pupilProjection';
import { byCreated, num, rowBase, str, strOrNull, type RecordMap } from './records';

export interface PlacementDocRows {
  referrals: ReferralRow[];
  placements: PlacementRow[];
  reviews: ReviewRow[];
  visits: VisitRow[];
}

const emptyProgress: ReviewProgress = { daysExpected: 0, daysAttended: 0, averageEffort: null, praise: 0, concerns: 0, incidents: 0, workSet: 0, workDone: 0 };
function reintegrationOf(r: RecordMap): PlacementRow['reintegration'] {
  const startDate = strOrNull(r, 'reintegration/startDate');
  if (!startDate) return null;
  const f = (k: string) => str(r, `reintegration/${k}`);
  return { startDate, lessonsReturning: f('lessonsReturning'), teachersInformed: f('teachersInformed'), targets: f('targets'), by: f('by'), at: f('at') };
}

/**
 * A referral's reasons and the pupil's year group and SEN when it was taken. Referrals from before reasons were kept
 * hold one `categoryId`: it is read against the default list, and they have no year group or SEN snapshot.
 */
function reasonsOf(r: RecordMap): Pick<ReferralRow, 'categoryIds' | 'reasons' | 'yearGroupAtReferral' | 'senAtReferral'> {
  const stored = (r.get('reasons') as Y.Array<ReferralReason> | undefined)?.toArray();
  const legacyId = str(r, 'categoryId');
  const legacy = defaultReferralCategories.find((c) => c.id === legacyId);
  const reasons = stored ?? (legacyId ? [{ categoryId: legacyId, label: legacy?.label ?? legacyId, dfeCode: legacy?.dfeCode ?? null }] : []);
  const sen = str(r, 'senAtReferral');
  return {
    categoryIds: reasons.map((x) => x.categoryId),
    reasons,
    yearGroupAtReferral: num(r, 'yearGroupAtReferral'),
    senAtReferral: senStatuses.includes(sen as SenStatus) ? (sen as SenStatus) : null,
  };
}

export function projectPlacements(doc: Y.Doc, docName: string): PlacementDocRows {
  const pupilId = pupilIdOf(docName);
  const base = (r: RecordMap) => rowBase(r, docName, pupilId);
  return {
    referrals: [...referrals(doc).values()].map((r): ReferralRow => ({
      ...base(r),
      referredBy: str(r, 'referredBy'),
      date: str(r, 'date'),
      period: str(r, 'period'),
      subject: str(r, 'subject'),
      ...reasonsOf(r),
      description: str(r, 'description'),
      requestedDays: num(r, 'requestedDays') ?? 1,
      status: str(r, 'status', 'requested') as ReferralStatus,
      declinedReason: str(r, 'declinedReason'),
      roomId: strOrNull(r, 'roomId'),
      scheduledDays: ((r.get('scheduledDays') as Y.Array<string> | undefined)?.toArray() ?? []).slice().sort(),
      updatedBy: str(r, 'updatedBy'),
      updatedAt: str(r, 'updatedAt'),
    })).sort(byCreated),
    placements: [...placements(doc).values()].map((r): PlacementRow => ({
      ...base(r),
      referralId: strOrNull(r, 'referralId'),
      kind: str(r, 'kind', 'isolation') as PlacementKind,
      start: str(r, 'start'),
      needsAssessment: str(r, 'needsAssessment'),
      targets: str(r, 'targets'),
      agreedOutcome: str(r, 'agreedOutcome'),
      status: str(r, 'status', 'running') as PlacementStatus,
      timetable: ((r.get('timetable') as Y.Map<TimetablePlace> | undefined)?.toJSON() ?? {}) as Record<string, TimetablePlace>,
      reintegration: reintegrationOf(r),
      outcome: strOrNull(r, 'outcome') as PlacementOutcome | null,
      finishedOn: strOrNull(r, 'finishedOn'),
      updatedBy: str(r, 'updatedBy'),
      updatedAt: str(r, 'updatedAt'),
    })).sort(byCreated),
    reviews: [...reviews(doc).values()].map((r): ReviewRow => ({
      ...base(r),
      placementId: str(r, 'placementId'),
      date: str(r, 'date'),
      notes: str(r, 'notes'),
      decision: str(r, 'decision', 'continue') as ReviewDecision,
      progress: { ...emptyProgress, ...((r.get('progress') as Partial<ReviewProgress> | undefined) ?? {}) },
    })).sort((a, b) => a.date.localeCompare(b.date) || byCreated(a, b)),
    visits: [...visits(doc).values()].map((r): VisitRow => ({
      ...base(r),
      placementId: str(r, 'placementId'),
      date: str(r, 'date'),
      lesson: str(r, 'lesson'),
      teacher: str(r, 'teacher'),
      seen: str(r, 'seen'),
      rating: num(r, 'rating') ?? 0,
      outcome: str(r, 'outcome'),
    })).sort((a, b) => a.date.localeCompare(b.date) || byCreated(a, b)),
  };
}
