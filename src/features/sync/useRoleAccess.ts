// The paired device's role as React state (null when unpaired), and its room kept as the chosen room: screens follow them.
import { useEffect } from 'react';
import type { AccessRole } from '../../sync/roleAccess';
import { useUiStore } from '../../state/uiStore';
import { useSyncSnapshot } from './useSync';

export function useDeviceRole(): AccessRole {
  return useSyncSnapshot().device?.role ?? null;
}

/** A room's tablet keeps its own room's register: the room it is paired for, whatever was chosen before. */
export function usePairedRoom(): string | null {
  const scope = useSyncSnapshot().device?.scope;
  const room = scope?.kind === 'room' ? scope.room : null;
  const { roomId, chooseRoom } = useUiStore();
  useEffect(() => {
    if (room && roomId !== room) chooseRoom(room);
  }, [room, roomId, chooseRoom]);
  return room;
}
