// Red-team findings (December 2026), through the public protocol: each test failed on the relay before its fix.
import Database from 'better-sqlite3';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type WebSocket from 'ws';
import { encodeSyncStep1, encodeSyncUpdate } from './relay/protocol.js';
import { TestClient, waitUntil } from './test-support/clients.js';
import { craftUpdate, strangerClient } from './test-support/crafted-updates.js';
import { coordinator, mintDevice, type TestDevice } from './test-support/devices.js';
import { closeEvent, inbox, openSocket, tryUpgrade } from './test-support/raw-socket.js';
import { startRelay, type RelayProcess } from './test-support/relay-process.js';
import { openSqliteStore, storeFileName } from './store/sqlite-store.js';

/** Sends a sync step 1 and resolves once the relay's sync step 2 reply arrives (the relay handles a socket's messages in order). */
function barrier(socket: WebSocket): Promise<void> {
  const isStep2 = (m: Uint8Array) => {
    const d = decoding.createDecoder(m);
    return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 1;
  };
  const messages = inbox(socket).messages;
  const seen = messages.filter(isStep2).length;
  return new Promise<void>((resolve) => {
    const check = () => {
      if (messages.filter(isStep2).length > seen) (socket.off('message', check), resolve());
    };
    socket.on('message', check);
    socket.send(encodeSyncStep1(new Uint8Array([0])));
  });
}

describe('red team: what a paired device sends cannot take the relay down or forge its log', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  let all: TestDevice;
  let supervisor: TestDevice;
  const clients: TestClient[] = [];
  const client = (doc: string, device: TestDevice) => {
    const c = new TestClient(relay.wsUrl, doc, device.token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    relay = await startRelay();
    all = coordinator(relay.dataDir);
    supervisor = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
  }, 30_000);
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await relay?.dispose();
  });

  it('refuses a write into a part with a 200-character name (longer than a close reason may be) without crashing', async () => {
    // A supervisor may not write the school document: the refusal names the part, which the device chose.
    const socket = await openSocket(relay.wsUrl, 'school', supervisor.token);
    const closed = closeEvent(socket);
    const forged = new Y.Doc();
    forged.getMap('x'.repeat(200)).set('k', 1);
    socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forged)));
    const { code, reason } = await closed;
    expect(code).toBe(4422);
    expect(reason.startsWith('not-permitted:xxx')).toBe(true);
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
    // The relay is still there for everyone else.
    const honest = client('school', all);
    await honest.waitSynced();
    honest.doc.getMap('settings').set('name', 'Still here');
    await honest.waitSafe();
  });

  it('writes a part name a device chose as one log line, so it cannot forge other lines', async () => {
    const socket = await openSocket(relay.wsUrl, 'school', supervisor.token);
    const closed = closeEvent(socket);
    const forged = new Y.Doc();
    const fake = `\n[relay] 2026-12-02T09:00:00.000Z erased deviceId=${all.deviceId} docName=pupil/p1`;
    forged.getMap(`notes${fake}`).set('k', 1);
    socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forged)));
    expect((await closed).code).toBe(4422);
    const lines = relay.log().split('\n');
    expect(lines.some((line) => line.startsWith('[relay] 2026-12-02T09:00:00.000Z erased'))).toBe(false);
  });

  describe('an erased pupil stays erased whatever shape a device sends their record in', () => {
    const dayName = 'room/base/2026-03-10';
    const record = (fields: Record<string, unknown>) => new Y.Map<unknown>(Object.entries(fields));
    /** What a freshly connected coordinator reads of the day: what the relay stored. */
    const storedNotes = async () => {
      const reader = client(dayName, all);
      await reader.waitSynced();
      const notes = reader.doc.getMap('notes').toJSON() as Record<string, unknown>;
      reader.destroy();
      return notes;
    };
    /** Sends one update from the supervisor's tablet as a raw socket and resolves with how the relay answered. */
    const send = async (update: Uint8Array) => {
      const socket = await openSocket(relay.wsUrl, dayName, supervisor.token);
      const closed = closeEvent(socket);
      socket.send(encodeSyncUpdate(update));
      // A sync step 1 sent after the update: its reply proves the update was handled (and kept) if the socket stays open.
      const outcome = await Promise.race([closed, barrier(socket).then(() => 'kept' as const)]);
      socket.close();
      return outcome;
    };

    beforeAll(async () => {
      const school = client('school', all);
      await school.waitSynced();
      school.doc.transact(() => {
        school.doc.getMap('rooms').set('base', record({ id: 'base', name: 'The BASE' }));
        for (const id of ['p-gone', 'p-kept']) school.doc.getMap('pupils').set(id, record({ id, legalSurname: `ROSTER-${id}` }));
      });
      await school.waitSafe();
      const res = await fetch(`${relay.httpUrl}/api/erase`, {
        method: 'POST',
        body: JSON.stringify({ kind: 'pupil', pupilId: 'p-gone' }),
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${all.token}` },
      });
      expect(res.status).toBe(200);
    });

    it('refuses the erased pupil as an ordinary record (what the relay already checked)', async () => {
      const doc = new Y.Doc();
      doc.getMap('notes').set('n-any', { pupilId: 'p-gone', text: 'BACK-AS-ANY' });
      expect(await send(Y.encodeStateAsUpdate(doc))).toEqual({ code: 4422, reason: 'erased-pupil:p-gone' });
    });

    it('refuses the erased pupil when the record is encoded as Yjs JSON content instead of Any content', async () => {
      const doc = new Y.Doc();
      doc.getMap('notes').set('n-json', record({ pupilId: 'p-gone', text: 'BACK-AS-JSON' }));
      // The same record, its pupilId field in the older JSON content encoding (Yjs still decodes it; map.get reads it alike).
      for (const struct of doc.store.clients.get(doc.clientID)!) {
        if (struct instanceof Y.Item && struct.parentSub === 'pupilId') struct.content = new Y.ContentJSON(['p-gone']);
      }
      const update = Y.encodeStateAsUpdate(doc);
      const check = new Y.Doc();
      Y.applyUpdate(check, update);
      expect((check.getMap('notes').get('n-json') as Y.Map<unknown>).get('pupilId')).toBe('p-gone');
      expect(await send(update)).toEqual({ code: 4422, reason: 'erased-pupil:p-gone' });
      expect(Object.keys(await storedNotes())).not.toContain('n-json');
    });

    it('refuses the erased pupil hidden in a list after an element the same update deletes', async () => {
      // Two entries in one struct (one push of two values), and a deletion of the first value only: the check took the
      // whole struct as "deleted here" when its first clock was.
      const encoder = new Y.UpdateEncoderV1();
      const e = encoder.restEncoder;
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 1);
      encoder.writeClient(strangerClient(77));
      encoding.writeVarUint(e, 0);
      encoder.writeInfo(8); // Any content, no origins: its parent follows
      encoder.writeParentInfo(true);
      encoder.writeString('log');
      encoder.writeLen(2);
      encoding.writeAny(e, { pupilId: 'p-kept', text: 'decoy' });
      encoding.writeAny(e, { pupilId: 'p-gone', text: 'BACK-IN-A-LIST' });
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, strangerClient(77));
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 1);
      const update = encoder.toUint8Array();
      const check = new Y.Doc();
      Y.applyUpdate(check, update);
      expect(check.getArray('log').toJSON()).toEqual([{ pupilId: 'p-gone', text: 'BACK-IN-A-LIST' }]);
      expect(await send(update)).toEqual({ code: 4422, reason: 'erased-pupil:p-gone' });
    });
  });

  describe('placing items among concurrent ones', () => {
    it('refuses an update whose every item names neighbours far apart, and keeps the day as stored', async () => {
      const dayName = 'room/base/2026-03-12';
      const writer = client(dayName, supervisor);
      await writer.waitSynced();
      const n = 4_000;
      // One value at a time into two lists in turn, so that each value is an item of its own (Yjs merges a run of
      // values written one after another into one item): log's values have the even clocks.
      writer.doc.transact(() => {
        for (let i = 0; i < n; i++) (writer.doc.getArray<number>('log').push([i]), writer.doc.getArray<number>('pad').push([i]));
      });
      await writer.waitSafe();
      // The same tablet, under its own client id: item j goes between the j-th value and the (n-1-j)-th, so Yjs would
      // walk about n - 2j items to place it (the square of the update's size in all: about a second on a 2-core
      // machine). Each pair of neighbours differs, so the inspection's rule against siblings does not catch it.
      const me = writer.doc.clientID;
      const structs = Array.from({ length: n / 2 - 1 }, (_, j) => ({
        kind: 'between' as const,
        origin: { client: me, clock: 2 * j },
        right: { client: me, clock: 2 * (n - 1 - j) },
        value: j,
      }));
      const socket = await openSocket(relay.wsUrl, dayName, supervisor.token);
      const closed = closeEvent(socket);
      socket.send(encodeSyncUpdate(craftUpdate([{ client: me, clock: 2 * n, structs }])));
      const outcome = await Promise.race([closed, barrier(socket).then(() => 'kept' as const)]);
      expect(outcome).toEqual({ code: 4422, reason: 'costly-inserts' });
      expect(relay.log()).toMatch(/write-refused.*costly-inserts/);
      // Nothing of it was stored or served: a device opening the day now reads the list as it was.
      const reader = client(dayName, all);
      await reader.waitSynced();
      expect(reader.doc.getArray('log').length).toBe(n);
      // The honest writer on the same day was told to reconnect, and its next change is safe.
      writer.doc.getArray<number>('log').push([n]);
      await writer.waitSafe();
      expect(writer.doc.getArray('log').length).toBe(n + 1);
    });

    it('accepts two tablets that each added a thousand values at the same place while apart', async () => {
      const dayName = 'room/base/2026-03-13';
      const tablet = () => mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
      const first = client(dayName, tablet());
      await first.waitSynced();
      first.doc.getArray<string>('log').push(['shared start']);
      await first.waitSafe();
      const second = client(dayName, tablet());
      await second.waitSynced();
      first.provider.disconnect();
      second.provider.disconnect();
      for (let i = 0; i < 1_000; i++) {
        first.doc.getArray<string>('log').push([`first ${i}`]);
        second.doc.getArray<string>('log').push([`second ${i}`]);
      }
      first.provider.connect();
      await first.waitSafe();
      // The second tablet's first value walks past the first tablet's thousand to find its place.
      second.provider.connect();
      await second.waitSafe();
      const reader = client(dayName, all);
      await reader.waitSynced();
      expect(reader.doc.getArray('log').length).toBe(2_001);
    });
  });
});

describe('red team: a compaction is charged to the device whose change set it off', { timeout: 60_000 }, () => {
  const dayName = 'room/base/2026-03-20';
  /** A day made large beforehand (16 MiB in the store of a new relay), so that building it is no part of any budget. */
  const largeDay = () => {
    const large = new Y.Doc();
    large.transact(() => {
      for (let i = 0; i < 8_000; i++) large.getMap('notes').set(`n${i}`, `${i} ${'x'.repeat(2_000)}`);
    });
    return large;
  };
  const seeded = async (large: Y.Doc) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-relay-'));
    const seed = openSqliteStore(dataDir);
    seed.appendUpdate(dayName, Y.encodeStateAsUpdate(large));
    seed.close();
    return dataDir;
  };
  /**
   * A tablet's raw socket on the day, holding the day already (so a barrier's reply carries nothing): `change` sends
   * tiny changes; `barrier` resolves once the relay answered a sync step 1 sent after them (it answers once every change
   * before it is committed).
   */
  const tabletOn = async (relay: RelayProcess, large: Y.Doc) => {
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const socket = await openSocket(relay.wsUrl, dayName, tablet.token);
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(large));
    local.on('update', (update: Uint8Array) => socket.send(encodeSyncUpdate(update)));
    const barrier = () =>
      new Promise<void>((resolve) => {
        const isStep2 = (m: Uint8Array) => {
          const d = decoding.createDecoder(new Uint8Array(m));
          return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 1;
        };
        const check = (m: Uint8Array) => isStep2(m) && (socket.off('message', check), resolve());
        socket.on('message', check);
        socket.send(encodeSyncStep1(Y.encodeStateVector(local)));
      });
    return { tablet, socket, closed: closeEvent(socket), change: (i: number) => local.getMap('entries').set('p1', i), barrier };
  };

  it('closes a tablet whose tiny changes to a large day set off a compaction costing more than its budget', async () => {
    const large = largeDay();
    // 5 ms of the relay's time a second (bursts of 50 ms): plenty for tiny changes, not for rewriting 16 MiB.
    const relay = await startRelay({ COMPACT_AFTER_UPDATES: '20', APPLY_MS_PER_SECOND: '5' }, { dataDir: await seeded(large) });
    try {
      const { closed, change, barrier } = await tabletOn(relay, large);
      for (let i = 0; i < 25; i++) change(i);
      // A second barrier, sent after the first is answered, finds the socket closed if the compaction put it over budget.
      const outcome = await Promise.race([closed, barrier().then(barrier).then(() => 'kept' as const)]);
      expect(outcome).toEqual({ code: 1008, reason: 'too-costly' });
    } finally {
      await relay.dispose();
    }
  });

  it('charges the compaction of a large day on its way out of memory to the tablet that changed it last, gone by then', async () => {
    const large = largeDay();
    // The sweep (every PING_INTERVAL_MS) forgets the budget of a device with no socket well before the day is unloaded.
    const relay = await startRelay({ IDLE_UNLOAD_MS: '3000', PING_INTERVAL_MS: '1000', APPLY_MS_PER_SECOND: '5' }, { dataDir: await seeded(large) });
    try {
      const { tablet, socket, change, barrier } = await tabletOn(relay, large);
      change(1);
      await barrier();
      socket.close();
      // The day leaves memory once nobody is on it, and its log (the large row and the tablet's change) is compacted.
      const reader = new Database(path.join(relay.dataDir, storeFileName), { readonly: true });
      const rows = reader.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates WHERE doc_name = ?');
      try {
        await waitUntil('the day compacted into one row', () => rows.get(dayName)!.n === 1, (recheck) => {
          const poll = setInterval(recheck, 25);
          return () => clearInterval(poll);
        });
      } finally {
        reader.close();
      }
      // Rewriting 16 MiB went over the tablet's budget (the one held for it now): it is kept off for COOL_DOWN_MS.
      const again = await tryUpgrade(relay.wsUrl, dayName, ['baseroom', tablet.token]);
      expect(again).toMatchObject({ opened: false, status: 429, reason: 'cooling-down' });
    } finally {
      await relay.dispose();
    }
  });
});
