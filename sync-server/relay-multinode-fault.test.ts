// Three relay nodes on one PostgreSQL, with Redis as the bus, behind a small round-robin TCP proxy: devices write
// through different nodes, one node is SIGKILLed mid-burst and Redis is killed and restarted. Every update a device
// was told is safe is in the store, and every device converges. The seed is in the test's name; replay a failure with
// RELAY_FAULT_SEED=<seed>.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { onDocUpdate, TestClient, waitUntil } from './test-support/clients.js';
import { openPgStore } from './store/pg-store.js';
import { startPostgres, type PgServer } from './test-support/pg-server.js';
import { startRedis, type RedisServer } from './test-support/redis-server.js';
import { runRelayCommand, startRelay, type RelayProcess } from './test-support/relay-process.js';
import { createRandom } from '../src/roster/random.js';

const seed = Number(process.env.RELAY_FAULT_SEED ?? 20261202);
const docName = 'room/base/2026-12-02';
const notes = (doc: Y.Doc) => doc.getMap<string>('notes');
/** Paces the burst (a few ms now and then, as devices type): the relays acknowledge along the way. */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A load balancer in miniature: each new connection goes to the next node, skipping nodes that refuse it. */
async function roundRobinProxy(ports: readonly number[]): Promise<{ port: number; close(): Promise<void> }> {
  let next = 0;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const connect = (attempt: number) => {
      if (attempt >= ports.length) return void client.destroy();
      const upstream = net.connect(ports[next++ % ports.length]!, '127.0.0.1');
      upstream.once('error', () => connect(attempt + 1));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        open.add(upstream);
        upstream.on('error', () => client.destroy());
        upstream.on('close', () => (open.delete(upstream), client.destroy()));
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    connect(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('three relay nodes, one killed mid-burst, Redis bounced', { timeout: 120_000 }, () => {
  let pg: PgServer;
  let redis: RedisServer;
  let proxy: Awaited<ReturnType<typeof roundRobinProxy>>;
  let env: Record<string, string>;
  const nodes: RelayProcess[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    env = {
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      TOKEN_SECRET: randomBytes(32).toString('hex'),
      RATE_LIMIT_BURST: '10000',
      COMPACT_AFTER_UPDATES: '40',
    };
    for (let i = 0; i < 3; i++) nodes.push(await startRelay(env));
    proxy = await roundRobinProxy(nodes.map((n) => n.port));
  }, 120_000);
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await proxy?.close();
    await Promise.all(nodes.map((n) => n.dispose()));
    await redis?.dispose();
    await pg?.dispose();
  });

  const httpUrl = () => `http://127.0.0.1:${proxy.port}`;
  /** What each node logged (refusals, closes, the bus going and coming back), for a failure's message. */
  const relayLogs = () => nodes.map((n, i) => `node ${i}:\n${n.log()}`).join('\n');
  const wsUrl = () => `ws://127.0.0.1:${proxy.port}/sync`;

  /** A coordinator enrolled with the CLI, then the others enrolled by it over the API, each paired through the proxy. */
  async function tokens(count: number): Promise<string[]> {
    const out = await runRelayCommand(nodes[0]!.dataDir, ['enrol', '--role', 'coordinator'], env);
    const code = /Pairing code: (\S+)/.exec(out.stdout)?.[1];
    if (out.code !== 0 || !code) throw new Error(`enrol failed: ${out.stderr}`);
    const pair = async (c: string) => {
      const res = await fetch(`${httpUrl()}/api/pair`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: c }) });
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as { token: string }).token;
    };
    const admin = await pair(code);
    const all = [admin];
    while (all.length < count) {
      const res = await fetch(`${httpUrl()}/api/devices`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ role: 'coordinator' }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      all.push(await pair(((await res.json()) as { code: string }).code));
    }
    return all;
  }

  const client = (token: string) => {
    const c = new TestClient(wsUrl(), docName, token);
    clients.push(c);
    return c;
  };

  it(`keeps every acknowledged update and converges (seed ${seed})`, async () => {
    const random = createRandom(seed);
    const [t1, t2, t3, t4] = await tokens(4);
    // Connected one after another: the proxy puts each on a different node.
    const writers = [client(t1!), client(t2!), client(t3!)];
    // An honest device is never refused (44xx: the stock provider would never reconnect), whichever node it reaches.
    const refusals: string[] = [];
    writers.forEach((w, i) => w.provider.on('connection-close', (event) => void (event && event.code >= 4400 && event.code < 4500 && refusals.push(`writer ${i}: ${event.code} ${event.reason}`))));
    await Promise.all(writers.map((w) => w.waitSynced()));

    const total = 150 + random.int(150);
    const killAt = 30 + random.int(total - 80);
    const redisBackAt = killAt + 10 + random.int(30);
    const clockAfter = writers.map(() => new Map<string, number>());
    let killed: Promise<void> | undefined;
    let redisDown: Promise<void> | undefined;
    let redisBack: Promise<void> | undefined;
    for (let i = 0; i < total; i++) {
      const w = random.int(writers.length);
      const writer = writers[w]!;
      const key = `w${w}-${i}`;
      notes(writer.doc).set(key, `seeded note ${seed}/${i}`);
      clockAfter[w]!.set(key, Y.getState(writer.doc.store, writer.doc.clientID));
      // Killed once some write has demonstrably been acknowledged, so the run tests a loss window.
      if (!killed && i >= killAt && writers.some((x) => x.relayStateVector.get(x.doc.clientID))) {
        killed = nodes[1]!.kill();
        redisDown = redis.kill();
      }
      if (killed && !redisBack && i >= redisBackAt) redisBack = redisDown!.then(() => redis.restart());
      if (random.next() < 0.5) await pause(random.int(6));
    }
    if (!killed) {
      await waitUntil('a write is acknowledged', () => writers.some((x) => x.relayStateVector.get(x.doc.clientID)), (recheck) => {
        const offs = writers.map((x) => x.onAck(recheck));
        return () => offs.forEach((off) => off());
      });
      killed = nodes[1]!.kill();
      redisDown = redis.kill();
    }
    await killed;
    await (redisBack ?? redisDown!.then(() => redis.restart()));

    // What each device was told is safe, then no device sends anything more: all of it must be in the store (read
    // here straight from PostgreSQL; a node may still be catching up with the others, which the end of the test waits for).
    writers.forEach((w) => w.provider.disconnect());
    const acknowledged = writers.flatMap((writer, w) => {
      const acked = writer.relayStateVector.get(writer.doc.clientID) ?? 0;
      return [...clockAfter[w]!].filter(([, clock]) => clock <= acked).map(([key]) => key);
    });
    expect(acknowledged.length, `seed ${seed}: something was acknowledged`).toBeGreaterThan(0);
    const store = await openPgStore(pg.url);
    const stored = new Y.Doc();
    for (const row of await store.forSchool('default').loadDoc(docName)) Y.applyUpdate(stored, row.update);
    await store.close();
    const lost = acknowledged.filter((key) => !notes(stored).has(key));
    expect(lost, `seed ${seed}: ${acknowledged.length} acknowledged of ${total}, node 2 killed after write ${killAt}`).toEqual([]);
    // A fresh device, through whichever node the proxy gives it, ends up with all of it too (below).
    const fresh = client(t4!);
    await fresh.waitSynced();

    // Every device comes back (through the nodes still running), sends what it kept, and all converge.
    writers.forEach((w) => w.provider.connect());
    await Promise.all(writers.map((w) => w.waitSafe(30_000))).catch((err: Error) => {
      throw new Error(`seed ${seed}: ${err.message}; refusals: ${refusals.join(', ') || 'none'}; the relays logged:\n${relayLogs()}`);
    });
    expect(refusals, `seed ${seed}`).toEqual([]);
    const everyone = [...writers, fresh];
    const converged = () => everyone.every((c) => notes(c.doc).size === total);
    await waitUntil(
      `seed ${seed}: every device has all ${total} notes`,
      converged,
      (recheck) => {
        const offs = everyone.map((c) => onDocUpdate(c.doc)(recheck));
        return () => offs.forEach((off) => off());
      },
      30_000,
    );
    expect(new Set(everyone.map((c) => JSON.stringify(notes(c.doc).toJSON(), Object.keys(notes(c.doc).toJSON()).sort()))).size).toBe(1);
  });

  // A device carries other devices' changes (committed, then sent to it by its node) to a node that has not read them
  // yet: the bus was down, so that node has missed the hints. It must read them from the store rather than refuse them as
  // another device's client ids (4422, after which a device never reconnects) or let the store refuse them as a claim.
  it('accepts a device that moves to a node still behind the store', async () => {
    const name = 'room/base/2026-12-03';
    const [nodeA, , nodeB] = nodes as [RelayProcess, RelayProcess, RelayProcess];
    const [tWriter, tLate, tCarrier, tObserver] = await tokens(4);
    const at = (node: RelayProcess, token: string, doc?: Y.Doc) => {
      const c = new TestClient(node.wsUrl, name, token, doc);
      clients.push(c);
      return c;
    };
    const refusals: string[] = [];
    const watch = (c: TestClient, who: string) =>
      c.provider.on('connection-close', (event) => void (event && event.code >= 4400 && refusals.push(`${who}: ${event.code} ${event.reason}`)));
    const has = (c: TestClient, keys: string[]) =>
      waitUntil(`${keys.join(', ')} reach a device`, () => keys.every((k) => notes(c.doc).has(k)), onDocUpdate(c.doc));

    // The observer keeps the document loaded (and followed) on node B; the others write through node A.
    const observer = at(nodeB, tObserver!);
    const writer = at(nodeA, tWriter!);
    const late = at(nodeA, tLate!);
    const carrier = at(nodeA, tCarrier!);
    watch(observer, 'observer');
    await Promise.all([observer, writer, late, carrier].map((c) => c.waitSynced()));
    // Node B has heard of the writer's client id (its owner) before the bus goes down; never of the late device's.
    notes(writer.doc).set('before', 'written through node A');
    await has(observer, ['before']);

    await redis.kill();
    try {
      notes(writer.doc).set('during', 'written through node A, bus down');
      notes(late.doc).set('first', 'a first write through node A, bus down');
      await has(carrier, ['during', 'first']);
      // The carrier's connection moves to node B (as a load balancer may send it), holding what node A sent it.
      carrier.provider.destroy();
      const moved = at(nodeB, tCarrier!, carrier.doc);
      watch(moved, 'moved device');
      notes(moved.doc).set('moved', 'written through node B');
      await waitUntil(
        'the moved device is acknowledged, or refused',
        () => refusals.length > 0 || (moved.provider.wsconnected && moved.isSafe()),
        (recheck) => {
          const offAck = moved.onAck(recheck);
          moved.provider.on('connection-close', recheck);
          observer.provider.on('connection-close', recheck);
          return () => (offAck(), moved.provider.off('connection-close', recheck), observer.provider.off('connection-close', recheck));
        },
        30_000,
      );
      expect(refusals).toEqual([]);
      await has(observer, ['before', 'during', 'first', 'moved']);
    } finally {
      await redis.restart();
    }
  });
});
