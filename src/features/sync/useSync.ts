// The sync engine's status and device, as React state (events from the engine, never polled).
import { useSyncExternalStore } from 'react';
import { useServices } from '../../app/services';
import type { SyncSnapshot } from '../../sync/syncEngine';

export function useSyncSnapshot(): SyncSnapshot {
  const { sync } = useServices();
  return useSyncExternalStore(sync.subscribe, sync.getSnapshot);
}
