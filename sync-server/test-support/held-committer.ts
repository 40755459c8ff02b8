// Test double: a committer whose commits stay open until the test releases them, over a real store.
import type { UpdateCommitter } from '../store/group-commit.js';
import type { AuditEntry, ClientClaim, RelayStore, UpdateAppend } from '../store/relay-store.js';

export class HeldCommitter implements UpdateCommitter {
  private held: { append: UpdateAppend; resolve(rows: number): void; reject(err: unknown): void }[] = [];
  private waiters: { count: number; resolve(): void }[] = [];
  commits = 0;
  committedUpdates = 0;

  constructor(private readonly store: RelayStore) {}

  /** Updates handed over and not yet committed. */
  get waiting(): number {
    return this.held.length;
  }

  append(docName: string, update: Uint8Array, claim?: ClientClaim): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.held.push({ append: { docName, update, claim }, resolve, reject });
      for (const w of [...this.waiters]) if (this.held.length >= w.count) (this.waiters.splice(this.waiters.indexOf(w), 1), w.resolve());
    });
  }

  /** Resolves once `count` updates are waiting for their commit. */
  untilWaiting(count: number): Promise<void> {
    if (this.held.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Commits everything waiting, in one batch, and resolves each update's promise. */
  release(): void {
    const held = this.held;
    this.held = [];
    const rows = this.store.commitBatch({ updates: held.map((h) => h.append), audit: [], touches: [] });
    this.commits++;
    this.committedUpdates += held.length;
    held.forEach((h, i) => h.resolve(rows[i]!));
  }

  /** Fails everything waiting, as a full disk would: nothing of it is stored. */
  fail(err: Error): void {
    const held = this.held;
    this.held = [];
    for (const h of held) h.reject(err);
  }

  appendAudit(entry: AuditEntry): void {
    this.store.appendAudit(entry);
  }

  touchDevice(deviceId: string, at: number): void {
    this.store.touchDevice(deviceId, at);
  }

  flush(): void {}
}
