// Lets a locked device learn that the school signed it out: the relay's erase-check ticket, kept outside the sealed
// records (the device's token is inside them, out of reach until a PIN is typed), and the lock screen's question.
import type { EraseCheck } from '../sync/syncEngine';
import { appSchool, schoolBasePath, schoolStorageName } from '../sync/school';

/** localStorage: {deviceId, ticket}. The ticket asks one thing of the relay, so it is no secret worth sealing. */
export const ERASE_CHECK_KEY = schoolStorageName('baseroom-erase-check', appSchool);

export const rememberEraseCheck = (check: EraseCheck): void => localStorage.setItem(ERASE_CHECK_KEY, JSON.stringify(check));

function storedCheck(): EraseCheck | null {
  try {
    const value = JSON.parse(localStorage.getItem(ERASE_CHECK_KEY) ?? 'null') as Partial<EraseCheck> | null;
    return typeof value?.deviceId === 'string' && typeof value.ticket === 'string' ? { deviceId: value.deviceId, ticket: value.ticket } : null;
  } catch {
    return null;
  }
}

/** True only when the relay says this device was signed out; false when it cannot tell (not paired, offline, an error). */
export async function mustErase(check = storedCheck()): Promise<boolean> {
  if (!check) return false;
  try {
    const res = await fetch(`${schoolBasePath(appSchool)}/api/erase-check`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(check),
      cache: 'no-store',
    });
    return res.ok && ((await res.json()) as { erase?: unknown }).erase === true;
  } catch {
    return false;
  }
}

/**
 * While the device is locked: asks now, whenever it comes back online or into view, and every `everyMs`, and calls
 * `onErase` once the relay says the device was signed out. Returns a function that stops asking.
 */
export function watchForErasure(onErase: () => void, everyMs = 60_000): () => void {
  let stopped = false;
  const ask = () =>
    void mustErase().then((erase) => {
      if (erase && !stopped) {
        stop();
        onErase();
      }
    });
  const whenSeen = () => document.visibilityState === 'visible' && ask();
  const timer = setInterval(ask, everyMs);
  window.addEventListener('online', ask);
  document.addEventListener('visibilitychange', whenSeen);
  const stop = () => {
    stopped = true;
    clearInterval(timer);
    window.removeEventListener('online', ask);
    document.removeEventListener('visibilitychange', whenSeen);
  };
  ask();
  return stop;
}
