// The behaviour every SharedStore must have, run against memory and SQLite (through the adapter) and PostgreSQL.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { device } from './store-contract.js';
import type { SchoolStore, SharedStore, StoredUpdate } from './shared-store.js';

export interface SharedStoreHarness {
  store: SharedStore;
  /** Closes and opens the same store again; undefined for stores that do not outlive their object. */
  reopen?: () => Promise<SharedStore>;
  /** A second, independent handle on the same data (another process or node); undefined for memory. */
  other?: () => Promise<SharedStore>;
  /** True when several handles share one sequence (PostgreSQL): nodes catch up from each other's appends. */
  multiNode: boolean;
  dispose(): Promise<void>;
}


function textUpdates(count: number, clientID?: number): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getText('t').insert(i, String(i % 10));
  return { updates, text: doc.getText('t').toString() };
}

function applyAll(rows: StoredUpdate[] | Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const r of rows) Y.applyUpdate(doc, r instanceof Uint8Array ? r : r.update);
  return doc.getText('t').toString();
}

const increasing = (seqs: number[]) => seqs.every((s, i) => i === 0 || s > seqs[i - 1]!);

export function registerSharedStoreContractTests(name: string, factory: () => Promise<SharedStoreHarness>): void {
  describe(`SharedStore contract: ${name}`, { timeout: 30_000 }, () => {
    let h: SharedStoreHarness | undefined;
    const extra: SharedStore[] = [];
    /** A school id no other test (or earlier run on the same database) uses. */
    const newSchool = () => `school-${randomBytes(6).toString('hex')}`;
    const open = async () => {
      h = await factory();
      const school = newSchool();
      return { h, school, s: h.store.forSchool(school) };
    };
    const otherHandle = async () => {
      const o = await h!.other!();
      extra.push(o);
      return o;
    };
    afterEach(async () => {
      for (const o of extra.splice(0)) await o.close();
      await h?.dispose();
      h = undefined;
    });

    it('gives each written document a version that moves on an append but not on a compaction, and erases a document for good', async () => {
      const { s } = await open();
      const { updates } = textUpdates(3);
      for (const u of updates) await s.appendUpdate('school', u);
      await s.appendUpdate('pupil/p-1', updates[0]!);
      const before = await s.docVersions();
      expect([...before.keys()].sort()).toEqual(['pupil/p-1', 'school']);
      expect(await s.compact('school')).toBe(true);
      expect((await s.docVersions()).get('school')).toBe(before.get('school'));
      await s.appendUpdate('school', textUpdates(1, 4242).updates[0]!);
      expect((await s.docVersions()).get('school')).toBeGreaterThan(before.get('school')!);
      expect(await s.erasedAt('pupil/p-1')).toBeNull();
      await s.eraseDoc('pupil/p-1', 1234);
      expect(await s.erasedAt('pupil/p-1')).toBe(1234);
      expect(await s.loadDoc('pupil/p-1')).toEqual([]);
      expect(await s.listDocNames()).toEqual(['school']);
      expect((await s.docVersions()).has('pupil/p-1')).toBe(false);
    });

    it('returns nothing for a new document', async () => {
      const { s } = await open();
      expect(await s.loadDoc('school')).toEqual([]);
      expect(await s.loadSince('school', 0)).toEqual([]);
      expect(await s.updateCount('school')).toBe(0);
    });

    it('keeps updates in order and per document, with increasing sequence numbers', async () => {
      const { s } = await open();
      const { updates, text } = textUpdates(20);
      const seqs: number[] = [];
      for (const [i, u] of updates.entries()) {
        const { seq, rows } = await s.appendUpdate('room/base/2026-11-23', u);
        expect(rows).toBe(i + 1);
        seqs.push(seq);
      }
      expect(increasing(seqs)).toBe(true);
      const other = await s.appendUpdate('pupil/p1', updates[0]!);
      expect(other.seq).toBeGreaterThan(seqs.at(-1)!);
      const stored = await s.loadDoc('room/base/2026-11-23');
      expect(stored.map((r) => r.seq)).toEqual(seqs);
      expect(applyAll(stored)).toBe(text);
      expect(await s.loadDoc('pupil/p1')).toHaveLength(1);
    });

    it('hands back only the rows after a sequence number (catching up)', async () => {
      const { s } = await open();
      const { updates, text } = textUpdates(10);
      const seqs = [];
      for (const u of updates) seqs.push((await s.appendUpdate('school', u)).seq);
      const tail = await s.loadSince('school', seqs[5]!);
      expect(tail.map((r) => r.seq)).toEqual(seqs.slice(6));
      const doc = new Y.Doc();
      for (const r of await s.loadSince('school', 0)) Y.applyUpdate(doc, r.update);
      expect(doc.getText('t').toString()).toBe(text);
      expect(await s.loadSince('school', seqs.at(-1)!)).toEqual([]);
    });

    it('lists the names of documents that hold updates', async () => {
      const { s } = await open();
      const { updates } = textUpdates(3);
      expect(await s.listDocNames()).toEqual([]);
      await s.appendUpdate('room/base/2026-11-23', updates[0]!);
      await s.appendUpdate('school', updates[1]!);
      await s.appendUpdate('school', updates[2]!);
      await s.compact('school');
      expect(await s.listDocNames()).toEqual(['room/base/2026-11-23', 'school']);
    });

    it('compacts a log into one row with the same content, keeping the last sequence number', async () => {
      const { s } = await open();
      const { updates, text } = textUpdates(30);
      let last = 0;
      for (const u of updates) last = (await s.appendUpdate('school', u)).seq;
      expect(await s.compact('school')).toBe(true);
      expect(await s.updateCount('school')).toBe(1);
      const rows = await s.loadDoc('school');
      expect(rows.map((r) => r.seq)).toEqual([last]);
      expect(applyAll(rows)).toBe(text);
      // A node already caught up to `last` gets nothing twice; one behind it gets the whole merged row.
      expect(await s.loadSince('school', last)).toEqual([]);
      expect(await s.loadSince('school', last - 1)).toHaveLength(1);
      const next = await s.appendUpdate('school', updates[0]!);
      expect(next).toEqual({ seq: expect.any(Number), rows: 2 });
      expect(next.seq).toBeGreaterThan(last);
      expect(await s.compact('pupil/none')).toBe(false);
    });

    it('compacts up to a snapshot and keeps the rows written after it', async () => {
      const { s } = await open();
      const { updates, text } = textUpdates(12);
      const doc = new Y.Doc();
      let upTo = 0;
      for (const u of updates.slice(0, 8)) {
        upTo = (await s.appendUpdate('school', u)).seq;
        Y.applyUpdate(doc, u);
      }
      const state = Y.encodeStateAsUpdate(doc);
      // Written by another device after the snapshot was taken: the snapshot does not hold them.
      const later = [];
      for (const u of updates.slice(8)) later.push((await s.appendUpdate('school', u)).seq);
      expect(await s.compact('school', { state, upTo })).toBe(true);
      const rows = await s.loadDoc('school');
      expect(applyAll(rows)).toBe(text);
      // PostgreSQL replaces only the rows the snapshot holds; a single-process store has one row left, holding all.
      expect(rows.map((r) => r.seq)).toEqual(h!.multiNode ? [upTo, ...later] : [later.at(-1)]);
      expect(await s.loadSince('school', upTo).then((r) => applyAll([state, ...r.map((x) => x.update)]))).toBe(text);
    });

    it('keeps updates, seqs and devices across a reopen', async () => {
      const { h, school, s } = await open();
      if (!h.reopen) return;
      const { updates, text } = textUpdates(5);
      for (const u of updates) await s.appendUpdate('school', u);
      await s.addDevice(device());
      const again = (await h.reopen()).forSchool(school);
      const rows = await again.loadDoc('school');
      expect(applyAll(rows)).toBe(text);
      expect(increasing(rows.map((r) => r.seq))).toBe(true);
      expect((await again.getDevice('dev-1'))?.scope).toEqual({ kind: 'room', room: 'base' });
    });

    it('records the first device to claim each client id, in the commit of its update, and keeps it', async () => {
      const { h, school, s } = await open();
      const { updates } = textUpdates(2);
      await s.appendUpdate('school', updates[0]!, { deviceId: 'dev-1', clients: [11, 12, 4_294_967_295] });
      await s.appendUpdate('school', updates[1]!, { deviceId: 'dev-2', clients: [12, 13] });
      await s.appendUpdate('pupil/p1', updates[0]!);
      const expected = new Map([[11, 'dev-1'], [12, 'dev-1'], [4_294_967_295, 'dev-1'], [13, 'dev-2']]);
      expect(await s.clientOwners('school')).toEqual(expected);
      expect(await s.clientOwners('pupil/p1')).toEqual(new Map());
      if (h.reopen) expect(await (await h.reopen()).forSchool(school).clientOwners('school')).toEqual(expected);
    });

    it('keeps an audit log, newest first, filtered by document or device, and forgets old entries', async () => {
      const { s } = await open();
      const entry = (at: number, deviceId: string, docName: string, action: 'opened' | 'changed') => ({ at, deviceId, docName, action, detail: '' });
      await s.appendAudit(entry(1_000, 'dev-1', 'school', 'opened'));
      await s.appendAudit(entry(2_000, 'dev-2', 'pupil/p1', 'opened'));
      await s.appendAudit(entry(3_000, 'dev-1', 'pupil/p1', 'changed'));
      expect((await s.listAudit({ limit: 10 })).map((e) => e.at)).toEqual([3_000, 2_000, 1_000]);
      expect((await s.listAudit({ docName: 'pupil/p1', limit: 10 })).map((e) => e.deviceId)).toEqual(['dev-1', 'dev-2']);
      expect(await s.listAudit({ deviceId: 'dev-1', limit: 1 })).toEqual([entry(3_000, 'dev-1', 'pupil/p1', 'changed')]);
      expect(await s.pruneAudit(2_500)).toBe(2);
      expect((await s.listAudit({ limit: 10 })).map((e) => e.at)).toEqual([3_000]);
    });

    it('stores, lists, touches and revokes devices', async () => {
      const { s } = await open();
      await s.addDevice(device());
      await s.addDevice(device({ deviceId: 'dev-2', role: 'offsite', scope: { kind: 'providers', providers: ['p1'] }, createdAt: 2_000 }));
      await expect(s.addDevice(device())).rejects.toThrow(/duplicate-device/);
      expect((await s.listDevices()).map((d) => d.deviceId)).toEqual(['dev-1', 'dev-2']);
      expect(await s.getDevice('nope')).toBeNull();
      await s.touchDevice('dev-1', 5_000);
      await s.touchDevice('nobody', 5_000);
      expect((await s.getDevice('dev-1'))?.lastSeenAt).toBe(5_000);
      expect(await s.revokeDevice('dev-2', 5_000)).toBe(true);
      expect(await s.revokeDevice('dev-2', 6_000)).toBe(true);
      expect((await s.getDevice('dev-2'))?.revokedAt).toBe(5_000);
      expect(await s.revokeDevice('nope', 5_000)).toBe(false);
    });

    it('redeems a pairing code once, and never after it expires or the device is revoked', async () => {
      const { s } = await open();
      await s.addDevice(device());
      await s.addDevice(device({ deviceId: 'dev-2' }));
      await s.addPairingCode({ codeHash: 'h1', deviceId: 'dev-1', expiresAt: 10_000 });
      await s.addPairingCode({ codeHash: 'h2', deviceId: 'dev-1', expiresAt: 10_000 });
      await s.addPairingCode({ codeHash: 'h3', deviceId: 'dev-2', expiresAt: 10_000 });
      expect((await s.redeemPairingCode('h1', 9_000))?.pairedAt).toBe(9_000);
      expect(await s.redeemPairingCode('h1', 9_001)).toBeNull();
      expect(await s.redeemPairingCode('h2', 10_000)).toBeNull();
      expect(await s.redeemPairingCode('unknown', 1)).toBeNull();
      await s.revokeDevice('dev-2', 2_000);
      expect(await s.redeemPairingCode('h3', 3_000)).toBeNull();
    });

    it('lets one pairing code through exactly once when many attempts arrive together, through every handle', async () => {
      const { h, school, s } = await open();
      await s.addDevice(device());
      await s.addPairingCode({ codeHash: 'h1', deviceId: 'dev-1', expiresAt: 10_000 });
      const handles: SchoolStore[] = [s];
      if (h.other) handles.push((await otherHandle()).forSchool(school), (await otherHandle()).forSchool(school));
      const attempts = Array.from({ length: 30 }, (_, i) => handles[i % handles.length]!.redeemPairingCode('h1', 5_000));
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('keeps each school to itself: documents, owners, devices, codes and audit lines', async () => {
      const { h, s } = await open();
      const b = h.store.forSchool(`${s.school}-b`);
      const { updates } = textUpdates(2);
      await s.appendUpdate('school', updates[0]!, { deviceId: 'dev-1', clients: [7] });
      await s.addDevice(device());
      await s.addPairingCode({ codeHash: 'h1', deviceId: 'dev-1', expiresAt: 10_000 });
      await s.appendAudit({ at: 1_000, deviceId: 'dev-1', docName: 'school', action: 'opened', detail: '' });
      expect(await b.loadDoc('school')).toEqual([]);
      expect(await b.loadSince('school', 0)).toEqual([]);
      expect(await b.updateCount('school')).toBe(0);
      expect(await b.listDocNames()).toEqual([]);
      expect(await b.clientOwners('school')).toEqual(new Map());
      expect(await b.getDevice('dev-1')).toBeNull();
      expect(await b.listDevices()).toEqual([]);
      expect(await b.revokeDevice('dev-1', 2_000)).toBe(false);
      expect(await b.redeemPairingCode('h1', 2_000)).toBeNull();
      expect(await b.listAudit({ limit: 10 })).toEqual([]);
      expect(await b.pruneAudit(Number.MAX_SAFE_INTEGER)).toBe(0);
      expect(await b.compact('school')).toBe(false);
      // The same device id in another school is another device.
      await b.addDevice(device({ role: 'coordinator', scope: { kind: 'all' } }));
      expect((await s.getDevice('dev-1'))?.role).toBe('supervisor');
      expect((await s.redeemPairingCode('h1', 2_000))?.deviceId).toBe('dev-1');
      expect(await s.listAudit({ limit: 10 })).toHaveLength(1);
      expect(() => h.store.forSchool('Not A School')).toThrow(/school id/);
    });

    it('notices a revocation made through another handle', async () => {
      const { h, school, s } = await open();
      if (!h.other) return;
      await s.addDevice(device());
      const before = await s.externalChanges();
      const other = (await otherHandle()).forSchool(school);
      expect(await other.revokeDevice('dev-1', 2_000)).toBe(true);
      expect(await s.externalChanges()).not.toBe(before);
      expect((await s.getDevice('dev-1'))?.revokedAt).toBe(2_000);
    });

    it('lets a node catching up by sequence number see every row written concurrently through other nodes', async () => {
      const { h, school, s } = await open();
      if (!h.multiNode) return;
      const writers = [s, (await otherHandle()).forSchool(school), (await otherHandle()).forSchool(school)];
      const reader = (await otherHandle()).forSchool(school);
      const perWriter = 30;
      const seen: number[] = [];
      let cursor = 0;
      let writing = true;
      const catchUp = async () => {
        for (const r of await reader.loadSince('school', cursor)) {
          seen.push(r.seq);
          cursor = r.seq;
        }
      };
      const polling = (async () => {
        while (writing) await catchUp();
      })();
      const written = (
        await Promise.all(
          writers.map(async (w, i) => {
            const { updates } = textUpdates(perWriter, 1000 + i);
            return Promise.all(updates.map(async (u) => (await w.appendUpdate('school', u)).seq));
          }),
        )
      ).flat();
      writing = false;
      await polling;
      await catchUp();
      expect(new Set(written).size).toBe(writers.length * perWriter);
      expect([...seen].sort((a, b) => a - b)).toEqual([...written].sort((a, b) => a - b));
      expect(await s.updateCount('school')).toBe(writers.length * perWriter);
    });

    it('makes a row readable through every other handle as soon as its append resolves', async () => {
      const { h, school, s } = await open();
      if (!h.multiNode) return;
      const other = (await otherHandle()).forSchool(school);
      const { updates } = textUpdates(5);
      for (const u of updates) {
        const { seq } = await s.appendUpdate('school', u);
        expect((await other.loadSince('school', seq - 1)).map((r) => r.seq)).toEqual([seq]);
      }
    });

    it('loses nothing when nodes compact while others append, and keeps the row count true', async () => {
      const { h, school, s } = await open();
      if (!h.multiNode) return;
      const nodes = [s, (await otherHandle()).forSchool(school), (await otherHandle()).forSchool(school)];
      const expected = new Y.Doc();
      let writing = true;
      let compactions = 0;
      const compacting = nodes.map(async (node) => {
        while (writing) if (await node.compact('school')) compactions++;
      });
      await Promise.all(
        nodes.map(async (node, i) => {
          const { updates } = textUpdates(40, 2000 + i);
          for (const u of updates) {
            Y.applyUpdate(expected, u);
            await node.appendUpdate('school', u);
          }
        }),
      );
      writing = false;
      await Promise.all(compacting);
      const rows = await s.loadDoc('school');
      expect(compactions).toBeGreaterThan(0);
      expect(applyAll(rows)).toBe(expected.getText('t').toString());
      expect(await s.updateCount('school')).toBe(rows.length);
    });

    it('refuses to work once closed', async () => {
      const { h, s } = await open();
      await h.store.close();
      await expect(s.loadDoc('school')).rejects.toThrow(/closed/);
      expect(() => h.store.forSchool('another')).toThrow(/closed/);
    });
  });
}
