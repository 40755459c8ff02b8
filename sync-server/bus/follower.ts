// How a node keeps its open documents current with rows other nodes commit: a bus hint (or the bus reconnecting, or
// a slow poll) says "look", and the node reads every row after the last seq it has, from the store. Hints carry no
// data, so a lost hint costs only time, never an update.
import { logRelayEvent } from '../relay/log.js';
import { StoreError } from '../store/relay-store.js';
import type { SharedStore, StoredUpdate } from '../store/shared-store.js';
import type { FanoutBus } from './bus.js';

export type Deliver = (school: string, docName: string, rows: StoredUpdate[]) => void;

interface Followed {
  school: string;
  docName: string;
  /** The largest seq delivered (or loaded by the caller) so far. */
  cursor: number;
  running: Promise<StoreError | undefined> | null;
  again: boolean;
}

export interface FollowerOptions {
  /** Also catch every followed document up this often (ms; 0 = never): the net for a hint lost with no reconnect. */
  pollMs?: number;
}

const keyOf = (school: string, docName: string) => `${school}\u0000${docName}`;

export class DocFollower {
  private readonly docs = new Map<string, Followed>();
  private readonly unsubscribe: (() => void)[];
  private readonly poll: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: SharedStore,
    bus: FanoutBus,
    private readonly deliver: Deliver,
    { pollMs = 5_000 }: FollowerOptions = {},
  ) {
    this.unsubscribe = [
      bus.onHint((hint) => {
        if ('erased' in hint) return;
        const doc = this.docs.get(keyOf(hint.school, hint.docName));
        if (doc && hint.seq > doc.cursor) void this.run(doc);
      }),
      bus.onReconnect(() => void this.catchUpAll()),
    ];
    if (pollMs > 0) {
      this.poll = setInterval(() => void this.catchUpAll(), pollMs);
      this.poll.unref();
    }
  }

  /** Follows a document whose rows up to `fromSeq` the caller already has (0: none). */
  follow(school: string, docName: string, fromSeq: number): void {
    const key = keyOf(school, docName);
    if (!this.docs.has(key)) this.docs.set(key, { school, docName, cursor: fromSeq, running: null, again: false });
  }

  unfollow(school: string, docName: string): void {
    this.docs.delete(keyOf(school, docName));
  }

  /** Notes rows this node wrote itself (already applied), so they are not delivered back to it. */
  advance(school: string, docName: string, seq: number): void {
    const doc = this.docs.get(keyOf(school, docName));
    if (doc && seq > doc.cursor && !doc.running) doc.cursor = seq;
  }

  cursor(school: string, docName: string): number | undefined {
    return this.docs.get(keyOf(school, docName))?.cursor;
  }

  /**
   * Reads (and delivers) every row committed to the document before this call: a read already under way is followed by
   * one more. Rejects with the StoreError when the store could not be read.
   */
  async catchUp(school: string, docName: string): Promise<void> {
    const doc = this.docs.get(keyOf(school, docName));
    const failure = doc ? await this.run(doc) : undefined;
    if (failure) throw failure;
  }

  async catchUpAll(): Promise<void> {
    await Promise.all([...this.docs.values()].map((doc) => this.run(doc)));
  }

  close(): void {
    clearInterval(this.poll);
    for (const off of this.unsubscribe) off();
    this.docs.clear();
  }

  /**
   * One read at a time per document; a hint arriving meanwhile makes it read once more afterwards. Never rejects for
   * the store: resolves to its error (the next hint, reconnect or poll tries again).
   */
  private run(doc: Followed): Promise<StoreError | undefined> {
    if (doc.running) {
      doc.again = true;
      return doc.running;
    }
    doc.running = (async () => {
      do {
        doc.again = false;
        let rows: StoredUpdate[];
        try {
          rows = await this.store.forSchool(doc.school).loadSince(doc.docName, doc.cursor);
        } catch (err) {
          if (!(err instanceof StoreError)) throw err;
          logRelayEvent('catch-up-failed', { docName: doc.docName, reason: err.reason });
          return err;
        }
        if (rows.length === 0 || !this.docs.has(keyOf(doc.school, doc.docName))) continue;
        doc.cursor = rows.at(-1)!.seq;
        this.deliver(doc.school, doc.docName, rows);
      } while (doc.again);
    })().finally(() => (doc.running = null));
    return doc.running;
  }
}
