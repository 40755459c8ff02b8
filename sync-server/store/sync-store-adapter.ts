// Presents the synchronous RelayStore (SQLite, memory) through the async SharedStore interface: one sync store per
// school, opened on first use. Sequence numbers live in this object: the sync stores' rows carry none, and a
// single-process store has no other node that could hold a sequence number across a restart.
import * as Y from 'yjs';
import { StoreError, type RelayStore } from './relay-store.js';
import { storeFailureOf } from './guarded-store.js';
import { assertSchoolId, guardSchoolStore, type SchoolStore, type SharedStore, type StoredUpdate } from './shared-store.js';

export function adaptSyncStore(openSchool: (school: string) => RelayStore): SharedStore {
  const schools = new Map<string, { view: SchoolStore; store: RelayStore }>();
  let lastSeq = 0;
  let closed = false;

  const view = (school: string, store: RelayStore): SchoolStore => {
    /** Per document, the sequence number of each stored row, in row order; filled on first use. */
    const seqs = new Map<string, number[]>();
    const seqsOf = (docName: string, rowCount: number) => {
      let known = seqs.get(docName);
      if (!known) seqs.set(docName, (known = Array.from({ length: rowCount }, () => ++lastSeq)));
      return known;
    };
    const rows = (docName: string): StoredUpdate[] => {
      const updates = store.loadDoc(docName);
      const known = seqsOf(docName, updates.length);
      return updates.map((update, i) => ({ seq: known[i]!, update }));
    };
    return guardSchoolStore(
      {
        school,
        loadDoc: async (docName) => rows(docName),
        loadSince: async (docName, afterSeq) => rows(docName).filter((r) => r.seq > afterSeq),
        async appendUpdate(docName, update, claim) {
          const known = seqsOf(docName, store.updateCount(docName));
          const count = store.appendUpdate(docName, update, claim);
          known.push(++lastSeq);
          return { seq: lastSeq, rows: count };
        },
        clientOwners: async (docName) => store.clientOwners(docName),
        externalChanges: async () => store.externalChanges(),
        async compact(docName, snapshot) {
          const all = rows(docName);
          const covered = snapshot ? all.filter((r) => r.seq <= snapshot.upTo).length : all.length;
          if (covered < 2) return false;
          const later = all.slice(covered).map((r) => r.update);
          // Rows after the snapshot are merged in: the one row left still holds the whole document.
          store.compact(docName, snapshot ? (later.length ? Y.mergeUpdates([snapshot.state, ...later]) : snapshot.state) : undefined);
          seqs.set(docName, [all.at(-1)!.seq]);
          return true;
        },
        updateCount: async (docName) => store.updateCount(docName),
        listDocNames: async () => store.listDocNames(),
        addDevice: async (device) => store.addDevice(device),
        getDevice: async (deviceId) => store.getDevice(deviceId),
        listDevices: async () => store.listDevices(),
        touchDevice: async (deviceId, at) => store.touchDevice(deviceId, at),
        revokeDevice: async (deviceId, at) => store.revokeDevice(deviceId, at),
        addPairingCode: async (code) => store.addPairingCode(code),
        redeemPairingCode: async (codeHash, now) => store.redeemPairingCode(codeHash, now),
        appendAudit: async (entry) => store.appendAudit(entry),
        listAudit: async (query) => store.listAudit(query),
        pruneAudit: async (before) => store.pruneAudit(before),
      },
      () => closed,
      storeFailureOf,
    );
  };

  return {
    forSchool(school) {
      if (closed) throw new StoreError('closed');
      assertSchoolId(school);
      let opened = schools.get(school);
      if (!opened) {
        const store = openSchool(school);
        schools.set(school, (opened = { view: view(school, store), store }));
      }
      return opened.view;
    },
    async close() {
      closed = true;
      for (const { store } of schools.values()) store.close();
      schools.clear();
    },
  };
}
