// The relay's shared state behind an async interface, one view per school (tenant), so several relay processes can
// share one durable store (PostgreSQL, pg-store.ts). The synchronous SQLite and memory stores are presented through
// the same interface by sync-store-adapter.ts. The relay reads and writes shared state only through this interface.
import { isValidId } from '../doc-names.js';
import type { PairingAttempts } from '../auth/pairing-limits.js';
import type { CommitterOptions, UpdateCommitter } from './group-commit.js';
import { StoreError, type AuditEntry, type AuditQuery, type ClientClaim, type DeviceRecord, type PairingCodeRecord, type StoreFailure } from './relay-store.js';

export { defaultSchool } from '../school-path.js';

/**
 * One stored row of a document's log. `seq` is unique within the document and larger for every later commit to it (on
 * PostgreSQL drawn from one sequence for the whole store; see `appendRowsSql` in pg-store.ts for a batch's numbers).
 */
export interface StoredUpdate {
  seq: number;
  update: Uint8Array;
}

export interface AppendResult {
  /** The row's sequence number: within a document, later commits always have larger numbers. */
  seq: number;
  /** How many rows the document's log holds now (the relay compacts past a threshold). */
  rows: number;
}

/** What a caller's Y.Doc holds: every row of the document up to and including `upTo`, as one update. */
export interface CompactionSnapshot {
  state: Uint8Array;
  upTo: number;
}

/**
 * One school's view of the store. Every promise resolves only after the change is committed: nothing may be
 * acknowledged to a device, or announced on the bus, before `appendUpdate` has resolved.
 */
export interface SchoolStore {
  readonly school: string;
  /** All stored rows of a document, oldest first (empty when the document is new). */
  loadDoc(docName: string): Promise<StoredUpdate[]>;
  /** The rows with `seq > afterSeq`, oldest first: how a node catches up after a bus hint (or a lost one). */
  loadSince(docName: string, afterSeq: number): Promise<StoredUpdate[]>;
  /** Durably appends one update and, in the same commit, records the device as owner of the client ids it claims. */
  appendUpdate(docName: string, update: Uint8Array, claim?: ClientClaim): Promise<AppendResult>;
  /** Which device first wrote each Yjs client id of a document. */
  clientOwners(docName: string): Promise<Map<number, string>>;
  /** Moves whenever a device of this school is revoked through another handle on the store (another node, the CLI). */
  externalChanges(): Promise<number>;
  /**
   * Replaces rows by one, in one transaction: with a snapshot, the rows up to `snapshot.upTo` by its state;
   * otherwise every row merged. The new row keeps the largest sequence number it replaces, so a node that has
   * caught up to it gets nothing twice. Resolves false when there was nothing to gain (fewer than 2 rows) or
   * another node is compacting the document at that moment.
   */
  compact(docName: string, snapshot?: CompactionSnapshot): Promise<boolean>;
  updateCount(docName: string): Promise<number>;
  /** Names of every document with at least one stored update, sorted. */
  listDocNames(): Promise<string[]>;
  /**
   * For every document with a stored update, a number that moves whenever an update is appended (never on a
   * compaction) and never comes back to an earlier value: devices compare it to skip documents they already hold.
   */
  docVersions(): Promise<Map<string, number>>;
  /**
   * Which life of the store this is: '' as created, a new value after a restore from a backup (on PostgreSQL, one into
   * another database, or by hand: see sync-server/README.md). Version tags mix it in, so none repeats across a restore.
   */
  generation(): Promise<string>;
  /** Deletes a document's log and client owners in one commit and keeps its name (and time) as a tombstone. */
  eraseDoc(docName: string, at: number): Promise<void>;
  /** When the document was erased, or null when it never was. */
  erasedAt(docName: string): Promise<number | null>;

  addDevice(device: DeviceRecord): Promise<void>;
  getDevice(deviceId: string): Promise<DeviceRecord | null>;
  /**
   * Whether the device is revoked, asked before every write. A store that can tell cheaply that nothing was
   * committed from elsewhere since it last found this device not revoked answers at once (a boolean); otherwise it
   * reads the device (a promise).
   */
  isRevoked(deviceId: string): boolean | Promise<boolean>;
  listDevices(): Promise<DeviceRecord[]>;
  touchDevice(deviceId: string, at: number): Promise<void>;
  /** Marks a device revoked; false when there is no such device. */
  revokeDevice(deviceId: string, at: number): Promise<boolean>;
  addPairingCode(code: PairingCodeRecord): Promise<void>;
  /** A code works at most once, even when several nodes try it at the same moment. */
  redeemPairingCode(codeHash: string, now: number): Promise<DeviceRecord | null>;
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  listAudit(query: AuditQuery): Promise<AuditEntry[]>;
  /** Forgets entries older than `before`; returns how many. */
  pruneAudit(before: number): Promise<number>;
}

export interface SharedStore {
  /** The view of one school; nothing read or written through it can reach another school's rows. */
  forSchool(school: string): SchoolStore;
  /**
   * Where the relay commits one school's document updates (with their client-id claims, audit lines and last
   * contacts): each turn's writes in one transaction, each update's promise resolved only after COMMIT.
   */
  committerFor(school: string, options: CommitterOptions): UpdateCommitter;
  /** True when other processes (relay nodes, the CLI) write the same store: the relay then follows their commits. */
  readonly multiNode: boolean;
  /** Wrong pairing codes per address, kept in the store for every node (absent: each relay keeps its own). */
  readonly pairingAttempts?: PairingAttempts;
  close(): Promise<void>;
}

/** School ids follow the same rule as every other id in a document name or token. */
export function assertSchoolId(school: string): void {
  if (!isValidId(school)) throw new Error(`Not a school id (a-z, 0-9 and -, at most 64): ${JSON.stringify(school)}`);
}

/**
 * Every method of a school's view: refused with StoreError('closed') once the store is closed, and any other failure
 * turned into a StoreError with a reason (`failureOf`) and the operation, never the backend's message (it may quote
 * values). A StoreError the backend throws on purpose (a duplicate device) passes through.
 */
export function guardSchoolStore(methods: SchoolStore, isClosed: () => boolean, failureOf: (err: unknown) => StoreFailure): SchoolStore {
  const guarded = { school: methods.school } as Record<string, unknown>;
  for (const [key, method] of Object.entries(methods)) {
    if (typeof method !== 'function') continue;
    const failure = (err: unknown) => {
      if (err instanceof StoreError) return err;
      const code = (err as { code?: unknown } | null)?.code;
      return new StoreError(failureOf(err), { operation: key, ...(typeof code === 'string' ? { code } : {}) });
    };
    // Every failure is a rejected promise; an answer the store gave at once (isRevoked) stays immediate.
    guarded[key] = (...args: unknown[]) => {
      if (isClosed()) return Promise.reject(new StoreError('closed'));
      let result: unknown;
      try {
        result = (method as (...a: unknown[]) => unknown)(...args);
      } catch (err) {
        return Promise.reject(failure(err));
      }
      return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(failure(err))) : result;
    };
  }
  return guarded as unknown as SchoolStore;
}
