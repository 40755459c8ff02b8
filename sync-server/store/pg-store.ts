// The shared store on PostgreSQL (`pg`), for several relay processes serving one or many schools. Every table is
// keyed by school. An append is one statement in its own transaction, so its promise resolves only after COMMIT
// (and, with PostgreSQL's default synchronous_commit, after the WAL is on disk).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import * as Y from 'yjs';
import { logRelayEvent } from '../relay/log.js';
import { blockAfter, forgetAfterMs, type PairingAttempts } from '../auth/pairing-limits.js';
import { WriteRefused } from '../relay/update-inspector.js';
import { BatchingCommitter, type CommitterOptions, type UpdateCommitter } from './group-commit.js';
import { StoreError, toDevice, type AuditEntry, type ClientClaim, type DeviceRecord, type StoreFailure, type DeviceRow } from './relay-store.js';
import { assertSchoolId, guardSchoolStore, type SchoolStore, type SharedStore, type StoredUpdate } from './shared-store.js';

/** Created once by whichever node starts first; the advisory lock keeps two nodes from racing to create it. */
const schema = `
  CREATE SEQUENCE IF NOT EXISTS baseroom_update_seq;
  CREATE TABLE IF NOT EXISTS docs (
    school text NOT NULL,
    doc_name text NOT NULL,
    last_seq bigint NOT NULL,
    row_count integer NOT NULL,
    PRIMARY KEY (school, doc_name)
  );
  CREATE TABLE IF NOT EXISTS doc_updates (
    school text NOT NULL,
    doc_name text NOT NULL,
    seq bigint NOT NULL,
    update_blob bytea NOT NULL,
    PRIMARY KEY (school, doc_name, seq)
  );
  CREATE TABLE IF NOT EXISTS client_owners (
    school text NOT NULL,
    doc_name text NOT NULL,
    client_id bigint NOT NULL,
    device_id text NOT NULL,
    PRIMARY KEY (school, doc_name, client_id)
  );
  CREATE TABLE IF NOT EXISTS devices (
    school text NOT NULL,
    device_id text NOT NULL,
    role text NOT NULL,
    scope text NOT NULL,
    name text,
    created_at bigint NOT NULL,
    paired_at bigint,
    revoked_at bigint,
    last_seen_at bigint,
    PRIMARY KEY (school, device_id)
  );
  CREATE TABLE IF NOT EXISTS pairing_codes (
    school text NOT NULL,
    code_hash text NOT NULL,
    device_id text NOT NULL,
    expires_at bigint NOT NULL,
    used_at bigint,
    PRIMARY KEY (school, code_hash),
    FOREIGN KEY (school, device_id) REFERENCES devices (school, device_id)
  );
  CREATE TABLE IF NOT EXISTS audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school text NOT NULL,
    at bigint NOT NULL,
    device_id text NOT NULL,
    doc_name text NOT NULL,
    action text NOT NULL,
    detail text NOT NULL
  );
  CREATE INDEX IF NOT EXISTS audit_by_school ON audit_log (school, id);
  CREATE INDEX IF NOT EXISTS audit_by_doc ON audit_log (school, doc_name, id);
  CREATE INDEX IF NOT EXISTS audit_by_device ON audit_log (school, device_id, id);
  CREATE INDEX IF NOT EXISTS audit_by_time ON audit_log (school, at);
  CREATE TABLE IF NOT EXISTS erased_docs (
    school text NOT NULL,
    doc_name text NOT NULL,
    erased_at bigint NOT NULL,
    PRIMARY KEY (school, doc_name)
  );
  CREATE TABLE IF NOT EXISTS pairing_failures (
    address text PRIMARY KEY,
    failures integer NOT NULL,
    blocked_until bigint NOT NULL,
    last_failure bigint NOT NULL
  );
  CREATE TABLE IF NOT EXISTS school_changes (
    school text PRIMARY KEY,
    changes bigint NOT NULL
  );
  CREATE TABLE IF NOT EXISTS store_generation (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    generation text NOT NULL,
    database_oid bigint NOT NULL
  );
  INSERT INTO store_generation (generation, database_oid)
    SELECT '', oid::bigint FROM pg_database WHERE datname = current_database() ON CONFLICT DO NOTHING;
`;
/**
 * A dump restored into another database (`pg_restore` into an empty one, as sync-server/README.md says) brings the old
 * database's oid with it: the store starts a new generation, so no version tag repeats across the restore.
 */
const newGenerationIfRestoredSql = `
  UPDATE store_generation SET generation = $1, database_oid = d.oid::bigint
  FROM pg_database d WHERE d.datname = current_database() AND store_generation.database_oid <> d.oid::bigint`;
const schemaLockKey = 0x62617365; // 'base'

/**
 * The document's row in `docs` is locked by the upsert until COMMIT and the sequence number is drawn under that lock,
 * so within one document a later commit always has a larger seq: catching up by `seq > n` never skips a row.
 */
const appendSql = `
  WITH d AS (
    INSERT INTO docs AS d (school, doc_name, last_seq, row_count) VALUES ($1, $2, nextval('baseroom_update_seq'), 1)
    ON CONFLICT (school, doc_name) DO UPDATE SET last_seq = nextval('baseroom_update_seq'), row_count = d.row_count + 1
    RETURNING last_seq, row_count
  ), u AS (
    INSERT INTO doc_updates (school, doc_name, seq, update_blob) SELECT $1, $2, last_seq, $3 FROM d
  ), c AS (
    INSERT INTO client_owners (school, doc_name, client_id, device_id)
    SELECT $1, $2, unnest($4::bigint[]), $5::text WHERE $5::text IS NOT NULL
    ON CONFLICT DO NOTHING
  )
  SELECT last_seq, row_count FROM d`;

/**
 * The relay's appends for a run of updates (several documents, several updates each), in one statement, without
 * claims (the committer checks those first, in the same transaction); nothing for an erased document (another node
 * may still hold a copy in memory): no row comes back for its updates. `$2` and `$3` are the updates' documents and
 * bytes, in the committer's order (documents in name order, each one's updates in call order).
 *
 * Each document's row is locked by the upsert (in name order, the same order as every other commit: no deadlock), and
 * only then are its n numbers drawn from the sequence; the document's rows take the n numbers up to the largest drawn
 * (n distinct increasing numbers all above the row's earlier ones, so the range below the largest is too). So within a
 * document a later commit still always has larger numbers, and each update's number rises in call order.
 */
const appendRowsSql = `
  WITH input AS (
    SELECT doc_name, update_blob, ord FROM unnest($2::text[], $3::bytea[]) WITH ORDINALITY AS t(doc_name, update_blob, ord)
  ), counts AS (
    SELECT doc_name, count(*)::int AS n FROM input GROUP BY doc_name
  ), d AS (
    INSERT INTO docs AS d (school, doc_name, last_seq, row_count)
    SELECT $1, c.doc_name, (SELECT max(nextval('baseroom_update_seq')) FROM generate_series(1, c.n)), c.n FROM counts c
    WHERE NOT EXISTS (SELECT 1 FROM erased_docs e WHERE e.school = $1 AND e.doc_name = c.doc_name)
    ORDER BY c.doc_name COLLATE "C"
    ON CONFLICT (school, doc_name) DO UPDATE SET
      last_seq = (SELECT max(nextval('baseroom_update_seq')) FROM generate_series(1, excluded.row_count)),
      row_count = d.row_count + excluded.row_count
    RETURNING d.doc_name, d.last_seq, d.row_count
  ), numbered AS (
    SELECT i.ord, i.doc_name, i.update_blob,
      d.last_seq - c.n + row_number() OVER (PARTITION BY i.doc_name ORDER BY i.ord) AS seq,
      d.row_count - c.n + row_number() OVER (PARTITION BY i.doc_name ORDER BY i.ord) AS row_count
    FROM input i JOIN d USING (doc_name) JOIN counts c USING (doc_name)
  ), u AS (
    INSERT INTO doc_updates (school, doc_name, seq, update_blob) SELECT $1, doc_name, seq, update_blob FROM numbered
  )
  SELECT ord, seq, row_count FROM numbered`;

const revokeSql = `
  WITH r AS (
    UPDATE devices SET revoked_at = COALESCE(revoked_at, $3) WHERE school = $1 AND device_id = $2 RETURNING 1
  ), b AS (
    INSERT INTO school_changes (school, changes) SELECT $1, 1 FROM r
    ON CONFLICT (school) DO UPDATE SET changes = school_changes.changes + 1
  )
  SELECT count(*) AS n FROM r`;

/** One statement: concurrent attempts queue on the code's row, and only the first finds it unused. */
const redeemSql = `
  WITH used AS (
    UPDATE pairing_codes SET used_at = $3
    WHERE school = $1 AND code_hash = $2 AND used_at IS NULL AND expires_at > $3
    RETURNING device_id
  )
  UPDATE devices d SET paired_at = $3 FROM used
  WHERE d.school = $1 AND d.device_id = used.device_id AND d.revoked_at IS NULL
  RETURNING d.*`;

const toRow = (r: { seq: number; update_blob: Buffer }): StoredUpdate => ({ seq: r.seq, update: new Uint8Array(r.update_blob) });
const bytes = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** bigint columns (times, sequence numbers) as JS numbers: every value we store is below 2^53. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** PostgreSQL's error classes in the relay's failure words (what /healthz and the close reason say). */
export function pgFailureOf(err: unknown): StoreFailure {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return /connection terminated|connection timeout/i.test(String((err as Error)?.message)) ? 'store-io-error' : 'store-error';
  if (code === '53100' || code === 'ENOSPC') return 'store-full';
  if (code === 'XX001' || code === 'XX002') return 'store-corrupt';
  if (code.startsWith('08') || code.startsWith('57P') || code.startsWith('58') || code.startsWith('E')) return 'store-io-error';
  return 'store-error';
}

export interface PgStoreOptions {
  /** Connections this process may hold (default 10). */
  maxConnections?: number;
  /** Told when a query fails (with the failure word) and when the relay's commits work again: /healthz. */
  health?: { degrade(source: 'store', reason: string): void; recover(source: 'store'): void };
}

export async function openPgStore(databaseUrl: string, { maxConnections = 10, health }: PgStoreOptions = {}): Promise<SharedStore> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: maxConnections, types, connectionTimeoutMillis: 10_000 });
  // A dropped idle connection (the server restarting) is replaced on the next query; it must not end the process.
  pool.on('error', (err) => logRelayEvent('store-connection-lost', { reason: pgFailureOf(err) }));
  let closed = false;

  const inTransaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      // A connection that cannot even roll back is closed rather than handed to the next caller.
      await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
      throw err;
    } finally {
      client.release(broken);
    }
  };

  try {
    await inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [schemaLockKey]);
      await client.query(schema);
      await client.query(newGenerationIfRestoredSql, [randomBytes(16).toString('hex')]);
    });
  } catch (err) {
    await pool.end();
    throw new StoreError(pgFailureOf(err), { operation: 'open' });
  }

  const failureOf = (err: unknown): StoreFailure => {
    const failure = pgFailureOf(err);
    health?.degrade('store', failure);
    return failure;
  };

  const forSchool = (school: string): SchoolStore => {
    const rowsOf = async (sql: string, params: unknown[]) => (await pool.query<{ seq: number; update_blob: Buffer }>(sql, params)).rows.map(toRow);
    return guardSchoolStore(
      {
        school,
        loadDoc: (docName) => rowsOf('SELECT seq, update_blob FROM doc_updates WHERE school = $1 AND doc_name = $2 ORDER BY seq', [school, docName]),
        loadSince: (docName, afterSeq) =>
          rowsOf('SELECT seq, update_blob FROM doc_updates WHERE school = $1 AND doc_name = $2 AND seq > $3 ORDER BY seq', [school, docName, afterSeq]),
        async appendUpdate(docName, update, claim) {
          const clients = claim?.clients.length ? [...claim.clients] : [];
          const { rows } = await pool.query<{ last_seq: number; row_count: number }>(appendSql, [
            school,
            docName,
            bytes(update),
            clients,
            clients.length ? claim!.deviceId : null,
          ]);
          return { seq: rows[0]!.last_seq, rows: rows[0]!.row_count };
        },
        async clientOwners(docName) {
          const { rows } = await pool.query<{ client_id: number; device_id: string }>(
            'SELECT client_id, device_id FROM client_owners WHERE school = $1 AND doc_name = $2',
            [school, docName],
          );
          return new Map(rows.map((r) => [r.client_id, r.device_id]));
        },
        async externalChanges() {
          const { rows } = await pool.query<{ changes: number }>('SELECT changes FROM school_changes WHERE school = $1', [school]);
          return rows[0]?.changes ?? 0;
        },
        compact: (docName, snapshot) =>
          inTransaction(async (client) => {
            // Out of the hot path: appends never wait for this lock, and a second compactor simply gives up.
            const lock = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [
              `compact:${school}:${docName}`,
            ]);
            if (!lock.rows[0]!.locked) return false;
            let state = snapshot?.state;
            let top: number;
            if (snapshot) {
              const { rows } = await client.query<{ n: number; top: number }>(
                'SELECT count(*) AS n, max(seq) AS top FROM doc_updates WHERE school = $1 AND doc_name = $2 AND seq <= $3',
                [school, docName, snapshot.upTo],
              );
              if (rows[0]!.n < 2) return false;
              top = rows[0]!.top;
            } else {
              const { rows } = await client.query<{ seq: number; update_blob: Buffer }>(
                'SELECT seq, update_blob FROM doc_updates WHERE school = $1 AND doc_name = $2 ORDER BY seq',
                [school, docName],
              );
              if (rows.length < 2) return false;
              state = Y.mergeUpdates(rows.map((r) => new Uint8Array(r.update_blob)));
              top = rows.at(-1)!.seq;
            }
            // The merged row takes the largest seq it replaces: a node already caught up to it reads nothing twice.
            const removed = await client.query('DELETE FROM doc_updates WHERE school = $1 AND doc_name = $2 AND seq <= $3', [school, docName, top]);
            await client.query('INSERT INTO doc_updates (school, doc_name, seq, update_blob) VALUES ($1, $2, $3, $4)', [school, docName, top, bytes(state!)]);
            await client.query('UPDATE docs SET row_count = row_count - $3 + 1 WHERE school = $1 AND doc_name = $2', [school, docName, removed.rowCount]);
            return true;
          }),
        async updateCount(docName) {
          const { rows } = await pool.query<{ row_count: number }>('SELECT row_count FROM docs WHERE school = $1 AND doc_name = $2', [school, docName]);
          return rows[0]?.row_count ?? 0;
        },
        async listDocNames() {
          const { rows } = await pool.query<{ doc_name: string }>(
            'SELECT doc_name FROM docs WHERE school = $1 AND row_count > 0 ORDER BY doc_name COLLATE "C"',
            [school],
          );
          return rows.map((r) => r.doc_name);
        },
        async docVersions() {
          const { rows } = await pool.query<{ doc_name: string; last_seq: number }>(
            'SELECT doc_name, last_seq FROM docs WHERE school = $1 AND row_count > 0',
            [school],
          );
          return new Map(rows.map((r) => [r.doc_name, r.last_seq]));
        },
        async generation() {
          const { rows } = await pool.query<{ generation: string }>('SELECT generation FROM store_generation');
          return rows[0]?.generation ?? '';
        },
        eraseDoc: (docName, at) =>
          inTransaction(async (client) => {
            const key = [school, docName];
            // The document's row first: it waits for an append that holds it (another node's commit), so the deletes
            // after it see that append's rows. An append that waits on it instead is taken back by the committer's
            // fresh read of erased_docs.
            await client.query('DELETE FROM docs WHERE school = $1 AND doc_name = $2', key);
            await client.query('DELETE FROM doc_updates WHERE school = $1 AND doc_name = $2', key);
            await client.query('DELETE FROM client_owners WHERE school = $1 AND doc_name = $2', key);
            await client.query('INSERT INTO erased_docs (school, doc_name, erased_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [...key, at]);
          }),
        async erasedAt(docName) {
          const { rows } = await pool.query<{ erased_at: number }>('SELECT erased_at FROM erased_docs WHERE school = $1 AND doc_name = $2', [school, docName]);
          return rows[0]?.erased_at ?? null;
        },
        async addDevice(d) {
          const { rowCount } = await pool.query(
            `INSERT INTO devices (school, device_id, role, scope, name, created_at, paired_at, revoked_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
            [school, d.deviceId, d.role, JSON.stringify(d.scope), d.name, d.createdAt, d.pairedAt, d.revokedAt],
          );
          if (rowCount !== 1) throw new StoreError('duplicate-device', { deviceId: d.deviceId });
        },
        async getDevice(deviceId) {
          const { rows } = await pool.query<DeviceRow>('SELECT * FROM devices WHERE school = $1 AND device_id = $2', [school, deviceId]);
          return rows[0] ? toDevice(rows[0]) : null;
        },
        // Every write asks the database: a revocation through any node counts at once.
        async isRevoked(deviceId) {
          const { rows } = await pool.query<{ revoked: boolean }>(
            'SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE school = $1 AND device_id = $2',
            [school, deviceId],
          );
          return rows[0]?.revoked === true;
        },
        async listDevices() {
          const { rows } = await pool.query<DeviceRow>('SELECT * FROM devices WHERE school = $1 ORDER BY created_at, device_id COLLATE "C"', [school]);
          return rows.map(toDevice);
        },
        async touchDevice(deviceId, at) {
          await pool.query('UPDATE devices SET last_seen_at = $3 WHERE school = $1 AND device_id = $2', [school, deviceId, at]);
        },
        async revokeDevice(deviceId, at) {
          const { rows } = await pool.query<{ n: number }>(revokeSql, [school, deviceId, at]);
          return rows[0]!.n === 1;
        },
        async addPairingCode(c) {
          await pool.query('INSERT INTO pairing_codes (school, code_hash, device_id, expires_at) VALUES ($1, $2, $3, $4)', [
            school,
            c.codeHash,
            c.deviceId,
            c.expiresAt,
          ]);
        },
        async redeemPairingCode(codeHash, now) {
          const { rows } = await pool.query<DeviceRow>(redeemSql, [school, codeHash, now]);
          return rows[0] ? toDevice(rows[0]) : null;
        },
        async appendAudit(e) {
          await pool.query('INSERT INTO audit_log (school, at, device_id, doc_name, action, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
            school,
            e.at,
            e.deviceId,
            e.docName,
            e.action,
            e.detail,
          ]);
        },
        async listAudit({ docName, deviceId, limit }) {
          const { rows } = await pool.query<{ at: number; device_id: string; doc_name: string; action: string; detail: string }>(
            `SELECT at, device_id, doc_name, action, detail FROM audit_log
             WHERE school = $1 AND ($2::text IS NULL OR doc_name = $2) AND ($3::text IS NULL OR device_id = $3)
             ORDER BY id DESC LIMIT $4`,
            [school, docName ?? null, deviceId ?? null, limit],
          );
          return rows.map((r) => ({ at: r.at, deviceId: r.device_id, docName: r.doc_name, action: r.action as AuditEntry['action'], detail: r.detail }));
        },
        async pruneAudit(before) {
          const { rowCount } = await pool.query('DELETE FROM audit_log WHERE school = $1 AND at < $2', [school, before]);
          return rowCount ?? 0;
        },
      },
      () => closed,
      failureOf,
    );
  };

  const schools = new Map<string, SchoolStore>();
  const guardedQuery = async <R extends pg.QueryResultRow>(operation: string, sql: string, params: unknown[]) => {
    if (closed) throw new StoreError('closed');
    try {
      return await pool.query<R>(sql, params);
    } catch (err) {
      throw new StoreError(pgFailureOf(err), { operation });
    }
  };
  const pairingAttempts: PairingAttempts = {
    async waitFor(address) {
      const now = Date.now();
      const { rows } = await guardedQuery<{ blocked_until: number }>('pairing-wait', 'SELECT blocked_until FROM pairing_failures WHERE address = $1', [address]);
      return Math.max(0, (rows[0]?.blocked_until ?? 0) - now);
    },
    async failed(address) {
      const now = Date.now();
      // One statement: several nodes counting the same address's failures at once each add theirs.
      const { rows } = await guardedQuery<{ failures: number }>(
        'pairing-failed',
        `INSERT INTO pairing_failures AS p (address, failures, blocked_until, last_failure) VALUES ($1, 1, 0, $2)
         ON CONFLICT (address) DO UPDATE SET
           failures = CASE WHEN $2 - p.last_failure > $3 AND p.blocked_until <= $2 THEN 1 ELSE p.failures + 1 END,
           last_failure = $2
         RETURNING failures`,
        [address, now, forgetAfterMs],
      );
      const block = blockAfter(rows[0]!.failures);
      if (block > 0) await guardedQuery('pairing-failed', 'UPDATE pairing_failures SET blocked_until = $2 WHERE address = $1', [address, now + block]);
      // Addresses quiet for an hour are forgotten, as one relay forgets them.
      await guardedQuery('pairing-failed', 'DELETE FROM pairing_failures WHERE last_failure < $1 AND blocked_until <= $2', [now - forgetAfterMs, now]);
    },
  };
  return {
    multiNode: true,
    pairingAttempts,
    committerFor(school, options) {
      assertSchoolId(school);
      return new PgCommitter(school, inTransaction, options, health);
    },
    forSchool(school) {
      if (closed) throw new StoreError('closed');
      assertSchoolId(school);
      // Kept only for a handful of schools: a request naming any school id must not grow this process's memory.
      let s = schools.get(school);
      if (!s) {
        s = forSchool(school);
        if (schools.size < 1000) schools.set(school, s);
      }
      return s;
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** An update to a document erased meanwhile (through another node): nothing of it is stored. */
export class ErasedDocError extends Error {
  readonly reason = 'erased';
  constructor() {
    super('The document was erased');
    this.name = 'ErasedDocError';
  }
}

interface PendingAppend {
  docName: string;
  update: Uint8Array;
  claim?: ClientClaim;
  resolve(rows: number): void;
  reject(err: unknown): void;
}

/**
 * The relay's commits on PostgreSQL: every update (with its claims), audit line and last contact that arrives while
 * the previous transaction runs goes into the next one, and each update's promise resolves only after its COMMIT.
 * Transactions run one after another, so promises resolve in the order of the calls. Within a transaction the appends
 * go to the store in as few statements as the claims allow (`appendRowsSql`): one for a turn without claims, and an
 * update that claims client ids splits the run, its claim checked after the appends before it.
 */
class PgCommitter extends BatchingCommitter implements UpdateCommitter {
  private updates: PendingAppend[] = [];
  /** A commit is queued behind the running one: writes arriving now join it. */
  private queued = false;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly school: string,
    private readonly inTransaction: <T>(work: (client: pg.PoolClient) => Promise<T>) => Promise<T>,
    options: CommitterOptions,
    private readonly health?: PgStoreOptions['health'],
  ) {
    super(options);
  }

  append(docName: string, update: Uint8Array, claim?: ClientClaim): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.updates.push({ docName, update, claim, resolve, reject });
      this.schedule();
    });
  }

  flush(): Promise<void> {
    if (!this.queued) {
      this.queued = true;
      this.tail = this.tail.then(() => {
        this.queued = false;
        return this.commitWaiting();
      });
    }
    return this.tail;
  }

  private async commitWaiting(): Promise<void> {
    const { updates, audit, touches, school } = this;
    if (updates.length === 0 && audit.length === 0 && touches.length === 0) return;
    this.updates = [];
    this.audit = [];
    this.touches = [];
    let outcomes: ({ seq: number; rows: number } | WriteRefused | ErasedDocError)[];
    try {
      outcomes = await this.inTransaction(async (client) => {
        const results: ({ seq: number; rows: number } | WriteRefused | ErasedDocError)[] = new Array(updates.length);
        // Documents in name order (each one's updates in their own order): two nodes' transactions lock documents in
        // the same order, so they never deadlock.
        const order = updates.map((_, i) => i).sort((a, b) => (updates[a]!.docName < updates[b]!.docName ? -1 : updates[a]!.docName > updates[b]!.docName ? 1 : a - b));
        const refusedDocs = new Set<string>();
        // Consecutive appends (claims already checked) wait here and go to the store in one statement.
        let run: number[] = [];
        const appendRun = async () => {
          if (run.length === 0) return;
          const batch = run;
          run = [];
          const { rows } = await client.query<{ ord: number; seq: number; row_count: number }>(appendRowsSql, [
            school,
            batch.map((i) => updates[i]!.docName),
            batch.map((i) => bytes(updates[i]!.update)),
          ]);
          const stored = new Map(rows.map((r) => [r.ord, r]));
          batch.forEach((i, k) => {
            const row = stored.get(k + 1);
            if (row) return void (results[i] = { seq: row.seq, rows: row.row_count });
            refusedDocs.add(updates[i]!.docName);
            results[i] = new ErasedDocError();
          });
        };
        for (const i of order) {
          const { docName, claim } = updates[i]!;
          if (claim && claim.clients.length > 0) {
            // The claim is checked against what is stored before it: the appends waiting before it go first.
            await appendRun();
          }
          // A refused update's successors may build on it: they are refused with it, so no stored row waits on a gap.
          if (refusedDocs.has(docName)) {
            results[i] = new WriteRefused('foreign-client', 'after a refused claim');
            continue;
          }
          if (claim && claim.clients.length > 0) {
            // Another node may have recorded another device as owner of one of these client ids a moment ago (its
            // in-memory owners did not know yet): the claim is checked here, after our insert waited for theirs.
            const params = [school, docName, [...claim.clients], claim.deviceId];
            await client.query('SAVEPOINT claim');
            await client.query(
              'INSERT INTO client_owners (school, doc_name, client_id, device_id) SELECT $1, $2, unnest($3::bigint[]), $4 ON CONFLICT DO NOTHING',
              params,
            );
            const foreign = await client.query<{ client_id: number }>(
              'SELECT client_id FROM client_owners WHERE school = $1 AND doc_name = $2 AND client_id = ANY($3::bigint[]) AND device_id <> $4 LIMIT 1',
              params,
            );
            if (foreign.rows.length > 0) {
              await client.query('ROLLBACK TO SAVEPOINT claim');
              refusedDocs.add(docName);
              results[i] = new WriteRefused('foreign-client', String(foreign.rows[0]!.client_id));
              continue;
            }
            await client.query('RELEASE SAVEPOINT claim');
          }
          run.push(i);
        }
        await appendRun();
        // An erasure on another node that committed while an append above waited for the document's row left that
        // append a new row (its check of erased_docs read from before). This statement reads afresh: such rows are
        // taken back and their updates refused. One query per commit.
        const appended = [...new Set(updates.filter((_, i) => !(results[i] instanceof Error)).map((u) => u.docName))];
        if (appended.length > 0) {
          const erased = await client.query<{ doc_name: string }>('SELECT doc_name FROM erased_docs WHERE school = $1 AND doc_name = ANY($2::text[])', [school, appended]);
          const names = new Set(erased.rows.map((r) => r.doc_name));
          if (names.size > 0) {
            const params = [school, [...names]];
            await client.query('DELETE FROM docs WHERE school = $1 AND doc_name = ANY($2::text[])', params);
            await client.query('DELETE FROM doc_updates WHERE school = $1 AND doc_name = ANY($2::text[])', params);
            await client.query('DELETE FROM client_owners WHERE school = $1 AND doc_name = ANY($2::text[])', params);
            updates.forEach((u, i) => {
              if (names.has(u.docName)) results[i] = new ErasedDocError();
            });
          }
        }
        if (audit.length > 0) {
          await client.query(
            `INSERT INTO audit_log (school, at, device_id, doc_name, action, detail)
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])`,
            [school, audit.map((e) => e.at), audit.map((e) => e.deviceId), audit.map((e) => e.docName), audit.map((e) => e.action), audit.map((e) => e.detail)],
          );
        }
        if (touches.length > 0) {
          await client.query(
            `UPDATE devices d SET last_seen_at = t.at FROM unnest($2::text[], $3::bigint[]) AS t(id, at)
             WHERE d.school = $1 AND d.device_id = t.id`,
            [school, touches.map((t) => t.deviceId), touches.map((t) => t.at)],
          );
        }
        return results;
      });
    } catch (err) {
      // Nothing of the transaction is stored: every update in it is refused.
      const failure = err instanceof StoreError ? err : new StoreError(pgFailureOf(err), { operation: 'commit' });
      this.health?.degrade('store', failure.reason);
      if (updates.length > 0) logRelayEvent('store-commit-failed', { reason: failure.reason });
      for (const u of updates) u.reject(failure);
      return;
    }
    this.health?.recover('store');
    if (updates.length > 0) this.commits++;
    const lastSeqs = new Map<string, number>();
    updates.forEach((u, i) => {
      const outcome = outcomes[i]!;
      if (outcome instanceof WriteRefused || outcome instanceof ErasedDocError) return u.reject(outcome);
      this.committedUpdates++;
      lastSeqs.set(u.docName, Math.max(lastSeqs.get(u.docName) ?? 0, outcome.seq));
      u.resolve(outcome.rows);
    });
    // Announced only after COMMIT: the bus never tells of a row that is not there.
    for (const [docName, seq] of lastSeqs) this.options.onCommitted?.(docName, seq);
  }
}
