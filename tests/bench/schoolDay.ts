// 13. One school on the relay on PostgreSQL (issue 17): time to "safe" (a device's edit → the relay's acknowledgement
// covering it), against the relay on its SQLite file; and the bytes one school-day leaves in the store, before and
// after compaction. The day is section 5's (syncDay.ts buildFullDay: the BASE room's full day and 30 interviews),
// sent through the public protocol one update at a time, as the app sends them.
// Run alone: npx tsx tests/bench/schoolDay.ts   (about 30 s)
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import * as Y from 'yjs';
import { signToken, tokenLifetimeMs } from '../../sync-server/auth/tokens.js';
import { openPgStore } from '../../sync-server/store/pg-store.js';
import { TestClient } from '../../sync-server/test-support/clients.js';
import { mintDevice } from '../../sync-server/test-support/devices.js';
import { startPostgres } from '../../sync-server/test-support/pg-server.js';
import { startRelayChild, type RelayChild } from './relayProcess.js';
import { fullDayUpdates } from './syncDay.js';
import { kb, ms, summary, withTimeout, type BenchResult, type Row } from './util.js';

const SAFE_SAMPLES = 200;
/** Updates of a document sent before waiting for the relay's acknowledgement. */
const PACE = 50;
const SCHOOL = 'default';
/** High enough that nothing is compacted during the day: "before" is the day's whole log. */
const NO_COMPACTION = '1000000';
/** After the day the devices leave; each document is unloaded (and compacted) this long after its last device. */
const IDLE_UNLOAD_MS = '500';

/** Budgets out of the way: the day is replayed as fast as the relay takes it, not over six hours. */
const unlimited = { RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '100000', BYTES_PER_SECOND: '1000000000', APPLY_MS_PER_SECOND: '100000' };

const notes = (doc: Y.Doc) => doc.getMap<string>('notes');

/** One device, one edit at a time: from the change to the relay's acknowledgement covering it. */
async function timesToSafe(wsBase: string, token: string): Promise<number[]> {
  const client = new TestClient(wsBase, 'room/safe/2026-12-02', token);
  try {
    await client.waitSynced(30_000);
    const times: number[] = [];
    for (let i = 0; i < SAFE_SAMPLES; i++) {
      const t0 = performance.now();
      notes(client.doc).set(`n${i}`, `note ${i}: about a hundred characters of a note, as a supervisor types one in the room`);
      await client.waitSafe(30_000);
      times.push(performance.now() - t0);
    }
    return times;
  } finally {
    client.destroy();
  }
}

interface StoreSize {
  /** The school's update rows and the bytes of their updates (octet_length of update_blob). */
  rows: number;
  updateBytes: number;
  /** Every table of the store with its indexes and TOAST, after VACUUM FULL (pg_total_relation_size). */
  onDisk: number;
}

async function storeSize(db: pg.Client): Promise<StoreSize> {
  // VACUUM FULL rewrites each table without its dead rows (what a compaction deleted), so the size is what is live.
  await db.query('VACUUM FULL');
  const { rows } = await db.query<{ rows: string; update_bytes: string; on_disk: string }>(
    `SELECT (SELECT count(*) FROM doc_updates WHERE school = $1) AS rows,
            (SELECT coalesce(sum(octet_length(update_blob)), 0) FROM doc_updates WHERE school = $1) AS update_bytes,
            (SELECT sum(pg_total_relation_size(relid)) FROM pg_stat_user_tables) AS on_disk`,
    [SCHOOL],
  );
  return { rows: Number(rows[0]!.rows), updateBytes: Number(rows[0]!.update_bytes), onDisk: Number(rows[0]!.on_disk) };
}

/**
 * Sends every update of the day through the relay, each as its own message, and resolves once all are acknowledged,
 * with the clients still connected (the caller closes them: their documents then unload and compact).
 */
async function sendDay(relay: RelayChild, token: string, day: Map<string, Uint8Array[]>): Promise<{ sent: number; clients: TestClient[] }> {
  const clients = [...day.keys()].map((name) => new TestClient(relay.wsBase, name, token));
  try {
    await Promise.all(clients.map((c) => c.waitSynced(30_000)));
    let sent = 0;
    // Each document's updates in steps of PACE, waiting for the relay's acknowledgement between steps: a day arrives
    // over hours, and the relay closes a connection with more than 256 messages waiting on a commit.
    await Promise.all(
      [...day.values()].map(async (updates, i) => {
        const client = clients[i]!;
        for (let at = 0; at < updates.length; at += PACE) {
          for (const u of updates.slice(at, at + PACE)) (Y.applyUpdate(client.doc, u), sent++);
          await client.waitSafe(60_000);
        }
      }),
    );
    return { sent, clients };
  } catch (err) {
    clients.forEach((c) => c.destroy());
    throw err;
  }
}

/** Resolves once every document of the day is down to one row: the relay unloaded and compacted each of them. */
async function compacted(db: pg.Client, names: string[]): Promise<void> {
  await withTimeout('compaction of every document of the day', 30_000, async () => {
    for (;;) {
      const { rows } = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM (SELECT doc_name FROM doc_updates WHERE school = $1 AND doc_name = ANY($2::text[]) GROUP BY doc_name HAVING count(*) > 1) x',
        [SCHOOL, names],
      );
      if (Number(rows[0]!.n) === 0) return;
      // Asks the store again once a moment has passed: the relay's unload timers run on their own.
      await new Promise((r) => setTimeout(r, 100));
    }
  });
}

export async function schoolDay(): Promise<BenchResult> {
  const server = await startPostgres();
  const secret = randomBytes(32);
  let relay: RelayChild | undefined;
  let sqliteRelay: RelayChild | undefined;
  const db = new pg.Client(server.url);
  try {
    // The schema and two devices (one for the day, one for the time-to-safe run), each with its own signed token.
    const store = await openPgStore(server.url);
    const now = Date.now();
    const tokens = await Promise.all(
      ['d-bench-day', 'd-bench-safe'].map(async (deviceId) => {
        await store.forSchool(SCHOOL).addDevice({ deviceId, role: 'coordinator', scope: { kind: 'all' }, name: null, createdAt: now, pairedAt: now, revokedAt: null });
        return signToken(secret, { v: 1, deviceId, role: 'coordinator', scope: { kind: 'all' }, issuedAt: now, expiresAt: now + tokenLifetimeMs });
      }),
    );
    await store.close();
    await db.connect();
    relay = await startRelayChild('ours', {
      DATABASE_URL: server.url,
      TOKEN_SECRET: secret.toString('hex'),
      COMPACT_AFTER_UPDATES: NO_COMPACTION,
      IDLE_UNLOAD_MS,
      ...unlimited,
    });

    // Bytes per school-day: the store's size before the day, after it, and after the relay compacted its documents.
    const day = fullDayUpdates();
    const empty = await storeSize(db);
    const t0 = performance.now();
    const { sent, clients } = await sendDay(relay, tokens[0]!, day);
    const sendMs = performance.now() - t0;
    let logged: StoreSize;
    try {
      logged = await storeSize(db);
    } finally {
      // The devices leave: each document is unloaded IDLE_UNLOAD_MS later and compacted.
      clients.forEach((c) => c.destroy());
    }
    await compacted(db, [...day.keys()]);
    const merged = await storeSize(db);

    // Time to safe: on PostgreSQL (the same relay), then on a relay with its SQLite file (STORE_SYNC=full, the default).
    const onPg = summary(await timesToSafe(relay.wsBase, tokens[1]!));
    sqliteRelay = await startRelayChild('ours', unlimited);
    const onSqlite = summary(await timesToSafe(sqliteRelay.wsBase, mintDevice(sqliteRelay.dataDir, 'coordinator', { kind: 'all' }).token));

    const delta = (s: StoreSize) => s.onDisk - empty.onDisk;
    const headline: Row[] = [
      { metric: 'Time to "safe" on PostgreSQL (one device, one edit at a time: edit → acknowledgement), p50 / p99', value: `${ms(onPg.p50)} / ${ms(onPg.p99)}`, raw: onPg.p99 },
      { metric: 'Time to "safe" on SQLite (the one-school relay, STORE_SYNC=full), p50 / p99', value: `${ms(onSqlite.p50)} / ${ms(onSqlite.p99)}`, raw: onSqlite.p99 },
      {
        metric: `Bytes stored per school-day on PostgreSQL, before compaction (tables + indexes + TOAST; ${logged.rows} update rows)`,
        value: kb(delta(logged)),
        raw: delta(logged),
      },
      { metric: `Bytes stored per school-day on PostgreSQL, after compaction (${merged.rows} update rows)`, value: kb(delta(merged)), raw: delta(merged) },
    ];
    return {
      id: 'school-day',
      title: '13. One school on PostgreSQL: time to "safe" and bytes stored per school-day',
      rows: headline,
      tables: [
        {
          caption: `The day: ${sent} updates over ${day.size} documents, sent in ${ms(sendMs, 0)} through one relay node on PostgreSQL`,
          headers: ['Store', 'Update rows', 'Update bytes (octet_length)', 'On disk, whole store (after VACUUM FULL)', 'The day on disk (delta)'],
          rows: [
            ['Before the day (schema, 2 devices)', String(empty.rows), kb(empty.updateBytes), kb(empty.onDisk), '—'],
            ['After the day, nothing compacted', String(logged.rows), kb(logged.updateBytes), kb(logged.onDisk), kb(delta(logged))],
            ['After the relay compacted each document', String(merged.rows), kb(merged.updateBytes), kb(merged.onDisk), kb(delta(merged))],
          ],
        },
      ],
      notes: [
        `The day is section 5's (30 pupils in the BASE room: arrivals, six period marks each, 300 notes, departures; 30 interviews of 10 answers typed in bursts), written with the app's own commands; each update the commands made is sent as its own message through stock y-websocket clients (one per document, one coordinator device), so each is one row of the log, as a day of real use leaves it. The relay runs with COMPACT_AFTER_UPDATES=${NO_COMPACTION} so nothing is compacted during the day, and IDLE_UNLOAD_MS=${IDLE_UNLOAD_MS}: once the devices leave, each document is unloaded and compacted (its log replaced by the relay's garbage-collected state), as at the end of a real day.`,
        'Bytes: pg_total_relation_size of every table (rows, indexes and TOAST) after VACUUM FULL, minus the same before the day; the database holds only this school, so the delta is the school\'s day: the update log, the documents\' rows, the client-id owners and the audit lines the day wrote. Sizes move in 8 KB pages. "Update bytes" is the updates alone (sum of octet_length(update_blob)).',
        `Time to safe: one stock y-websocket client, ${SAFE_SAMPLES} edits one after another, each timed from the change to the relay's sync step 1 whose state vector covers it (the README's "safely on the relay"; on PostgreSQL sent after COMMIT, on SQLite after the fsync); no other load. Section 12 gives it under load with three nodes. PostgreSQL, the relay and the load process share this machine.`,
      ],
      data: { empty, logged, merged, sent, sendMs, onPg, onSqlite },
    };
  } finally {
    await relay?.stop();
    await sqliteRelay?.stop();
    await db.end().catch(() => {});
    await server.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await schoolDay();
  for (const t of result.tables) {
    console.log(t.caption);
    for (const r of t.rows) console.log(`  ${r.join(' | ')}`);
  }
  for (const row of result.rows) console.log(`${row.metric}: ${row.value}${row.goal ? `  (goal ${row.goal})` : ''}`);
  process.exit(0);
}
