// The pupil's whole story: key facts, then every placement day, note, interview, piece of work and contact.
import { useMemo, useState } from 'react';
import { useCommand, useDoc } from '../../app/hooks';
import { everythingHref, interviewHref } from '../../app/route';
import type { SchoolRow } from '../../db/database';
import { pupilDocName } from '../../docs/names';
import { startInterview } from '../../docs/pupilDoc';
import { currentHalfTerm, schoolYearStart } from '../../domain/halfTerm';
import { interviewKindLabels, interviewKinds } from '../../domain/interview';
import { pupilDisplayName, senLabel } from '../../domain/pupil';
import { formatDayLabel, formatLongDate, formatStamp, toClockTime, toIsoDate } from '../../domain/time';
import { isOutstanding } from '../../domain/work';
import { ContactForm } from './ContactForm';
import { WorkPanel } from './WorkPanel';
import { buildTimeline, daysInRoomSince, timelineKindLabels, timelineKinds, type TimelineItem, type TimelineKind } from './timeline';
import { usePupilRecords } from './usePupilRecords';
import { PlacementsSection } from '../placement/PlacementsSection';
import { useDeviceRole } from '../sync/useRoleAccess';
import { PupilPlanSection } from '../offsite/PupilPlanSection';
import { mayEdit } from '../../sync/roleAccess';

function when(item: TimelineItem): string {
  const date = item.at.slice(0, 10);
  const time = item.at.length > 10 && !item.at.endsWith('T00:00') ? ` ${item.at.includes('Z') ? toClockTime(new Date(item.at)) : item.at.slice(11, 16)}` : '';
  return `${formatDayLabel(date)}${time}`;
}

export function PupilScreen({ school, pupilId }: { school: SchoolRow; pupilId: string }) {
  const data = usePupilRecords(pupilId);
  const doc = useDoc(pupilDocName(pupilId));
  const run = useCommand();
  const [filter, setFilter] = useState<TimelineKind | 'all'>('all');
  // Referrals, placements, reviews and visits are the coordinator's part of the record: a room's tablet sees them only.
  const placementsEditable = mayEdit(useDeviceRole(), 'pupil', 'placements');
  const roomName = useMemo(() => {
    const names = new Map(school.rooms.map((r) => [r.id, r.name]));
    return (id: string) => names.get(id) ?? id;
  }, [school.rooms]);
  const providerName = useMemo(() => {
    const names = new Map((school.providers ?? []).map((p) => [p.id, p.name]));
    return (id: string) => names.get(id) ?? id;
  }, [school.providers]);
  if (!data) return <p aria-busy="true">Opening the pupil’s record…</p>;
  const { pupil, records } = data;
  if (data.erasedAt) {
    return (
      <p role="status">
        This pupil’s records were erased on {formatStamp(data.erasedAt)} under the school’s retention periods: nothing about them is kept on
        this device or the school relay.
      </p>
    );
  }
  if (!pupil) return <p>This pupil is not on the roll on this device.</p>;
  const name = pupilDisplayName(pupil);
  const today = toIsoDate(new Date());
  // This half term from the school calendar; without term dates, since the school year began.
  const since = currentHalfTerm(school.calendar, today)?.first ?? schoolYearStart(school.calendar, today);
  const timeline = buildTimeline(records, roomName, providerName).filter((i) => filter === 'all' || i.kind === filter);
  const outstanding = records.work.filter((w) => isOutstanding(w.status)).length;

  return (
    <article className="pupil" aria-labelledby="pupil-name">
      <h1 id="pupil-name">{name}</h1>
      {pupil.leftOn && <p className="notice">Left the school’s roll on {formatDayLabel(pupil.leftOn)}: the records are kept.</p>}
      <dl className="facts key-facts">
        <dt>Year and tutor group</dt>
        <dd>
          Year {pupil.yearGroup}, {pupil.tutorGroup}
        </dd>
        <dt>SEND</dt>
        <dd>{senLabel(pupil.sen)}</dd>
        <dt>Strategies</dt>
        <dd>{pupil.keyNeeds ?? 'None recorded'}</dd>
        <dt>Days in the room this half term</dt>
        <dd>
          {daysInRoomSince(records.register, since)} (since {formatLongDate(since)})
        </dd>
        <dt>Work outstanding</dt>
        <dd>{outstanding}</dd>
        <dt>Referrals this half term</dt>
        <dd>{records.referrals.filter((r) => r.date >= since && r.status !== 'declined').length}</dd>
      </dl>

      <section aria-labelledby="p-placements">
        <h2 id="p-placements">Referrals and placements</h2>
        {doc && (
          <fieldset disabled={!placementsEditable} className="read-only" aria-label={placementsEditable ? undefined : 'Referrals and placements (the coordinator’s, read only)'}>
            <PlacementsSection school={school} doc={doc} pupilName={name} records={records} />
          </fieldset>
        )}
      </section>

      <PupilPlanSection school={school} pupilId={pupilId} pupilName={name} />

      <section aria-labelledby="p-interviews">
        <h2 id="p-interviews">Interviews</h2>
        <div className="row wrap">
          {interviewKinds.map((kind) => (
            <button
              key={kind}
              type="button"
              disabled={!doc}
              onClick={() => {
                if (!doc) return;
                const started = run((a) => startInterview(doc, pupilId, school.questionSets[kind], a));
                if (started.ok) window.location.hash = interviewHref(pupilId, started.value);
              }}
            >
              Start {interviewKindLabels[kind].toLowerCase()}
            </button>
          ))}
        </div>
      </section>

      <section aria-labelledby="p-work">
        <h2 id="p-work">Work</h2>
        {doc && <WorkPanel doc={doc} pupilId={pupilId} work={records.work} />}
      </section>

      <section aria-labelledby="p-contact">
        <h2 id="p-contact">Parent and carer contact</h2>
        {doc && <ContactForm doc={doc} pupilId={pupilId} />}
      </section>

      <section aria-labelledby="p-timeline">
        <h2 id="p-timeline">Timeline</h2>
        <div role="radiogroup" aria-label="Show" className="segmented wrap">
          {(['all', ...timelineKinds] as const).map((k) => (
            <button key={k} type="button" role="radio" aria-checked={filter === k} onClick={() => setFilter(k)}>
              {k === 'all' ? 'Everything' : timelineKindLabels[k]}
            </button>
          ))}
        </div>
        {timeline.length === 0 ? (
          <p className="muted">Nothing recorded yet.</p>
        ) : (
          <ol className="timeline" aria-label="Timeline">
            {timeline.map((item) => (
              <li key={`${item.kind}-${item.id}`} className={`timeline-${item.kind}`}>
                <span className="muted">{when(item)}</span>{' '}
                {item.interviewId ? <a href={interviewHref(pupilId, item.interviewId)}>{item.title}</a> : <strong>{item.title}</strong>}
                {item.detail && <span> — {item.detail}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>
      <p className="no-print">
        <a className="button-link" href={everythingHref(pupil.id)}>
          Everything held about {name} (for a subject access request)
        </a>
      </p>
    </article>
  );
}
