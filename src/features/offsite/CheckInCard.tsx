// One pupil at the provider today: the check-in, then incidents and progress against the plan, and a way to log parent contact.
import type * as Y from 'yjs';
import { pupilHref } from '../../app/route';
import type { PupilRow } from '../../db/database';
import { pupilDisplayName } from '../../domain/pupil';
import { gradeLabels } from '../../domain/register';
import { isCheckedIn, type CheckInRow, type IncidentRow, type ProgressRow } from '../../domain/offsite';
import type { Provider } from '../../domain/provider';
import { CheckInForm } from './CheckInForm';
import { IncidentForm } from './IncidentForm';
import { ProgressForm } from './ProgressForm';
import { IncidentDecisionForm } from './IncidentDecisionForm';
import { TargetForm } from './TargetForm';
import { TargetChart } from './TargetChart';
import { usePupilPlan } from './usePupilPlan';
import { openTargets } from '../../domain/ibecPlan';
import { useDeviceRole } from '../sync/useRoleAccess';

export function CheckInCard({ doc, provider, pupil, row, incidents, progress, expected }: {
  doc: Y.Doc;
  provider: Pick<Provider, 'name' | 'arrangement'>;
  pupil: PupilRow;
  row?: CheckInRow;
  incidents: IncidentRow[];
  progress: ProgressRow[];
  expected: boolean;
}) {
  const plan = usePupilPlan(pupil.id);
  const name = pupilDisplayName(pupil);
  const headingId = `checkin-${pupil.id}`;
  // An off-site phone holds no pupil records (the relay gives it none): the card is all it has of the pupil.
  const withRecord = useDeviceRole() !== 'offsite';
  return (
    <article className={`checkin-card${row && isCheckedIn(row) ? ' checked-in' : ''}`} aria-labelledby={headingId}>
      <header className="row wrap">
        <h2 id={headingId}>
          {withRecord ? <a href={pupilHref(pupil.id)}>{name}</a> : name}
        </h2>
        <span className="muted">
          {pupil.tutorGroup}
          {!expected && ' · not on today’s list'}
        </span>
      </header>
      <CheckInForm doc={doc} pupilId={pupil.id} pupilName={name} row={row} arrangement={provider.arrangement ?? 'school'} providerName={provider.name} />
      {incidents.length > 0 && (
        <ul className="notes" aria-label={`Incidents for ${name}`}>
          {incidents.map((i) => (
            <li key={i.id}>
              <strong>{i.at} incident</strong>
              {i.reportedBy && ` (reported by ${i.reportedBy})`}: {i.what} — {i.decided ? `decided: ${i.decided}` : <span className="flag">awaiting decision</span>}
              {!i.decided && <IncidentDecisionForm doc={doc} incidentId={i.id} label={`Decision on the ${i.at} incident for ${name}`} />}
            </li>
          ))}
        </ul>
      )}
      {progress.length > 0 && (
        <ul className="notes" aria-label={`Progress for ${name}`}>
          {progress.map((p) => (
            <li key={p.id}>
              <strong>{p.target}</strong>: {gradeLabels[p.rating] ?? p.rating}
              {p.note && ` — ${p.note}`}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Report an incident</summary>
        <IncidentForm doc={doc} pupilId={pupil.id} pupilName={name} />
      </details>
      <details>
        <summary>IBEC plan and progress</summary>
        {plan && (
          <div className="stack">
            <ProgressForm key={plan.targets.length} doc={doc} pupilId={pupil.id} pupilName={name} targets={openTargets(plan.targets, pupil.id)} />
            <TargetForm doc={doc} pupilId={pupil.id} pupilName={name} />
            {plan.progress.map((p) => (
              <TargetChart key={p.target.id} progress={p} editable />
            ))}
          </div>
        )}
      </details>
      {withRecord && (
        <a className="button-link" href={pupilHref(pupil.id)}>
          Log a parent/carer contact for {name}
        </a>
      )}
    </article>
  );
}
