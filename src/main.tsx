// Starts Baseroom: opens the device database and the school document, starts sync, then renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ServicesProvider } from './app/services';
import { openDatabase } from './db/database';
import { DocStore } from './db/docStore';
import { markStoredWrites } from './db/perfMarks';
import { requestPersistentStorage, storageIssueFrom } from './db/storageHealth';
import { SCHOOL_DOC } from './docs/names';
import { useUiStore } from './state/uiStore';
import { RelayApi } from './sync/relayApi';
import { SyncEngine } from './sync/syncEngine';
import { dexieAckStore, dexieDeviceStore, docStoreSource, relaySyncUrl } from './sync/deviceStore';
import { reportStorageError } from './app/storageErrors';
import './app/styles.css';

const db = openDatabase();
const docs = new DocStore(db, reportStorageError);
markStoredWrites(db);
// y-dexie writes updates in the background; a failure there must still reach the user.
window.addEventListener('unhandledrejection', (e) => {
  if (storageIssueFrom(e.reason)) {
    e.preventDefault();
    reportStorageError(e.reason);
  }
});
void docs.open(SCHOOL_DOC).catch(reportStorageError);
const sync = new SyncEngine({
  docs: docStoreSource(docs),
  devices: dexieDeviceStore(db),
  acks: dexieAckStore(db),
  api: new RelayApi(''),
  serverUrl: relaySyncUrl(window.location),
});
void sync.start().catch(reportStorageError);
void requestPersistentStorage().then((answer) => useUiStore.getState().setPersistence(answer));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesProvider services={{ db, docs, sync }}>
      <App />
    </ServicesProvider>
  </StrictMode>,
);
