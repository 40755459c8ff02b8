// The coordinator's review list: what the school's retention periods say is due to be erased, each with its reason,
// and erasure on the relay (so from every device) only after a confirmation naming what will go.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { useServices } from '../../app/services';
import type { PupilRow, SchoolRow } from '../../db/database';
import { dueForErasure, type DueItem } from '../../domain/retention';
import { toIsoDate } from '../../domain/time';
import { relayProblem } from '../devices/deviceWords';
import { useSyncSnapshot } from '../sync/useSync';

const itemKey = (item: DueItem) => (item.kind === 'pupil' ? `pupil/${item.pupilId}` : item.docName);

/** What erasing the item removes, in plain words, from what this device holds. */
function useWhatGoes(item: DueItem | null): string[] | undefined {
  const { db } = useServices();
  return useLiveQuery(async () => {
    if (!item) return [];
    if (item.kind === 'day') return [`The whole of the ${item.label}: every pupil’s register entries, marks and notes that day.`];
    const id = item.pupilId;
    const counts = await Promise.all([db.registerEntries, db.behaviourNotes, db.offsiteCheckIns, db.offsiteIncidents, db.offsiteProgress].map((t) => t.where('pupilId').equals(id).toArray()));
    const days = new Set(counts.flat().map((row) => (row as { docName: string }).docName)).size;
    return [
      `${item.name}’s record: interviews, work, parent and carer contacts, referrals, placements, reviews and visits.`,
      `${item.name}’s entry on the school’s roll, and the providers they attend.`,
      `Their entries in ${days} ${days === 1 ? 'day' : 'days'} on this device (register marks, notes, off-site check-ins), and in any other day the relay holds.`,
    ];
  }, [db, item]);
}

function ConfirmErase({ item, onDone }: { item: DueItem; onDone(): void }) {
  const { sync } = useServices();
  const whatGoes = useWhatGoes(item);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const title = item.kind === 'pupil' ? `Erase ${item.name}’s records for good?` : `Erase the ${item.label} for good?`;
  const erase = async () => {
    setBusy(true);
    try {
      await sync.erase(item.kind === 'pupil' ? { kind: 'pupil', pupilId: item.pupilId } : { kind: 'day', docName: item.docName });
      onDone();
    } catch (err) {
      setProblem(relayProblem(err));
      setBusy(false);
    }
  };
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="erase-title" aria-describedby="erase-what" className="dialog">
      <h3 id="erase-title">{title}</h3>
      <div id="erase-what">
        <p>This erases, from the school relay and from every device when it next syncs:</p>
        <ul aria-label="What will be erased">{whatGoes?.map((line) => <li key={line}>{line}</li>)}</ul>
        <p>It cannot be undone. The audit log keeps a line saying it was erased, and nothing of what it held.</p>
      </div>
      {problem && (
        <p role="alert" className="field-error">
          {problem}
        </p>
      )}
      <div className="row wrap">
        <button type="button" className="danger" disabled={busy || !whatGoes} onClick={() => void erase()}>
          Erase for good
        </button>
        <button type="button" disabled={busy} onClick={onDone}>
          Keep
        </button>
      </div>
    </div>
  );
}

export function RetentionReview({ school, pupils }: { school: SchoolRow; pupils: readonly PupilRow[] }) {
  const { db } = useServices();
  const { device } = useSyncSnapshot();
  const names = useLiveQuery(() => db.docs.toCollection().primaryKeys(), [db]);
  const [confirming, setConfirming] = useState<DueItem | null>(null);
  const today = toIsoDate(new Date());
  const due = useMemo(
    () =>
      names &&
      dueForErasure(
        {
          pupils,
          dayDocNames: names,
          roomNames: new Map(school.rooms.map((r) => [r.id, r.name])),
          providerNames: new Map((school.providers ?? []).map((p) => [p.id, p.name])),
        },
        school.settings.retention,
        today,
      ),
    [names, pupils, school, today],
  );
  const isCoordinator = device?.role === 'coordinator';
  return (
    <section aria-labelledby="c-retention">
      <h2 id="c-retention">Due to be erased</h2>
      <p className="muted">
        Under the school’s retention periods (Settings → Retention): registers {school.settings.retention.registerYears} years, leavers’
        records {school.settings.retention.leaverYears} years after leaving.
      </p>
      {!isCoordinator && <p className="notice">Erasing reaches every copy through the school relay: only a coordinator’s device paired with it can erase.</p>}
      {due && due.length === 0 && <p>Nothing is due to be erased.</p>}
      {due && due.length > 0 && (
        <ul aria-label="Due to be erased">
          {due.map((item) => (
            <li key={itemKey(item)}>
              <strong>{item.kind === 'pupil' ? item.name : item.label}</strong>
              <div className="muted">{item.reason}</div>
              {isCoordinator && (
                <button type="button" onClick={() => setConfirming(item)} disabled={confirming !== null}>
                  Erase {item.kind === 'pupil' ? item.name : item.label}…
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {confirming && <ConfirmErase key={itemKey(confirming)} item={confirming} onDone={() => setConfirming(null)} />}
    </section>
  );
}
