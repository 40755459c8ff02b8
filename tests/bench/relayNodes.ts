// 12. The relay itself on PostgreSQL (issue 17): three relay processes on one real PostgreSQL, with LISTEN/NOTIFY as
// the bus and again with Redis, 500 stock y-websocket clients spread over the nodes. Fan-out from a device's edit to
// the other devices on the same document, split by whether the receiver is connected to the writer's node or another
// one; and acknowledged writes per second through the relay (each writer waits for "safe" before its next edit) with
// one node and with three, with each edit's time to "safe" under that load.
// Run alone: npx tsx tests/bench/relayNodes.ts   (about 80 s)
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { signToken, tokenLifetimeMs } from '../../sync-server/auth/tokens.js';
import { openPgStore } from '../../sync-server/store/pg-store.js';
import { TestClient } from '../../sync-server/test-support/clients.js';
import { startPostgres } from '../../sync-server/test-support/pg-server.js';
import { startRedis } from '../../sync-server/test-support/redis-server.js';
import { procStats, startRelayChild, type RelayChild } from './relayProcess.js';
import { ms, summary, type BenchResult, type Row } from './util.js';

const NODES = 3;
const DOCS = 100;
const DEVICES_PER_DOC = 5;
const ROUNDS = 6;
/** Each round's edits are spread over this long (≈ 200 edits/s offered, as section 6). */
const SPREAD_MS = 500;
const WRITERS = 12;
const THROUGHPUT_MS = 3_000;
const BUSES = ['LISTEN/NOTIFY', 'Redis'] as const;
type Bus = (typeof BUSES)[number];

const notes = (doc: Y.Doc) => doc.getMap<string>('notes');

interface Device {
  client: TestClient;
  node: number;
}

/** Resolves when the map holds `key`. */
function arrival(doc: Y.Doc, key: string): Promise<number> {
  return new Promise((resolve) => {
    if (notes(doc).has(key)) return resolve(performance.now());
    const check = () => {
      if (!notes(doc).has(key)) return;
      doc.off('update', check);
      resolve(performance.now());
    };
    doc.on('update', check);
  });
}

/** Where the fan-out rounds' time went: CPU seconds of each relay node and of this (load) process, and the wall time. */
interface RoundsCpu {
  nodes: number[];
  load: number;
  wall: number;
}

async function fanout(nodes: RelayChild[], token: () => string, tag: string): Promise<{ same: number[]; cross: number[]; cpu: RoundsCpu }> {
  const docs: Device[][] = [];
  for (let d = 0; d < DOCS; d++) {
    docs.push(
      Array.from({ length: DEVICES_PER_DOC }, (_, i) => {
        const node = i % nodes.length;
        return { node, client: new TestClient(nodes[node]!.wsBase, `room/${tag}-r${d}/2026-12-02`, token()) };
      }),
    );
  }
  const all = docs.flat();
  await Promise.all(all.map((d) => d.client.waitSynced(60_000)));
  const same: number[] = [];
  const cross: number[] = [];
  const cpuBefore = await Promise.all(nodes.map((n) => procStats(n.pid)));
  const loadBefore = process.cpuUsage();
  const wallBefore = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all(
      docs.map(async (devices, d) => {
        const writer = devices[round % devices.length]!;
        const key = `r${round}`;
        const receivers = devices.filter((x) => x !== writer);
        // The round's edits spread over SPREAD_MS, as in section 6 (an offered load, not one burst).
        await new Promise((r) => setTimeout(r, (d * SPREAD_MS) / DOCS));
        const arrivals = receivers.map((r) => arrival(r.client.doc, key));
        const t0 = performance.now();
        notes(writer.client.doc).set(key, `round ${round} on document ${d}: about a hundred characters of a note, as a supervisor types one`);
        const times = await Promise.all(arrivals);
        receivers.forEach((r, i) => (r.node === writer.node ? same : cross).push(times[i]! - t0));
      }),
    );
  }
  const wall = (performance.now() - wallBefore) / 1000;
  const load = process.cpuUsage(loadBefore);
  const cpuAfter = await Promise.all(nodes.map((n) => procStats(n.pid)));
  all.forEach((d) => d.client.destroy());
  const cpu = { nodes: cpuAfter.map((a, i) => a.cpuSeconds - cpuBefore[i]!.cpuSeconds), load: (load.user + load.system) / 1e6, wall };
  return { same, cross, cpu };
}

/**
 * Acknowledged edits per second: WRITERS devices on documents of their own, spread over `nodes`; and each edit's time
 * from the change to the relay's acknowledgement covering it ("safe"), under that load.
 */
async function appendsPerSecond(nodes: RelayChild[], token: () => string, tag: string): Promise<{ perSecond: number; safe: number[] }> {
  const writers = Array.from({ length: WRITERS }, (_, w) => new TestClient(nodes[w % nodes.length]!.wsBase, `pupil/${tag}-${w}`, token()));
  await Promise.all(writers.map((w) => w.waitSynced(30_000)));
  let count = 0;
  const safe: number[] = [];
  const until = performance.now() + THROUGHPUT_MS;
  await Promise.all(
    writers.map(async (writer, w) => {
      for (let i = 0; performance.now() < until; i++) {
        const t0 = performance.now();
        notes(writer.doc).set(`n${i}`, `edit ${i} by writer ${w}`);
        await writer.waitSafe(30_000);
        safe.push(performance.now() - t0);
        count++;
      }
    }),
  );
  writers.forEach((w) => w.destroy());
  return { perSecond: count / (THROUGHPUT_MS / 1000), safe };
}

interface BusFigures {
  same: ReturnType<typeof summary>;
  cross: ReturnType<typeof summary>;
  one: number;
  three: number;
  safeOne: ReturnType<typeof summary>;
  safeThree: ReturnType<typeof summary>;
  cpu: RoundsCpu;
}

/** Three fresh relay nodes on the bus, the fan-out rounds, then edits per second through one node and through three. */
async function measureBus(bus: Bus, env: Record<string, string>, token: () => string): Promise<BusFigures> {
  const nodes: RelayChild[] = [];
  try {
    for (let i = 0; i < NODES; i++) nodes.push(await startRelayChild('ours', env));
    const tag = bus === 'Redis' ? 'redis' : 'notify';
    const { same, cross, cpu } = await fanout(nodes, token, tag);
    const one = await appendsPerSecond(nodes.slice(0, 1), token, `${tag}-one`);
    const three = await appendsPerSecond(nodes, token, `${tag}-three`);
    return { same: summary(same), cross: summary(cross), one: one.perSecond, three: three.perSecond, safeOne: summary(one.safe), safeThree: summary(three.safe), cpu };
  } finally {
    for (const node of nodes) await node.stop();
  }
}

function busRows(bus: Bus, f: BusFigures): Row[] {
  return [
    { metric: `${bus}: fan-out to a device on the writer's node, p50 / p99 (${DOCS * DEVICES_PER_DOC} devices on ${NODES} nodes)`, value: `${ms(f.same.p50)} / ${ms(f.same.p99)}`, raw: f.same.p99 },
    {
      metric: `${bus}: fan-out to a device on another node, p50 / p99 (${DOCS * DEVICES_PER_DOC} devices on ${NODES} nodes)`,
      goal: 'p99 ≤ 50 ms',
      value: `${ms(f.cross.p50)} / ${ms(f.cross.p99)}`,
      met: f.cross.p99 <= 50,
      raw: f.cross.p99,
    },
    { metric: `${bus}: acknowledged edits per second through the relay, 1 node (${WRITERS} writers)`, value: f.one.toFixed(0), raw: f.one },
    {
      metric: `${bus}: acknowledged edits per second, ${NODES} nodes (the same ${WRITERS} writers spread over them)`,
      goal: '≥ 2x one node (on separate machines)',
      value: `${f.three.toFixed(0)} (${(f.three / f.one).toFixed(2)}x)`,
      raw: f.three,
    },
    {
      metric: `${bus}: time to "safe" under that load (edit → acknowledgement), 1 node / ${NODES} nodes, p50 / p99`,
      value: `${ms(f.safeOne.p50)} / ${ms(f.safeOne.p99)}; ${ms(f.safeThree.p50)} / ${ms(f.safeThree.p99)}`,
      raw: f.safeThree.p99,
    },
  ];
}

export async function relayNodes(): Promise<BenchResult> {
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const secret = randomBytes(32);
  try {
    // Devices written straight to the shared store, each with its own signed token (pairing is measured elsewhere).
    const store = await openPgStore(pg.url);
    const school = store.forSchool('default');
    const tokens: string[] = [];
    const now = Date.now();
    for (let i = 0; i < BUSES.length * (DOCS * DEVICES_PER_DOC + 2 * WRITERS); i++) {
      const deviceId = `d-bench-${i}`;
      await school.addDevice({ deviceId, role: 'coordinator', scope: { kind: 'all' }, name: null, createdAt: now, pairedAt: now, revokedAt: null });
      tokens.push(signToken(secret, { v: 1, deviceId, role: 'coordinator', scope: { kind: 'all' }, issuedAt: now, expiresAt: now + tokenLifetimeMs }));
    }
    await store.close();
    const token = () => tokens.pop()!;
    const env = { DATABASE_URL: pg.url, TOKEN_SECRET: secret.toString('hex'), RATE_LIMIT_BURST: '100000', RATE_LIMIT_PER_SECOND: '100000' };
    const figures = new Map<Bus, BusFigures>();
    for (const bus of BUSES) figures.set(bus, await measureBus(bus, bus === 'Redis' ? { ...env, REDIS_URL: redis.url } : env, token));
    return {
      id: 'relay-nodes',
      title: '12. The relay on PostgreSQL, three nodes, with LISTEN/NOTIFY and with Redis',
      tables: [
        {
          caption: `Where the fan-out rounds' time went (CPU seconds from /proc and process.cpuUsage; this machine has ${os.cpus().length} cores)`,
          headers: ['Bus', 'Rounds took (wall)', ...Array.from({ length: NODES }, (_, i) => `Node ${i + 1} CPU`), 'Load process CPU (500 clients)'],
          rows: BUSES.map((bus) => {
            const { cpu } = figures.get(bus)!;
            return [bus, `${cpu.wall.toFixed(1)} s`, ...cpu.nodes.map((c) => `${c.toFixed(1)} s`), `${cpu.load.toFixed(1)} s`];
          }),
        },
      ],
      rows: BUSES.flatMap((bus) => busRows(bus, figures.get(bus)!)),
      notes: [
        `${NODES} relay processes (sync-server/main.ts with DATABASE_URL, and REDIS_URL for the Redis rows), one PostgreSQL (fsync on), one Redis and the load process all share this machine's ${os.cpus().length} cores: three nodes only share the same CPU, so "3 nodes vs 1" cannot show what three machines would, and the figures move with the machine's load (see uptime beside them).`,
        `Fan-out: ${DOCS} documents × ${DEVICES_PER_DOC} stock y-websocket clients (${DOCS * DEVICES_PER_DOC} devices, all in the one load process), device i of a document on node i mod ${NODES}; ${ROUNDS} rounds, one writer per document per round, the ${DOCS} edits of a round spread over ${SPREAD_MS} ms (≈ ${Math.round((DOCS * 1000) / SPREAD_MS)} edits/s offered, as in section 6; before, 20 documents wrote all at once); from the edit to each other device holding it (one clock).`,
        'A cross-node delivery is: commit on the writer\'s node, the hint on the bus (NOTIFY, or Redis PUBLISH), the other node reads the rows after its last (loadSince), applies them and sends them on.',
        `Acknowledged edits: each writer waits for the relay's acknowledgement ("safe": the sync step 1 whose state vector covers the edit, sent after COMMIT) before its next edit, for ${THROUGHPUT_MS / 1000} s; time to safe is measured per edit in those runs. Each bus gets fresh relay processes on the same PostgreSQL.`,
      ],
      data: Object.fromEntries(figures),
    };
  } finally {
    await Promise.all([pg.dispose(), redis.dispose()]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await relayNodes();
  for (const t of result.tables) console.log([t.caption, t.headers.join(' | '), ...t.rows.map((r) => r.join(' | '))].join('\n'));
  for (const row of result.rows) console.log(`${row.metric}: ${row.value}${row.goal ? `  (goal ${row.goal})` : ''}`);
  for (const note of result.notes) console.log(`note: ${note}`);
  process.exit(0);
}
