// Asking the browser to keep this device's storage, and how much is used: no Dexie, so the lock screen can ask at once.
import type { PersistenceAnswer } from '../state/uiStore';

export async function requestPersistentStorage(): Promise<PersistenceAnswer> {
  if (!navigator.storage?.persist) return 'unsupported';
  try {
    if (await navigator.storage.persisted()) return 'granted';
    return (await navigator.storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'unsupported';
  }
}

export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  if (!navigator.storage?.estimate) return null;
  const { usage = 0, quota = 0 } = await navigator.storage.estimate();
  return { usage, quota };
}
