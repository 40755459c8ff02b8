// The relay's group commit: each message's updates (with audit lines and last contacts) are written at once, and the
// disk is synced for everything written so far in one fsync, off the event loop; each update's promise resolves only
// after the fsync that covers it.
import type { AuditEntry, ClientClaim, RelayStore, UpdateAppend } from './relay-store.js';

/**
 * Where the relay commits documents' updates. `append` resolves, with the number of rows the document's log then
 * holds, only once the update (and the client ids it claims) is durable; it rejects when it could not be committed.
 * Promises resolve in the order of the calls. Before that, `written` may be called: the update is in the store's
 * log (it survives the relay process dying) but not yet synced to the disk (a power cut could still lose it). A
 * committer with no such stage (PostgreSQL, where COMMIT is both) need never call it: "resolved means durable" is the
 * whole contract.
 */
export interface UpdateCommitter {
  append(docName: string, update: Uint8Array, claim?: ClientClaim, written?: () => void): Promise<number>;
  /** Written with the next commit. Never fails its caller: a lost audit line must not cost a device its connection. */
  appendAudit(entry: AuditEntry): void;
  /** A device's last contact, written with the next commit, like an audit line. */
  touchDevice(deviceId: string, at: number): void;
  /**
   * Writes whatever is waiting, now (before an erasure, and at shutdown before the store is closed); an async store
   * resolves after COMMIT.
   */
  flush(): void | Promise<void>;
  /** Commits that held updates, and how many updates (on /metrics: updates per commit shows the grouping). */
  readonly commits: number;
  readonly committedUpdates: number;
}

interface Waiting {
  written?: () => void;
  resolve(rows: number): void;
  reject(err: unknown): void;
}

/** A batch written to the store, waiting for the fsync that makes it durable. */
interface Unsynced {
  waiting: Waiting[];
  rows: number[];
}

export interface CommitterOptions {
  /**
   * Write right after the message being handled (a microtask) rather than at the end of the event loop's turn. With
   * `deferSync` writes are cheap (no fsync), so there is nothing to gain by waiting; without it, a write is a commit
   * with its own fsync, and a turn's worth of updates share one.
   */
  perTurn: boolean;
  /**
   * Write without waiting for the disk, then sync everything written so far with one `syncWritten()` off the event
   * loop (at most one at a time; what is written meanwhile rides on the next). Used with STORE_SYNC=full.
   */
  deferSync?: boolean;
  /** Told, after the commit, the largest seq each document reached (the bus's hint to other relay nodes). */
  onCommitted?(docName: string, seq: number): void;
}

/**
 * What both committers share: audit lines and last contacts wait for the next commit, and a commit is scheduled once
 * per message (a microtask) or per turn of the event loop (`perTurn`). Nothing waits on a timer.
 */
export abstract class BatchingCommitter {
  protected audit: AuditEntry[] = [];
  protected touches: { deviceId: string; at: number }[] = [];
  private scheduled = false;
  commits = 0;
  committedUpdates = 0;

  constructor(protected readonly options: CommitterOptions) {}

  appendAudit(entry: AuditEntry): void {
    this.audit.push(entry);
    this.schedule();
  }

  touchDevice(deviceId: string, at: number): void {
    this.touches.push({ deviceId, at });
    this.schedule();
  }

  abstract flush(): void | Promise<void>;

  protected schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const commit = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.options.perTurn) setImmediate(commit);
    else queueMicrotask(commit);
  }
}

/**
 * Group commit over a synchronous store. Nothing waits on a timer. With `deferSync` (the relay's default), each
 * message's updates are written to SQLite's WAL at once, without an fsync, which costs tens of microseconds; the
 * fsync runs on libuv's thread pool while the relay goes on serving, and covers every batch written before it
 * started. Under load the next fsync covers everything written during the previous one, which is when grouping pays.
 */
export class GroupCommitter extends BatchingCommitter implements UpdateCommitter {
  private updates: UpdateAppend[] = [];
  private waiting: Waiting[] = [];
  private unsynced: Unsynced[] = [];
  private syncing = false;

  constructor(
    private readonly store: Pick<RelayStore, 'commitBatch' | 'syncWritten'>,
    options: CommitterOptions = { perTurn: true },
  ) {
    super(options);
  }

  append(docName: string, update: Uint8Array, claim?: ClientClaim, written?: () => void): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.updates.push(claim ? { docName, update, claim } : { docName, update });
      this.waiting.push({ written, resolve, reject });
      this.schedule();
    });
  }

  flush(): void {
    if (this.updates.length === 0 && this.audit.length === 0 && this.touches.length === 0) return;
    const batch = { updates: this.updates, audit: this.audit, touches: this.touches };
    const waiting = this.waiting;
    this.updates = [];
    this.waiting = [];
    this.audit = [];
    this.touches = [];
    const deferSync = this.options.deferSync === true;
    let rows: number[];
    try {
      rows = this.store.commitBatch(batch, { deferSync });
    } catch (err) {
      // All or nothing: every update of the batch is refused (the store reported its own failure to /healthz).
      for (const w of waiting) w.reject(err);
      return;
    }
    for (const w of waiting) w.written?.();
    if (!deferSync) return this.resolve([{ waiting, rows }]);
    if (waiting.length > 0) this.unsynced.push({ waiting, rows });
    this.sync();
  }

  private resolve(batches: Unsynced[]): void {
    for (const { waiting, rows } of batches) {
      if (waiting.length > 0) this.commits++;
      this.committedUpdates += waiting.length;
      waiting.forEach((w, i) => w.resolve(rows[i]!));
    }
  }

  /** One fsync at a time, covering every batch written before it started. */
  private sync(): void {
    if (this.syncing || this.unsynced.length === 0) return;
    this.syncing = true;
    const covered = this.unsynced;
    this.unsynced = [];
    this.store.syncWritten().then(
      () => {
        this.syncing = false;
        this.resolve(covered);
        this.sync();
      },
      (err: unknown) => {
        this.syncing = false;
        // After a failed fsync nothing written since the last good one can be trusted to be on disk (the kernel may
        // have dropped those pages): every batch still waiting is refused, and its devices send it again.
        const refused = [...covered, ...this.unsynced];
        this.unsynced = [];
        for (const { waiting } of refused) for (const w of waiting) w.reject(err);
      },
    );
  }
}
