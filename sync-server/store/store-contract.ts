// The behaviour every RelayStore must have, run against each backend (registerStoreContractTests(factory)).
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DeviceRecord, RelayStore } from './relay-store.js';

export interface StoreHarness {
  store: RelayStore;
  /** Closes and opens the same store again; undefined for stores that do not outlive their object. */
  reopen?: () => RelayStore;
  dispose(): Promise<void>;
}

/** A device record for store tests, with `over` changed. */
export const device = (over: Partial<DeviceRecord> = {}): DeviceRecord => ({
  deviceId: 'dev-1',
  role: 'supervisor',
  scope: { kind: 'room', room: 'base' },
  name: 'Front desk tablet',
  createdAt: 1_000,
  pairedAt: null,
  revokedAt: null,
  ...over,
});

function textUpdates(count: number): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getText('t').insert(i, String(i % 10));
  return { updates, text: doc.getText('t').toString() };
}

function applyAll(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

export function registerStoreContractTests(name: string, factory: () => Promise<StoreHarness>): void {
  describe(`RelayStore contract: ${name}`, () => {
    let h: StoreHarness | undefined;
    const open = async () => (h = await factory());
    afterEach(async () => {
      await h?.dispose();
      h = undefined;
    });

    it('returns nothing for a new document', async () => {
      const { store } = await open();
      expect(store.loadDoc('school')).toEqual([]);
      expect(store.updateCount('school')).toBe(0);
    });

    it('keeps updates in order and per document', async () => {
      const { store } = await open();
      const { updates, text } = textUpdates(20);
      updates.forEach((u, i) => expect(store.appendUpdate('room/base/2026-11-23', u)).toBe(i + 1));
      store.appendUpdate('pupil/p1', updates[0]!);
      expect(applyAll(store.loadDoc('room/base/2026-11-23'))).toBe(text);
      expect(store.loadDoc('pupil/p1')).toHaveLength(1);
    });

    it('lists the names of documents that hold updates', async () => {
      const { store } = await open();
      const { updates } = textUpdates(3);
      expect(store.listDocNames()).toEqual([]);
      store.appendUpdate('room/base/2026-11-23', updates[0]!);
      store.appendUpdate('school', updates[1]!);
      store.appendUpdate('school', updates[2]!);
      store.compact('school');
      expect(store.listDocNames()).toEqual(['room/base/2026-11-23', 'school']);
    });

    it('gives each document a version that moves on every append and compaction, and never on reads', async () => {
      const { store } = await open();
      const { updates } = textUpdates(4);
      expect(store.docVersions()).toEqual(new Map());
      store.appendUpdate('school', updates[0]!);
      store.appendUpdate('pupil/p1', updates[0]!);
      const first = store.docVersions();
      expect([...first.keys()].sort()).toEqual(['pupil/p1', 'school']);
      store.loadDoc('school');
      store.compact('school');
      expect(store.docVersions()).toEqual(first);
      store.appendUpdate('school', updates[1]!);
      const second = store.docVersions();
      expect(second.get('school')).toBeGreaterThan(first.get('school')!);
      expect(second.get('pupil/p1')).toBe(first.get('pupil/p1'));
      store.appendUpdate('school', updates[2]!);
      const third = store.docVersions().get('school')!;
      expect(third).toBeGreaterThan(second.get('school')!);
      // Compaction changes no content, so the version stays: devices do not fetch the document again for it.
      store.compact('school');
      expect(store.updateCount('school')).toBe(1);
      expect(store.docVersions().get('school')).toBe(third);
      store.appendUpdate('school', updates[3]!);
      expect(store.docVersions().get('school')).toBeGreaterThan(third);
    });

    it('compacts a log into one update with the same content', async () => {
      const { store } = await open();
      const { updates, text } = textUpdates(30);
      for (const u of updates) store.appendUpdate('school', u);
      store.compact('school');
      expect(store.updateCount('school')).toBe(1);
      expect(applyAll(store.loadDoc('school'))).toBe(text);
      store.appendUpdate('school', updates[0]!);
      expect(store.updateCount('school')).toBe(2);
    });

    it('erases a document: its log and client owners go, a tombstone of its name stays, other documents are untouched', async () => {
      const { store } = await open();
      const { updates } = textUpdates(3);
      for (const u of updates) store.appendUpdate('pupil/p1', u, { deviceId: 'dev-1', clients: [7] });
      store.appendUpdate('pupil/p2', updates[0]!);
      expect(store.erasedAt('pupil/p1')).toBeNull();
      store.eraseDoc('pupil/p1', 5_000);
      expect(store.loadDoc('pupil/p1')).toEqual([]);
      expect(store.clientOwners('pupil/p1').size).toBe(0);
      expect(store.listDocNames()).toEqual(['pupil/p2']);
      expect(store.erasedAt('pupil/p1')).toBe(5_000);
      // Erasing again keeps the first time.
      store.eraseDoc('pupil/p1', 9_000);
      expect(store.erasedAt('pupil/p1')).toBe(5_000);
      expect(store.erasedAt('pupil/p2')).toBeNull();
    });

    it('keeps updates and devices across a reopen', async () => {
      const harness = await open();
      if (!harness.reopen) return;
      const { updates, text } = textUpdates(5);
      for (const u of updates) harness.store.appendUpdate('school', u);
      harness.store.addDevice(device());
      const again = harness.reopen();
      expect(applyAll(again.loadDoc('school'))).toBe(text);
      expect(again.getDevice('dev-1')?.scope).toEqual({ kind: 'room', room: 'base' });
    });

    it('records the first device to claim each client id, in the commit of its update, and keeps it', async () => {
      const h = await open();
      const { updates } = textUpdates(2);
      h.store.appendUpdate('school', updates[0]!, { deviceId: 'dev-1', clients: [11, 12] });
      h.store.appendUpdate('school', updates[1]!, { deviceId: 'dev-2', clients: [12, 13] });
      h.store.appendUpdate('pupil/p1', updates[0]!);
      const expected = new Map([[11, 'dev-1'], [12, 'dev-1'], [13, 'dev-2']]);
      expect(h.store.clientOwners('school')).toEqual(expected);
      expect(h.store.clientOwners('pupil/p1')).toEqual(new Map());
      if (!h.reopen) return;
      expect(h.reopen().clientOwners('school')).toEqual(expected);
    });

    it('commits a batch of updates, claims, audit lines and last contacts together, reporting each update’s row count', async () => {
      const h = await open();
      const { updates, text } = textUpdates(4);
      h.store.addDevice(device());
      h.store.appendUpdate('school', updates[0]!);
      const rows = h.store.commitBatch({
        updates: [
          { docName: 'school', update: updates[1]!, claim: { deviceId: 'dev-1', clients: [21] } },
          { docName: 'pupil/p1', update: updates[0]! },
          { docName: 'school', update: updates[2]! },
          { docName: 'school', update: updates[3]! },
        ],
        audit: [{ at: 1_000, deviceId: 'dev-1', docName: 'school', action: 'changed', detail: '' }],
        touches: [{ deviceId: 'dev-1', at: 2_000 }],
      });
      expect(rows).toEqual([2, 1, 3, 4]);
      expect(applyAll(h.store.loadDoc('school'))).toBe(text);
      expect(h.store.clientOwners('school')).toEqual(new Map([[21, 'dev-1']]));
      expect(h.store.listAudit({ limit: 10 }).map((e) => e.action)).toEqual(['changed']);
      expect(h.store.getDevice('dev-1')?.lastSeenAt).toBe(2_000);
      expect(h.store.commitBatch({ updates: [], audit: [], touches: [] })).toEqual([]);
    });

    it('keeps an audit log, newest first, filtered by document or device, and forgets old entries', async () => {
      const h = await open();
      const entry = (at: number, deviceId: string, docName: string, action: 'opened' | 'changed') => ({ at, deviceId, docName, action, detail: '' });
      h.store.appendAudit(entry(1_000, 'dev-1', 'school', 'opened'));
      h.store.appendAudit(entry(2_000, 'dev-2', 'pupil/p1', 'opened'));
      h.store.appendAudit(entry(3_000, 'dev-1', 'pupil/p1', 'changed'));
      expect(h.store.listAudit({ limit: 10 }).map((e) => e.at)).toEqual([3_000, 2_000, 1_000]);
      expect(h.store.listAudit({ docName: 'pupil/p1', limit: 10 }).map((e) => e.deviceId)).toEqual(['dev-1', 'dev-2']);
      expect(h.store.listAudit({ deviceId: 'dev-1', limit: 1 })).toEqual([entry(3_000, 'dev-1', 'pupil/p1', 'changed')]);
      expect(h.store.pruneAudit(2_500)).toBe(2);
      expect(h.store.listAudit({ limit: 10 }).map((e) => e.at)).toEqual([3_000]);
    });

    it('records a device’s last contact', async () => {
      const h = await open();
      h.store.addDevice(device());
      expect(h.store.getDevice('dev-1')?.lastSeenAt ?? null).toBeNull();
      h.store.touchDevice('dev-1', 5_000);
      h.store.touchDevice('nobody', 5_000);
      expect(h.store.getDevice('dev-1')?.lastSeenAt).toBe(5_000);
      if (h.reopen) expect(h.reopen().listDevices()[0]?.lastSeenAt).toBe(5_000);
    });

    it('stores, lists and revokes devices', async () => {
      const { store } = await open();
      store.addDevice(device());
      store.addDevice(device({ deviceId: 'dev-2', role: 'offsite', scope: { kind: 'providers', providers: ['p1'] }, createdAt: 2_000 }));
      expect(() => store.addDevice(device())).toThrow(/duplicate-device/);
      expect(store.listDevices().map((d) => d.deviceId)).toEqual(['dev-1', 'dev-2']);
      expect(store.getDevice('nope')).toBeNull();
      expect(store.revokeDevice('dev-2', 5_000)).toBe(true);
      expect(store.revokeDevice('dev-2', 6_000)).toBe(true);
      expect(store.getDevice('dev-2')?.revokedAt).toBe(5_000);
      expect(store.revokeDevice('nope', 5_000)).toBe(false);
    });

    it('redeems a pairing code once, and never after it expires or the device is revoked', async () => {
      const { store } = await open();
      store.addDevice(device());
      store.addDevice(device({ deviceId: 'dev-2' }));
      store.addPairingCode({ codeHash: 'h1', deviceId: 'dev-1', expiresAt: 10_000 });
      store.addPairingCode({ codeHash: 'h2', deviceId: 'dev-1', expiresAt: 10_000 });
      store.addPairingCode({ codeHash: 'h3', deviceId: 'dev-2', expiresAt: 10_000 });
      expect(store.redeemPairingCode('h1', 9_000)?.pairedAt).toBe(9_000);
      expect(store.redeemPairingCode('h1', 9_001)).toBeNull();
      expect(store.redeemPairingCode('h2', 10_000)).toBeNull();
      expect(store.redeemPairingCode('unknown', 1)).toBeNull();
      store.revokeDevice('dev-2', 2_000);
      expect(store.redeemPairingCode('h3', 3_000)).toBeNull();
    });
  });
}
