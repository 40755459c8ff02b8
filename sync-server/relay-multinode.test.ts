// Several relay processes on one PostgreSQL, through the public protocol only: any node answers any device (live
// sync across nodes, a code enrolled with the CLI pairs through another node, a revocation through one node closes the
// device on the other), and several schools on one relay never reach each other's documents or APIs.
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { onDocUpdate, TestClient, waitUntil } from './test-support/clients.js';
import { openPgStore } from './store/pg-store.js';
import { startPostgres, type PgServer } from './test-support/pg-server.js';
import { closeEvent, openSocket, tryUpgrade } from './test-support/raw-socket.js';
import { runRelayCommand, startRelay, type RelayProcess } from './test-support/relay-process.js';

const docName = 'room/base/2026-11-23';
const notes = (doc: Y.Doc) => doc.getMap<string>('notes');

describe('relay nodes sharing one PostgreSQL', { timeout: 60_000 }, () => {
  let pg: PgServer;
  let env: Record<string, string>;
  const nodes: RelayProcess[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    pg = await startPostgres();
    env = { DATABASE_URL: pg.url, TOKEN_SECRET: randomBytes(32).toString('hex'), TRUST_PROXY: 'true' };
    nodes.push(await startRelay(env), await startRelay(env));
  }, 90_000);
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await Promise.all(nodes.map((n) => n.dispose()));
    await pg?.dispose();
  });

  const schoolPath = (school?: string) => (school ? `/schools/${school}` : '');
  const wsUrl = (node: RelayProcess, school?: string) => node.wsUrl.replace(/\/sync$/, `${schoolPath(school)}/sync`);

  /** Enrols a device with the CLI (on the shared store, like a node's own command) and pairs it through `node`. */
  async function pairedDevice(node: RelayProcess, school?: string): Promise<{ deviceId: string; token: string; code: string }> {
    const out = await runRelayCommand(node.dataDir, ['enrol', '--role', 'coordinator', ...(school ? ['--school', school] : [])], env);
    const code = /Pairing code: (\S+)/.exec(out.stdout)?.[1];
    const deviceId = /Enrolled device (\S+)/.exec(out.stdout)?.[1];
    if (out.code !== 0 || !code || !deviceId) throw new Error(`enrol failed (${out.code}): ${out.stderr}`);
    const res = await pair(node, code, school);
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    return { deviceId, token, code };
  }

  const pair = (node: RelayProcess, code: string, school?: string, forwardedFor?: string) =>
    fetch(`${node.httpUrl}${schoolPath(school)}/api/pair`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}) },
      body: JSON.stringify({ code }),
    });

  const api = (node: RelayProcess, path: string, token: string, init: RequestInit = {}) =>
    fetch(`${node.httpUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });

  const client = (node: RelayProcess, token: string, school?: string, name = docName) => {
    const c = new TestClient(wsUrl(node, school), name, token);
    clients.push(c);
    return c;
  };

  const converged = (a: Y.Doc, b: Y.Doc, label: string) =>
    waitUntil(label, () => isDeepStrictEqual(notes(a).toJSON(), notes(b).toJSON()), (recheck) => {
      const offA = onDocUpdate(a)(recheck);
      const offB = onDocUpdate(b)(recheck);
      return () => (offA(), offB());
    });

  it('pairs a code enrolled with the CLI through the other node, once', async () => {
    const [node1, node2] = nodes as [RelayProcess, RelayProcess];
    const device = await pairedDevice(node2);
    // Used up on the shared store: no node takes it again.
    expect((await pair(node1, device.code)).status).toBe(401);
    const whoami = await api(node1, '/api/whoami', device.token);
    expect(await whoami.json()).toMatchObject({ deviceId: device.deviceId, role: 'coordinator' });
  });

  it('counts wrong pairing codes from one address across all nodes', async () => {
    const [node1, node2] = nodes as [RelayProcess, RelayProcess];
    const statuses: number[] = [];
    // Five typos are free; the sixth blocks the address for a second, on every node.
    for (let i = 0; i < 6; i++) statuses.push((await pair(i % 2 ? node2 : node1, 'ZZZZ-ZZZZ', undefined, '203.0.113.7')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    for (const node of [node1, node2]) {
      const refused = await pair(node, 'ZZZZ-ZZZZ', undefined, '203.0.113.7');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
    }
    // Another address is not held back.
    expect((await pair(node2, 'ZZZZ-ZZZZ', undefined, '198.51.100.4')).status).toBe(401);
  });

  it('shows a change written through one node live to a device reading through the other, both ways', async () => {
    const [node1, node2] = nodes as [RelayProcess, RelayProcess];
    const writer = client(node1, (await pairedDevice(node1)).token);
    const reader = client(node2, (await pairedDevice(node2)).token);
    await Promise.all([writer.waitSynced(), reader.waitSynced()]);
    notes(writer.doc).set('n1', 'arrived 08:41, through node 1');
    await writer.waitSafe();
    await converged(writer.doc, reader.doc, 'node 2 device sees node 1 write');
    notes(reader.doc).set('n2', 'left 15:10, through node 2');
    await converged(writer.doc, reader.doc, 'node 1 device sees node 2 write');
    expect(notes(writer.doc).toJSON()).toEqual({ n1: 'arrived 08:41, through node 1', n2: 'left 15:10, through node 2' });
    // A device that comes later, through either node, finds both.
    const late = client(node1, (await pairedDevice(node2)).token);
    await late.waitSynced();
    await converged(late.doc, reader.doc, 'late joiner');
  });

  /** A device paired through `node` writes five notes to a document, each acknowledged before the next: five rows. */
  async function fiveSafeRows(node: RelayProcess, name: string): Promise<TestClient> {
    const writer = client(node, (await pairedDevice(node)).token, undefined, name);
    await writer.waitSynced();
    for (let i = 0; i < 5; i++) {
      notes(writer.doc).set(`n${i}`, `note ${i}`);
      await writer.waitSafe();
    }
    return writer;
  }

  it('compacts a document once its last device leaves the node (its log becomes one row)', async () => {
    // A node that unloads a document 100 ms after its last device leaves; the unload compacts it.
    const node = await startRelay({ ...env, IDLE_UNLOAD_MS: '100' });
    nodes.push(node);
    const name = 'room/compact/2026-11-23';
    const writer = await fiveSafeRows(node, name);
    const store = await openPgStore(pg.url);
    try {
      const school = store.forSchool('default');
      expect(await school.updateCount(name)).toBe(5);
      writer.destroy();
      // The store is asked again until the node's unload has compacted the log.
      const deadline = Date.now() + 15_000;
      while ((await school.updateCount(name)) > 1) {
        if (Date.now() > deadline) throw new Error('the log was not compacted within 15 s of its last device leaving');
        await new Promise((r) => setTimeout(r, 50));
      }
      const doc = new Y.Doc();
      for (const row of await school.loadDoc(name)) Y.applyUpdate(doc, row.update);
      expect(notes(doc).toJSON()).toEqual(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`n${i}`, `note ${i}`])));
    } finally {
      await store.close();
    }
  });

  it('compacts every document it holds when it stops, before it closes the store (more of them than it has connections)', async () => {
    const node = await startRelay(env);
    nodes.push(node);
    // Twelve: the store's pool has ten connections, so two compactions wait for one; closing the pool must wait too.
    const names = Array.from({ length: 12 }, (_, i) => `room/compact-at-stop-${i}/2026-11-23`);
    const writers = await Promise.all(names.map((name) => fiveSafeRows(node, name)));
    writers.forEach((w) => w.destroy());
    // Still loaded (IDLE_UNLOAD_MS is 30 s): only the shutdown unloads them.
    await node.stop();
    const store = await openPgStore(pg.url);
    try {
      const counts = await Promise.all(names.map((name) => store.forSchool('default').updateCount(name)));
      expect(counts).toEqual(names.map(() => 1));
    } finally {
      await store.close();
    }
  });

  it('closes and refuses on node 2 a device revoked through node 1', async () => {
    const [node1, node2] = nodes as [RelayProcess, RelayProcess];
    const admin = await pairedDevice(node1);
    const device = await pairedDevice(node2);
    const socket = await openSocket(wsUrl(node2), docName, device.token);
    const closed = closeEvent(socket);
    const revoked = await api(node1, `/api/devices/${device.deviceId}/revoke`, admin.token, { method: 'POST' });
    expect(revoked.status).toBe(200);
    expect(await closed).toEqual({ code: 4403, reason: 'revoked' });
    expect(await tryUpgrade(wsUrl(node2), docName, ['baseroom', device.token])).toMatchObject({ opened: false, status: 401, reason: 'revoked' });
    expect((await api(node2, '/api/whoami', device.token)).status).toBe(401);
  });

  it('closes, on node 2, a document erased through node 1, and stores nothing more of it', async () => {
    const [node1, node2] = nodes as [RelayProcess, RelayProcess];
    const day = 'room/base/2026-11-24';
    const admin = await pairedDevice(node1);
    const device = client(node2, (await pairedDevice(node2)).token, undefined, day);
    await device.waitSynced();
    notes(device.doc).set('before', 'written through node 2');
    await device.waitSafe();
    const erased = await api(node1, '/api/erase', admin.token, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'day', docName: day }),
    });
    expect(erased.status).toBe(200);
    // Node 2 still holds its copy; the next change through it is refused by the store and the device told why.
    const closed = new Promise<number>((resolve) => device.provider.on('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0)));
    notes(device.doc).set('after', 'must not be stored');
    expect(await closed).toBe(4410);
    // No row of it anywhere: the shared store lists no such document.
    const listed = (await (await api(node2, '/api/docs', admin.token)).json()) as { docs: string[] };
    expect(listed.docs).not.toContain(day);
    const late = await tryUpgrade(wsUrl(node1), day, ['baseroom', admin.token]);
    expect(late.opened).toBe(true);
    if (late.opened) expect(await closeEvent(late.socket)).toEqual({ code: 4410, reason: 'erased' });
  });

  it('closes at once, on node 2, the devices of a document erased through node 1, with nothing written', async () => {
    const [node1, node2] = nodes as [RelayProcess, RelayProcess];
    const day = 'room/base/2026-11-25';
    const admin = await pairedDevice(node1);
    const device = client(node2, (await pairedDevice(node2)).token, undefined, day);
    await device.waitSynced();
    notes(device.doc).set('before', 'written through node 2');
    await device.waitSafe();
    const closed = new Promise<number>((resolve) => device.provider.on('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0)));
    const erased = await api(node1, '/api/erase', admin.token, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'day', docName: day }),
    });
    expect(erased.status).toBe(200);
    // Node 2 drops its copy on the erasure's hint: its device is told, without writing anything first.
    expect(await closed).toBe(4410);
  });

  it("keeps schools apart: a device of one school opens none of another school's documents or APIs", async () => {
    const [node1, node2] = nodes as [RelayProcess, RelayProcess];
    const oak = await pairedDevice(node1, 'oak');
    const elm = await pairedDevice(node2, 'elm');
    const home = await pairedDevice(node1);
    // Its own school's documents, through either node.
    const oakWriter = client(node2, oak.token, 'oak');
    await oakWriter.waitSynced();
    notes(oakWriter.doc).set('secret', 'oak only');
    await oakWriter.waitSafe();
    const oakReader = client(node1, oak.token, 'oak');
    await oakReader.waitSynced();
    await converged(oakWriter.doc, oakReader.doc, 'oak device through node 1');

    // The same document name elsewhere: refused at the upgrade, whatever the path says.
    for (const node of [node1, node2]) {
      expect(await tryUpgrade(wsUrl(node), docName, ['baseroom', oak.token])).toMatchObject({ opened: false, status: 403, reason: 'wrong-school' });
      expect(await tryUpgrade(wsUrl(node, 'elm'), docName, ['baseroom', oak.token])).toMatchObject({ opened: false, status: 403, reason: 'wrong-school' });
      expect(await tryUpgrade(wsUrl(node, 'oak'), docName, ['baseroom', elm.token])).toMatchObject({ opened: false, status: 403, reason: 'wrong-school' });
      expect(await tryUpgrade(wsUrl(node, 'oak'), docName, ['baseroom', home.token])).toMatchObject({ opened: false, status: 403, reason: 'wrong-school' });
    }
    // And the HTTP APIs.
    expect((await api(node1, '/api/docs', oak.token)).status).toBe(403);
    expect((await api(node1, '/schools/elm/api/devices', oak.token)).status).toBe(403);
    expect((await api(node2, '/schools/oak/api/audit', elm.token)).status).toBe(403);
    expect((await api(node2, '/schools/oak/api/docs', home.token)).status).toBe(403);
    const oakDocs = await api(node2, '/schools/oak/api/docs', oak.token);
    expect(oakDocs.status).toBe(200);
    expect(((await oakDocs.json()) as { docs: string[] }).docs).toContain(docName);
    const oakDevices = ((await (await api(node2, '/schools/oak/api/devices', oak.token)).json()) as { devices: { deviceId: string }[] }).devices;
    expect(oakDevices.map((d) => d.deviceId)).toEqual([oak.deviceId]);
    // The default school's device list knows nothing of oak's device, and oak's content is in no other school's copy.
    const homeDevices = ((await (await api(node1, '/api/devices', home.token)).json()) as { devices: { deviceId: string }[] }).devices;
    expect(homeDevices.map((d) => d.deviceId)).not.toContain(oak.deviceId);
    const elmReader = client(node1, elm.token, 'elm');
    await elmReader.waitSynced();
    expect(notes(elmReader.doc).get('secret')).toBeUndefined();
    // A code of one school pairs nowhere else.
    const enrolled = await runRelayCommand(node1.dataDir, ['enrol', '--role', 'coordinator', '--school', 'oak'], env);
    const code = /Pairing code: (\S+)/.exec(enrolled.stdout)![1]!;
    expect((await pair(node2, code)).status).toBe(401);
    expect((await pair(node2, code, 'elm')).status).toBe(401);
    expect((await pair(node2, code, 'oak')).status).toBe(200);
  });
});
