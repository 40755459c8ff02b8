// Always in view: whether everything on this device is safely on the school relay.
import { describeSyncStatus, type SyncStatus } from '../../sync/status';
import { useSyncSnapshot } from './useSync';
import { useUiStore } from '../../state/uiStore';

const tone: Record<SyncStatus['kind'], string> = {
  'all-safe': 'connection-online',
  syncing: 'connection-checking',
  connecting: 'connection-checking',
  offline: 'connection-offline',
  'out-of-scope': 'connection-offline',
  refused: 'connection-offline',
  'not-paired': 'connection-offline',
  'needs-pairing': 'connection-offline',
};

export function SyncIndicator() {
  const { status } = useSyncSnapshot();
  const storageFailed = useUiStore((s) => s.storageIssue !== null);
  return (
    <p className={`connection ${tone[status.kind]}`} role="status" aria-label="Sync status">
      {describeSyncStatus(status, { storageFailed })}
    </p>
  );
}
