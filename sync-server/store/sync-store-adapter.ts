// Presents the synchronous RelayStore (SQLite, memory) through the async SharedStore interface: one sync store per
// school, opened on first use. Sequence numbers live in this object: the sync stores' rows carry none, and a
// single-process store has no other node that could hold a sequence number across a restart.
import * as Y from 'yjs';
import { GroupCommitter } from './group-commit.js';
import { StoreError, type RelayStore, type StoreBatch } from './relay-store.js';
import { storeFailureOf } from './guarded-store.js';
import { assertSchoolId, guardSchoolStore, type SchoolStore, type SharedStore, type StoredUpdate } from './shared-store.js';

export function adaptSyncStore(openSchool: (school: string) => RelayStore): SharedStore {
  const schools = new Map<string, { view: SchoolStore; store: RelayStore; seqs: Map<string, number[]> }>();
  let lastSeq = 0;
  let closed = false;

  const view = (school: string, store: RelayStore, seqs: Map<string, number[]>): SchoolStore => {
    /**
     * Devices found not revoked, each with the store's count of commits from other connections (SQLite's
     * data_version) at that moment. While the count has not moved, nothing (the CLI, another process) can have revoked
     * them, so the check before every write reads one counter rather than the device's row. A revocation through this
     * view forgets the device itself.
     */
    const notRevoked = new Map<string, number>();
    /** Per document, the sequence number of each stored row, in row order; filled on first use. */
    const seqsOf = (docName: string, rowCount: number) => {
      let known = seqs.get(docName);
      if (!known || known.length !== rowCount) seqs.set(docName, (known = Array.from({ length: rowCount }, () => ++lastSeq)));
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
          if (snapshot && snapshot.upTo >= Number.MAX_SAFE_INTEGER) {
            // The caller holds every row (one process): no need to read them to know which are covered.
            if (store.updateCount(docName) < 2) return false;
            const top = seqs.get(docName)?.at(-1) ?? ++lastSeq;
            store.compact(docName, snapshot.state);
            seqs.set(docName, [top]);
            return true;
          }
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
        docVersions: async () => store.docVersions(),
        generation: async () => store.generation(),
        async eraseDoc(docName, at) {
          store.eraseDoc(docName, at);
          seqs.delete(docName);
        },
        erasedAt: async (docName) => store.erasedAt(docName),
        addDevice: async (device) => store.addDevice(device),
        getDevice: async (deviceId) => store.getDevice(deviceId),
        isRevoked(deviceId) {
          const changes = store.externalChanges();
          if (notRevoked.get(deviceId) === changes) return false;
          const revoked = store.getDevice(deviceId)?.revokedAt != null;
          if (revoked) notRevoked.delete(deviceId);
          else notRevoked.set(deviceId, changes);
          return revoked;
        },
        listDevices: async () => store.listDevices(),
        touchDevice: async (deviceId, at) => store.touchDevice(deviceId, at),
        async revokeDevice(deviceId, at) {
          notRevoked.delete(deviceId);
          return store.revokeDevice(deviceId, at);
        },
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

  const open = (school: string) => {
    if (closed) throw new StoreError('closed');
    assertSchoolId(school);
    let opened = schools.get(school);
    if (!opened) {
      const store = openSchool(school);
      const seqs = new Map<string, number[]>();
      schools.set(school, (opened = { view: view(school, store, seqs), store, seqs }));
    }
    return opened;
  };

  return {
    multiNode: false,
    forSchool: (school) => open(school).view,
    // The relay's hot path stays synchronous group commit over the store itself; each committed row gets its seq.
    committerFor(school, options) {
      const { store, seqs } = open(school);
      const commitBatch = (batch: StoreBatch, commitOptions?: { deferSync?: boolean }) => {
        const rows = store.commitBatch(batch, commitOptions);
        batch.updates.forEach(({ docName }) => seqs.get(docName)?.push(++lastSeq));
        return rows;
      };
      return new GroupCommitter({ commitBatch, syncWritten: () => store.syncWritten() }, options);
    },
    async close() {
      closed = true;
      for (const { store } of schools.values()) store.close();
      schools.clear();
    },
  };
}
