// Projects the pupil document's referrals, placements, reviews and visits into rows for the coordinator and the pupil view.
import type * as Y from 'yjs';
import type { ReferralRow, ReferralStatus } from '../domain/referral';
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
      categoryId: str(r, 'categoryId'),
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
