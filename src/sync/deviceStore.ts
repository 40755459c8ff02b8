// Where the engine gets documents and keeps its token on a real device: the app's DocStore and Dexie's `device` table.
import type { BaseroomDB, SyncAckRow } from '../db/database';
import type { RelayAck } from './docConnection';
import type { DocStore } from '../db/docStore';
import type { AckStore, DeviceTokenStore, DocSource, StoredAck, StoredDevice } from './syncEngine';
import { schoolBasePath } from './school';
import { readInPages } from '../db/readInPages';

export function docStoreSource(store: DocStore): DocSource {
  return {
    onOpen: (listener) => store.onOpen((open) => listener(open.name, open.doc)),
    onClose: (listener) => store.onClose(listener),
    storedStates: () => store.storedStates(),
    storedStateNow: (name) => store.storedStateNow(name),
    acquire: (name) => store.acquire(name),
  };
}

export function dexieDeviceStore(db: BaseroomDB): DeviceTokenStore {
  return {
    load: async () => {
      const row = await db.device.get('device');
      if (!row) return null;
      const { key: _key, ...device } = row;
      return device satisfies StoredDevice;
    },
    save: async (device) => {
      await db.device.put({ key: 'device', ...device });
    },
    clear: async () => {
      await db.device.delete('device');
    },
  };
}

/** The relay is the origin that served the app (wss on https), at the school's own sync path. */
export function relaySyncUrl(location: Pick<Location, 'protocol' | 'host'>, school: string): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${schoolBasePath(school)}/sync`;
}

/** Rows per read of every acknowledgement: a year's 1,500 opened at once held a slow tablet for 0.35 s (bench 10). */
const ACK_PAGE = 100;

/**
 * Each document's last acknowledgement from the relay, and the relay version it caught up to, in Dexie's `syncAcks`
 * table. Every background pass asks for all of them: the rows are read (and opened) once, then kept in memory and
 * kept up to date by this store's own writes (and `forget` when a document is erased).
 */
export function dexieAckStore(db: BaseroomDB): AckStore {
  const toAck = (row: SyncAckRow): RelayAck => ({ stateVector: new Map(row.stateVector), deletionPending: row.deletionPending, at: new Date(row.at) });
  const toStored = (row: SyncAckRow): StoredAck => ({ ack: row.at ? toAck(row) : null, ...(row.relayVersion ? { relayVersion: row.relayVersion } : {}) });
  let kept: Map<string, StoredAck> | null = null;
  /** Counts writes, so a read that raced one is not kept. */
  let writes = 0;
  const written = (name: string, change: (before: StoredAck) => StoredAck | null) => {
    writes++;
    if (!kept) return;
    const after = change(kept.get(name) ?? { ack: null });
    if (after) kept.set(name, after);
    else kept.delete(name);
  };
  return {
    load: async (name) => {
      if (kept) return kept.get(name)?.ack ?? null;
      const row = await db.syncAcks.get(name);
      return row?.at ? toAck(row) : null;
    },
    // Updated in place, so the caught-up version stays; a new row starts without one.
    save: async (name, ack) => {
      const fields = { stateVector: [...ack.stateVector], deletionPending: ack.deletionPending, at: ack.at.toISOString() };
      await db.transaction('rw', db.syncAcks, async () => {
        if ((await db.syncAcks.update(name, fields)) === 0) await db.syncAcks.put({ name, ...fields });
      });
      written(name, (before) => ({ ...before, ack: { ...ack, stateVector: new Map(ack.stateVector) } }));
    },
    loadAll: async () => {
      if (kept) return new Map(kept);
      const before = writes;
      const read = new Map((await readInPages(db.syncAcks, ACK_PAGE, (row) => row.name)).map((row) => [row.name, toStored(row)]));
      if (before === writes) kept = read;
      return new Map(read);
    },
    saveVersion: async (name, relayVersion) => {
      await db.transaction('rw', db.syncAcks, async () => {
        // Nothing acknowledged yet (an empty document, say): the row holds the version alone.
        if ((await db.syncAcks.update(name, { relayVersion })) === 0) await db.syncAcks.put({ name, stateVector: [], deletionPending: false, at: '', relayVersion });
      });
      written(name, (before) => ({ ...before, relayVersion }));
    },
    forgetVersion: async (name) => {
      // Known to hold no version (the usual case after the first change): nothing to write.
      if (kept && kept.get(name)?.relayVersion === undefined) return;
      await db.syncAcks.update(name, { relayVersion: undefined });
      written(name, ({ relayVersion: _forgotten, ...rest }) => rest);
    },
    forget: (name) => written(name, () => null),
    // A read, not a write: kept only when none of this store's writes came in meanwhile (which would be newer).
    loadNow: async (name) => {
      const before = writes;
      const row = await db.syncAcks.get(name);
      const stored = row ? toStored(row) : { ack: null };
      if (before !== writes) return kept?.get(name) ?? stored;
      if (row) kept?.set(name, stored);
      else kept?.delete(name);
      return stored;
    },
    clear: async () => {
      await db.syncAcks.clear();
      writes++;
      kept = null;
    },
  };
}
