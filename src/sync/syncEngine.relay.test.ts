// The SyncEngine against the real relay process: pairing, offline edits, "all safe" only once acknowledged, revocation.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { enrolDevice, runRelayCommand, startRelay, type RelayProcess } from '../../sync-server/test-support/relay-process';
import { seedSchool } from '../../sync-server/test-support/school';
import { TestClient, onDocUpdate, waitUntil } from '../../sync-server/test-support/clients';
import { coordinator } from '../../sync-server/test-support/devices';
import { RelayApi, RelayApiError } from './relayApi';
import type { RelayAck } from './docConnection';
import { SyncEngine, SyncError, type SyncEngineOptions, type SyncSnapshot } from './syncEngine';
import { engineFor, memoryDevice, waitForStatus } from './testSupport';

const day = 'room/base/2026-11-23';

/** A WebSocket that counts how many are open at once, to hold the engine to its pool size. */
function countingSockets() {
  const counts = { open: 0, most: 0 };
  class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on('open', () => (counts.most = Math.max(counts.most, ++counts.open)));
      this.on('close', () => (counts.open = Math.max(0, counts.open - 1)));
    }
  }
  return { counts, WebSocketImpl: CountingWebSocket as unknown as typeof globalThis.WebSocket };
}

const allSafe = (s: SyncSnapshot) => s.status.kind === 'all-safe';

async function enrolCode(relay: RelayProcess, role: 'supervisor' | 'coordinator' | 'offsite' = 'supervisor'): Promise<string> {
  const scope = { supervisor: ['--room', 'base'], coordinator: [], offsite: ['--provider', 'oakfield'] }[role];
  return (await enrolDevice(relay.dataDir, ['--role', role, ...scope])).code;
}

describe('SyncEngine with the real relay', () => {
  let relay: RelayProcess;
  const engines: SyncEngine[] = [];
  const make = (device?: ReturnType<typeof memoryDevice>, options?: Partial<SyncEngineOptions>) => {
    const made = engineFor(relay, device, options);
    engines.push(made.engine);
    return made;
  };

  beforeAll(async () => {
    relay = await startRelay({ PING_INTERVAL_MS: '300' });
    // Devices are enrolled only for the school's own rooms and providers: the coordinator's school has both.
    await seedSchool(relay, { rooms: { base: 'The BASE' }, providers: { oakfield: 'Oakfield Farm' } });
  });
  afterAll(async () => {
    engines.forEach((e) => e.stop());
    await relay?.dispose();
  });

  it('refuses a wrong code with a typed error and stays not paired', async () => {
    const { engine } = make();
    await engine.start();
    expect(engine.getSnapshot().status).toEqual({ kind: 'not-paired' });
    await expect(engine.pair('ZZZZ-ZZZZ')).rejects.toEqual(new RelayApiError('invalid-code', { status: 401 }));
    expect(engine.getSnapshot().status).toEqual({ kind: 'not-paired' });
  });

  it('syncs offline edits once the relay is back, then a second device gets everything', { timeout: 40_000 }, async () => {
    const a = make();
    await a.engine.start();
    const school = await a.device.source.open('school');
    school.getMap('settings').set('name', 'Ashbrook Academy');
    await a.engine.pair(await enrolCode(relay, 'coordinator'));
    await waitForStatus(a.engine, 'A all safe', allSafe);

    await relay.stop();
    // Started again even when a check below fails, so one failure does not stop every later test in this file.
    let restarted = false;
    try {
      const register = await a.device.source.open(day);
      register.getMap('entries').set('p1', 'arrived 08:52');
      register.getMap('entries').set('p2', 'absent');
      await waitForStatus(a.engine, 'A offline with one unsynced document', (s) => s.status.kind === 'offline' && s.status.unsynced === 1);
      register.getMap('entries').delete('p2');
      await expect(a.engine.signOut()).rejects.toEqual(new SyncError('unsynced-changes'));
      await relay.restart();
      restarted = true;
    } finally {
      if (!restarted) await relay.restart();
    }
    const safe = await waitForStatus(a.engine, 'A all safe after restart', allSafe, 20_000);
    expect(safe.status.kind === 'all-safe' && safe.status.since.getTime()).toBeGreaterThan(0);

    const b = make();
    await b.engine.start();
    await b.engine.pair(await enrolCode(relay));
    // B never opens the register itself: the relay's list of documents in B's scope brings it.
    await expect.poll(async () => (await b.device.source.storedNames()).includes(day)).toBe(true);
    const bSchool = await b.device.source.open('school');
    const bRegister = await b.device.source.open(day);
    await waitForStatus(b.engine, 'B all safe', allSafe);
    await expect.poll(() => bSchool.getMap('settings').get('name')).toBe('Ashbrook Academy');
    await expect.poll(() => bRegister.getMap('entries').toJSON()).toEqual({ p1: 'arrived 08:52' });
  });

  it('after a restart with the relay down, says it is offline and when the relay last held everything', { timeout: 30_000 }, async () => {
    const a = make();
    await a.engine.start();
    await a.engine.pair(await enrolCode(relay));
    const register = await a.device.source.open(day);
    register.getMap('entries').set('p9', 'arrived 09:05');
    await waitForStatus(a.engine, 'A all safe', allSafe);
    a.engine.stop();
    await relay.stop();
    const stoppedAt = Date.now();
    try {
      const again = make(a.device);
      await again.engine.start();
      const restored = await waitForStatus(again.engine, 'offline, with nothing waiting', (s) => s.status.kind === 'offline' && s.status.unsynced === 0);
      // "Safe" needs a fresh confirmation; the last one is dated from before the relay stopped, not from this restart.
      const lastSafe = restored.status.kind === 'offline' ? restored.status.lastSafe : null;
      expect(lastSafe?.getTime()).toBeLessThanOrEqual(stoppedAt);
      register.getMap('entries').set('p10', 'arrived 09:20');
      await waitForStatus(again.engine, 'offline with one unsynced document', (s) => s.status.kind === 'offline' && s.status.unsynced === 1);
    } finally {
      await relay.restart();
    }
  });

  it('leaves "all safe" as soon as the relay goes away, and returns to it only when the relay confirms again', { timeout: 30_000 }, async () => {
    const a = make();
    await a.engine.start();
    await a.engine.pair(await enrolCode(relay));
    await waitForStatus(a.engine, 'A all safe', allSafe);
    await relay.stop();
    const offline = await waitForStatus(a.engine, 'offline', (s) => s.status.kind === 'offline');
    expect(offline.status).toMatchObject({ kind: 'offline', unsynced: 0 });
    await relay.restart();
    await waitForStatus(a.engine, 'all safe again', allSafe, 20_000);
  });

  it('syncs many documents through a pool of two sockets, both ways', { timeout: 40_000 }, async () => {
    const names = ['school', ...['a', 'b', 'c', 'd', 'e', 'f'].map((id) => `pupil/pool-${id}`)];
    const sending = countingSockets();
    const a = make(undefined, { maxConnections: 2, WebSocketImpl: sending.WebSocketImpl });
    for (const name of names) (await a.device.source.open(name)).getMap('m').set('from', `A wrote ${name}`);
    await a.engine.start();
    await a.engine.pair(await enrolCode(relay, 'coordinator'));
    await waitForStatus(a.engine, 'A all safe through the pool', allSafe, 30_000);
    expect({ sender: sending.counts.most }).toEqual({ sender: 2 });

    const receiving = countingSockets();
    const b = make(undefined, { maxConnections: 2, WebSocketImpl: receiving.WebSocketImpl });
    await b.engine.start();
    await b.engine.pair(await enrolCode(relay));
    for (const name of names) {
      await expect.poll(async () => (await b.device.source.storedNames()).includes(name), { timeout: 20_000 }).toBe(true);
      const doc = await b.device.source.open(name);
      await expect.poll(() => doc.getMap('m').get('from'), { timeout: 20_000 }).toBe(`A wrote ${name}`);
    }
    expect({ receiver: receiving.counts.most }).toEqual({ receiver: 2 });
  });

  it('counts a deletion as unsynced until the relay has committed it', { timeout: 20_000 }, async () => {
    const a = make();
    await a.engine.start();
    await a.engine.pair(await enrolCode(relay));
    const register = await a.device.source.open(day);
    // An empty document is trivially safe: wait for the download, not just for "all safe".
    await expect.poll(() => register.getMap('entries').get('p1')).toBe('arrived 08:52');
    await waitForStatus(a.engine, 'A all safe', allSafe);
    register.getMap('entries').delete('p1');
    expect(a.engine.unsyncedDocuments()).toEqual([day]);
    await waitForStatus(a.engine, 'A all safe after the deletion', allSafe);

    const c = make();
    await c.engine.start();
    await c.engine.pair(await enrolCode(relay));
    const cRegister = await c.device.source.open(day);
    await waitForStatus(c.engine, 'C all safe', allSafe);
    await expect.poll(() => cRegister.getMap('entries').toJSON()).toEqual({});
  });

  it('never says "all safe" while it holds changes to another room it cannot sync', { timeout: 20_000 }, async () => {
    const a = make();
    await a.engine.start();
    await a.engine.pair(await enrolCode(relay));
    const otherRoom = await a.device.source.open('room/core/2026-11-23');
    await waitForStatus(a.engine, 'A all safe', allSafe);
    otherRoom.getMap('entries').set('p1', 'arrived');
    await waitForStatus(a.engine, 'out of scope', (s) => s.status.kind === 'out-of-scope' && s.status.documents === 1);
  });

  it('shows a change the relay refused as not accepted, with the reason, and keeps syncing the rest', { timeout: 20_000 }, async () => {
    const a = make();
    await a.engine.start();
    await a.engine.pair(await enrolCode(relay));
    const school = await a.device.source.open('school');
    const register = await a.device.source.open(day);
    await waitForStatus(a.engine, 'A all safe', allSafe);
    // A room's tablet may not change the school's settings: the relay refuses it and stores none of it.
    school.getMap('settings').set('name', 'Renamed by a tablet');
    const refused = await waitForStatus(a.engine, 'refused', (s) => s.status.kind === 'refused');
    expect(refused.status).toEqual({ kind: 'refused', documents: 1, reason: 'not-permitted:settings' });
    register.getMap('entries').set('p11', 'arrived 10:10');
    await waitForStatus(a.engine, 'the register still syncs', () => a.engine.unsyncedDocuments().join() === 'school');
    expect(a.engine.getSnapshot().status.kind).toBe('refused');
  });

  it('gives an off-site phone its cohort as the school: its providers’ pupils only', { timeout: 30_000 }, async () => {
    const coordinatorDevice = make();
    await coordinatorDevice.engine.start();
    await coordinatorDevice.engine.pair(await enrolCode(relay, 'coordinator'));
    const school = await coordinatorDevice.device.source.open('school');
    // Edit the school's own provider record once it has arrived: a second 'oakfield' map set on the same key would
    // race the first (the higher Yjs client id wins), and the pupils' attendance could be lost with the loser.
    await waitForStatus(coordinatorDevice.engine, 'coordinator caught up', allSafe);
    await expect.poll(() => school.getMap('providers').get('oakfield') instanceof Y.Map, { timeout: 10_000 }).toBe(true);
    school.transact(() => {
      for (const id of ['c1', 'c2']) school.getMap('pupils').set(id, new Y.Map<unknown>([['legalSurname', `Surname ${id}`], ['upn', `UPN-${id}`]]));
      const oakfield = school.getMap('providers').get('oakfield') as Y.Map<unknown>;
      oakfield.set('attends', new Y.Map([['c1', [2]]]));
    });
    await waitForStatus(coordinatorDevice.engine, 'coordinator all safe', allSafe);

    const phone = make();
    await phone.engine.start();
    await phone.engine.pair(await enrolCode(relay, 'offsite'));
    const cohort = await phone.device.source.open('school');
    await waitForStatus(phone.engine, 'phone all safe', allSafe);
    // The relay re-derives the cohort after the school changes: allow it a moment on a loaded machine.
    await expect.poll(() => Object.keys(cohort.getMap('pupils').toJSON()), { timeout: 10_000 }).toEqual(['c1']);
    expect(cohort.getMap('pupils').toJSON()).toEqual({ c1: { legalSurname: 'Surname c1' } });
    expect(Object.keys(cohort.getMap('providers').toJSON())).toEqual(['oakfield']);
  });

  it('refuses to pair an off-site phone that already holds a school', async () => {
    const phone = make();
    await phone.engine.start();
    (await phone.device.source.open('school')).getMap('settings').set('name', 'Set up on this phone');
    await expect(phone.engine.pair(await enrolCode(relay, 'offsite'))).rejects.toEqual(new SyncError('not-empty'));
    expect(phone.engine.getSnapshot().status).toEqual({ kind: 'not-paired' });
  });

  it('asks to pair again when the device is revoked, tells the app (which erases), and signs out only when told to lose changes', { timeout: 20_000 }, async () => {
    let revokedCalls = 0;
    const a = make(undefined, { onRevoked: () => revokedCalls++ });
    await a.engine.start();
    const device = await a.engine.pair(await enrolCode(relay));
    const register = await a.device.source.open(day);
    await waitForStatus(a.engine, 'A all safe', allSafe);

    const revoked = await runRelayCommand(relay.dataDir, ['revoke', device.deviceId]);
    expect(revoked.code, revoked.stderr).toBe(0);
    await waitForStatus(a.engine, 'needs pairing', (s) => s.status.kind === 'needs-pairing');
    expect(revokedCalls).toBe(1);
    register.getMap('entries').set('p9', 'arrived after revocation');
    await expect(a.engine.signOut()).rejects.toEqual(new SyncError('unsynced-changes'));
    await a.engine.signOut({ discardUnsynced: true });
    expect(a.engine.getSnapshot()).toEqual({ status: { kind: 'not-paired' }, device: null });
    expect(a.device.token()).toBeUndefined();
  });

  it('finds documents another device starts later, without restarting (the coordinator sees a phone’s new day)', { timeout: 20_000 }, async () => {
    const a = make(undefined, { discoverEveryMs: 200 });
    await a.engine.start();
    await a.engine.pair(await enrolCode(relay, 'coordinator'));
    await waitForStatus(a.engine, 'A all safe', allSafe);
    const name = 'provider/oakfield/2026-11-24';
    const phone = new TestClient(relay.wsUrl, name, coordinator(relay.dataDir).token);
    await phone.waitSynced();
    phone.doc.getMap('incidents').set('i1', 'Walked off site');
    await phone.waitSafe();
    phone.destroy();
    const found = async () => (await a.device.source.storedNames()).includes(name) && (await a.device.source.open(name)).getMap('incidents').get('i1');
    const deadline = Date.now() + 10_000;
    while (!(await found())) {
      if (Date.now() > deadline) throw new Error(`${name} never reached the coordinator's engine`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('never says "all safe" while a document a screen opened is still connecting, though the catch-up holds it too', { timeout: 20_000 }, async () => {
    const device = memoryDevice();
    // Reading the school's stored acknowledgement (and so connecting it) waits until the test lets it go.
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const load = device.acks.load;
    device.acks.load = async (name) => (name === 'school' ? held.then(() => load(name)) : load(name));
    const acquire = device.source.acquire;
    let schoolLeases = 0;
    let caughtUp!: () => void;
    const catchUpHolds = new Promise<void>((resolve) => (caughtUp = resolve));
    device.source.acquire = async (name) => {
      const lease = await acquire(name);
      if (name === 'school' && ++schoolLeases === 2) caughtUp();
      return lease;
    };
    const a = make(device);
    await a.engine.start();
    (await device.source.open('school')).getMap('settings').set('note', 'Typed before pairing');
    const seen: string[] = [];
    a.engine.subscribe(() => seen.push(a.engine.getSnapshot().status.kind));
    await a.engine.pair(await enrolCode(relay, 'coordinator'));
    // The catch-up's pass lists the school (the relay holds it) and holds it open (the engine's own lease is the first).
    await catchUpHolds;
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).not.toContain('all-safe');
    letGo();
    await waitForStatus(a.engine, 'A all safe', allSafe);
  });

  // Last: it puts the relay's store back to an earlier moment.
  it('sends what a relay restored from an older backup lost, and says "all safe" only once it holds it again', { timeout: 60_000 }, async () => {
    const entriesOnRelay = async (name: string, until: (entries: Record<string, unknown>) => boolean) => {
      const reader = new TestClient(relay.wsUrl, name, coordinator(relay.dataDir).token);
      try {
        await reader.waitSynced();
        await waitUntil(`${name} on the relay`, () => until(reader.doc.getMap('entries').toJSON()), onDocUpdate(reader.doc));
        return reader.doc.getMap('entries').toJSON();
      } finally {
        reader.destroy();
      }
    };
    // A day another device recorded: the tablet's first pass fetches it and notes the relay's version of it.
    const noted = 'room/base/2026-11-30';
    const writer = new TestClient(relay.wsUrl, noted, coordinator(relay.dataDir).token);
    await writer.waitSynced();
    writer.doc.getMap('entries').set('p1', 'absent');
    await writer.waitSafe();
    writer.destroy();
    // Passes once a minute, as in the app: only the relay coming back starts one within this test. (The engines of the
    // tests above still hold these days too, and may send the relay the tablet's changes before it does; see
    // restoreCatchUp.relay.test.ts for that interleaving driven on purpose.)
    const a = make();
    await a.engine.start();
    await a.engine.pair(await enrolCode(relay, 'coordinator'));
    await expect.poll(async () => (await a.device.acks.loadAll()).get(noted)?.relayVersion, { timeout: 10_000 }).toBeDefined();
    await waitForStatus(a.engine, 'A all safe', allSafe);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-engine-backup-'));
    try {
      const backup = path.join(dir, 'backup.sqlite');
      const taken = await runRelayCommand(relay.dataDir, ['backup', backup]);
      expect(taken.code, taken.stderr).toBe(0);

      // After the backup: the noted day is corrected, and a new day recorded; the relay acknowledges both, they close.
      const fresh = 'room/base/2026-12-01';
      (await a.device.source.open(noted)).getMap('entries').set('p1', 'arrived late 09:20');
      (await a.device.source.open(fresh)).getMap('entries').set('p2', 'arrived 08:50');
      await entriesOnRelay(noted, (e) => e.p1 === 'arrived late 09:20');
      await entriesOnRelay(fresh, (e) => e.p2 === 'arrived 08:50');
      await expect.poll(() => a.engine.unsyncedDocuments()).toEqual([]);
      a.device.source.close(noted);
      a.device.source.close(fresh);

      await relay.stop();
      await waitForStatus(a.engine, 'A offline', (s) => s.status.kind === 'offline');
      const restored = await runRelayCommand(relay.dataDir, ['restore', backup]);
      expect(restored.code, restored.stderr).toBe(0);
    } finally {
      await relay.restart();
      await rm(dir, { recursive: true, force: true });
    }
    // The first "all safe" after the relay is back comes only once it holds both days again.
    await waitForStatus(a.engine, 'A all safe after the restore', allSafe, 20_000);
    const [noteOnRelay, freshOnRelay] = await Promise.all([entriesOnRelay('room/base/2026-11-30', () => true), entriesOnRelay('room/base/2026-12-01', () => true)]);
    expect(noteOnRelay).toEqual({ p1: 'arrived late 09:20' });
    expect(freshOnRelay).toEqual({ p2: 'arrived 08:50' });
  });
});
