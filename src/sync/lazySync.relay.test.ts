// Documents opened on demand, with the real relay and the real DocStore (IndexedDB in memory): a closed document is
// caught up when the relay changed it and uploaded when it holds changes the relay lacks, and only those are opened.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { DBCore, Middleware } from 'dexie';
import { enrolDevice, startRelay, type RelayProcess } from '../../sync-server/test-support/relay-process';
import { seedSchool } from '../../sync-server/test-support/school';
import { TestClient } from '../../sync-server/test-support/clients';
import { coordinator } from '../../sync-server/test-support/devices';
import { openDatabase, type BaseroomDB } from '../db/database';
import { DocStore } from '../db/docStore';
import { countingRowAccess, storeUnprojectedChange } from '../db/testSupport';
import { pupilDocName, roomDayDocName } from '../docs/names';
import { addToRegister } from '../docs/roomDayDoc';
import type { Actor } from '../docs/records';
import { RelayApi } from './relayApi';
import { dexieAckStore, dexieDeviceStore, docStoreSource } from './deviceStore';
import { CAUGHT_UP_MARK, SyncEngine, type SyncEngineOptions, type SyncSnapshot } from './syncEngine';
import { describeSyncStatus } from './status';
import { waitForStatus, withLaptop } from './testSupport';

const actor: Actor = { staffId: 'staff-1', at: '2026-11-23T09:00:00.000Z' };
const day = (d: number) => roomDayDocName('base', `2026-11-${String(d).padStart(2, '0')}`);
let n = 0;

const allSafe = (s: SyncSnapshot) => s.status.kind === 'all-safe';

/** Resolves once every named document has been closed by the store. */
function closedAll(store: DocStore, names: string[]): Promise<void> {
  const waiting = new Set(names.filter((name) => store.isOpen(name)));
  return new Promise((resolve) => {
    if (waiting.size === 0) return resolve();
    const stop = store.onClose((name) => {
      waiting.delete(name);
      if (waiting.size === 0) stop(), resolve();
    });
  });
}

describe('documents opened on demand, synced in the background', () => {
  let relay: RelayProcess;
  const stops: (() => void)[] = [];

  beforeAll(async () => {
    // The relay keeps documents loaded through the test, so none is compacted (a new version) behind its back.
    relay = await startRelay({ PING_INTERVAL_MS: '300', IDLE_UNLOAD_MS: '600000' });
    await seedSchool(relay, { rooms: { base: 'The BASE' } });
  }, 30_000);
  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
    await relay?.dispose();
  });

  /** A tablet: its IndexedDB (kept across "restarts"), a DocStore closing idle documents quickly, and the engine. */
  function tablet(dbName = `lazy-${n++}`, sealWith?: Middleware<DBCore>, options: Partial<SyncEngineOptions> = {}) {
    const db: BaseroomDB = openDatabase(dbName, sealWith ? { sealWith } : {});
    const store = new DocStore(db, (e) => console.error(e), { idleMs: 50 });
    const opened: string[] = [];
    store.onOpen((open) => opened.push(open.name));
    const engine = new SyncEngine({
      docs: docStoreSource(store),
      devices: dexieDeviceStore(db),
      acks: dexieAckStore(db),
      api: new RelayApi(relay.httpUrl),
      serverUrl: relay.wsUrl,
      WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
      maxBackoffTime: 200,
      discoverEveryMs: 250,
      // As the app does (startServices.ts): a document the relay erased is deleted from the device.
      onErased: (name) => store.erase(name),
      ...options,
    });
    // As the app stops (RunningServices.stop): projections still running finish before the database closes.
    const stop = async () => {
      engine.stop();
      await engine.settle();
      await store.settle();
      store.close();
      db.close();
    };
    stops.push(stop);
    return { db, dbName, store, engine, opened, stop };
  }

  const enrolSupervisor = async () => (await enrolDevice(relay.dataDir, ['--role', 'supervisor', '--room', 'base'])).code;

  /** Every listed document has had its relay version noted: the engine has nothing left to catch up. */
  async function caughtUpWith(db: BaseroomDB, names: string[]): Promise<void> {
    await expect.poll(async () => (await db.syncAcks.bulkGet(names)).every((row) => !!row?.relayVersion), { timeout: 15_000 }).toBe(true);
  }

  /** The device has caught up every document the relay lists for it. */
  async function caughtUpWithRelay(db: BaseroomDB): Promise<void> {
    const { versions } = await new RelayApi(relay.httpUrl).docVersions((await db.device.get('device'))!.token);
    await caughtUpWith(db, [...versions.keys()]);
  }

  it('catches up a stored, closed document another device changed, opening only that one', { timeout: 60_000 }, async () => {
    const a = tablet();
    await a.engine.start();
    await a.engine.pair(await enrolSupervisor());
    const days = [day(2), day(3), day(4)];
    for (const name of days) addToRegister((await a.store.open(name)).doc, `pupil-${name.slice(-2)}`, actor);
    await waitForStatus(a.engine, 'A all safe', allSafe);
    await closedAll(a.store, days);
    await caughtUpWith(a.db, days);
    await closedAll(a.store, days);

    a.opened.length = 0;
    const versionBefore = (await a.db.syncAcks.get(day(3)))?.relayVersion;
    expect(versionBefore).toBeDefined();
    const other = new TestClient(relay.wsUrl, day(3), coordinator(relay.dataDir).token);
    await other.waitSynced();
    addToRegister(other.doc, 'pupil-from-another-device', actor);
    await other.waitSafe();
    other.destroy();

    // The register rows (what the screens read) get the other device's pupil without anyone opening the day.
    await expect.poll(async () => (await a.db.registerEntries.where('docName').equals(day(3)).toArray()).map((e) => e.pupilId).sort(), { timeout: 15_000 }).toEqual(['pupil-03', 'pupil-from-another-device']);
    // The pass that fetched it noted the relay's new version, and left the days it already held closed.
    await expect.poll(async () => (await a.db.syncAcks.get(day(3)))?.relayVersion, { timeout: 15_000 }).not.toBe(versionBefore);
    expect(a.opened.filter((name) => name !== 'school')).toEqual([day(3)]);
  });

  it('keeps counting a closed document with changes the relay lacks, across a restart, and uploads it when the relay is back', { timeout: 60_000 }, async () => {
    const a = tablet();
    await a.engine.start();
    await a.engine.pair(await enrolSupervisor());
    await waitForStatus(a.engine, 'A all safe', allSafe);
    // The days earlier tests left on the relay are fetched first: one caught mid-fetch by the stop would be counted too.
    await caughtUpWithRelay(a.db);

    await relay.stop();
    let restarted = false;
    try {
      addToRegister((await a.store.open(day(10))).doc, 'pupil-offline', actor);
      await closedAll(a.store, [day(10)]);
      // Closed, and not on the relay: the header must not say "all safe".
      const offline = await waitForStatus(a.engine, 'offline, one document waiting', (s) => s.status.kind === 'offline' && s.status.unsynced === 1);
      expect(offline.status).toMatchObject({ unsynced: 1 });
      expect(a.engine.unsyncedDocuments()).toEqual([day(10)]);

      // A restart with the relay still away knows it from storage alone, without opening the day.
      await a.stop();
      const again = tablet(a.dbName);
      await again.engine.start();
      await waitForStatus(again.engine, 'offline after restart, one document waiting', (s) => s.status.kind === 'offline' && s.status.unsynced === 1);
      expect(again.engine.unsyncedDocuments()).toEqual([day(10)]);
      expect(again.store.isOpen(day(10))).toBe(false);

      await relay.restart();
      restarted = true;
      await waitForStatus(again.engine, 'all safe once uploaded', allSafe, 30_000);
      expect(again.opened).toContain(day(10));
      const reader = new TestClient(relay.wsUrl, day(10), coordinator(relay.dataDir).token);
      await reader.waitSynced();
      expect(reader.doc.getMap('entries').has('pupil-offline')).toBe(true);
      reader.destroy();
      await closedAll(again.store, [day(10)]);
      // Closed once uploaded; the school's own connection may still be coming back from the restart.
      await waitForStatus(again.engine, 'all safe with the day closed', allSafe, 30_000);
      expect(again.engine.unsyncedDocuments()).toEqual([]);
    } finally {
      if (!restarted) await relay.restart();
    }
  });

  it('counts a day whose last change was stored but never projected (the tab was killed), and uploads it', { timeout: 60_000 }, async () => {
    const a = tablet();
    await a.engine.start();
    await a.engine.pair(await enrolSupervisor());
    const before = (await a.store.open(day(12))).doc;
    addToRegister(before, 'pupil-before', actor);
    await waitForStatus(a.engine, 'A all safe', allSafe);
    await closedAll(a.store, [day(12)]);
    // The relay's acknowledgement of the day is stored: after a restart, the day would count as safe from storage.
    const written = Y.decodeStateVector(Y.encodeStateVector(before));
    await expect.poll(async () => (await a.db.syncAcks.get(day(12)))?.stateVector ?? [], { timeout: 15_000 }).toEqual([...written]);
    await a.stop();
    // The tab dies between y-dexie storing a tap and the projection step: the stored state vector is now stale.
    const killed = openDatabase(a.dbName);
    await storeUnprojectedChange(killed, day(12), (doc) => addToRegister(doc, 'pupil-killed', actor));
    killed.close();

    await relay.stop();
    let restarted = false;
    try {
      const again = tablet(a.dbName);
      await again.engine.start();
      // Known from storage alone that the relay lacks something, not "everything here was on it". (Days the
      // background catch-up fetched just before the stop may be counted too, if their rows were not yet written.)
      await waitForStatus(again.engine, 'offline, the day waiting', (s) => s.status.kind === 'offline' && again.engine.unsyncedDocuments().includes(day(12)));

      await relay.restart();
      restarted = true;
      await waitForStatus(again.engine, 'all safe once uploaded', allSafe, 30_000);
      const reader = new TestClient(relay.wsUrl, day(12), coordinator(relay.dataDir).token);
      await reader.waitSynced();
      expect([...reader.doc.getMap('entries').keys()].sort()).toEqual(['pupil-before', 'pupil-killed']);
      reader.destroy();
    } finally {
      if (!restarted) await relay.restart();
    }
  });

  it('in a second tab of the device, does not count a day the other tab fetched from the relay as unsent', { timeout: 60_000 }, async () => {
    // The first tab makes no background pass of its own meanwhile: what it knows of the day is what it kept.
    const first = tablet(undefined, undefined, { discoverEveryMs: 3_600_000 });
    await first.engine.start();
    await first.engine.pair(await enrolSupervisor());
    // The days earlier tests left on the relay are fetched first: this test is about the one the other tab fetches.
    await caughtUpWithRelay(first.db);
    const lease = await first.store.acquire(day(24));
    addToRegister(lease.doc, 'pupil-first', actor);
    // Held open until the relay's acknowledgement of it is stored, as a screen would.
    await expect.poll(async () => (await first.db.syncAcks.get(day(24)))?.stateVector.length ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
    lease.release({ close: true });
    await closedAll(first.store, [day(24)]);
    await first.engine.storedElsewhere();
    expect(first.engine.unsyncedDocuments()).toEqual([]);

    // Another device changes the day; the device's second tab (same database) fetches it and stores it.
    await withLaptop(relay, day(24), async (laptop) => {
      addToRegister(laptop.doc, 'pupil-from-another-device', actor);
      await laptop.waitSafe();
    });
    const second = tablet(first.dbName, undefined, { discoverEveryMs: 250 });
    await second.engine.start();
    await expect.poll(async () => (await first.db.registerEntries.where('docName').equals(day(24)).toArray()).map((e) => e.pupilId).sort(), { timeout: 15_000 }).toEqual(['pupil-first', 'pupil-from-another-device']);
    await waitForStatus(second.engine, 'second tab all safe', allSafe);

    // The second tab tells the first it stored something (the app's BroadcastChannel): the day came from the relay.
    await first.engine.storedElsewhere();
    expect(first.engine.unsyncedDocuments()).toEqual([]);
    expect(first.engine.getSnapshot().status.kind).toBe('all-safe');
  });

  it('opens no stored row in a background pass when nothing changed', { timeout: 60_000 }, async () => {
    const { reads, middleware } = countingRowAccess();
    const a = tablet(undefined, middleware);
    await a.engine.start();
    await a.engine.pair(await enrolSupervisor());
    const days = [day(16), day(17)];
    for (const name of days) addToRegister((await a.store.open(name)).doc, `pupil-${name.slice(-2)}`, actor);
    await waitForStatus(a.engine, 'A all safe', allSafe);
    await closedAll(a.store, days);
    await caughtUpWith(a.db, [...days, 'school']);
    // The days earlier tests left on the relay are fetched too: a pass that opens one of those is not this test's.
    await caughtUpWithRelay(a.db);
    const passes = () => performance.getEntriesByName(CAUGHT_UP_MARK).length;
    // A pass that began before the versions were noted may still be running: let one more finish first.
    const settled = passes();
    await expect.poll(passes, { timeout: 15_000 }).toBeGreaterThan(settled);
    reads.clear();
    const from = passes();
    await expect.poll(passes, { timeout: 15_000 }).toBeGreaterThan(from + 1);
    expect((performance.getEntriesByName(CAUGHT_UP_MARK).at(-1) as PerformanceMark).detail).toEqual({ opened: 0 });
    // On a device every row read is a row decrypted: a pass with nothing new reads only keys.
    expect(Object.fromEntries([...reads].filter(([table]) => ['docs', 'docStates', 'syncAcks'].includes(table)))).toEqual({});
  });

  it.each([
    ['closed once idle, offered again by the background catch-up', false],
    ['held open by a screen', true],
  ])('backs off a document the relay refuses (%s), showing it steadily as not accepted while it retries', { timeout: 60_000 }, async (_, held) => {
    const refusedDoc = pupilDocName(held ? 'pupil-refused-held' : 'pupil-refused');
    // Every socket the engine opens for that document, and when.
    const attempts: number[] = [];
    class CountingWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        if (url.endsWith(`/${refusedDoc}`)) attempts.push(performance.now());
      }
    }
    const firstMs = 150;
    const a = tablet(undefined, undefined, { WebSocketImpl: CountingWebSocket as unknown as typeof globalThis.WebSocket, retryAfterMs: firstMs });
    await a.engine.start();
    await a.engine.pair(await enrolSupervisor());
    await waitForStatus(a.engine, 'A all safe', allSafe);
    // Days earlier tests left on the relay are fetched first: the count of unsent documents below is exact.
    await caughtUpWithRelay(a.db);
    const statuses: string[] = [];
    a.engine.subscribe(() => statuses.push(describeSyncStatus(a.engine.getSnapshot().status)));

    // A room's tablet may not make referrals: the relay refuses the change (4422) every time it is offered.
    const pupil = held ? await a.store.acquire(refusedDoc) : await a.store.open(refusedDoc);
    const referral = new Y.Map<unknown>();
    pupil.doc.getMap('referrals').set('ref-1', referral);
    referral.set('id', 'ref-1');
    const refused = await waitForStatus(a.engine, 'refused', (s) => s.status.kind === 'refused');
    expect(describeSyncStatus(refused.status)).toBe('1 document not accepted by the school relay (this device may not change referrals) — saved on this device only');
    const shown = statuses.length - 1;
    // Offered again, backing off each time it is refused.
    await expect.poll(() => attempts.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
    // Each wait at least doubles (the first offer is the open document's own; then 150, 300, 600 ms at least).
    gaps.slice(1).forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(firstMs * 2 ** i - 20));
    // The header said it once and kept saying it: no flicker to "Syncing", "Connecting" or "All safe" between offers.
    // (On a loaded machine the relay may drop the school's socket for a late pong: "Offline" then is the truth.)
    expect(new Set(statuses.slice(shown).filter((text) => !text.startsWith('Offline')))).toEqual(new Set([describeSyncStatus(refused.status)]));
    expect(a.engine.unsyncedDocuments()).toEqual([refusedDoc]);
    // Held open throughout, it was offered again on a new connection (closed, the catch-up reopens it for each offer).
    if (held) expect(a.store.isOpen(refusedDoc)).toBe(true);
  });

  it('drops a pupil erased while the tablet was offline from what it wrote meanwhile, and syncs the rest', { timeout: 60_000 }, async () => {
    const laptop = coordinator(relay.dataDir);
    const school = new TestClient(relay.wsUrl, 'school', laptop.token);
    await school.waitSynced();
    for (const id of ['p-erased', 'p-other']) school.doc.getMap('pupils').set(id, new Y.Map<unknown>([['id', id], ['legalSurname', `Fake-${id}`]]));
    await school.waitSafe();
    school.destroy();
    const a = tablet();
    await a.engine.start();
    await a.engine.pair(await enrolSupervisor());
    addToRegister((await a.store.open(day(19))).doc, 'p-erased', actor);
    await waitForStatus(a.engine, 'A all safe', allSafe);
    await closedAll(a.store, [day(19)]);
    await a.stop();

    // Offline (its engine not started): the tablet writes the next day's register, naming both pupils.
    const again = tablet(a.dbName);
    const next = await again.store.open(day(20));
    addToRegister(next.doc, 'p-erased', actor);
    addToRegister(next.doc, 'p-other', actor);
    await next.projected();
    // Meanwhile the coordinator erases one of them.
    await new RelayApi(relay.httpUrl).erase(laptop.token, { kind: 'pupil', pupilId: 'p-erased' });

    // Back online: the relay refuses the day (it names the erased pupil); the tablet drops them and syncs the rest.
    await again.engine.start();
    const reader = new TestClient(relay.wsUrl, day(20), laptop.token);
    await reader.waitSynced();
    await expect.poll(() => [...reader.doc.getMap('entries').keys()], { timeout: 30_000 }).toEqual(['p-other']);
    reader.destroy();
    await waitForStatus(again.engine, 'all safe', allSafe, 30_000);
    // The relay did refuse the day first (the header's "not accepted" may last only until the catch-up's own
    // "Connecting" passes, so the relay's log is the witness, not the header).
    expect(relay.log()).toMatch(new RegExp(`write-refused deviceId=\\S+ docName=${day(20).replace(/\//g, '\\/')} reason=erased-pupil`));
    await expect.poll(async () => (await again.db.registerEntries.where('pupilId').equals('p-erased').count()), { timeout: 15_000 }).toBe(0);
    expect((await again.db.registerEntries.where('docName').equals(day(20)).toArray()).map((e) => e.pupilId)).toEqual(['p-other']);
    expect(await again.db.erasedDocs.get(pupilDocName('p-erased'))).toBeDefined();
  });
});
