// A Dexie DBCore layer just above IndexedDB: every row is stored sealed, with only its key and index fields in clear.
import type { DBCore, DBCoreCursor, DBCoreTable, DBCoreTableSchema, Middleware } from 'dexie';
import type { RowCipher } from './rowCipher';
import { OPEN_MEASURE, SEAL_MEASURE } from './lockMarks';

/** The field holding a row's sealed copy. */
const SEALED_FIELD = '$sealed';

/** Top-level fields IndexedDB must read to keep keys and indexes: ids, dates, statuses and kinds, never names or text. */
function clearFields(schema: DBCoreTableSchema): string[] {
  const paths = [schema.primaryKey, ...schema.indexes].flatMap((index) => index.keyPath ?? []);
  return [...new Set(paths.map((path) => path.split('.')[0]!))];
}

function sealTable(table: DBCoreTable, cipher: RowCipher): DBCoreTable {
  const clear = clearFields(table.schema);
  const seal = (row: unknown): unknown => {
    if (!row || typeof row !== 'object') return row;
    const stored: Record<string, unknown> = { [SEALED_FIELD]: cipher.seal(row) };
    for (const field of clear) if (field in row) stored[field] = (row as Record<string, unknown>)[field];
    return stored;
  };
  const open = (stored: unknown): unknown => {
    const parts = sealedParts(stored);
    // Keys IndexedDB generated (auto-increment ids) are only in the clear part.
    return parts ? { ...(cipher.open(parts.sealed) as object), ...parts.clear } : stored;
  };
  const openRow = isUpdateLog(table.name) ? (stored: unknown) => openWhenRead(stored, cipher) : open;
  const openAll = (rows: unknown[]) => timed(OPEN_MEASURE, table.name, rows.length, () => rows.map(openRow));
  return {
    ...table,
    mutate: (req) =>
      req.type === 'add' || req.type === 'put'
        ? table.mutate({ ...req, values: timed(SEAL_MEASURE, table.name, req.values.length, () => req.values.map(seal)) })
        : table.mutate(req),
    get: (req) => table.get(req).then((row) => openAll([row])[0]),
    getMany: (req) => table.getMany(req).then(openAll),
    query: (req) => table.query(req).then((res) => (req.values ? { ...res, result: openAll(res.result) } : res)),
    openCursor: (req) => table.openCursor(req).then((cursor) => (cursor && req.values !== false ? openingCursor(cursor, openRow) : cursor)),
  };
}

/** A stored row's sealed copy and its clear fields (keys and index fields); null for a row stored unsealed. */
function sealedParts(stored: unknown): { sealed: Uint8Array; clear: Record<string, unknown> } | null {
  if (!stored || typeof stored !== 'object' || !(SEALED_FIELD in stored)) return null;
  const { [SEALED_FIELD]: sealed, ...clear } = stored as Record<string, unknown>;
  return { sealed: sealed as Uint8Array, clear };
}

/** y-dexie's log of a document property's updates (`$docs.content_updates`): rows `{ i, k, u, f? }`. */
const isUpdateLog = (table: string) => table.endsWith('_updates');
/** The fields of an update-log row that are only in its sealed copy (`i` and `k` are its key and index, in clear). */
const UPDATE_LOG_SEALED_FIELDS = ['u', 'f'] as const;

/**
 * An update-log row whose sealed part is opened when `u` or `f` is first read. Each open document's y-dexie observer
 * re-reads every update row written since its own newest one and keeps only its own, by the key `k` in clear: opening
 * all of them as they were read cost 18 ms a tap at 4× CPU on the register (114 rows, most of other documents).
 * Plain enumerable properties once read or set, so copying, cloning or writing the row back sees its values.
 */
function openWhenRead(stored: unknown, cipher: RowCipher): unknown {
  const parts = sealedParts(stored);
  if (!parts) return stored;
  const { sealed, clear: row } = parts;
  let opened: Record<string, unknown> | undefined;
  const openOnce = () => {
    if (opened) return opened;
    opened = cipher.open(sealed) as Record<string, unknown>;
    // A field y-dexie added to its rows would be lost when a row is copied or written back: fail loudly instead.
    const unknown = Object.keys(opened).filter((f) => !(f in row));
    if (unknown.length > 0) throw new Error(`Update-log row with fields this layer does not open: ${unknown.join(', ')}`);
    return opened;
  };
  const settle = (target: Record<string, unknown>, field: string, value: unknown) =>
    Object.defineProperty(target, field, { value, writable: true, enumerable: true, configurable: true });
  for (const field of UPDATE_LOG_SEALED_FIELDS) {
    Object.defineProperty(row, field, {
      enumerable: true,
      configurable: true,
      get() {
        const value = openOnce()[field];
        settle(this as Record<string, unknown>, field, value);
        return value;
      },
      set(value: unknown) {
        settle(this as Record<string, unknown>, field, value);
      },
    });
  }
  return row;
}

/**
 * Runs `work` and records how long it took as a User Timing measure for PerformanceObservers (benchmarks, DevTools).
 * Only the latest measure of each name stays in the buffer, so a day of reads and writes does not fill memory.
 */
function timed<T>(name: string, table: string, rows: number, work: () => T): T {
  const start = performance.now();
  const result = work();
  if (rows > 0) {
    performance.clearMeasures(name);
    performance.measure(name, { start, end: performance.now(), detail: { rows, table } });
  }
  return result;
}

/** The same cursor, whose value is opened when read (once per position). */
function openingCursor(cursor: DBCoreCursor, open: (stored: unknown) => unknown): DBCoreCursor {
  let lastStored: unknown;
  let lastOpened: unknown;
  // The real cursor is a native IDBCursor: its getters and methods need it as `this`.
  return Object.create(cursor, {
    key: { get: () => cursor.key },
    primaryKey: { get: () => cursor.primaryKey },
    continue: { value: (key?: unknown) => cursor.continue(key) },
    continuePrimaryKey: { value: (key: unknown, primaryKey: unknown) => cursor.continuePrimaryKey(key, primaryKey) },
    advance: { value: (count: number) => cursor.advance(count) },
    value: {
      get() {
        const stored = cursor.value;
        if (stored !== lastStored) {
          lastStored = stored;
          lastOpened = open(stored);
        }
        return lastOpened;
      },
    },
  }) as DBCoreCursor;
}

/** Below Dexie's own layers (hooks, live queries, y-dexie's updates at level 50), so they all see plain rows. */
export function encryptionMiddleware(cipher: RowCipher): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'BaseroomEncryption',
    level: -10,
    create: (down) => ({ ...down, table: (name) => sealTable(down.table(name), cipher) }),
  };
}
