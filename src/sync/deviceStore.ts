// Where the engine gets documents and keeps its token on a real device: the app's DocStore and Dexie's `device` table.
import type { BaseroomDB } from '../db/database';
import type { DocStore } from '../db/docStore';
import type { AckStore, DeviceTokenStore, DocSource, StoredDevice } from './syncEngine';

export function docStoreSource(store: DocStore): DocSource {
  return {
    onOpen: (listener) => store.onOpen((open) => listener(open.name, open.doc)),
    storedNames: () => store.storedNames(),
    open: async (name) => (await store.open(name)).doc,
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

/** The relay is the origin that served the app: wss on https. */
export function relaySyncUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

/** Each document's last acknowledgement from the relay, in Dexie's `syncAcks` table. */
export function dexieAckStore(db: BaseroomDB): AckStore {
  return {
    load: async (name) => {
      const row = await db.syncAcks.get(name);
      return row ? { stateVector: new Map(row.stateVector), deletionPending: row.deletionPending, at: new Date(row.at) } : null;
    },
    save: async (name, ack) => {
      await db.syncAcks.put({ name, stateVector: [...ack.stateVector], deletionPending: ack.deletionPending, at: ack.at.toISOString() });
    },
    clear: async () => {
      await db.syncAcks.clear();
    },
  };
}
