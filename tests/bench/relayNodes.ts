// 12. The relay itself on PostgreSQL (issue 17): three relay processes on one real PostgreSQL (LISTEN/NOTIFY as the
// bus), stock y-websocket clients spread over the nodes. Fan-out from a device's edit to the other devices on the same
// document, split by whether the receiver is connected to the writer's node or another one; and acknowledged writes
// per second through the relay (each writer waits for "safe" before its next edit) with one node and with three.
// Run alone: npx tsx tests/bench/relayNodes.ts   (about 40 s)
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { signToken, tokenLifetimeMs } from '../../sync-server/auth/tokens.js';
import { openPgStore } from '../../sync-server/store/pg-store.js';
import { TestClient } from '../../sync-server/test-support/clients.js';
import { startPostgres } from '../../sync-server/test-support/pg-server.js';
import { startRelayChild, type RelayChild } from './relayProcess.js';
import { ms, summary, type BenchResult, type Row } from './util.js';

const NODES = 3;
const DOCS = 20;
const DEVICES_PER_DOC = 6;
const ROUNDS = 10;
const WRITERS = 12;
const THROUGHPUT_MS = 4_000;

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

async function fanout(nodes: RelayChild[], token: () => string): Promise<{ same: number[]; cross: number[] }> {
  const docs: Device[][] = [];
  for (let d = 0; d < DOCS; d++) {
    docs.push(
      Array.from({ length: DEVICES_PER_DOC }, (_, i) => {
        const node = i % nodes.length;
        return { node, client: new TestClient(nodes[node]!.wsBase, `room/r${d}/2026-12-02`, token()) };
      }),
    );
  }
  const all = docs.flat();
  await Promise.all(all.map((d) => d.client.waitSynced(30_000)));
  const same: number[] = [];
  const cross: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all(
      docs.map(async (devices, d) => {
        const writer = devices[round % devices.length]!;
        const key = `r${round}`;
        const receivers = devices.filter((x) => x !== writer);
        const arrivals = receivers.map((r) => arrival(r.client.doc, key));
        const t0 = performance.now();
        notes(writer.client.doc).set(key, `round ${round} on document ${d}: about a hundred characters of a note, as a supervisor types one`);
        const times = await Promise.all(arrivals);
        receivers.forEach((r, i) => (r.node === writer.node ? same : cross).push(times[i]! - t0));
      }),
    );
  }
  all.forEach((d) => d.client.destroy());
  return { same, cross };
}

/** Acknowledged edits per second: WRITERS devices on documents of their own, spread over `nodes`. */
async function appendsPerSecond(nodes: RelayChild[], token: () => string, tag: string): Promise<number> {
  const writers = Array.from({ length: WRITERS }, (_, w) => new TestClient(nodes[w % nodes.length]!.wsBase, `pupil/${tag}-${w}`, token()));
  await Promise.all(writers.map((w) => w.waitSynced(30_000)));
  let count = 0;
  const until = performance.now() + THROUGHPUT_MS;
  await Promise.all(
    writers.map(async (writer, w) => {
      for (let i = 0; performance.now() < until; i++) {
        notes(writer.doc).set(`n${i}`, `edit ${i} by writer ${w}`);
        await writer.waitSafe(30_000);
        count++;
      }
    }),
  );
  writers.forEach((w) => w.destroy());
  return count / (THROUGHPUT_MS / 1000);
}

export async function relayNodes(): Promise<BenchResult> {
  const pg = await startPostgres();
  const secret = randomBytes(32);
  const nodes: RelayChild[] = [];
  try {
    const env = { DATABASE_URL: pg.url, TOKEN_SECRET: secret.toString('hex'), RATE_LIMIT_BURST: '100000', RATE_LIMIT_PER_SECOND: '100000' };
    for (let i = 0; i < NODES; i++) nodes.push(await startRelayChild('ours', env));
    // Devices written straight to the shared store, each with its own signed token (pairing is measured elsewhere).
    const store = await openPgStore(pg.url);
    const school = store.forSchool('default');
    let n = 0;
    const tokens: string[] = [];
    const now = Date.now();
    for (let i = 0; i < DOCS * DEVICES_PER_DOC + 2 * WRITERS; i++) {
      const deviceId = `d-bench-${n++}`;
      await school.addDevice({ deviceId, role: 'coordinator', scope: { kind: 'all' }, name: null, createdAt: now, pairedAt: now, revokedAt: null });
      tokens.push(signToken(secret, { v: 1, deviceId, role: 'coordinator', scope: { kind: 'all' }, issuedAt: now, expiresAt: now + tokenLifetimeMs }));
    }
    await store.close();
    const token = () => tokens.pop()!;

    const { same, cross } = await fanout(nodes, token);
    const sameS = summary(same);
    const crossS = summary(cross);
    const one = await appendsPerSecond(nodes.slice(0, 1), token, 'one');
    const three = await appendsPerSecond(nodes, token, 'three');
    const rows: Row[] = [
      { metric: `Fan-out to a device on the writer's node, p50 / p99 (${DOCS * DEVICES_PER_DOC} devices on ${NODES} nodes)`, value: `${ms(sameS.p50)} / ${ms(sameS.p99)}`, raw: sameS.p99 },
      {
        metric: 'Fan-out to a device on another node, p50 / p99',
        goal: 'p99 ≤ 50 ms (issue 17 asks it at 500 devices)',
        value: `${ms(crossS.p50)} / ${ms(crossS.p99)}`,
        met: crossS.p99 <= 50,
        raw: crossS.p99,
      },
      { metric: `Acknowledged edits per second through the relay, 1 node (${WRITERS} writers)`, value: one.toFixed(0), raw: one },
      {
        metric: `Acknowledged edits per second, ${NODES} nodes (the same ${WRITERS} writers spread over them)`,
        goal: '≥ 2x one node (on separate machines)',
        value: `${three.toFixed(0)} (${(three / one).toFixed(2)}x)`,
        raw: three,
      },
    ];
    return {
      id: 'relay-nodes',
      title: '12. The relay on PostgreSQL, three nodes',
      tables: [],
      rows,
      notes: [
        `${NODES} relay processes (sync-server/main.ts with DATABASE_URL), one PostgreSQL (fsync on) and the load process all share this machine: three nodes cannot show what three machines would, and the figures move with the machine's load (see uptime beside them).`,
        `Fan-out: ${DOCS} documents × ${DEVICES_PER_DOC} stock y-websocket clients, device i of a document on node i mod ${NODES}; ${ROUNDS} rounds, one writer per document per round; from the edit to each other device holding it (one clock).`,
        'A cross-node delivery is: commit on the writer\'s node, NOTIFY, the other node reads the rows after its last (loadSince), applies them and sends them on.',
        `Acknowledged edits: each writer waits for the relay's acknowledgement ("safe", after COMMIT) before its next edit, for ${THROUGHPUT_MS / 1000} s.`,
      ],
      data: { same: sameS, cross: crossS, one, three },
    };
  } finally {
    for (const node of nodes) await node.stop();
    await pg.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await relayNodes();
  for (const row of result.rows) console.log(`${row.metric}: ${row.value}${row.goal ? `  (goal ${row.goal})` : ''}`);
  for (const note of result.notes) console.log(`note: ${note}`);
  process.exit(0);
}
