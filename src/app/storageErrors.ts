// Failed writes to this device's storage become a banner the user sees (a full disk above all), never only a console line.
import { storageIssueFrom } from '../db/storageHealth';
import { useUiStore } from '../state/uiStore';

export function reportStorageError(error: unknown): void {
  const issue = storageIssueFrom(error);
  if (issue) useUiStore.getState().reportStorageIssue(issue);
  else console.error(error);
}
