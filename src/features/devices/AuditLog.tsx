// The relay's audit log on the coordinator's screen: which device opened, changed or was refused which record, and when.
import { useCallback, useEffect, useState } from 'react';
import { useServices } from '../../app/services';
import type { PupilRow } from '../../db/database';
import { pupilDisplayName } from '../../domain/pupil';
import { formatDayLabel } from '../../domain/time';
import type { AuditEntry, ManagedDevice } from '../../sync/relayApi';
import { clockTime, describeRefusal } from '../../sync/status';
import { relayProblem } from './deviceWords';

const actions: Record<AuditEntry['action'], string> = {
  opened: 'opened',
  changed: 'changed',
  refused: 'was refused a change to',
  enrolled: 'was enrolled',
  revoked: 'was signed out',
  erased: 'erased',
};

/** A document name in the coordinator's words: "Adam Khan's record", "The BASE register, Mon 23 Nov". */
export function describeRecord(docName: string, pupils: ReadonlyMap<string, PupilRow>, rooms: ReadonlyMap<string, string>): string {
  const [kind, id = '', date] = docName.split('/');
  if (kind === 'school') return 'the school’s settings and roster';
  if (kind === 'pupil') {
    const pupil = pupils.get(id);
    return pupil ? `${pupilDisplayName(pupil)}’s record` : 'a pupil’s record';
  }
  if (kind === 'room' && date) return `the ${rooms.get(id) ?? id} register for ${formatDayLabel(date)}`;
  if (kind === 'provider' && date) return `off-site check-ins at ${id} for ${formatDayLabel(date)}`;
  if (kind === 'cohort') return 'its off-site cohort';
  return docName;
}

export function AuditLog({ devices, pupils, rooms }: { devices: ManagedDevice[]; pupils: ReadonlyMap<string, PupilRow>; rooms: ReadonlyMap<string, string> }) {
  const { sync } = useServices();
  const [deviceId, setDeviceId] = useState('');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setEntries(await sync.auditLog(deviceId ? { deviceId } : {}));
      setProblem(null);
    } catch (err) {
      setProblem(relayProblem(err));
    }
  }, [sync, deviceId]);
  useEffect(() => void load(), [load]);
  const name = (id: string) => devices.find((d) => d.deviceId === id)?.name ?? id;
  return (
    <section aria-labelledby="c-audit">
      <h3 id="c-audit">Audit log</h3>
      <p className="muted">Who opened or changed which record, and when. It never holds what was written.</p>
      <label>
        Show the log for
        <select value={deviceId} onChange={(e) => setDeviceId(e.target.value)}>
          <option value="">Every device</option>
          {devices.map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.name ?? d.deviceId}
            </option>
          ))}
        </select>
      </label>
      {problem && (
        <p role="alert" className="field-error">
          {problem}
        </p>
      )}
      {entries && (
        <ul aria-label="Audit log entries">
          {entries.length === 0 && <li>Nothing recorded yet.</li>}
          {entries.map((e, i) => {
            const when = new Date(e.at);
            const what = e.docName ? ` ${describeRecord(e.docName, pupils, rooms)}` : '';
            const why = e.action === 'refused' ? ` (${describeRefusal(e.detail)})` : e.detail && !e.docName ? ` (${e.detail})` : '';
            return (
              <li key={`${e.at}-${i}`}>
                {formatDayLabel(when.toLocaleDateString('en-CA'))} {clockTime(when)}: {name(e.deviceId)} {actions[e.action]}
                {what}
                {why}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
