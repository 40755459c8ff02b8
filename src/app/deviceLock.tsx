// What an unlocked device offers its screens: lock now, add a member of staff's PIN; and locking after idle minutes.
import { createContext, useContext, useEffect } from 'react';

export interface DeviceLock {
  /** Locks every Baseroom tab open on this device (the "Lock now" button). */
  lockNow(): void;
  /** Locks this tab only: another tab in use goes on (the idle lock). */
  lockIdle(): void;
  addPin(pin: string): Promise<void>;
  /** Replaces the PIN this device was unlocked with (the old one opens nothing afterwards). */
  changePin(pin: string): Promise<void>;
  /** Removes every PIN but the one this device was unlocked with; resolves to how many went. */
  removeOtherPins(): Promise<number>;
  pinCount(): Promise<number>;
}

export const DeviceLockContext = createContext<DeviceLock | null>(null);

/** Null where no lock is running (component tests). */
export const useDeviceLock = (): DeviceLock | null => useContext(DeviceLockContext);

const activity = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Locks the device after `minutes` with no touch, click or key press, by the wall clock: a tablet that slept (its
 * timers paused with it) or a tab left hidden locks as soon as it is seen or touched again, and that touch does not
 * count as activity.
 */
export function useIdleLock(minutes: number | undefined): void {
  const lock = useDeviceLock();
  useEffect(() => {
    if (!lock || !minutes) return;
    const limit = minutes * 60_000;
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overdue = () => Date.now() - last >= limit;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(check, last + limit - Date.now());
    };
    // A timer can fire late (a sleeping tablet), never usefully early: ask the clock, not the timer.
    const check = () => (overdue() ? lock.lockIdle() : arm());
    const touched = () => {
      if (overdue()) return lock.lockIdle();
      last = Date.now();
      arm();
    };
    const seen = () => document.visibilityState === 'visible' && check();
    arm();
    activity.forEach((event) => window.addEventListener(event, touched, { passive: true, capture: true }));
    document.addEventListener('visibilitychange', seen);
    window.addEventListener('focus', seen);
    return () => {
      clearTimeout(timer);
      activity.forEach((event) => window.removeEventListener(event, touched, { capture: true }));
      document.removeEventListener('visibilitychange', seen);
      window.removeEventListener('focus', seen);
    };
  }, [lock, minutes]);
}
