// An attacker holding one paired device (or only reaching the port), through the public protocol: holes found by the
// attack audit of December 2026, each refused cheaply with nothing stored, while honest devices keep syncing.
import http from 'node:http';
import * as decoding from 'lib0/decoding';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './relay/protocol.js';
import { openSqliteStore } from './store/sqlite-store.js';
import { TestClient } from './test-support/clients.js';
import { craftUpdate, strangerClient } from './test-support/crafted-updates.js';
import { coordinator, mintDevice } from './test-support/devices.js';
import { closeEvent, inbox, openSocket, tryUpgrade } from './test-support/raw-socket.js';
import { startRelay, type RelayProcess } from './test-support/relay-process.js';

const day = 'room/base/2026-11-23';

/** Resolves once the relay acknowledges holding `client`'s structs (its sync step 1 carries its state vector). */
function acknowledged(socket: WebSocket, client: number): Promise<string> {
  const holds = (m: Uint8Array) => {
    const d = decoding.createDecoder(m);
    return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 0 && (Y.decodeStateVector(decoding.readVarUint8Array(d)).get(client) ?? 0) > 0;
  };
  return inbox(socket).next(holds).then(() => 'all stored');
}

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
      // A gap in its answer to the greeting (sync step 2) is refused (before the answer, one would be dropped).
      if (i % 2 === 1) socket.send(encodeSyncStep2(craftUpdate([{ client: strangerClient(1), clock: 5, structs: [{ kind: 'map-set', parent: 'n', key: 'x', value: 1 }] }])));
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

  it('writes one refusal line for a device refused over and over, whatever part names it makes up', async () => {
    // The part a refusal names is the device's choice: a new name each time made a new line (kept for years) each time.
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    for (let i = 0; i < 6; i++) {
      const socket = await openSocket(relay.wsUrl, 'school', tablet.token);
      const closed = closeEvent(socket);
      socket.send(encodeSyncUpdate(craftUpdate([{ client: strangerClient(10 + i), clock: 0, structs: [{ kind: 'map-set', parent: `made-up-${i}`, key: 'k', value: 1 }] }])));
      expect(await closed).toEqual({ code: 4422, reason: `not-permitted:made-up-${i}` });
    }
    const writer = new TestClient(relay.wsUrl, 'room/base/2026-11-26', coordinator(relay.dataDir).token);
    await writer.waitSynced();
    writer.doc.getMap('notes').set('n1', 'after the flood');
    await writer.waitSafe();
    writer.destroy();
    const response = await fetch(`${relay.httpUrl}/api/audit?doc=school&device=${tablet.deviceId}`, { headers: { Authorization: `Bearer ${coordinator(relay.dataDir).token}` } });
    const lines = ((await response.json()) as { entries: { action: string; detail: string }[] }).entries;
    expect(lines.filter((line) => line.action === 'refused').map((line) => line.detail)).toEqual(['not-permitted:made-up-0']);
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

/** An upgrade request written byte for byte (no client library normalising the path): the status the relay answers. */
function rawUpgradeStatus(relay: RelayProcess, target: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(relay.port, '127.0.0.1');
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      const line = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (line) (resolve(Number(line[1])), socket.destroy());
    });
    socket.on('error', reject);
    socket.write(
      Buffer.from(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: baseroom, ${token}\r\n\r\n`,
        'utf8',
      ),
    );
  });
}

describe('a room tablet naming a document outside its scope, however the name is spelt', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay();
  }, 30_000);
  afterAll(() => relay?.dispose());

  it.each([
    ['another room', '/sync/room/other/2026-11-23', 403],
    ['another room, through the default school’s long address', '/schools/default/sync/room/other/2026-11-23', 403],
    ['another device’s cohort', '/sync/cohort/d-someone-else', 403],
    ['a dot-dot segment', '/sync/room/base/../other/2026-11-23', 400],
    ['a percent-encoded dot-dot', '/sync/room/base/%2e%2e/other/2026-11-23', 400],
    ['percent-encoded slashes', '/sync/room%2Fother%2F2026-11-23', 400],
    ['a double slash', '/sync//room/other/2026-11-23', 400],
    ['capitals', '/sync/room/OTHER/2026-11-23', 400],
    ['a trailing slash', '/sync/room/other/2026-11-23/', 400],
    ['a Cyrillic look-alike of its own room', '/sync/room/b\u0430se/2026-11-23', 400],
    ['a query string', '/sync/room/other/2026-11-23?room=base', 400],
    ['a fragment', '/sync/room/base/2026-11-23#/../other', 400],
    ['a date that does not exist', '/sync/room/base/2026-02-30', 400],
    ['another school on a one-school relay', '/schools/oak-academy/sync/room/base/2026-11-23', 404],
    ['the absolute form of the address', 'http://127.0.0.1/sync/room/other/2026-11-23', 404],
  ])('refuses %s before the socket opens', async (_name, target, status) => {
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    expect(await rawUpgradeStatus(relay, '/sync/room/base/2026-11-23', tablet.token)).toBe(101);
    expect(await rawUpgradeStatus(relay, target, tablet.token)).toBe(status);
  });
});

describe('a device that asks and never reads', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay();
  }, 30_000);
  afterAll(() => relay?.dispose());

  it('has the relay hold at most 32 MiB of replies for all its sockets together, not 16 MiB for each of 48', async () => {
    // A 10 MiB day (written in the store directly: through a socket it would take this device's bytes budget).
    const day = 'room/base/2026-11-26';
    const large = new Y.Doc();
    large.getMap('notes').set('long', 'x'.repeat(10 * 1024 * 1024));
    const store = openSqliteStore(relay.dataDir);
    store.appendUpdate(day, Y.encodeStateAsUpdate(large));
    store.close();
    // Twelve sockets that never read, each asking for the whole day: 120 MiB of replies, each socket's under 16 MiB.
    // (One device with 48 sockets and a 15 MiB document had the relay hold nearly 1 GB.)
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const ask = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()));
    const silent: WebSocket[] = [];
    for (let i = 0; i < 12; i++) {
      const socket = await openSocket(relay.wsUrl, day, tablet.token);
      (socket as unknown as { _socket: { pause(): void } })._socket.pause();
      socket.send(ask);
      silent.push(socket);
    }
    // The same request from another device that reads: once its whole reply is here, the relay has long handled the others.
    const reader = await openSocket(relay.wsUrl, day, coordinator(relay.dataDir).token);
    const replies = inbox(reader);
    reader.send(ask);
    await replies.next((m) => m[0] === 0 && m[1] === 1);
    reader.close();
    const outcomes = await Promise.all(
      silent.map(
        (socket) =>
          new Promise<'reply' | 'dropped'>((resolve) => {
            socket.on('message', (m: Buffer) => m[0] === 0 && m[1] === 1 && (resolve('reply'), socket.close()));
            socket.on('close', () => resolve('dropped'));
            (socket as unknown as { _socket: { resume(): void } })._socket.resume();
          }),
      ),
    );
    const replied = outcomes.filter((o) => o === 'reply').length;
    // The first few fit under 32 MiB (each socket's reply partly in the kernel's buffers, which the relay does not count).
    expect(replied).toBeGreaterThanOrEqual(3);
    expect(replied).toBeLessThan(12);
    expect(relay.log()).toContain('reason=not-reading');
  });
});

describe('a device writing all day long', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    // 256 KiB a day here (256 MiB by default): within a second's burst, so the test does not wait a day.
    relay = await startRelay({ BYTES_PER_DAY: String(256 * 1024) });
  }, 30_000);
  afterAll(() => relay?.dispose());

  it('stores no more than BYTES_PER_DAY from it, however slowly it sends', async () => {
    // BYTES_PER_SECOND alone let one tablet store 1 MiB every second, each write under a new key: 18.8 MB in 15 s
    // through the stock provider, some 90 GB a day, until the disk was full and every device refused.
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const writer = new TestClient(relay.wsUrl, 'room/base/2026-11-27', tablet.token);
    await writer.waitSynced();
    const closed = new Promise<{ code: number; reason: string }>((resolve) => writer.provider.once('connection-close', (event) => event && resolve({ code: event.code, reason: event.reason })));
    writer.doc.getMap('notes').set('n1', 'x'.repeat(200 * 1024));
    await writer.waitSafe();
    writer.doc.getMap('notes').set('n2', 'x'.repeat(200 * 1024));
    expect(await Promise.race([closed, writer.waitSafe().then(() => 'stored')])).toEqual({ code: 1008, reason: 'too-many-bytes-today' });
    writer.destroy();
    // Kept off the relay for the cool-down, whichever socket it tries.
    expect(await tryUpgrade(relay.wsUrl, 'room/base/2026-11-28', ['baseroom', tablet.token])).toMatchObject({ opened: false, status: 429, reason: 'cooling-down' });
  });

  it('counts each Yjs client id a device claims against its day, not only the bytes that claimed it', async () => {
    // A claim is a row the store keeps for good (who owns the id), and a garbage-collected struct of a few bytes makes
    // one: 153 KB of such updates grew the store by 5 MB. 16 updates of 256 new ids each are under 40 KB on the wire here, the day 256 KiB.
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const socket = await openSocket(relay.wsUrl, 'room/base/2026-11-30', tablet.token);
    const closed = closeEvent(socket);
    let sent = 0;
    for (let u = 0; u < 16; u++) {
      const clients = Array.from({ length: 256 }, (_, i) => ({ client: strangerClient(10_000 + u * 256 + i), clock: 0, structs: [{ kind: 'gc' as const, length: 1 }] }));
      const message = encodeSyncUpdate(craftUpdate(clients));
      sent += message.byteLength;
      socket.send(message);
    }
    expect(sent).toBeLessThan(64 * 1024);
    expect(await Promise.race([closed, acknowledged(socket, strangerClient(10_000 + 16 * 256 - 1))])).toEqual({ code: 1008, reason: 'too-many-bytes-today' });
  });
});

describe('a token that runs out while its socket is open', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay();
  }, 30_000);
  afterAll(() => relay?.dispose());

  it('writes nothing more once it has expired, without waiting for the next liveness sweep', async () => {
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' }, { expiresAt: Date.now() + 1_500 });
    const writer = new TestClient(relay.wsUrl, 'room/base/2026-11-29', tablet.token);
    await writer.waitSynced();
    writer.doc.getMap('notes').set('before', 'stored');
    await writer.waitSafe();
    // The sweep that closes expired sockets runs every PING_INTERVAL_MS (30 s): until then, every write was stored.
    await new Promise((resolve) => setTimeout(resolve, tablet.claims.expiresAt - Date.now() + 50));
    const closed = new Promise((resolve) => writer.provider.once('closed', resolve));
    writer.doc.getMap('notes').set('after', 'must not be stored');
    expect(await Promise.race([closed, writer.waitSafe().then(() => 'stored')])).toEqual({ code: 4401, reason: 'expired' });
    writer.destroy();
    const reader = new TestClient(relay.wsUrl, 'room/base/2026-11-29', coordinator(relay.dataDir).token);
    await reader.waitSynced();
    expect(reader.doc.getMap('notes').toJSON()).toEqual({ before: 'stored' });
    reader.destroy();
  });
});

describe('an off-site phone holding a pupil’s record open', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay();
  }, 30_000);
  afterAll(() => relay?.dispose());

  it('is cut off from it as soon as the pupil no longer attends its providers, and hears nothing written after', async () => {
    const laptop = coordinator(relay.dataDir);
    const school = new TestClient(relay.wsUrl, 'school', laptop.token);
    await school.waitSynced();
    const oakfield = new Y.Map<unknown>([['id', 'oakfield'], ['name', 'Oakfield']]);
    school.doc.getMap('providers').set('oakfield', oakfield);
    oakfield.set('attends', new Y.Map<unknown>([['p1', [1, 3]]]));
    await school.waitSafe();

    // Scope is decided at the upgrade: while p1 attends Oakfield, its phone may open p1's record.
    const phone = mintDevice(relay.dataDir, 'offsite', { kind: 'providers', providers: ['oakfield'] });
    const socket = await openSocket(relay.wsUrl, 'pupil/p1', phone.token);
    const heard = inbox(socket);
    await heard.next((m) => m[0] === 0 && m[1] === 0);
    const closed = closeEvent(socket);

    // p1 leaves Oakfield; the phone kept the socket open, and with it every later change to p1's record.
    (oakfield.get('attends') as Y.Map<unknown>).delete('p1');
    await school.waitSafe();
    school.destroy();
    const record = new TestClient(relay.wsUrl, 'pupil/p1', laptop.token);
    await record.waitSynced();
    record.doc.getMap('contacts').set('c1', new Y.Map<unknown>([['summary', 'Moved to a new placement']]));
    await record.waitSafe();
    record.destroy();
    const forwarded = heard.next((m) => m[0] === 0 && m[1] === 2).then(() => 'forwarded to the phone');
    expect(await Promise.race([closed, forwarded])).toEqual({ code: 1008, reason: 'out-of-scope' });
    // Opening it again is refused at the upgrade, as for any record it never had.
    expect(await tryUpgrade(relay.wsUrl, 'pupil/p1', ['baseroom', phone.token])).toMatchObject({ opened: false, status: 403 });
  });
});
