// Test double: a committer whose commits stay open until the test lets them through, over a real store, in two
// stages as the relay's group commit has them: written (in the log, forwarded) and then durable (acknowledged).
import type { UpdateCommitter } from '../store/group-commit.js';
import type { AuditEntry, ClientClaim, RelayStore, UpdateAppend } from '../store/relay-store.js';

interface Held {
  append: UpdateAppend;
  written?: () => void;
  resolve(rows: number): void;
  reject(err: unknown): void;
}

export class HeldCommitter implements UpdateCommitter {
  private held: Held[] = [];
  /** Written to the store, not yet durable. */
  private unsynced: { held: Held; rows: number }[] = [];
  private waiters: { count: number; resolve(): void }[] = [];
  commits = 0;
  committedUpdates = 0;

  constructor(private readonly store: RelayStore) {}

  /** Updates handed over and not yet durable. */
  get waiting(): number {
    return this.held.length + this.unsynced.length;
  }

  append(docName: string, update: Uint8Array, claim?: ClientClaim, written?: () => void): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.held.push({ append: { docName, update, claim }, written, resolve, reject });
      for (const w of [...this.waiters]) if (this.waiting >= w.count) (this.waiters.splice(this.waiters.indexOf(w), 1), w.resolve());
    });
  }

  /** Resolves once `count` updates are waiting to be durable. */
  untilWaiting(count: number): Promise<void> {
    if (this.waiting >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Writes everything held, in one batch, as the group commit does before its fsync; nothing is durable yet. */
  write(): void {
    const held = this.held;
    this.held = [];
    if (held.length === 0) return;
    const rows = this.store.commitBatch({ updates: held.map((h) => h.append), audit: [], touches: [] });
    held.forEach((h, i) => this.unsynced.push({ held: h, rows: rows[i]! }));
    for (const h of held) h.written?.();
  }

  /** Writes whatever is still held, then makes everything durable and resolves each update's promise. */
  release(): void {
    this.write();
    const done = this.unsynced;
    this.unsynced = [];
    if (done.length > 0) this.commits++;
    this.committedUpdates += done.length;
    for (const { held, rows } of done) held.resolve(rows);
  }

  /** Fails everything not yet durable, as a full disk or a failed fsync would. */
  fail(err: Error): void {
    const failed = [...this.unsynced.map((u) => u.held), ...this.held];
    this.held = [];
    this.unsynced = [];
    for (const h of failed) h.reject(err);
  }

  appendAudit(entry: AuditEntry): void {
    this.store.appendAudit(entry);
  }

  touchDevice(deviceId: string, at: number): void {
    this.store.touchDevice(deviceId, at);
  }

  flush(): void {}
}
