// Names what is not yet on the school relay (which register, whose record), beside the sync status's count.
import { useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import { useSchool } from '../../app/hooks';
import { parseDocName } from '../../docs/names';
import { pupilDisplayName } from '../../domain/pupil';
import { describeWaiting, type DocLabels } from '../../sync/status';

/** `max`: how many to name before "and N more" (the header has room for few). Nothing when everything is on the relay. */
export function WaitingDocuments({ max }: { max?: number }) {
  const { sync } = useServices();
  const waiting = useSyncExternalStore(sync.subscribe, sync.getWaiting);
  // Nothing waiting (the usual case): no query of the school or the roster at all.
  return waiting.length === 0 ? null : <WaitingList waiting={waiting} max={max} />;
}

function WaitingList({ waiting, max }: { waiting: readonly string[]; max?: number }) {
  const { db } = useServices();
  const school = useSchool();
  const pupilIds = waiting.flatMap((name) => {
    const doc = parseDocName(name);
    return doc?.kind === 'pupil' ? [doc.pupilId] : [];
  });
  const pupils = useLiveQuery(() => db.pupils.bulkGet(pupilIds), [db, pupilIds.join('\n')]);
  const labels: DocLabels = {
    room: (id) => school?.rooms.find((r) => r.id === id)?.name,
    provider: (id) => school?.providers.find((p) => p.id === id)?.name,
    pupil: (id) => {
      const pupil = pupils?.find((p) => p?.id === id);
      return pupil ? pupilDisplayName(pupil) : undefined;
    },
  };
  return (
    <ul className="sync-waiting" aria-label="Not yet on the school relay">
      {describeWaiting(waiting, labels, max).map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
