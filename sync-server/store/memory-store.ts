// An in-memory RelayStore for tests and benchmarks; same contract as the SQLite store, no durability.
import * as Y from 'yjs';
import { StoreError, type AuditEntry, type DeviceRecord, type PairingCodeRecord, type RelayStore } from './relay-store.js';

export function createMemoryStore(): RelayStore {
  const docs = new Map<string, Uint8Array[]>();
  const owners = new Map<string, Map<number, string>>();
  const devices = new Map<string, DeviceRecord>();
  const erased = new Map<string, number>();
  const codes = new Map<string, PairingCodeRecord & { usedAt: number | null }>();
  let audit: AuditEntry[] = [];
  let closed = false;
  /** Each document's version: the store-wide count of writes when its log last changed. */
  const versions = new Map<string, number>();
  let writes = 0;
  const open = () => {
    if (closed) throw new StoreError('closed');
  };
  const store: RelayStore = {
    loadDoc: (name) => (open(), [...(docs.get(name) ?? [])]),
    appendUpdate(name, update, claim) {
      open();
      const log = docs.get(name) ?? [];
      log.push(update.slice());
      docs.set(name, log);
      versions.set(name, ++writes);
      if (claim && claim.clients.length > 0) {
        const docOwners = owners.get(name) ?? new Map<number, string>();
        for (const client of claim.clients) if (!docOwners.has(client)) docOwners.set(client, claim.deviceId);
        owners.set(name, docOwners);
      }
      return log.length;
    },
    commitBatch({ updates, audit: lines, touches }) {
      // Only a closed store refuses, and it refuses before anything is written: all or nothing.
      open();
      const rows = updates.map((u) => store.appendUpdate(u.docName, u.update, u.claim));
      for (const entry of lines) store.appendAudit(entry);
      for (const t of touches) store.touchDevice(t.deviceId, t.at);
      return rows;
    },
    syncWritten: async () => open(),
    clientOwners: (name) => (open(), new Map(owners.get(name))),
    // Nothing outside this process can write to memory.
    externalChanges: () => 0,
    compact(name, state) {
      open();
      const log = docs.get(name);
      if (log && log.length > 1) {
        // The same content: the version stays, so devices do not fetch the document again for nothing.
        docs.set(name, [state ? state.slice() : Y.mergeUpdates(log)]);
      }
    },
    updateCount: (name) => (open(), docs.get(name)?.length ?? 0),
    listDocNames: () => (open(), [...docs.keys()].filter((n) => docs.get(n)!.length > 0).sort()),
    docVersions: () => (open(), new Map([...versions].filter(([n]) => (docs.get(n)?.length ?? 0) > 0))),
    // Never restored.
    generation: () => (open(), ''),
    eraseDoc(name, at) {
      open();
      docs.delete(name);
      owners.delete(name);
      if (!erased.has(name)) erased.set(name, at);
    },
    erasedAt: (name) => (open(), erased.get(name) ?? null),
    addDevice(device) {
      open();
      if (devices.has(device.deviceId)) throw new StoreError('duplicate-device', { deviceId: device.deviceId });
      devices.set(device.deviceId, structuredClone(device));
    },
    getDevice(id) {
      open();
      const d = devices.get(id);
      return d ? structuredClone(d) : null;
    },
    listDevices: () => (open(), [...devices.values()].sort((a, b) => a.createdAt - b.createdAt).map((d) => structuredClone(d))),
    touchDevice(id, at) {
      open();
      const d = devices.get(id);
      if (d) d.lastSeenAt = at;
    },
    revokeDevice(id, at) {
      open();
      const d = devices.get(id);
      if (!d) return false;
      d.revokedAt ??= at;
      return true;
    },
    appendAudit: (entry) => (open(), void audit.push({ ...entry })),
    listAudit: ({ docName, deviceId, limit }) =>
      (open(), audit.filter((e) => (docName === undefined || e.docName === docName) && (deviceId === undefined || e.deviceId === deviceId)).reverse().slice(0, limit)),
    pruneAudit(before) {
      open();
      const kept = audit.filter((e) => e.at >= before);
      const removed = audit.length - kept.length;
      audit = kept;
      return removed;
    },
    addPairingCode: (code) => (open(), void codes.set(code.codeHash, { ...code, usedAt: null })),
    redeemPairingCode(hash, now) {
      open();
      const c = codes.get(hash);
      if (!c || c.usedAt !== null || c.expiresAt <= now) return null;
      c.usedAt = now;
      const d = devices.get(c.deviceId);
      if (!d || d.revokedAt !== null) return null;
      d.pairedAt = now;
      return structuredClone(d);
    },
    close: () => {
      closed = true;
    },
  };
  return store;
}
