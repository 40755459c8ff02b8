// The relay trusts no device: each attack a paired device could make, through the public protocol, refused with
// nothing stored, while honest devices keep syncing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './relay/protocol.js';
import { onDocUpdate, TestClient, waitUntil } from './test-support/clients.js';
import { craftUpdate, strangerClient } from './test-support/crafted-updates.js';
import { coordinator, mintDevice, type TestDevice } from './test-support/devices.js';
import { closeEvent, inbox, openSocket, tryUpgrade } from './test-support/raw-socket.js';
import { openSqliteStore } from './store/sqlite-store.js';
import { runRelayCommand, startRelay, type RelayProcess } from './test-support/relay-process.js';

const day = 'room/base/2026-11-23';
const limits = { MAX_SOCKETS_PER_DEVICE: '6', MAX_STRUCTS_PER_UPDATE: '2000', MAX_NEW_CLIENTS_PER_UPDATE: '16' };

/** The relay's sync step 1 carries its state vector: what it holds. */
function relayStateVector(message: Uint8Array): Map<number, number> | null {
  const d = decoding.createDecoder(message);
  if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== 0) return null;
  return Y.decodeStateVector(decoding.readVarUint8Array(d));
}

function awarenessMessage(bytes: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, new Uint8Array(bytes).fill(1));
  return encoding.toUint8Array(e);
}

describe('the relay trusts no device', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  let all: TestDevice;
  let supervisor: TestDevice;
  const clients: TestClient[] = [];
  const client = (doc: string, device: TestDevice) => {
    const c = new TestClient(relay.wsUrl, doc, device.token);
    clients.push(c);
    return c;
  };
  /** What a freshly connected coordinator reads from the relay: what it stored. */
  const stored = async (doc: string): Promise<Y.Doc> => {
    const reader = new TestClient(relay.wsUrl, doc, all.token);
    try {
      await reader.waitSynced();
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(reader.doc));
      return copy;
    } finally {
      reader.destroy();
    }
  };
  /** Resolves with the terminal close a stock client receives. */
  const refusal = (c: TestClient) =>
    new Promise<{ code: number; reason: string }>((resolve) => c.provider.once('closed', (event) => resolve(event)));

  beforeAll(async () => {
    relay = await startRelay(limits);
    all = coordinator(relay.dataDir);
    supervisor = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const school = client('school', all);
    await school.waitSynced();
    school.doc.transact(() => {
      const pupils = school.doc.getMap('pupils');
      for (const [id, surname, upn] of [['p1', 'Ahmed', 'A999200000001'], ['p2', 'Brown', 'B999200000002'], ['p3', 'Clarke', 'C999200000003']]) {
        pupils.set(id!, new Y.Map<unknown>([['legalSurname', surname], ['legalForename', 'Sam'], ['upn', upn], ['yearGroup', 9]]));
      }
      const providers = school.doc.getMap('providers');
      for (const [id, attends] of [['oakfield', 'p1'], ['riverside', 'p2']] as const) {
        const provider = new Y.Map<unknown>([['id', id], ['name', id]]);
        providers.set(id, provider);
        provider.set('attends', new Y.Map([[attends, [1, 3]]]));
      }
    });
    await school.waitSafe();
  }, 30_000);
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await relay?.dispose();
  });

  it('refuses a supervisor tablet renaming a pupil, deleting one, or adding one to a provider, and stores none of it', async () => {
    const edits: [string, (doc: Y.Doc) => void][] = [
      ['pupils', (doc) => (doc.getMap('pupils').get('p1') as Y.Map<unknown>).set('legalSurname', 'Renamed')],
      ['pupils', (doc) => doc.getMap('pupils').delete('p2')],
      ['providers', (doc) => ((doc.getMap('providers').get('oakfield') as Y.Map<unknown>).get('attends') as Y.Map<unknown>).set('p3', [2])],
    ];
    for (const [part, edit] of edits) {
      const tablet = client('school', supervisor);
      await tablet.waitSynced();
      const refused = refusal(tablet);
      edit(tablet.doc);
      expect(await refused).toEqual({ code: 4422, reason: `not-permitted:${part}` });
    }
    const school = await stored('school');
    expect((school.getMap('pupils').get('p1') as Y.Map<unknown>).get('legalSurname')).toBe('Ahmed');
    expect(school.getMap('pupils').has('p2')).toBe(true);
    expect([...((school.getMap('providers').get('oakfield') as Y.Map<unknown>).get('attends') as Y.Map<unknown>).keys()]).toEqual(['p1']);
    expect(relay.log()).toContain('write-refused');
  });

  it('lets a supervisor keep interviews in a pupil record but not change the coordinator’s placements', async () => {
    const tablet = client('pupil/p1', supervisor);
    await tablet.waitSynced();
    tablet.doc.getMap('interviews').set('i1', new Y.Map<unknown>([['kind', 'entry']]));
    await tablet.waitSafe();
    const refused = refusal(tablet);
    tablet.doc.getMap('placements').set('pl1', new Y.Map<unknown>([['status', 'finished']]));
    expect(await refused).toEqual({ code: 4422, reason: 'not-permitted:placements' });
    const record = await stored('pupil/p1');
    expect([record.getMap('interviews').has('i1'), record.getMap('placements').has('pl1')]).toEqual([true, false]);
  });

  it('gives an off-site phone only its cohort (its providers’ pupils, no UPNs, kept up to date) and read-only records of those pupils', async () => {
    const phone = mintDevice(relay.dataDir, 'offsite', { kind: 'providers', providers: ['oakfield'] });
    const cohort = client(`cohort/${phone.deviceId}`, phone);
    await cohort.waitSynced();
    const pupils = () => cohort.doc.getMap('pupils').toJSON() as Record<string, Record<string, unknown>>;
    expect(Object.keys(pupils())).toEqual(['p1']);
    expect(pupils().p1).toMatchObject({ legalSurname: 'Ahmed', yearGroup: 9 });
    expect(pupils().p1).not.toHaveProperty('upn');
    expect(Object.keys(cohort.doc.getMap('providers').toJSON())).toEqual(['oakfield']);

    const school = client('school', all);
    await school.waitSynced();
    ((school.doc.getMap('providers').get('oakfield') as Y.Map<unknown>).get('attends') as Y.Map<unknown>).set('p3', [5]);
    await waitUntil('the cohort gains p3', () => 'p3' in pupils(), onDocUpdate(cohort.doc));
    expect(Object.keys(pupils()).sort()).toEqual(['p1', 'p3']);

    // Its pupils' records it may read, not change; nobody else's it may open at all.
    const record = client('pupil/p1', phone);
    await record.waitSynced();
    const readOnly = refusal(record);
    record.doc.getMap('contacts').set('c1', new Y.Map<unknown>([['summary', 'Rang mum']]));
    expect(await readOnly).toEqual({ code: 4422, reason: 'not-permitted:contacts' });
    expect(await tryUpgrade(relay.wsUrl, 'pupil/p2', ['baseroom', phone.token])).toMatchObject({ opened: false, status: 403 });

    // Nobody writes a cohort but the relay.
    const refused = refusal(cohort);
    cohort.doc.getMap('pupils').delete('p1');
    expect(await refused).toEqual({ code: 4422, reason: 'not-permitted:pupils' });
  });

  it('refuses structs for another device’s client ids, so nobody can swallow a tablet’s offline note', async () => {
    const tablet = client(day, supervisor);
    await tablet.waitSynced();
    tablet.doc.getMap('notes').set('n1', 'First note');
    await tablet.waitSafe();

    // An attacker with its own paired tablet reads the relay's clocks and claims the next thousand of each (2^40 is
    // refused before ownership is even asked: see 'clock-span' below).
    const attacker = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const socket = await openSocket(relay.wsUrl, day, attacker.token);
    const clocks = relayStateVector(await inbox(socket).next((m) => relayStateVector(m) !== null))!;
    expect(clocks.get(tablet.doc.clientID)).toBeGreaterThan(0);
    const closed = closeEvent(socket);
    socket.send(encodeSyncUpdate(craftUpdate([...clocks].map(([c, clock]) => ({ client: c, clock, structs: [{ kind: 'gc', length: 1000 }] })))));
    expect(await closed).toEqual({ code: 4422, reason: 'foreign-client' });

    // The tablet's next note still reaches the relay, and "safe" means safe.
    tablet.doc.getMap('notes').set('n2', 'Written after the attack');
    await tablet.waitSafe();
    expect((await stored(day)).getMap('notes').get('n2')).toBe('Written after the attack');
  });

  it('accepts what honest Yjs sends for a record made and deleted before its first sync (its own garbage-collected structs)', async () => {
    const offline = new Y.Doc();
    offline.getMap('entries').set('mistake', new Y.Map<unknown>([['status', 'arrived'], ['at', '09:01']]));
    offline.getMap('entries').delete('mistake');
    offline.getMap('entries').set('p9', 'arrived 09:02');
    expect(Y.decodeUpdate(Y.encodeStateAsUpdate(offline)).structs.some((s) => s instanceof Y.GC)).toBe(true);
    const tablet = client(day, mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' }));
    Y.applyUpdate(tablet.doc, Y.encodeStateAsUpdate(offline));
    await tablet.waitSafe();
    expect((await stored(day)).getMap('entries').get('p9')).toBe('arrived 09:02');
  });

  it.each([
    ['a clock jump past what the relay holds (a gap)', 'gap', () => craftUpdate([{ client: strangerClient(1), clock: 5, structs: [{ kind: 'map-set', parent: 'notes', key: 'x', value: 1 }] }])],
    ['a garbage-collected range claiming 2^40 clocks of its own id', 'clock-span', () => craftUpdate([{ client: strangerClient(2), clock: 0, structs: [{ kind: 'gc', length: 2 ** 40 }] }])],
    ['a sub-document', 'subdocument', () => {
      const doc = new Y.Doc();
      doc.getMap('notes').set('x', new Y.Doc());
      return Y.encodeStateAsUpdate(doc);
    }],
    ['writes from more new client ids than one update may bring', 'too-many-clients', () =>
      Y.mergeUpdates(Array.from({ length: 17 }, (_, i) => craftUpdate([{ client: strangerClient(100 + i), clock: 0, structs: [{ kind: 'map-set', parent: 'notes', key: `k${i}`, value: i }] }])))],
    ['many concurrent writes to one key (quadratic to integrate)', 'conflicting-inserts', () =>
      craftUpdate([{ client: strangerClient(3), clock: 0, structs: Array.from({ length: 50 }, (_, i) => ({ kind: 'map-set' as const, parent: 'notes', key: 'same', value: i })) }])],
    ['more structs than one update may carry', 'too-many-structs', () => {
      const doc = new Y.Doc();
      doc.transact(() => {
        for (let i = 0; i < 2001; i++) doc.getMap('notes').set(`k${i}`, i);
      });
      return Y.encodeStateAsUpdate(doc);
    }],
    ['a deletion listed as thousands of overlapping ranges (each one checked against the relay’s copy)', 'too-many-structs', () =>
      craftUpdate([], Array.from({ length: 2001 }, (_, i) => ({ client: strangerClient(5), clock: i % 7, len: 1_000_000 })))],
    ['an insert after an item the relay has never seen', 'unresolvable', () =>
      craftUpdate([{ client: strangerClient(4), clock: 0, structs: [{ kind: 'after', origin: { client: strangerClient(4), clock: 7 }, value: 1 }] }])],
  ])('refuses %s and stores nothing of it', async (_name, reason, update) => {
    const device = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const socket = await openSocket(relay.wsUrl, day, device.token);
    const before = Y.encodeStateVector(await stored(day));
    const closed = closeEvent(socket);
    // Having answered the greeting, as the stock client does (before its answer, a gap is dropped: the answer brings it).
    socket.send(encodeSyncStep2(Y.encodeStateAsUpdate(new Y.Doc())));
    socket.send(encodeSyncUpdate(update()));
    expect(await closed).toEqual({ code: 4422, reason });
    expect(Y.encodeStateVector(await stored(day))).toEqual(before);
  });

  it('drops awareness: a small message reaches nobody, a large one closes the socket', async () => {
    const device = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const [sender, listener] = [await openSocket(relay.wsUrl, day, device.token), await openSocket(relay.wsUrl, day, all.token)];
    const heard = inbox(listener);
    sender.send(awarenessMessage(200));
    const writer = new Y.Doc();
    writer.getMap('notes').set('after-awareness', 1);
    sender.send(encodeSyncUpdate(Y.encodeStateAsUpdate(writer)));
    // Messages from one socket are handled in order: had the awareness been relayed, it would arrive before this update.
    await heard.next((m) => m[0] === 0 && m[1] === 2);
    expect(heard.messages.filter((m) => m[0] === 1)).toEqual([]);
    const closed = closeEvent(sender);
    sender.send(awarenessMessage(1_500_000));
    expect(await closed).toEqual({ code: 1009, reason: 'awareness-too-large' });
    listener.close();
  });

  it('caps the sockets one device may hold', async () => {
    const device = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const open = await Promise.all(Array.from({ length: 6 }, (_, i) => openSocket(relay.wsUrl, `room/base/2026-11-${String(10 + i)}`, device.token)));
    expect(await tryUpgrade(relay.wsUrl, day, ['baseroom', device.token])).toMatchObject({ opened: false, status: 429, reason: 'too-many-connections' });
    await Promise.all(open.map((s) => (s.close(), closeEvent(s))));
    // The relay lets go of a socket a moment after the client sees it closed: try again until it has.
    let again = await tryUpgrade(relay.wsUrl, day, ['baseroom', device.token]);
    for (let attempt = 0; !again.opened && attempt < 50; attempt++) again = await tryUpgrade(relay.wsUrl, day, ['baseroom', device.token]);
    expect(again.opened).toBe(true);
    if (again.opened) again.socket.close();
  });

  it('stores nothing a device sends once it is revoked, and closes its sockets', async () => {
    const device = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const socket = await openSocket(relay.wsUrl, day, device.token);
    const messages = inbox(socket);
    await messages.next((m) => relayStateVector(m) !== null);
    // A write first, so the relay has already found this device not revoked: the revocation below must still count
    // for the very next write, not only for a device's first.
    const before = new Y.Doc();
    before.getMap('notes').set('before-revocation', 'stored');
    socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(before)));
    // Acknowledged: a sync step 1 from the relay whose state vector holds the write.
    await messages.next((m) => (relayStateVector(m)?.get(before.clientID) ?? 0) > 0);
    const closed = closeEvent(socket);
    expect((await runRelayCommand(relay.dataDir, ['revoke', device.deviceId])).code).toBe(0);
    const late = new Y.Doc();
    late.getMap('notes').set('after-revocation', 'should never be stored');
    socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(late)));
    socket.send(encodeSyncStep1(Y.encodeStateVector(late)));
    expect((await closed).code).toBe(4403);
    const notes = (await stored(day)).getMap('notes');
    expect(notes.get('before-revocation')).toBe('stored');
    expect(notes.has('after-revocation')).toBe(false);
  });
});

describe('what one device may cost the relay beyond its writes', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ CONNECTS_PER_SECOND: '1', APPLY_MS_PER_SECOND: '5' });
  }, 30_000);
  afterAll(() => relay?.dispose());

  it('refuses a device that opens documents faster than it may (each one costs the relay memory)', async () => {
    const device = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const opened = [];
    // A burst of three, then the fourth in the same moment is refused.
    for (let i = 0; i < 3; i++) opened.push(await openSocket(relay.wsUrl, `room/base/2026-10-0${i + 1}`, device.token));
    expect(await tryUpgrade(relay.wsUrl, 'room/base/2026-10-05', ['baseroom', device.token])).toMatchObject({ opened: false, status: 429, reason: 'connecting-too-fast' });
    opened.forEach((socket) => socket.close());
  });

  it('charges the work of answering sync requests to the device: a flood of them on a large document closes it', async () => {
    // A large day, put in the store directly: written through a socket it would spend a device's tiny budget here.
    const large = new Y.Doc();
    large.transact(() => {
      for (let i = 0; i < 2000; i++) large.getMap('notes').set(`n${i}`, `note ${i}`);
    });
    const store = openSqliteStore(relay.dataDir);
    store.appendUpdate(day, Y.encodeStateAsUpdate(large));
    store.close();
    const device = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const socket = await openSocket(relay.wsUrl, day, device.token);
    const closed = closeEvent(socket);
    const ask = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()));
    for (let i = 0; i < 390; i++) socket.send(ask);
    expect(await closed).toEqual({ code: 1008, reason: 'too-costly' });
  });
});
