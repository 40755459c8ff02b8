// The default RelayStore: one SQLite file (WAL, synchronous=FULL) in DATA_DIR, so a school backs up one folder.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { storeFailureOf } from './guarded-store.js';
import { makePrivateDir, makePrivateFile, tightenIfPresent } from './private-files.js';
import { assertIntact, StoreUnusableError } from './store-damage.js';
import { StoreError, toDevice, type AuditEntry, type ClientClaim, type DeviceRecord, type RelayStore, type StoreBatch, type DeviceRow } from './relay-store.js';

const schema = `
  CREATE TABLE IF NOT EXISTS doc_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_name TEXT NOT NULL,
    update_blob BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS doc_updates_by_doc ON doc_updates (doc_name, id);
  CREATE TABLE IF NOT EXISTS client_owners (
    doc_name TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    device_id TEXT NOT NULL,
    PRIMARY KEY (doc_name, client_id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    device_id TEXT NOT NULL,
    doc_name TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS audit_by_doc ON audit_log (doc_name, id);
  CREATE INDEX IF NOT EXISTS audit_by_device ON audit_log (device_id, id);
  CREATE INDEX IF NOT EXISTS audit_by_time ON audit_log (at);
  CREATE TABLE IF NOT EXISTS erased_docs (
    doc_name TEXT PRIMARY KEY,
    erased_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS devices (
    device_id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    scope TEXT NOT NULL,
    name TEXT,
    created_at INTEGER NOT NULL,
    paired_at INTEGER,
    revoked_at INTEGER
  );
  CREATE TABLE IF NOT EXISTS store_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS pairing_codes (
    code_hash TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices (device_id),
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  );
`;

interface AuditRow {
  at: number;
  device_id: string;
  doc_name: string;
  action: string;
  detail: string;
}

export const storeFileName = 'baseroom-relay.sqlite';

/** Opens the store in WAL mode and checks every page before anything reads or writes it. */
function openIntact(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    assertIntact(db, file);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof StoreUnusableError) throw err;
    const failure = storeFailureOf(err);
    throw new StoreUnusableError(file, failure === 'store-corrupt' ? 'damaged' : 'unreadable', (err as Error).message);
  }
}

export interface SqliteStoreOptions {
  synchronous?: 'full' | 'normal';
  /** How a deferred commit is synced to disk (tests count or hold it); `fs.fdatasync` on the WAL file by default. */
  fdatasync?: (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;
}

export function openSqliteStore(dataDir: string, { synchronous = 'full', fdatasync = fs.fdatasync }: SqliteStoreOptions = {}): RelayStore {
  // Only the relay's user can read the folder: it holds pupil records and the token secret.
  makePrivateDir(dataDir);
  const file = path.join(dataDir, storeFileName);
  // Made 0600 before SQLite opens it: SQLite gives the -wal and -shm files the same mode.
  makePrivateFile(file);
  const db = openIntact(file);
  for (const suffix of ['-wal', '-shm']) tightenIfPresent(file + suffix);
  // FULL (the default): a commit survives a power cut, not only a crashed process. NORMAL in WAL mode survives a
  // crash of the relay but not of the machine; a school may choose it (STORE_SYNC=normal) for speed.
  db.pragma(`synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  // Deleted rows (a compacted log, a pruned audit line) are overwritten, not left readable in free pages.
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  db.exec(schema);
  // Added after the first release: stores created before it gain the column.
  const deviceColumns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('devices')").all().map((c) => c.name);
  if (!deviceColumns.includes('last_seen_at')) db.exec('ALTER TABLE devices ADD COLUMN last_seen_at INTEGER');

  const q = {
    load: db.prepare<[string], { update_blob: Buffer }>('SELECT update_blob FROM doc_updates WHERE doc_name = ? ORDER BY id'),
    append: db.prepare<[string, Buffer]>('INSERT INTO doc_updates (doc_name, update_blob) VALUES (?, ?)'),
    // The merged row takes the newest row's id: a document's version (its newest id) stays, since its content does.
    appendAs: db.prepare<[number, string, Buffer]>('INSERT INTO doc_updates (id, doc_name, update_blob) VALUES (?, ?, ?)'),
    claim: db.prepare<[string, number, string]>('INSERT OR IGNORE INTO client_owners (doc_name, client_id, device_id) VALUES (?, ?, ?)'),
    owners: db.prepare<[string], { client_id: number; device_id: string }>('SELECT client_id, device_id FROM client_owners WHERE doc_name = ?'),
    count: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates WHERE doc_name = ?'),
    names: db.prepare<[], { doc_name: string }>('SELECT DISTINCT doc_name FROM doc_updates ORDER BY doc_name'),
    // Row ids only grow (AUTOINCREMENT), and a compaction gives its merged row the newest id it replaces: the newest id is the version of the log's content.
    versions: db.prepare<[], { doc_name: string; v: number }>('SELECT doc_name, MAX(id) AS v FROM doc_updates GROUP BY doc_name'),
    generation: db.prepare<[], { value: string }>("SELECT value FROM store_meta WHERE key = 'generation'"),
    rows: db.prepare<[string], { id: number; update_blob: Buffer }>('SELECT id, update_blob FROM doc_updates WHERE doc_name = ? ORDER BY id'),
    lastRow: db.prepare<[string], { id: number; n: number }>('SELECT MAX(id) AS id, COUNT(*) AS n FROM doc_updates WHERE doc_name = ?'),
    deleteUpTo: db.prepare<[string, number]>('DELETE FROM doc_updates WHERE doc_name = ? AND id <= ?'),
    deleteDoc: db.prepare<[string]>('DELETE FROM doc_updates WHERE doc_name = ?'),
    deleteOwners: db.prepare<[string]>('DELETE FROM client_owners WHERE doc_name = ?'),
    tombstone: db.prepare<[string, number]>('INSERT OR IGNORE INTO erased_docs (doc_name, erased_at) VALUES (?, ?)'),
    erasedAt: db.prepare<[string], { erased_at: number }>('SELECT erased_at FROM erased_docs WHERE doc_name = ?'),
    insertDevice: db.prepare('INSERT INTO devices (device_id, role, scope, name, created_at, paired_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    device: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE device_id = ?'),
    devices: db.prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY created_at, device_id'),
    touch: db.prepare<[number, string]>('UPDATE devices SET last_seen_at = ? WHERE device_id = ?'),
    revoke: db.prepare<[number, string]>('UPDATE devices SET revoked_at = COALESCE(revoked_at, ?) WHERE device_id = ?'),
    audit: db.prepare<[number, string, string, string, string]>('INSERT INTO audit_log (at, device_id, doc_name, action, detail) VALUES (?, ?, ?, ?, ?)'),
    listAudit: db.prepare<[{ doc: string | null; device: string | null; limit: number }], AuditRow>(
      'SELECT at, device_id, doc_name, action, detail FROM audit_log WHERE (@doc IS NULL OR doc_name = @doc) AND (@device IS NULL OR device_id = @device) ORDER BY id DESC LIMIT @limit',
    ),
    pruneAudit: db.prepare<[number]>('DELETE FROM audit_log WHERE at < ?'),
    insertCode: db.prepare<[string, string, number]>('INSERT INTO pairing_codes (code_hash, device_id, expires_at) VALUES (?, ?, ?)'),
    useCode: db.prepare<[number, string, number], { device_id: string }>(
      'UPDATE pairing_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING device_id',
    ),
    // Read again each time it runs (unlike a pragma that sets something, which takes effect when prepared).
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    markPaired: db.prepare<[number, string]>('UPDATE devices SET paired_at = ? WHERE device_id = ? AND revoked_at IS NULL'),
  };

  // Rows per document, counted once and then kept up to date here: counting a log of hundreds of rows on every append
  // was a good part of an append's cost. Only this connection writes update rows (the CLI never does); a
  // transaction that throws forgets the counts, as its rows are rolled back.
  const rowCounts = new Map<string, number>();
  const countRows = (docName: string) => {
    let n = rowCounts.get(docName);
    if (n === undefined) rowCounts.set(docName, (n = q.count.get(docName)?.n ?? 0));
    return n;
  };
  const append = (docName: string, update: Uint8Array, claim?: ClientClaim) => {
    const before = countRows(docName);
    q.append.run(docName, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
    for (const client of claim?.clients ?? []) q.claim.run(docName, client, claim!.deviceId);
    rowCounts.set(docName, before + 1);
    return before + 1;
  };
  const forgetCountsOnFailure = <A extends unknown[], R>(write: (...args: A) => R) => (...args: A): R => {
    try {
      return write(...args);
    } catch (err) {
      rowCounts.clear();
      throw err;
    }
  };
  const appendUpdate = forgetCountsOnFailure(db.transaction(append));
  // The group commit: one transaction, so one fsync (synchronous=FULL) however many updates it holds.
  const commitBatch = forgetCountsOnFailure(db.transaction(({ updates, audit, touches }: StoreBatch) => {
    const rows = updates.map((u) => append(u.docName, u.update, u.claim));
    for (const e of audit) q.audit.run(e.at, e.deviceId, e.docName, e.action, e.detail);
    for (const t of touches) q.touch.run(t.at, t.deviceId);
    return rows;
  }));
  // A deferred commit: written to the WAL with synchronous=NORMAL (no fsync, so it survives the relay process dying but
  // not yet a power cut), then made durable by syncWritten's fdatasync of the WAL file, off the event loop. That is
  // exactly what synchronous=FULL does inside the commit, only without holding the event loop for the disk.
  // Everything else (devices, revocations, erasures, compactions) still commits with FULL.
  const deferSync = synchronous === 'full';
  // The connection's level, switched only when the next write needs the other one (a switch costs a statement
  // prepared on the hot path): deferred commits follow one another at NORMAL, and every other write switches back to
  // FULL first (`durably` below). Set with db.pragma, never through statements prepared once: preparing
  // `PRAGMA synchronous = …` already sets it, so merely preparing the FULL one at open turned STORE_SYNC=normal into FULL.
  let level: 'FULL' | 'NORMAL' = deferSync ? 'FULL' : 'NORMAL';
  const setLevel = (wanted: 'FULL' | 'NORMAL') => {
    if (level === wanted) return;
    db.pragma(`synchronous = ${wanted}`);
    level = wanted;
  };
  const commitWritten = (batch: StoreBatch) => {
    setLevel('NORMAL');
    return commitBatch(batch);
  };
  const wal = walSyncer(file + '-wal', fdatasync);
  // Merge and replace in one transaction: a crash leaves either the old log or the merged row.
  const compact = db.transaction((docName: string, state?: Uint8Array) => {
    // With the state given, the rows' contents are not needed: reading them (the whole document again) was a tenth of
    // the time a compaction of a large document held the relay.
    const last = q.lastRow.get(docName);
    if (!last || last.n < 2) return;
    const merged = state ?? Y.mergeUpdates(q.rows.all(docName).map((r) => new Uint8Array(r.update_blob)));
    q.deleteUpTo.run(docName, last.id);
    q.appendAs.run(last.id, docName, Buffer.from(merged));
    rowCounts.delete(docName);
  });
  const eraseDoc = db.transaction((docName: string, at: number) => {
    q.deleteDoc.run(docName);
    q.deleteOwners.run(docName);
    rowCounts.delete(docName);
    q.tombstone.run(docName, at);
  });
  const redeem = db.transaction((codeHash: string, now: number) => {
    const used = q.useCode.get(now, codeHash, now);
    if (!used) return null;
    const changed = q.markPaired.run(now, used.device_id).changes;
    const row = q.device.get(used.device_id);
    return changed === 1 && row ? toDevice(row) : null;
  });

  const store: RelayStore = {
    loadDoc: (docName) => q.load.all(docName).map((r) => new Uint8Array(r.update_blob)),
    appendUpdate: (docName, update, claim) => appendUpdate(docName, update, claim),
    commitBatch: (batch, options) => (deferSync && options?.deferSync ? commitWritten(batch) : (setLevel('FULL'), commitBatch(batch))),
    syncWritten: () => (deferSync ? wal.sync() : Promise.resolve()),
    clientOwners: (docName) => new Map(q.owners.all(docName).map((r) => [r.client_id, r.device_id])),
    // SQLite's data_version moves when another connection (the CLI) commits.
    externalChanges: () => q.dataVersion.get() as number,
    compact: (docName, state) => compact(docName, state),
    updateCount: (docName) => countRows(docName),
    listDocNames: () => q.names.all().map((r) => r.doc_name),
    docVersions: () => new Map(q.versions.all().map((r) => [r.doc_name, r.v])),
    // Absent until a restore writes one (restoreStore): the store as created.
    generation: () => q.generation.get()?.value ?? '',
    eraseDoc(docName, at) {
      eraseDoc(docName, at);
      // secure_delete has overwritten the freed pages, but in WAL mode the old pages may still sit in the -wal file:
      // copy it into the database and truncate it, so the erased bytes are in no file (a reader from another process
      // may hold the WAL open for a moment; compaction writes the same way and the next checkpoint finishes it).
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    erasedAt: (docName) => q.erasedAt.get(docName)?.erased_at ?? null,
    addDevice(d) {
      if (q.device.get(d.deviceId)) throw new StoreError('duplicate-device', { deviceId: d.deviceId });
      q.insertDevice.run(d.deviceId, d.role, JSON.stringify(d.scope), d.name, d.createdAt, d.pairedAt, d.revokedAt);
    },
    getDevice(deviceId) {
      const row = q.device.get(deviceId);
      return row ? toDevice(row) : null;
    },
    listDevices: () => q.devices.all().map(toDevice),
    touchDevice: (deviceId, at) => void q.touch.run(at, deviceId),
    revokeDevice: (deviceId, at) => q.revoke.run(at, deviceId).changes === 1,
    appendAudit: (e) => void q.audit.run(e.at, e.deviceId, e.docName, e.action, e.detail),
    listAudit: ({ docName, deviceId, limit }) =>
      q.listAudit.all({ doc: docName ?? null, device: deviceId ?? null, limit }).map((r) => ({
        at: r.at,
        deviceId: r.device_id,
        docName: r.doc_name,
        action: r.action as AuditEntry['action'],
        detail: r.detail,
      })),
    pruneAudit: (before) => q.pruneAudit.run(before).changes,
    addPairingCode: (c) => void q.insertCode.run(c.codeHash, c.deviceId, c.expiresAt),
    redeemPairingCode: (codeHash, now) => redeem(codeHash, now),
    close() {
      db.close();
      wal.close();
    },
  };
  return deferSync ? durably(store, setLevel) : store;
}

/** What neither writes nor commits: everything else on the store commits at FULL (a deferred commit sets its own level). */
const notWrites = new Set<keyof RelayStore>([
  'loadDoc',
  'commitBatch',
  'syncWritten',
  'clientOwners',
  'externalChanges',
  'updateCount',
  'listDocNames',
  'docVersions',
  'generation',
  'erasedAt',
  'getDevice',
  'listDevices',
  'listAudit',
  'close',
]);

/**
 * Every method not listed as a read switches the connection back to FULL before it runs, so a write added later is
 * durable at its commit by default, never left for the next deferred commit's fsync.
 */
function durably(store: RelayStore, setLevel: (level: 'FULL') => void): RelayStore {
  const wrapped = { ...store } as Record<string, unknown>;
  for (const [key, method] of Object.entries(store)) {
    if (typeof method !== 'function' || notWrites.has(key as keyof RelayStore)) continue;
    wrapped[key] = (...args: unknown[]) => {
      setLevel('FULL');
      return (method as (...a: unknown[]) => unknown)(...args);
    };
  }
  return wrapped as unknown as RelayStore;
}

/**
 * fdatasync of SQLite's WAL file through a descriptor of our own (an fsync through any descriptor flushes the file).
 * The WAL keeps its inode while the store is open (a checkpoint truncates it in place), but the descriptor is checked
 * against the path on every sync and reopened if the file was replaced. A descriptor is never closed while a sync
 * on the thread pool still uses it.
 */
function walSyncer(walFile: string, fdatasync: NonNullable<SqliteStoreOptions['fdatasync']>) {
  let fd: number | null = null;
  let inode = -1;
  let inFlight = 0;
  let retired: number[] = [];
  const closeRetired = () => {
    if (inFlight > 0) return;
    for (const old of retired) fs.closeSync(old);
    retired = [];
  };
  const current = (): number => {
    const onDisk = fs.statSync(walFile).ino;
    if (fd === null || onDisk !== inode) {
      if (fd !== null) retired.push(fd);
      fd = fs.openSync(walFile, 'r');
      inode = fs.fstatSync(fd).ino;
    }
    return fd;
  };
  return {
    sync: () =>
      new Promise<void>((resolve, reject) => {
        const handle = current();
        inFlight++;
        fdatasync(handle, (err) => {
          inFlight--;
          closeRetired();
          if (err) reject(err);
          else resolve();
        });
      }),
    close() {
      if (fd !== null) retired.push(fd);
      fd = null;
      closeRetired();
    },
  };
}
