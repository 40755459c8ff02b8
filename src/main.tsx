// Starts Baseroom on the lock screen (or PIN set-up on a new device); the records open only once a PIN unlocks them.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DeviceGate } from './app/DeviceGate';
import { KeyStore } from './lock/keyStore';
import { requestPersistentStorage } from './db/storagePersistence';
import { useUiStore } from './state/uiStore';
import { keepTypingOffDisk } from './app/keepTypingOffDisk';
import { pageSchool, schoolManifestPath } from './sync/school';
import './app/styles.css';

keepTypingOffDisk(document);
void requestPersistentStorage().then((answer) => useUiStore.getState().setPersistence(answer));

// An installed app opens its own school: the manifest at the school's address has a relative start_url and scope.
if (pageSchool !== null) document.querySelector('link[rel="manifest"]')?.setAttribute('href', schoolManifestPath(pageSchool));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {pageSchool === null ? (
      // `/schools/<school>/` with an id no relay serves (the service worker hands the shell to any address offline).
      <main className="lock">
        <h1>No school at this address</h1>
        <p>Check the Baseroom address your school gave you: it ends in /schools/ and the school’s id, then /.</p>
      </main>
    ) : (
      <DeviceGate keys={new KeyStore()} />
    )}
  </StrictMode>,
);
