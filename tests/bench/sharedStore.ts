// Issue 17 (first part): the shared store on PostgreSQL and the fan-out bus, measured without the relay (section 12,
// relayNodes.ts, measures the relay on them). Time for an append to commit, appends per second through one and three store handles ("nodes"),
// plain and through the relay's committer (a turn's appends batched),
// and cross-node delivery: from one node's commit to another node holding the row (bus hint + catch-up read), over
// LISTEN/NOTIFY and over Redis. Real PostgreSQL and Redis on this machine (test-support/*-server.ts).
// Run alone: npx tsx tests/bench/sharedStore.ts   (section 11 of npm run bench; about 20 s)
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import type { FanoutBus } from '../../sync-server/bus/bus.js';
import { DocFollower } from '../../sync-server/bus/follower.js';
import { openPgBus } from '../../sync-server/bus/pg-bus.js';
import { openRedisBus } from '../../sync-server/bus/redis-bus.js';
import { openPgStore } from '../../sync-server/store/pg-store.js';
import type { SharedStore } from '../../sync-server/store/shared-store.js';
import { startPostgres } from '../../sync-server/test-support/pg-server.js';
import { startRedis } from '../../sync-server/test-support/redis-server.js';
import { ms, summary, type BenchResult, type Row } from './util.js';

const COMMIT_SAMPLES = 300;
const THROUGHPUT_MS = 3_000;
const WRITERS_PER_NODE = 8;
const DELIVERY_SAMPLES = 300;

/** A small real edit (one register mark's worth of text), as a tablet sends many times a day. */
function edit(i: number): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array = new Uint8Array();
  doc.on('update', (u: Uint8Array) => (update = u));
  doc.getMap('marks').set(`pupil-${i}`, { mark: 'present', at: '09:05' });
  return update;
}

async function commitTimes(store: SharedStore): Promise<number[]> {
  const s = store.forSchool('bench-commit');
  const times: number[] = [];
  for (let i = 0; i < COMMIT_SAMPLES; i++) {
    const t0 = performance.now();
    await s.appendUpdate(`room/r${i % 10}/2026-11-20`, edit(i));
    times.push(performance.now() - t0);
  }
  return times;
}

/** Appends per second with `nodes.length` handles, each with WRITERS_PER_NODE writers on documents of their own. */
async function appendsPerSecond(nodes: SharedStore[], school: string): Promise<number> {
  let count = 0;
  const until = performance.now() + THROUGHPUT_MS;
  await Promise.all(
    nodes.flatMap((node, n) =>
      Array.from({ length: WRITERS_PER_NODE }, async (_, w) => {
        const s = node.forSchool(school);
        for (let i = 0; performance.now() < until; i++, count++) await s.appendUpdate(`pupil/n${n}-w${w}`, edit(i));
      }),
    ),
  );
  return count / (THROUGHPUT_MS / 1000);
}

/**
 * The same through the relay's committer (what a relay node does): each writer's next append waits for its last, and
 * the appends that arrive in one turn of the event loop commit in one transaction (one statement when none claims).
 */
async function committerAppendsPerSecond(nodes: SharedStore[], school: string): Promise<{ perSecond: number; perCommit: number }> {
  const committers = nodes.map((node) => node.committerFor(school, { perTurn: true }));
  let count = 0;
  const until = performance.now() + THROUGHPUT_MS;
  await Promise.all(
    committers.flatMap((c, n) =>
      Array.from({ length: WRITERS_PER_NODE }, async (_, w) => {
        for (let i = 0; performance.now() < until; i++, count++) await c.append(`pupil/n${n}-w${w}`, edit(i));
      }),
    ),
  );
  const commits = committers.reduce((a, c) => a + c.commits, 0);
  return { perSecond: count / (THROUGHPUT_MS / 1000), perCommit: count / commits };
}

/** From node A's commit to node B's follower holding the row, one at a time. */
async function deliveryTimes(writer: SharedStore, reader: SharedStore, busA: FanoutBus, busB: FanoutBus, school: string): Promise<number[]> {
  const times: number[] = [];
  let arrived: ((seq: number) => void) | null = null;
  const follower = new DocFollower(reader, busB, (_s, _d, rows) => arrived?.(rows.at(-1)!.seq), { pollMs: 0 });
  follower.follow(school, 'school', 0);
  const s = writer.forSchool(school);
  for (let i = 0; i < DELIVERY_SAMPLES; i++) {
    const update = edit(i);
    const { seq } = await s.appendUpdate('school', update);
    const t0 = performance.now();
    const got = new Promise<void>((resolve) => (arrived = (n) => n >= seq && resolve()));
    await busA.publish({ school, docName: 'school', seq });
    await got;
    times.push(performance.now() - t0);
  }
  follower.close();
  return times;
}

export async function sharedStore(): Promise<BenchResult> {
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const nodes: SharedStore[] = [];
  const buses: FanoutBus[] = [];
  try {
    for (let i = 0; i < 3; i++) nodes.push(await openPgStore(pg.url));
    const commits = summary(await commitTimes(nodes[0]!));
    const one = await appendsPerSecond(nodes.slice(0, 1), 'bench-one');
    const three = await appendsPerSecond(nodes, 'bench-three');
    const viaCommitterOne = await committerAppendsPerSecond(nodes.slice(0, 1), 'bench-committer-one');
    const viaCommitterThree = await committerAppendsPerSecond(nodes, 'bench-committer-three');
    buses.push(await openPgBus(pg.url), await openPgBus(pg.url), await openRedisBus(redis.url), await openRedisBus(redis.url));
    const viaPg = summary(await deliveryTimes(nodes[0]!, nodes[1]!, buses[0]!, buses[1]!, 'bench-notify'));
    const viaRedis = summary(await deliveryTimes(nodes[0]!, nodes[1]!, buses[2]!, buses[3]!, 'bench-redis'));
    const rows: Row[] = [
      { metric: 'Append committed (PostgreSQL, fsync on), p50 / p99', value: `${ms(commits.p50)} / ${ms(commits.p99)}`, raw: commits.p99 },
      { metric: `Appends per second, 1 node (${WRITERS_PER_NODE} writers)`, value: one.toFixed(0), raw: one },
      {
        metric: `Appends per second, 3 nodes (${WRITERS_PER_NODE} writers each), vs 1 node`,
        goal: '≥ 2x (on separate machines)',
        value: `${three.toFixed(0)} (${(three / one).toFixed(2)}x)`,
        raw: three,
      },
      {
        metric: `Appends per second through the relay's committer, 1 node (${WRITERS_PER_NODE} writers; updates per commit)`,
        value: `${viaCommitterOne.perSecond.toFixed(0)} (${viaCommitterOne.perCommit.toFixed(1)})`,
        raw: viaCommitterOne.perSecond,
      },
      {
        metric: `Appends per second through the committer, 3 nodes (${WRITERS_PER_NODE} writers each), vs 1 node`,
        goal: '≥ 2x (on separate machines)',
        value: `${viaCommitterThree.perSecond.toFixed(0)} (${(viaCommitterThree.perSecond / viaCommitterOne.perSecond).toFixed(2)}x)`,
        raw: viaCommitterThree.perSecond,
      },
      { metric: 'Cross-node delivery via LISTEN/NOTIFY (commit → row at other node), p50 / p99', goal: 'p99 ≤ 50 ms', value: `${ms(viaPg.p50)} / ${ms(viaPg.p99)}`, met: viaPg.p99 <= 50, raw: viaPg.p99 },
      { metric: 'Cross-node delivery via Redis, p50 / p99', goal: 'p99 ≤ 50 ms', value: `${ms(viaRedis.p50)} / ${ms(viaRedis.p99)}`, met: viaRedis.p99 <= 50, raw: viaRedis.p99 },
    ];
    return {
      id: 'shared-store',
      title: '11. Shared store on PostgreSQL and fan-out bus (store and bus only; section 12 measures the relay)',
      tables: [],
      rows,
      notes: [
        'Store and bus only: no WebSockets, no relay process; PostgreSQL, Redis and all "nodes" share this machine, so three nodes cannot show what three machines would.',
        'Delivery is one row at a time (no load); section 12 measures it through the relay, with devices.',
        'Three nodes run three times the writers: on one machine their gain is PostgreSQL committing concurrent transactions together, not more CPU.',
        "Through the committer (PgCommitter, as a relay node commits): the appends arriving in one turn of the event loop go in one transaction, their rows in one INSERT … SELECT FROM unnest statement (split only where an update claims new client ids); the plain appends above are one statement and one transaction each.",
      ],
      data: { commits, one, three, viaCommitterOne, viaCommitterThree, viaPg, viaRedis },
    };
  } finally {
    for (const b of buses) await b.close();
    for (const n of nodes) await n.close();
    await Promise.all([pg.dispose(), redis.dispose()]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await sharedStore();
  for (const row of result.rows) console.log(`${row.metric}: ${row.value}${row.goal ? `  (goal ${row.goal})` : ''}`);
  for (const note of result.notes) console.log(`note: ${note}`);
}
