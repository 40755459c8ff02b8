// Settings › Sync with the school: pair, see this device's role and scope, sign it out without losing work by accident.
import { useState } from 'react';
import { useServices } from '../../app/services';
import { describeScope } from '../../sync/scope';
import { describeSyncStatus } from '../../sync/status';
import { SyncError } from '../../sync/syncEngine';
import { useUiStore } from '../../state/uiStore';
import { WaitingDocuments } from './WaitingDocuments';
import { PairDeviceForm } from './PairDeviceForm';
import { useSyncSnapshot } from './useSync';

const roles = { supervisor: 'Room supervisor', offsite: 'Off-site provision', coordinator: 'Coordinator' } as const;
const pairedOn = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false });

export function SyncSection() {
  const { sync } = useServices();
  const { status, device } = useSyncSnapshot();
  const say = useUiStore((s) => s.say);
  const storageFailed = useUiStore((s) => s.storageIssue !== null);
  const [discardUnsynced, setDiscardUnsynced] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const needsPairing = status.kind === 'needs-pairing';
  const unsynced = status.kind !== 'all-safe' && status.kind !== 'not-paired';

  const signOut = async () => {
    setRefused(null);
    try {
      await sync.signOut({ discardUnsynced });
      setDiscardUnsynced(false);
      say('info', 'This device is signed out of the school relay. Its records stay on this device.');
    } catch (err) {
      if (!(err instanceof SyncError) || err.reason !== 'unsynced-changes') throw err;
      const n = sync.unsyncedDocuments().length;
      setRefused(
        `Not signed out: ${n === 1 ? '1 document has' : `${n} documents have`} changes that are not yet on the school relay. ` +
          'Wait for “All safely on the school relay”, or tick “Sign out anyway” below.',
      );
    }
  };

  return (
    <section aria-labelledby="s-sync">
      <h2 id="s-sync">Sync with the school</h2>
      {!device ? (
        <p>Not paired — records are saved on this device only. Enter the pairing code from the school’s administrator to sync with the school relay (and to fetch the school’s set-up if another device already made it).</p>
      ) : (
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            {describeSyncStatus(status, { storageFailed })}
            <WaitingDocuments />
          </dd>
          <dt>Role</dt>
          <dd>{roles[device.role]}</dd>
          <dt>Can sync</dt>
          <dd>{describeScope(device.scope)}</dd>
          <dt>Paired</dt>
          <dd>{pairedOn(device.pairedAt)}</dd>
        </dl>
      )}
      {(!device || needsPairing) && <PairDeviceForm />}
      {device && (
        <div className="row wrap sign-out">
          {(unsynced || refused) && (
            <label className="check">
              <input type="checkbox" checked={discardUnsynced} onChange={(e) => setDiscardUnsynced(e.target.checked)} />
              Sign out anyway and leave unsynced changes on this device only
            </label>
          )}
          <button type="button" onClick={() => void signOut()}>
            Sign this device out
          </button>
          {refused && (
            <p className="field-error" role="alert">
              {refused}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
