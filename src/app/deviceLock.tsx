// What an unlocked device offers its screens: lock now, add a member of staff's PIN; and locking after idle minutes.
import { createContext, useContext, useEffect } from 'react';

export interface DeviceLock {
  lockNow(): void;
  addPin(pin: string): Promise<void>;
  pinCount(): Promise<number>;
}

export const DeviceLockContext = createContext<DeviceLock | null>(null);

/** Null where no lock is running (component tests). */
export const useDeviceLock = (): DeviceLock | null => useContext(DeviceLockContext);

const activity = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** Locks the device after `minutes` with no touch, click or key press. */
export function useIdleLock(minutes: number | undefined): void {
  const lock = useDeviceLock();
  useEffect(() => {
    if (!lock || !minutes) return;
    let timer = setTimeout(lock.lockNow, minutes * 60_000);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(lock.lockNow, minutes * 60_000);
    };
    activity.forEach((event) => window.addEventListener(event, restart, { passive: true, capture: true }));
    return () => {
      clearTimeout(timer);
      activity.forEach((event) => window.removeEventListener(event, restart, { capture: true }));
    };
  }, [lock, minutes]);
}
