// Failed writes to this device's storage become a banner the user sees (a full disk above all), never only a console line.
import { storageIssueFrom } from '../db/storageHealth';
import { useUiStore } from '../state/uiStore';

export function reportStorageError(error: unknown): void {
  const issue = storageIssueFrom(error);
  if (issue) useUiStore.getState().reportStorageIssue(issue);
  else console.error(error);
}

let listening = false;

/**
 * y-dexie writes updates in the background: a failure there must still reach the user, not only the console. Called
 * once the records are open (nothing before the PIN writes in the background).
 */
export function reportUnhandledStorageErrors(): void {
  if (listening) return;
  listening = true;
  window.addEventListener('unhandledrejection', (e) => {
    if (storageIssueFrom(e.reason)) {
      e.preventDefault();
      reportStorageError(e.reason);
    }
  });
}
