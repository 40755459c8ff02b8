// Opens the device's sealed database with the unlocked data key, then the document store and sync: only after a PIN.
import { openDatabase } from '../db/database';
import { DB_NAME } from '../db/dbNames';
import { DocStore } from '../db/docStore';
import { markStoredWrites } from '../db/perfMarks';
import { compactWhenQuiet } from '../db/quietCompaction';
import { SCHOOL_DOC } from '../docs/names';
import { encryptionMiddleware } from '../lock/encryptionMiddleware';
import { migratePlaintext } from '../lock/migratePlaintext';
import { rowCipher } from '../lock/rowCipher';
import { rememberEraseCheck } from '../lock/eraseCheck';
import { RelayApi } from '../sync/relayApi';
import { SyncEngine } from '../sync/syncEngine';
import { dexieAckStore, dexieDeviceStore, docStoreSource, relaySyncUrl } from '../sync/deviceStore';
import type { AckStore, DocSource } from '../sync/syncEngine';
import { appSchool, schoolBasePath } from '../sync/school';
import { reportStorageError, reportUnhandledStorageErrors } from './storageErrors';
import type { Services } from './services';
import { afterFirstScreen } from './firstScreen';

export interface RunningServices extends Services {
  /** Stops sync, lets every open document's rows catch up, then closes the documents and the database (before locking or erasing). */
  stop(): Promise<void>;
}

export async function startServices(dataKey: Uint8Array, onRevoked: () => void): Promise<RunningServices> {
  reportUnhandledStorageErrors();
  const db = openDatabase(DB_NAME, { sealWith: encryptionMiddleware(rowCipher(dataKey)) });
  // A device used before encryption keeps its records: they move into the sealed database on the first unlock.
  await migratePlaintext(db);
  const docs = new DocStore(db, reportStorageError);
  markStoredWrites(db);
  compactWhenQuiet(db, reportStorageError);
  // The first screen reads projection rows; loading Y.Docs it does not show (the school's, and every stored document
  // sync opens) would hold up its rendering on a slow tablet, so those wait until it is on screen. Documents the
  // screens open are connected at once, and the device's pairing is read at once (screens need its scope).
  let stopped = false;
  const background = afterFirstScreen().then(() => !stopped);
  void background.then((open) => (open ? docs.open(SCHOOL_DOC) : undefined)).catch(reportStorageError);
  const sync = new SyncEngine({
    docs: waitingFor(background, docStoreSource(docs)),
    devices: dexieDeviceStore(db),
    acks: acksWaitingFor(background, dexieAckStore(db)),
    // Every relay call goes to this school's paths (`/schools/<school>/api/…`, `…/sync/<doc>` on a trust's relay).
    api: new RelayApi(schoolBasePath(appSchool)),
    serverUrl: relaySyncUrl(window.location, appSchool),
    onRevoked,
    onEraseCheck: rememberEraseCheck,
    onErased: (name) => docs.erase(name),
  });
  void sync.start().catch(reportStorageError);
  const stopTellingTabs = tellOtherTabs(appSchool, docs, sync);
  return {
    db,
    docs,
    sync,
    async stop() {
      stopped = true;
      stopTellingTabs();
      sync.stop();
      await sync.settle();
      await docs.settle();
      docs.close();
      db.close();
    },
  };
}

/**
 * Tabs of one device share its storage but each runs its own sync: each tells the others when it stored a change, so
 * their headers count it too (and send it, should this tab close first). The message names nothing.
 */
function tellOtherTabs(school: string, docs: DocStore, sync: SyncEngine): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(`baseroom-stored:${school}`);
  channel.onmessage = () => void sync.storedElsewhere();
  const stopListening = docs.onStored(() => channel.postMessage('stored'));
  return () => {
    stopListening();
    channel.close();
  };
}

/**
 * The same documents, opened for sync only once `ready` resolves (true, or false once the services stopped, when
 * there is nothing more to open); documents opened by screens still reach sync at once.
 */
function waitingFor(ready: Promise<boolean>, source: DocSource): DocSource {
  return {
    onOpen: (listener) => source.onOpen(listener),
    onClose: (listener) => source.onClose(listener),
    storedStates: async () => ((await ready) ? source.storedStates() : []),
    ...(source.storedStateNow ? { storedStateNow: source.storedStateNow.bind(source) } : {}),
    acquire: async (name) => {
      if (!(await ready)) throw new Error('Baseroom is locked');
      return source.acquire(name);
    },
  };
}

/** Reading every acknowledgement (a school year's 1,500 sealed rows) is background work too: it waits for the screen. */
function acksWaitingFor(ready: Promise<boolean>, acks: AckStore): AckStore {
  return { ...acks, loadAll: async () => ((await ready) ? acks.loadAll() : new Map()) };
}
