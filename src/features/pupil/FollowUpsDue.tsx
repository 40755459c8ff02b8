// Parent and carer follow-ups that have fallen due: listed on Today and the Coordinator screen until someone marks them done.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCommand } from '../../app/hooks';
import { useServices } from '../../app/services';
import { pupilHref } from '../../app/route';
import type { PupilRow } from '../../db/database';
import { completeFollowUp } from '../../docs/pupilDoc';
import { contactMethodLabels } from '../../domain/parentContact';
import { readFollowUpsDue } from './readFollowUpsDue';
import { pupilDisplayName } from '../../domain/pupil';
import { formatDayLabel, toIsoDate } from '../../domain/time';

export function FollowUpsDue({ pupils }: { pupils: Map<string, PupilRow> }) {
  const { db, docs } = useServices();
  const run = useCommand();
  const today = toIsoDate(new Date());
  const due = useLiveQuery(() => readFollowUpsDue(db, today), [db, today]);
  if (!due || due.length === 0) return null;
  const name = (id: string) => {
    const p = pupils.get(id);
    return p ? pupilDisplayName(p) : 'A pupil';
  };
  return (
    <section className="work-list follow-ups" aria-labelledby="follow-ups-heading">
      <h2 id="follow-ups-heading">
        Parent and carer follow-ups due <span className="count">({due.length})</span>
      </h2>
      <ul className="plain-list" aria-label="Parent and carer follow-ups due">
        {due.map((c) => (
          <li key={c.id} className="work-item">
            <p>
              <a href={pupilHref(c.pupilId)}>{name(c.pupilId)}</a>: due {formatDayLabel(c.followUpDue)}
              {c.followUpDue < today && <> <span className="flag">overdue</span></>} — after a {contactMethodLabels[c.method].toLowerCase()} with{' '}
              {c.withWhom} on {formatDayLabel(c.at.slice(0, 10))}: {c.outcome || c.summary}
            </p>
            <button
              type="button"
              onClick={async () => {
                const open = await docs.open(c.docName);
                run((a) => completeFollowUp(open.doc, c.id, a));
              }}
            >
              Mark {name(c.pupilId)}’s follow-up done
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
