// Runs the SharedStore contract against memory and SQLite (through the adapter) and a real PostgreSQL.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRandom } from '../../src/roster/random.js';
import { postgresBinDir, startPostgres, type PgServer } from '../test-support/pg-server.js';
import { createMemoryStore } from './memory-store.js';
import { RelayHealth } from '../health.js';
import { openPgStore } from './pg-store.js';
import { registerSharedStoreContractTests } from './shared-store-contract.js';
import { openSqliteStore } from './sqlite-store.js';
import { adaptSyncStore } from './sync-store-adapter.js';

registerSharedStoreContractTests('memory (adapted)', async () => {
  const store = adaptSyncStore(() => createMemoryStore());
  return { store, multiNode: false, dispose: () => store.close() };
});

registerSharedStoreContractTests('sqlite (adapted)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-shared-'));
  const open = () => adaptSyncStore((school) => openSqliteStore(path.join(dir, school)));
  const handles = [open()];
  return {
    get store() {
      return handles[0]!;
    },
    reopen: async () => {
      await handles[0]!.close();
      return (handles[0] = open());
    },
    other: async () => open(),
    multiNode: false,
    dispose: async () => {
      await handles[0]!.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

// One PostgreSQL for the whole file; each test works in a school of its own.
let server: PgServer | undefined;
beforeAll(async () => void (server = await startPostgres()), 60_000);
afterAll(() => server?.dispose());

registerSharedStoreContractTests('postgresql', async () => {
  const handles = [await openPgStore(server!.url)];
  return {
    get store() {
      return handles[0]!;
    },
    reopen: async () => {
      await handles[0]!.close();
      return (handles[0] = await openPgStore(server!.url));
    },
    other: () => openPgStore(server!.url),
    multiNode: true,
    dispose: () => handles[0]!.close(),
  };
});

/** The update a local edit of `doc` produces. */
const edit = (doc: Y.Doc, text: string) => {
  let update: Uint8Array = new Uint8Array();
  doc.once('update', (u: Uint8Array) => (update = u));
  doc.getText('t').insert(0, text);
  return update;
};

describe('PostgreSQL store restored from a dump', () => {
  // The dump brings the documents' sequence numbers back to what they were: version tags mix in the generation.
  it('starts a new generation once restored into another database, and keeps it from then on', async () => {
    const original = await openPgStore(server!.url);
    const before = original.forSchool('dump-restore');
    await before.appendUpdate('school', edit(new Y.Doc(), 'a'));
    const generation = await before.generation();
    const versions = await before.docVersions();
    await original.close();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-dump-'));
    try {
      const dump = path.join(dir, 'baseroom.dump');
      execFileSync(path.join(postgresBinDir(), 'pg_dump'), ['--format=custom', '-f', dump, server!.url]);
      const admin = new pg.Client(server!.url);
      await admin.connect();
      await admin.query('CREATE DATABASE restored_from_dump');
      await admin.end();
      const restoredUrl = server!.url.replace(/\/postgres$/, '/restored_from_dump');
      execFileSync(path.join(postgresBinDir(), 'pg_restore'), ['-d', restoredUrl, dump]);
      const restored = await openPgStore(restoredUrl);
      const after = restored.forSchool('dump-restore');
      expect(await after.docVersions()).toEqual(versions);
      const newGeneration = await after.generation();
      expect(newGeneration).not.toBe(generation);
      await restored.close();
      const reopened = await openPgStore(restoredUrl);
      expect(await reopened.forSchool('dump-restore').generation()).toBe(newGeneration);
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('PostgreSQL store when the server goes away', () => {
  it('fails with a store reason while PostgreSQL is down, keeps what was committed, and works again once it is back', async () => {
    const store = await openPgStore(server!.url);
    const s = store.forSchool('outage');
    const doc = new Y.Doc();
    await s.appendUpdate('school', edit(doc, 'a'));
    await server!.stop();
    await expect(s.appendUpdate('school', edit(doc, 'b'))).rejects.toMatchObject({ name: 'StoreError', reason: 'store-io-error' });
    await server!.restart();
    await s.appendUpdate('school', edit(doc, 'c'));
    expect(await s.updateCount('school')).toBe(2);
    await store.close();
  }, 60_000);

  it("reports the relay's failing commits on /healthz's report, and their recovery", async () => {
    const health = new RelayHealth();
    const store = await openPgStore(server!.url, { health });
    const committer = store.committerFor('outage-health', { perTurn: true });
    const doc = new Y.Doc();
    await committer.append('school', edit(doc, 'a'));
    expect(health.report().status).toBe('ok');
    await server!.stop();
    await expect(committer.append('school', edit(doc, 'b'))).rejects.toMatchObject({ name: 'StoreError', reason: 'store-io-error' });
    expect(health.report()).toMatchObject({ status: 'degraded' });
    await server!.restart();
    await committer.append('school', new Uint8Array(Y.encodeStateAsUpdate(doc)));
    expect(health.report().status).toBe('ok');
    await store.close();
  }, 60_000);
});

describe("the relay's committer on PostgreSQL", () => {
  it('commits a turn in one transaction, and refuses (storing nothing) a client id another node recorded for another device', async () => {
    const [node1, node2] = [await openPgStore(server!.url), await openPgStore(server!.url)];
    const hints: [string, number][] = [];
    const c1 = node1.committerFor('claims', { perTurn: true, onCommitted: (doc, seq) => hints.push([doc, seq]) });
    const c2 = node2.committerFor('claims', { perTurn: true });
    const a = new Y.Doc();
    const first = edit(a, 'a');
    const rows = await Promise.all([c1.append('school', first, { deviceId: 'd-a', clients: [a.clientID] }), c1.append('school', edit(a, 'b'))]);
    expect(rows).toEqual([1, 2]);
    expect(c1.commits).toBe(1);
    expect(hints).toEqual([['school', (await node1.forSchool('claims').loadDoc('school')).at(-1)!.seq]]);
    // Node 2 did not know: another device writes under d-a's client id (and then builds on it in the same turn).
    const forged = new Y.Doc();
    forged.clientID = a.clientID;
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(a));
    const outcomes = await Promise.allSettled([
      c2.append('school', edit(forged, 'x'), { deviceId: 'd-b', clients: [a.clientID] }),
      c2.append('school', edit(forged, 'y')),
      c2.append('room/base/2026-11-23', edit(new Y.Doc(), 'unrelated')),
    ]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { reason: string }).reason : o.value))).toEqual(['foreign-client', 'foreign-client', 1]);
    expect(await node2.forSchool('claims').updateCount('school')).toBe(2);
    expect((await node2.forSchool('claims').clientOwners('school')).get(a.clientID)).toBe('d-a');
    // The owner itself goes on writing through node 2.
    expect(await c2.append('school', edit(a, 'c'), { deviceId: 'd-a', clients: [a.clientID] })).toBe(3);
    await Promise.all([node1.close(), node2.close()]);
  });

  const batchSeed = Number(process.env.PG_BATCH_SEED ?? 20261202);
  it(`commits each turn's appends together (one transaction, batched statements) and keeps their order, with two nodes on the same documents (seed ${batchSeed})`, async () => {
    const random = createRandom(batchSeed);
    const school = `batch-${batchSeed}`;
    const [node1, node2, readerStore] = [await openPgStore(server!.url), await openPgStore(server!.url), await openPgStore(server!.url)];
    const committers = [node1.committerFor(school, { perTurn: true }), node2.committerFor(school, { perTurn: true })];
    const names = ['pupil/p1', 'room/base/2026-12-02', 'school', 'provider/oak/2026-12-02'];
    // Each node writes under client ids of its own; the first update of each (node, document) claims them.
    const writers = committers.map(() => new Map(names.map((n) => [n, new Y.Doc()])));
    const claimed = new Set<string>();
    const reader = readerStore.forSchool(school);
    // A reader catching up by sequence number while the nodes write: it must never step over a row committed later.
    const seen = new Map<string, number[]>(names.map((n) => [n, []]));
    let writing = true;
    const reading = (async () => {
      while (writing) {
        for (const n of names) {
          const rows = await reader.loadSince(n, seen.get(n)!.at(-1) ?? 0);
          seen.get(n)!.push(...rows.map((r) => r.seq));
        }
      }
    })();
    const results: { node: number; doc: string; text: string; rows: number }[] = [];
    let turns = 0;
    for (let round = 0; round < 25; round++) {
      await Promise.all(
        committers.map(async (c, node) => {
          // One turn: several updates over several documents, in any order, some documents several times.
          const pending = Array.from({ length: 1 + random.int(8) }, (_, k) => {
            const doc = random.pick(names);
            const y = writers[node]!.get(doc)!;
            const key = `${node}/${doc}`;
            const claim = claimed.has(key) ? undefined : { deviceId: `d-${node}`, clients: [y.clientID] };
            claimed.add(key);
            const text = `<${node}.${round}.${k}>`;
            return c.append(doc, edit(y, text), claim).then((rows) => results.push({ node, doc, text, rows }));
          });
          turns++;
          await Promise.all(pending);
        }),
      );
    }
    writing = false;
    await reading;
    for (const n of names) {
      const rows = await reader.loadDoc(n);
      const seqs = rows.map((r) => r.seq);
      expect(seqs, `seed ${batchSeed}: ${n}'s rows are in strictly increasing order`).toEqual([...new Set(seqs)].sort((a, b) => a - b));
      const caughtUp = [...seen.get(n)!, ...(await reader.loadSince(n, seen.get(n)!.at(-1) ?? 0)).map((r) => r.seq)];
      expect(caughtUp, `seed ${batchSeed}: catching up by seq on ${n} skipped no row`).toEqual(seqs);
      // Each writer's updates are stored in the order it sent them: its clocks rise with the rows' numbers.
      const clocks = new Map<number, number[]>();
      for (const r of rows) for (const [client, clock] of Y.parseUpdateMeta(r.update).from) clocks.set(client, [...(clocks.get(client) ?? []), clock]);
      for (const [client, list] of clocks) expect(list, `seed ${batchSeed}: client ${client} on ${n}`).toEqual([...list].sort((a, b) => a - b));
      // The document's row agrees with its rows.
      expect(await reader.updateCount(n)).toBe(rows.length);
      expect((await reader.docVersions()).get(n)).toBe(seqs.at(-1));
      // Every acknowledged update is stored, and each node's updates are in the order it sent them.
      const doc = new Y.Doc();
      rows.forEach((r) => Y.applyUpdate(doc, r.update));
      const stored = doc.getText('t').toString();
      for (const [node, y] of writers.entries()) expect(stored, `seed ${batchSeed}: node ${node} on ${n}`).toContain(y.get(n)!.getText('t').toString());
    }
    // rows: what the document's log held after each update, so within a node and a document they rise in call order.
    for (const node of [0, 1]) {
      for (const n of names) {
        const counts = results.filter((r) => r.node === node && r.doc === n).map((r) => r.rows);
        expect(counts, `seed ${batchSeed}`).toEqual([...counts].sort((a, b) => a - b));
      }
    }
    expect(committers[0]!.commits + committers[1]!.commits).toBe(turns);
    expect(committers[0]!.committedUpdates + committers[1]!.committedUpdates).toBe(results.length);
    await Promise.all([node1.close(), node2.close(), readerStore.close()]);
  });

  it("erases, too, the row another node's append was committing while the erasure started", async () => {
    const store = await openPgStore(server!.url);
    const s = store.forSchool('erase-race');
    const doc = new Y.Doc();
    await s.appendUpdate('school', edit(doc, 'a'));
    // Another node's append, mid-transaction: it holds the document's row and has written its update, not committed.
    const other = new pg.Client(server!.url);
    await other.connect();
    await other.query('BEGIN');
    const { rows } = await other.query<{ last_seq: string }>(
      "UPDATE docs SET last_seq = nextval('baseroom_update_seq'), row_count = row_count + 1 WHERE school = $1 AND doc_name = $2 RETURNING last_seq",
      ['erase-race', 'school'],
    );
    await other.query('INSERT INTO doc_updates (school, doc_name, seq, update_blob) VALUES ($1, $2, $3, $4)', ['erase-race', 'school', rows[0]!.last_seq, Buffer.from(edit(doc, 'b'))]);
    const erased = s.eraseDoc('school', 5_000);
    // The erasure is waiting on the append's lock (a query per check: it waits on the server's state, not a timer).
    const watcher = new pg.Client(server!.url);
    try {
      await watcher.connect();
      const lockWaits = async () =>
        Number((await watcher.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).rows[0]!.n);
      while ((await lockWaits()) === 0);
      await other.query('COMMIT');
      await erased;
      const left = await watcher.query('SELECT seq FROM doc_updates WHERE school = $1 AND doc_name = $2', ['erase-race', 'school']);
      expect(left.rows).toEqual([]);
    } finally {
      await Promise.all([other.end(), watcher.end(), store.close()]);
    }
  });

  it("refuses an append that waited on the document's row while another node erased it", async () => {
    const store = await openPgStore(server!.url);
    const committer = store.committerFor('erase-race-2', { perTurn: true });
    const doc = new Y.Doc();
    await committer.append('school', edit(doc, 'a'));
    // Another node's erasure, mid-transaction.
    const other = new pg.Client(server!.url);
    const watcher = new pg.Client(server!.url);
    await Promise.all([other.connect(), watcher.connect()]);
    try {
      await other.query('BEGIN');
      await other.query('DELETE FROM docs WHERE school = $1 AND doc_name = $2', ['erase-race-2', 'school']);
      await other.query('DELETE FROM doc_updates WHERE school = $1 AND doc_name = $2', ['erase-race-2', 'school']);
      await other.query('INSERT INTO erased_docs (school, doc_name, erased_at) VALUES ($1, $2, 5000)', ['erase-race-2', 'school']);
      const late = committer.append('school', edit(doc, 'b')).then(
        () => 'stored',
        (err: { reason?: string }) => err.reason,
      );
      const lockWaits = async () =>
        Number((await watcher.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).rows[0]!.n);
      while ((await lockWaits()) === 0);
      await other.query('COMMIT');
      expect(await late).toBe('erased');
      expect((await watcher.query('SELECT seq FROM doc_updates WHERE school = $1', ['erase-race-2'])).rows).toEqual([]);
    } finally {
      await Promise.all([other.end(), watcher.end(), store.close()]);
    }
  });
});
