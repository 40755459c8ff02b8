// One placement from start to finish: the plan, timetable, reviews, reintegration, follow-up visits and its outcome.
import type { SchoolCalendar } from '../../domain/schoolCalendar';
import { expectedDaysBetween } from '../../domain/expectedDays';
import { ScheduleDays } from '../coordinator/ScheduleDays';
import { useState } from 'react';
import type * as Y from 'yjs';
import { useCommand } from '../../app/hooks';
import { finishPlacement } from '../../docs/placementDoc';
import { placementKindLabels, placementOutcomeLabels, placementOutcomes, type PlacementOutcome, type PlacementRow, type VisitRow } from '../../domain/placement';
import { nextReviewDue, progressSummary, reviewDecisionLabels, type ReviewRow } from '../../domain/review';
import type { Period } from '../../domain/school';
import { formatDayLabel, toIsoDate } from '../../domain/time';
import type { PupilRecords } from '../pupil/timeline';
import { ReintegrationForm } from './ReintegrationForm';
import { ReviewForm } from './ReviewForm';
import { TimetableGrid } from './TimetableGrid';
import { VisitForm } from './VisitForm';

interface Props {
  doc: Y.Doc;
  placement: PlacementRow;
  records: PupilRecords;
  reviews: ReviewRow[];
  visits: VisitRow[];
  periods: Period[];
  calendar: SchoolCalendar;
}

export function PlacementCard({ doc, placement, records, reviews, visits, periods, calendar }: Props) {
  const run = useCommand();
  const [outcome, setOutcome] = useState<PlacementOutcome>('successful');
  const title = `${placementKindLabels[placement.kind]} from ${formatDayLabel(placement.start)}`;
  const referral = records.referrals.find((r) => r.id === placement.referralId);
  // Days the plan expected the pupil so far, so a day nobody recorded still counts as expected in the review.
  const plannedDays = referral ? expectedDaysBetween(placement.start, toIsoDate(new Date()), [referral], [placement], calendar, periods).map((d) => d.date) : [];
  const due = nextReviewDue(placement.start, reviews.at(-1)?.date ?? null, calendar.reviewEveryWeeks, calendar);
  return (
    <article className="placement work-item" aria-label={title}>
      <h3>{title}</h3>
      <dl className="key-facts">
        <dt>Status</dt>
        <dd>
          {placement.status === 'running' ? `Running; next review ${formatDayLabel(due)}` : placement.status === 'reintegrating' ? 'In reintegration' : `Finished ${placement.finishedOn ? formatDayLabel(placement.finishedOn) : ''}: ${placement.outcome ? placementOutcomeLabels[placement.outcome] : ''}`}
        </dd>
        <dt>Entry needs</dt>
        <dd>{placement.needsAssessment}</dd>
        <dt>Targets</dt>
        <dd>{placement.targets}</dd>
        <dt>Agreed outcome</dt>
        <dd>{placement.agreedOutcome || 'Not recorded'}</dd>
      </dl>
      {referral && placement.status !== 'finished' && <ScheduleDays doc={doc} referral={referral} />}
      {placement.kind !== 'isolation' && <TimetableGrid doc={doc} placement={placement} periods={periods} />}
      <h4>Reviews</h4>
      {reviews.length === 0 ? <p className="muted">No reviews yet.</p> : (
        <ul aria-label="Reviews">
          {reviews.map((r) => (
            <li key={r.id}>
              {formatDayLabel(r.date)}: <strong>{reviewDecisionLabels[r.decision]}</strong> — {r.notes} <span className="muted">({progressSummary(r.progress)})</span>
            </li>
          ))}
        </ul>
      )}
      {placement.status === 'running' && <ReviewForm doc={doc} placement={placement} records={records} reviews={reviews} plannedDays={plannedDays} />}
      {placement.status !== 'finished' && (
        <>
          <h4>Reintegration</h4>
          <ReintegrationForm doc={doc} placement={placement} />
        </>
      )}
      {placement.status !== 'running' && (
        <>
          <h4>Follow-up visits</h4>
          {visits.length === 0 ? <p className="muted">No visits yet.</p> : (
            <ul aria-label="Follow-up visits">
              {visits.map((v) => (
                <li key={v.id}>
                  {formatDayLabel(v.date)}, {v.lesson} with {v.teacher}: rated {v.rating} — {v.seen}
                  {v.outcome && `; ${v.outcome}`}
                </li>
              ))}
            </ul>
          )}
          {placement.status === 'reintegrating' && <VisitForm doc={doc} placementId={placement.id} />}
        </>
      )}
      {placement.status !== 'finished' && (
        <div className="row wrap">
          <label>
            Outcome
            <select value={outcome} onChange={(e) => setOutcome(e.target.value as PlacementOutcome)}>
              {placementOutcomes.map((o) => (
                <option key={o} value={o}>
                  {placementOutcomeLabels[o]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => run((a) => finishPlacement(doc, placement.id, outcome, toIsoDate(new Date()), a))}>
            Finish placement
          </button>
        </div>
      )}
    </article>
  );
}
