// The relay's durable store: per-document update logs plus enrolled devices and pairing codes.
import type { DeviceRole, DeviceScope } from '../doc-names.js';

export interface DeviceRecord {
  deviceId: string;
  role: DeviceRole;
  scope: DeviceScope;
  name: string | null;
  createdAt: number;
  pairedAt: number | null;
  revokedAt: number | null;
  /** When the device last opened a connection or wrote (to the minute): "last contact" for the coordinator. */
  lastSeenAt?: number | null;
}

/** A `devices` row as both the SQLite and the PostgreSQL store hold it. */
export interface DeviceRow {
  device_id: string;
  role: string;
  scope: string;
  name: string | null;
  created_at: number;
  paired_at: number | null;
  revoked_at: number | null;
  last_seen_at: number | null;
}

export const toDevice = (r: DeviceRow): DeviceRecord => ({
  deviceId: r.device_id,
  role: r.role as DeviceRole,
  scope: JSON.parse(r.scope) as DeviceScope,
  name: r.name,
  createdAt: r.created_at,
  pairedAt: r.paired_at,
  revokedAt: r.revoked_at,
  lastSeenAt: r.last_seen_at,
});

export interface PairingCodeRecord {
  /** sha256 of the code: a copy of the store does not hand out working codes. */
  codeHash: string;
  deviceId: string;
  expiresAt: number;
}

/** One line of the audit log: which device did what to which document, and when. Never any content. */
export interface AuditEntry {
  at: number;
  deviceId: string;
  /** Empty for actions on a device rather than a document (enrolled, revoked). */
  docName: string;
  action: 'opened' | 'changed' | 'refused' | 'enrolled' | 'revoked' | 'erased';
  /** Why, for a refusal (a reason code such as `not-permitted:pupils`), or who, for a device action. */
  detail: string;
}

export interface AuditQuery {
  docName?: string;
  deviceId?: string;
  limit: number;
}

/** Yjs client ids first written by a device in an update, recorded in the same commit as the update. */
export interface ClientClaim {
  deviceId: string;
  clients: readonly number[];
}

/** One update to append to a document's log, with the client ids its device claims in the same commit. */
export interface UpdateAppend {
  docName: string;
  update: Uint8Array;
  claim?: ClientClaim;
}

/**
 * Writes committed together, in one transaction (one fsync): the relay's group commit. Audit lines and last-contact
 * times ride along with the updates rather than paying for a commit of their own.
 */
export interface StoreBatch {
  updates: readonly UpdateAppend[];
  audit: readonly AuditEntry[];
  touches: readonly { deviceId: string; at: number }[];
}

/**
 * Every method is synchronous on purpose: the relay relies on "returned means committed" so that
 * nothing is sent to any client between receiving an update and having it on disk, and so that a
 * connection's messages are handled strictly in order.
 */
export interface RelayStore {
  /** All stored updates of a document, oldest first (empty when the document is new). */
  loadDoc(docName: string): Uint8Array[];
  /**
   * Durably appends one update, and in the same commit records the device as owner of the client ids it claims;
   * returns the number of rows the document's log now holds.
   */
  appendUpdate(docName: string, update: Uint8Array, claim?: ClientClaim): number;
  /**
   * Commits a batch in one transaction, updates in order; returns, for each update, the number of rows its
   * document's log holds after it. All or nothing: when it throws, none of the batch is stored. With `deferSync`
   * the commit is written without waiting for the disk (it survives the relay process dying, not a power cut):
   * it is durable once a later `syncWritten()` resolves.
   */
  commitBatch(batch: StoreBatch, options?: { deferSync?: boolean }): number[];
  /**
   * Resolves once every commit written so far is on the disk; the wait (an fsync) runs off the event loop. Resolves at
   * once for a store that syncs each commit itself, or never syncs (STORE_SYNC=normal, memory).
   */
  syncWritten(): Promise<void>;
  /** Which device first wrote each Yjs client id of a document. */
  clientOwners(docName: string): Map<number, string>;
  /** Moves whenever another process commits to the store (a revocation from the CLI, say). */
  externalChanges(): number;
  /**
   * Replaces a document's log by one update: `state` when given (the caller's Y.Doc holds exactly every stored
   * row), otherwise the rows merged. A no-op for 0 or 1 rows.
   */
  compact(docName: string, state?: Uint8Array): void;
  updateCount(docName: string): number;
  /** Names of every document with at least one stored update, sorted. */
  listDocNames(): string[];
  /**
   * For every document with a stored update, a number that moves whenever an update is appended (a compaction,
   * which changes no content, leaves it) and never comes back to an earlier value: devices compare it to skip
   * documents they already hold.
   */
  docVersions(): Map<string, number>;
  /**
   * Which life of the store this is: '' for a store as created, a new random value after each restore from a backup
   * (`restoreStore`). Mixed into the version tags devices see, since a restored log's versions climb back through
   * numbers devices already saw with other content.
   */
  generation(): string;
  /**
   * Erases a document for good in one commit: its update log and client owners are deleted and its name is kept as
   * a tombstone (name and time, no content), so a device that still holds a copy cannot upload it again.
   */
  eraseDoc(docName: string, at: number): void;
  /** When the document was erased, or null when it never was. */
  erasedAt(docName: string): number | null;

  addDevice(device: DeviceRecord): void;
  getDevice(deviceId: string): DeviceRecord | null;
  listDevices(): DeviceRecord[];
  /** Records the device's last contact. */
  touchDevice(deviceId: string, at: number): void;
  /** Marks a device revoked; false when there is no such device. */
  revokeDevice(deviceId: string, at: number): boolean;
  addPairingCode(code: PairingCodeRecord): void;
  appendAudit(entry: AuditEntry): void;
  /** Newest first. */
  listAudit(query: AuditQuery): AuditEntry[];
  /** Forgets entries older than `before`; returns how many. */
  pruneAudit(before: number): number;
  /**
   * Uses up a pairing code: returns its device and marks it paired, or null when the code is
   * unknown, used or expired. A code works at most once, even under concurrent attempts.
   */
  redeemPairingCode(codeHash: string, now: number): DeviceRecord | null;

  close(): void;
}

/** Why the store could not do what was asked: a full disk, a damaged file, an I/O error, or anything else. */
export type StoreFailure = 'store-full' | 'store-corrupt' | 'store-io-error' | 'store-error';

export class StoreError extends Error {
  constructor(
    readonly reason: 'duplicate-device' | 'closed' | StoreFailure,
    readonly details?: Record<string, unknown>,
  ) {
    super(`Relay store error: ${reason}`);
    this.name = 'StoreError';
  }
}
