// An attacker holding one paired device (or only reaching the port), through the public protocol: holes found by the
// attack audit of December 2026, each refused cheaply with nothing stored, while honest devices keep syncing.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSyncUpdate } from './relay/protocol.js';
import { TestClient } from './test-support/clients.js';
import { craftUpdate, strangerClient } from './test-support/crafted-updates.js';
import { coordinator, mintDevice } from './test-support/devices.js';
import { closeEvent, openSocket, tryUpgrade } from './test-support/raw-socket.js';
import { startRelay, type RelayProcess } from './test-support/relay-process.js';

const day = 'room/base/2026-11-23';

describe('a message cheap to send but dear to read', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    // A tiny time budget (burst 20 ms): refusing an over-limit message must cost the relay next to nothing.
    relay = await startRelay({ MAX_STRUCTS_PER_UPDATE_TABLET: '100', APPLY_MS_PER_SECOND: '2' });
  }, 30_000);
  afterAll(() => relay?.dispose());

  it('refuses a tablet’s message of 140,000 tiny structs after reading no more of it than the limit allows', async () => {
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    // Just under 2 MiB: every struct a map entry of its own, keyed like a pupil id (each one a question for the store).
    const structs = Array.from({ length: 140_000 }, (_, i) => ({ kind: 'map-set' as const, parent: 'n', key: `k${i}`, value: 1 }));
    const socket = await openSocket(relay.wsUrl, day, tablet.token);
    const closed = closeEvent(socket);
    socket.send(encodeSyncUpdate(craftUpdate([{ client: strangerClient(1), clock: 0, structs }])));
    expect(await closed).toEqual({ code: 4422, reason: 'too-many-structs' });
    // Decoding all of it first took the relay 150-1,000 ms (its event loop held for every device): far over this
    // device's budget, which then kept it off the relay. Stopping at the limit costs microseconds.
    const again = await tryUpgrade(relay.wsUrl, day, ['baseroom', tablet.token]);
    expect(again).toMatchObject({ opened: true });
    if (again.opened) again.socket.close();
  });

  it('writes one audit line, not one per socket, for a device opening a document or being refused over and over', async () => {
    // Each line is kept six years: a device reconnecting 30 times a second grew the store by millions of rows a day.
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const doc = 'room/base/2026-11-24';
    for (let i = 0; i < 12; i++) {
      const socket = await openSocket(relay.wsUrl, doc, tablet.token);
      const closed = closeEvent(socket);
      if (i % 2 === 1) socket.send(encodeSyncUpdate(craftUpdate([{ client: strangerClient(1), clock: 5, structs: [{ kind: 'map-set', parent: 'n', key: 'x', value: 1 }] }])));
      else socket.close();
      expect((await closed).code).toBe(i % 2 === 1 ? 4422 : 1005);
    }
    // Lines are committed with the next batch of updates: once another device's write is safe, they are in the store.
    const writer = new TestClient(relay.wsUrl, 'room/base/2026-11-25', coordinator(relay.dataDir).token);
    await writer.waitSynced();
    writer.doc.getMap('notes').set('n1', 'after the flood');
    await writer.waitSafe();
    writer.destroy();
    const auditor = coordinator(relay.dataDir);
    const response = await fetch(`${relay.httpUrl}/api/audit?doc=${doc}&device=${tablet.deviceId}`, { headers: { Authorization: `Bearer ${auditor.token}` } });
    const lines = ((await response.json()) as { entries: { action: string; detail: string }[] }).entries;
    expect(lines.map(({ action, detail }) => ({ action, detail })).reverse()).toEqual([
      { action: 'opened', detail: '' },
      { action: 'refused', detail: 'gap' },
    ]);
  });
});

/** POST /api/pair from this machine; `hold` keeps the body back until the returned `send` is called. */
function pairRequest(relay: RelayProcess, code: string): { send(): void; status: Promise<number> } {
  const body = JSON.stringify({ code });
  let send = () => {};
  const status = new Promise<number>((resolve, reject) => {
    const req = http.request(`${relay.httpUrl}/api/pair`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.flushHeaders();
    send = () => req.end(body);
  });
  return { send: () => send(), status };
}

describe('guessing pairing codes', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay();
  }, 30_000);
  afterAll(() => relay?.dispose());

  it('checks the address’s back-off when the code arrives, not when the headers did', async () => {
    // Headers first, the code held back: an address could open thousands of these before its first wrong code, and
    // every one had passed the back-off check already.
    const early = pairRequest(relay, 'ZZZZ-ZZZ2');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const guess = pairRequest(relay, 'ZZZZ-ZZZZ');
      guess.send();
      statuses.push(await guess.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    early.send();
    expect(await early.status).toBe(429);
  });
});
