// The relay's group commit: the updates (and audit lines, last contacts) that arrive in one turn of the event loop
// are committed together, in one transaction and so one fsync, and each update's promise resolves only after it.
import type { AuditEntry, ClientClaim, RelayStore, UpdateAppend } from './relay-store.js';

/**
 * Where the relay commits documents' updates. `append` resolves, with the number of rows the document's log then
 * holds, only once the update (and the client ids it claims) is durable; it rejects when it could not be committed,
 * and then nothing of it is stored. Promises resolve in the order of the calls. A store that is asynchronous itself
 * (PostgreSQL, say) can implement this directly: "resolved means committed" is the whole contract.
 */
export interface UpdateCommitter {
  append(docName: string, update: Uint8Array, claim?: ClientClaim): Promise<number>;
  /** Written with the next commit. Never fails its caller: a lost audit line must not cost a device its connection. */
  appendAudit(entry: AuditEntry): void;
  /** A device's last contact, written with the next commit, like an audit line. */
  touchDevice(deviceId: string, at: number): void;
  /** Commits whatever is waiting, now (at shutdown, before the store is closed); an async store resolves after COMMIT. */
  flush(): void | Promise<void>;
  /** Commits that held updates, and how many updates (on /metrics: updates per commit shows the grouping). */
  readonly commits: number;
  readonly committedUpdates: number;
}

export interface CommitterOptions {
  /** Commit at the end of the event-loop turn (an fsync per commit pays for waiting), or right after the message. */
  perTurn: boolean;
  /** Told, after the commit, the largest seq each document reached (the bus's hint to other relay nodes). */
  onCommitted?(docName: string, seq: number): void;
}

interface Waiting {
  resolve(rows: number): void;
  reject(err: unknown): void;
}

/**
 * Group commit over a synchronous store. Nothing waits on a timer: the batch is committed on the next turn
 * (setImmediate), so an update on a quiet relay costs what it did before, while under load the batch is everything
 * that arrived during the previous commit's fsync — which is when batching pays. A store that does not fsync each
 * commit (STORE_SYNC=normal) gains nothing from waiting for the turn to end: `perTurn: false` commits right after the
 * message being handled (a microtask), as the relay did before group commit.
 */
export class GroupCommitter implements UpdateCommitter {
  private updates: UpdateAppend[] = [];
  private waiting: Waiting[] = [];
  private audit: AuditEntry[] = [];
  private touches: { deviceId: string; at: number }[] = [];
  private scheduled = false;
  commits = 0;
  committedUpdates = 0;

  constructor(
    private readonly store: Pick<RelayStore, 'commitBatch'>,
    private readonly options: { perTurn: boolean } = { perTurn: true },
  ) {}

  append(docName: string, update: Uint8Array, claim?: ClientClaim): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.updates.push(claim ? { docName, update, claim } : { docName, update });
      this.waiting.push({ resolve, reject });
      this.schedule();
    });
  }

  appendAudit(entry: AuditEntry): void {
    this.audit.push(entry);
    this.schedule();
  }

  touchDevice(deviceId: string, at: number): void {
    this.touches.push({ deviceId, at });
    this.schedule();
  }

  flush(): void {
    if (this.updates.length === 0 && this.audit.length === 0 && this.touches.length === 0) return;
    const batch = { updates: this.updates, audit: this.audit, touches: this.touches };
    const waiting = this.waiting;
    this.updates = [];
    this.waiting = [];
    this.audit = [];
    this.touches = [];
    let rows: number[];
    try {
      rows = this.store.commitBatch(batch);
    } catch (err) {
      // All or nothing: every update of the batch is refused (the store reported its own failure to /healthz).
      for (const w of waiting) w.reject(err);
      return;
    }
    if (waiting.length > 0) this.commits++;
    this.committedUpdates += waiting.length;
    waiting.forEach((w, i) => w.resolve(rows[i]!));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const commit = () => {
      this.scheduled = false;
      this.flush();
    };
    if (this.options.perTurn) setImmediate(commit);
    else queueMicrotask(commit);
  }
}
