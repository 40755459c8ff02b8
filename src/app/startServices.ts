// Opens the device's sealed database with the unlocked data key, then the document store and sync: only after a PIN.
import { openDatabase } from '../db/database';
import { DB_NAME } from '../db/dbNames';
import { DocStore } from '../db/docStore';
import { markStoredWrites } from '../db/perfMarks';
import { SCHOOL_DOC } from '../docs/names';
import { encryptionMiddleware } from '../lock/encryptionMiddleware';
import { migratePlaintext } from '../lock/migratePlaintext';
import { rowCipher } from '../lock/rowCipher';
import { RelayApi } from '../sync/relayApi';
import { SyncEngine } from '../sync/syncEngine';
import { dexieAckStore, dexieDeviceStore, docStoreSource, relaySyncUrl } from '../sync/deviceStore';
import { reportStorageError } from './storageErrors';
import type { Services } from './services';

export interface RunningServices extends Services {
  /** Stops sync and closes every document and the database (before locking or erasing). */
  stop(): void;
}

export async function startServices(dataKey: Uint8Array, onRevoked: () => void): Promise<RunningServices> {
  const db = openDatabase(DB_NAME, { sealWith: encryptionMiddleware(rowCipher(dataKey)) });
  // A device used before encryption keeps its records: they move into the sealed database on the first unlock.
  await migratePlaintext(db);
  const docs = new DocStore(db, reportStorageError);
  markStoredWrites(db);
  void docs.open(SCHOOL_DOC).catch(reportStorageError);
  const sync = new SyncEngine({
    docs: docStoreSource(docs),
    devices: dexieDeviceStore(db),
    acks: dexieAckStore(db),
    api: new RelayApi(''),
    serverUrl: relaySyncUrl(window.location),
    onRevoked,
    onErased: (name) => docs.erase(name),
  });
  void sync.start().catch(reportStorageError);
  return {
    db,
    docs,
    sync,
    stop() {
      sync.stop();
      docs.close();
      db.close();
    },
  };
}
