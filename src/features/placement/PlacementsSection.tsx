// The pupil's referrals and placements on their record: move referrals on, start placements, and run each one.
import type * as Y from 'yjs';
import type { SchoolRow } from '../../db/database';
import { dfeCodesText, reasonsText, referralStatusLabels } from '../../domain/referral';
import { emptyCalendar } from '../../domain/schoolCalendar';
import { formatDayLabel } from '../../domain/time';
import type { PupilRecords } from '../pupil/timeline';
import { ReferralActions } from '../coordinator/ReferralActions';
import { PlacementCard } from './PlacementCard';
import { PlacementForm } from './PlacementForm';

export function PlacementsSection({ school, doc, pupilName, records }: { school: SchoolRow; doc: Y.Doc; pupilName: string; records: PupilRecords }) {
  const calendar = school.calendar ?? emptyCalendar;
  const started = new Set(records.placements.map((p) => p.referralId));
  const lessons = school.periods.filter((p) => p.kind === 'lesson');
  const open = records.referrals.filter((r) => r.status !== 'done' && r.status !== 'declined');
  return (
    <>
      {open.length === 0 && records.placements.length === 0 && <p className="muted">No referrals. Take one from the Coordinator screen.</p>}
      <ul className="plain-list" aria-label="Open referrals">
        {open.map((r) => {
          return (
            <li key={r.id} className="work-item">
              <p>
                <strong>{referralStatusLabels[r.status]}</strong>: {reasonsText(r)} ({dfeCodesText(r)}),{' '}
                {formatDayLabel(r.date)}, referred by {r.referredBy} — {r.description}
              </p>
              {r.scheduledDays.length > 0 && <p className="muted">Scheduled: {r.scheduledDays.map(formatDayLabel).join(', ')}</p>}
              {r.status === 'scheduled' && !started.has(r.id) && <PlacementForm doc={doc} referral={r} />}
              <ReferralActions referral={r} school={school} pupilName={pupilName} />
            </li>
          );
        })}
      </ul>
      {[...records.placements].reverse().map((p) => (
        <PlacementCard
          key={p.id}
          doc={doc}
          placement={p}
          records={records}
          reviews={records.reviews.filter((r) => r.placementId === p.id)}
          visits={records.visits.filter((v) => v.placementId === p.id)}
          periods={lessons}
          calendar={calendar}
        />
      ))}
    </>
  );
}
