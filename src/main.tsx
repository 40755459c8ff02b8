// Starts Baseroom on the lock screen (or PIN set-up on a new device); the records open only once a PIN unlocks them.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DeviceGate } from './app/DeviceGate';
import { KeyStore } from './lock/keyStore';
import { requestPersistentStorage, storageIssueFrom } from './db/storageHealth';
import { useUiStore } from './state/uiStore';
import { reportStorageError } from './app/storageErrors';
import { keepTypingOffDisk } from './app/keepTypingOffDisk';
import './app/styles.css';

// y-dexie writes updates in the background; a failure there must still reach the user.
window.addEventListener('unhandledrejection', (e) => {
  if (storageIssueFrom(e.reason)) {
    e.preventDefault();
    reportStorageError(e.reason);
  }
});
keepTypingOffDisk(document);
void requestPersistentStorage().then((answer) => useUiStore.getState().setPersistence(answer));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DeviceGate keys={new KeyStore()} />
  </StrictMode>,
);
