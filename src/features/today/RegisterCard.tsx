// One pupil's line on the day's register: who they are, attendance, and (opened) periods, breaks and notes.
import { lazy, memo, startTransition, Suspense, useState } from 'react';
import type * as Y from 'yjs';
import { pupilDisplayName, senLabel } from '../../domain/pupil';
import { noteKindLabels } from '../../domain/behaviourNote';
import type { Period, Staff } from '../../domain/school';
import { toClockTime } from '../../domain/time';
import type { RegisterLine } from './useRegister';
import { AttendanceControls } from './AttendanceControls';
import { PeriodMarksTable } from './PeriodMarksTable';
import { BreaksAndToilet } from './BreaksAndToilet';
import { useCommand } from '../../app/hooks';
import { removeFromRegister } from '../../docs/roomDayDoc';
import { pupilHref } from '../../app/route';
import { outAtToilet } from './registerCounts';
import { formatStamp } from '../../domain/time';

// The note form brings react-hook-form; it loads the first time a card is opened, not with the register.
const NoteForm = lazy(() => import('./NoteForm').then((m) => ({ default: m.NoteForm })));

const statusLabels = { expected: 'Expected', present: 'In the room', absent: 'Absent', left: 'Left' } as const;

function currentPeriodId(periods: Period[]): string | null {
  const now = toClockTime(new Date());
  return periods.find((p) => p.start <= now && now < p.end)?.id ?? null;
}

export const RegisterCard = memo(function RegisterCard({
  doc,
  line,
  periods,
  staff,
  outstandingWork,
  isToday,
}: {
  doc: Y.Doc;
  line: RegisterLine;
  periods: Period[];
  staff: Map<string, Staff>;
  outstandingWork: string | undefined;
  isToday: boolean;
}) {
  const [open, setOpen] = useState(false);
  const run = useCommand();
  const { entry, pupil, notes, plan, planned } = line;
  const toilet = outAtToilet(entry);
  const name = pupil ? pupilDisplayName(pupil) : 'Pupil no longer on the roll';
  const detailsId = `details-${entry.pupilId}`;
  const staffName = (id: string) => staff.get(id)?.name ?? 'unknown';
  return (
    <article className={`register-card status-${entry.status}${open ? ' open' : ''}`} aria-label={name}>
      <header className="row wrap">
        <h3>{pupil ? <a href={pupilHref(entry.pupilId)}>{name}</a> : name}</h3>
        {pupil && (
          <span className="muted">
            Year {pupil.yearGroup} · {pupil.tutorGroup}
            {pupil.sen !== 'none' && <span className="badge">{senLabel(pupil.sen)}</span>}
          </span>
        )}
        <span className={`status status-${entry.status}`}>{statusLabels[entry.status]}</span>
        {toilet && <span className="flag">Out: toilet since {toilet.out}</span>}
      </header>
      {plan?.plan && <p className="plan">{plan.plan}</p>}
      {pupil?.keyNeeds && <p className="key-needs">{pupil.keyNeeds}</p>}
      {outstandingWork && <p className="work-outstanding">Work outstanding: {outstandingWork}</p>}
      <AttendanceControls doc={doc} entry={entry} periods={periods} isToday={isToday} />
      {planned ? (
        <p className="muted">On the coordinator’s schedule: nothing recorded yet.</p>
      ) : (
        <div className="row">
          {/* A transition: React renders the opened card’s periods, breaks and note form in slices between frames,
              not in one long task inside the tap. */}
          <button type="button" aria-expanded={open} aria-controls={detailsId} onClick={() => startTransition(() => setOpen((was) => !was))}>
            Periods, breaks and notes{notes.length > 0 ? ` (${notes.length})` : ''}
          </button>
          {entry.status === 'expected' && !plan && (
            <button type="button" className="quiet" onClick={() => run(() => removeFromRegister(doc, entry.pupilId))}>
              Take off register
            </button>
          )}
        </div>
      )}
      {open && !planned && (
        <div id={detailsId} className="details">
          <PeriodMarksTable doc={doc} pupilId={entry.pupilId} periods={periods} marks={entry.periods} />
          <BreaksAndToilet doc={doc} entry={entry} />
          {notes.length > 0 && (
            <ul className="notes" aria-label="Notes">
              {notes.map((n) => (
                <li key={n.id} className={`note note-${n.kind}`}>
                  <strong>{noteKindLabels[n.kind]}</strong>
                  {n.periodId && ` · ${periods.find((p) => p.id === n.periodId)?.label ?? ''}`}
                  {n.kind === 'safeguarding'
                    ? n.loggedAt
                      ? ` — logged on CPOMS, confirmed by ${staffName(n.loggedBy ?? '')} at ${toClockTime(new Date(n.loggedAt))}`
                      : ' — not yet confirmed as logged on CPOMS'
                    : `: ${n.text}`}{' '}
                  <span className="muted">
                    — {staffName(n.createdBy)}, {toClockTime(new Date(n.createdAt))}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <Suspense fallback={<p aria-busy="true">Loading the note form…</p>}>
            <NoteForm doc={doc} pupilId={entry.pupilId} periods={periods} currentPeriodId={currentPeriodId(periods)} />
          </Suspense>
        </div>
      )}
      {(entry.corrections ?? []).length > 0 && (
        <ul className="corrections muted" aria-label="Corrections">
          {entry.corrections!.map((c) => (
            <li key={c.id}>
              {c.undone} undone by {staffName(c.by)}, {formatStamp(c.at)}
            </li>
          ))}
        </ul>
      )}
      {!planned && (
        <p className="stamp muted">
          Last change by {staffName(entry.updatedBy)} at {toClockTime(new Date(entry.updatedAt))}
        </p>
      )}
    </article>
  );
});
