// One loaded document: its Y.Doc (what is on disk, plus changes being committed), who owns its client ids, and the peers connected to it.
import * as Y from 'yjs';
import type { DeviceRole, DocName } from '../doc-names.js';
import type { UpdateCommitter } from '../store/group-commit.js';
import type { ClientClaim } from '../store/relay-store.js';
import type { SchoolStore } from '../store/shared-store.js';
import { mayWrite } from '../write-rules.js';
import { erasedCloseCode } from './erasure.js';
import { logRelayEvent } from './log.js';
import { InsertScanExceeded, withinInsertScan } from './insert-scan.js';
import { encodeSyncUpdate } from './protocol.js';
import { decodeUpdate, inspectUpdate, WriteRefused, type DecodedUpdate, type InspectionLimits } from './update-inspector.js';

/** What a document needs from a connection. */
export interface DocPeer {
  readonly deviceId: string;
  readonly role: DeviceRole;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Called after a change this peer sent has been committed to the store. */
  changeCommitted(): void;
  /** Runs work the relay does because of this peer's writes (a compaction they set off), charged to its device. */
  charge?<T>(work: () => T): T;
}

export interface WriteLimits extends InspectionLimits {
  /** Client ids one device may own in one document. */
  maxClientsPerDevice: number;
  /** Items Yjs may walk past to place the update's items among concurrent ones (insert-scan.ts); 50,000 if unset. */
  maxInsertScan?: number;
}

const loadOrigin = Symbol('load');
/** Rows another relay node committed: already in the store, so sent on to this node's peers but never committed again. */
const followOrigin = Symbol('follow');

/** What the registry read from the store before constructing the document. */
export interface LoadedDoc {
  updates: Uint8Array[];
  owners: Map<number, string>;
  /**
   * The largest seq such that every row up to it is in this Y.Doc: a compaction replaces only those rows (another
   * node's rows this node has not read yet must stay). Single-process stores: everything, always.
   */
  compactUpTo(): number;
}
/** The detail of a gap found only once applied (part of the update may then be in the Y.Doc already). */
export const pendingAfterApply = 'pending after apply';
/** Changes the relay makes itself (cohort documents). */
export const relayOrigin = Symbol('relay');

/**
 * THE DURABILITY GUARANTEE ("safely on the relay").
 * Every change reaches this Y.Doc through Y.applyUpdate, and Yjs reports it synchronously through the 'update'
 * event before applyUpdate returns. The handler below numbers it and hands it to the committer, which writes it to
 * the store's log at once (it then survives the relay process dying) and makes it durable with an fsync shared by
 * every change written meanwhile, off the event loop (see store/group-commit.ts).
 * - Once written, the change is forwarded to the other devices: fan-out does not wait for the disk.
 * - Once durable, and not before, the sender is acknowledged, the state vector the relay announces as held
 *   (greetings, acknowledgements) moves on, and any sync step 2 reply that reflects it is sent (a reply doubles as
 *   the barrier that confirms a deletion). So no device is ever told a change is safe before it is on disk.
 * - A change that claims client ids never seen before is forwarded only once durable: a power cut must never lose
 *   the record of who owns a client id while other devices already hold structs under it (see sync-server/README.md,
 *   "Group commit").
 * Each kind of message waits in its own ordered queue. If a commit fails, the document is torn down at once (memory
 * and queues dropped, every connection closed with 1011) so the state that did not reach the disk is never served.
 *
 * THE RELAY TRUSTS NO DEVICE. A device's update reaches the Y.Doc only through `applyFrom`, which first
 * inspects it against this document: it must touch only parts the device's role may write (write-rules.ts),
 * add structs only to client ids this device owns (or claims now, recorded in the same commit), start where
 * the relay's clocks end (no gaps: nothing is ever left pending), and stay within the cost limits. Anything
 * else is refused whole: nothing of it is stored or forwarded.
 */
export class SharedDoc {
  readonly doc = new Y.Doc();
  readonly peers = new Set<DocPeer>();
  failed = false;
  /** Which device first wrote each client id. */
  private readonly owners: Map<number, string>;
  private readonly ownedBy = new Map<string, number>();
  private claim: ClientClaim | null = null;
  private unloaded = false;
  /** Changes applied to the Y.Doc, and how many of them (the oldest first) are written to the log, and durable. */
  private applied = 0;
  private written = 0;
  private committed = 0;
  /**
   * Messages that tell a device what is safe, each held until change number `after` is durable; `by`: the peer whose
   * change it acknowledges (charged with a compaction its commit sets off).
   */
  private readonly outbox: { after: number; deliver: () => void; by?: DocPeer }[] = [];
  /** The peer whose change was committed last: charged with the compaction when the document leaves memory. */
  private lastWriter: DocPeer | undefined;
  /** Changes to forward to the other devices, in order, each held until it is written (durable, if `durable`). */
  private readonly forwards: { after: number; durable: boolean; deliver: () => void }[] = [];
  private readonly compactUpTo: () => number;
  /** Rows of the log as far as this node knows (its own commits' counts): whether unloading should compact. */
  private rows: number;
  /** The compaction under way, if any: the registry waits for it before the store is closed. */
  private compaction: Promise<void> | null = null;
  /** The state vector of what is committed: all a device may be told the relay holds (greetings, acknowledgements). */
  committedStateVector: Uint8Array;

  constructor(
    readonly name: string,
    readonly kind: DocName['kind'],
    loaded: LoadedDoc,
    private readonly store: Pick<SchoolStore, 'compact'>,
    private readonly committer: UpdateCommitter,
    private readonly compactAfterUpdates: number,
    private readonly onFailure: (doc: SharedDoc) => void,
    private readonly onCommitted: (doc: SharedDoc) => void = () => {},
  ) {
    const stored = loaded.updates;
    this.compactUpTo = loaded.compactUpTo;
    this.rows = stored.length;
    if (stored.length > 0) Y.applyUpdate(this.doc, Y.mergeUpdates(stored), loadOrigin);
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      // Stored before the relay refused gaps: they can never apply, so they are dropped, and compaction forgets them.
      this.doc.store.pendingStructs = null;
      this.doc.store.pendingDs = null;
      logRelayEvent('dropped-unappliable-updates', { docName: name });
      this.compact();
    } else if (stored.length > compactAfterUpdates) {
      this.compact();
    }
    this.committedStateVector = Y.encodeStateVector(this.doc);
    this.owners = loaded.owners;
    for (const device of this.owners.values()) this.ownedBy.set(device, (this.ownedBy.get(device) ?? 0) + 1);
    this.doc.on('update', this.record);
  }

  /**
   * Checks a device's update (`decoded`: the same update, when the caller decoded it already) and applies it; throws
   * WriteRefused (nothing stored) when it may not be written. Returns whether it changed anything (an empty catch-up reply changes nothing).
   */
  applyFrom(peer: DocPeer, update: Uint8Array, limits: WriteLimits, decoded: DecodedUpdate = decodeUpdate(update, limits.maxStructs)): boolean {
    const inspection = inspectUpdate(this.doc, decoded, limits);
    for (const part of inspection.parts) {
      if (!mayWrite(peer.role, this.kind, part)) throw new WriteRefused('not-permitted', part);
    }
    const claimed: number[] = [];
    for (const client of inspection.writtenClients) {
      const owner = this.owners.get(client);
      if (owner === undefined) claimed.push(client);
      else if (owner !== peer.deviceId) throw new WriteRefused('foreign-client', String(client));
    }
    if ((this.ownedBy.get(peer.deviceId) ?? 0) + claimed.length > limits.maxClientsPerDevice) throw new WriteRefused('client-quota');
    this.claim = { deviceId: peer.deviceId, clients: claimed };
    try {
      withinInsertScan(
        limits.maxInsertScan ?? 50_000,
        () => Y.applyUpdate(this.doc, update, peer),
        // Before Yjs reports the part it placed: `record` then ignores it (nothing of it is committed or forwarded).
        () => (this.failed = true),
      );
    } catch (err) {
      if (!(err instanceof InsertScanExceeded)) throw err;
      // Part of the update may be in the Y.Doc already, and is in no store: the document is dropped from memory
      // (the sender refused, every other device told to reconnect), and read again from the store when next opened.
      const refused = new WriteRefused('costly-inserts', `over ${err.budget} items walked`);
      this.fail(refused.reason, peer);
      throw refused;
    } finally {
      this.claim = null;
    }
    // The inspection ruled out every way an update could wait on missing structs; should one slip through,
    // drop it rather than hold it in memory unacknowledged.
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      this.doc.store.pendingStructs = null;
      this.doc.store.pendingDs = null;
      throw new WriteRefused('gap', pendingAfterApply);
    }
    return inspection.parts.size > 0;
  }

  /** Client ids this device owns in this document. */
  clientsOwnedBy(deviceId: string): number {
    return this.ownedBy.get(deviceId) ?? 0;
  }

  /** Every change applied is durable: nothing is held back. */
  get settled(): boolean {
    return this.committed === this.applied;
  }

  /** Sends a message that reflects the document as it is now: at once when all of it is durable, else once it is. */
  sendTo(peer: DocPeer, message: Uint8Array): void {
    if (this.settled) peer.send(message);
    else this.outbox.push({ after: this.applied, deliver: () => peer.send(message) });
  }

  /**
   * Applies rows another node committed (in seq order) and sends them on to this node's peers; false when they held
   * nothing new (this node's own rows, read back).
   */
  applyFollowed(updates: readonly Uint8Array[]): boolean {
    if (this.failed || this.unloaded || updates.length === 0) return false;
    let changed = false;
    const seen = () => (changed = true);
    this.doc.on('update', seen);
    try {
      Y.applyUpdate(this.doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates]), followOrigin);
    } finally {
      this.doc.off('update', seen);
    }
    return changed;
  }

  /** Client ids another node recorded owners for: this node's checks respect them from now on. */
  addOwners(owners: Map<number, string>): void {
    for (const [client, device] of owners) {
      if (this.owners.has(client)) continue;
      this.owners.set(client, device);
      this.ownedBy.set(device, (this.ownedBy.get(device) ?? 0) + 1);
    }
  }

  private record = (update: Uint8Array, origin: unknown) => {
    if (origin === loadOrigin || this.failed) return;
    if (origin === followOrigin) {
      // Committed already (by another node); held only behind this node's own changes still being committed.
      const stateVector = Y.encodeStateVector(this.doc);
      const message = encodeSyncUpdate(update);
      const deliver = () => {
        this.committedStateVector = stateVector;
        for (const peer of this.peers) peer.send(message);
      };
      if (this.settled) deliver();
      else this.outbox.push({ after: this.applied, deliver });
      this.onCommitted(this);
      return;
    }
    const claim = this.claim;
    if (claim) {
      // Owned from now on in memory, so the next update's inspection sees it; a failed commit drops the whole document.
      for (const client of claim.clients) this.owners.set(client, claim.deviceId);
      this.ownedBy.set(claim.deviceId, (this.ownedBy.get(claim.deviceId) ?? 0) + claim.clients.length);
    }
    const seq = ++this.applied;
    // The state just after this change: all of it is durable once this change is.
    const stateVector = Y.encodeStateVector(this.doc);
    const message = encodeSyncUpdate(update);
    this.forwards.push({
      after: seq,
      durable: claim !== null && claim.clients.length > 0,
      deliver: () => {
        for (const peer of this.peers) if (peer !== origin) peer.send(message);
      },
    });
    this.outbox.push({
      after: seq,
      by: typeof origin === 'symbol' ? undefined : (origin as DocPeer),
      deliver: () => {
        this.committedStateVector = stateVector;
        if (this.peers.has(origin as DocPeer)) (origin as DocPeer).changeCommitted();
      },
    });
    this.committer.append(this.name, update, claim ?? undefined, () => this.writeDone(seq)).then(
      (rows) => this.commitDone(seq, rows),
      (err: unknown) => this.commitFailed(err, origin as DocPeer),
    );
  };

  private writeDone(seq: number): void {
    if (this.failed || this.unloaded) return;
    this.written = Math.max(this.written, seq);
    this.deliverForwards();
  }

  private deliverForwards(): void {
    while (this.forwards.length > 0) {
      const next = this.forwards[0]!;
      if (next.after > (next.durable ? this.committed : this.written)) return;
      this.forwards.shift()!.deliver();
    }
  }

  private commitDone(seq: number, rows: number): void {
    if (this.failed || this.unloaded) return;
    this.committed = seq;
    this.written = Math.max(this.written, seq);
    this.rows = rows;
    this.deliverForwards();
    let by: DocPeer | undefined;
    while (this.outbox.length > 0 && this.outbox[0]!.after <= seq) {
      const next = this.outbox.shift()!;
      by = next.by ?? by;
      next.deliver();
    }
    this.lastWriter = by ?? this.lastWriter;
    // Only a settled document is compacted: its state is then exactly what the log holds. Its cost grows with the
    // document, not with the change that set it off, so it is charged to the device that sent that change: tiny
    // changes to a document a device made large cannot hold the relay at every compaction for free.
    if (rows > this.compactAfterUpdates && this.settled) this.compact(by);
    this.onCommitted(this);
  }

  /** `sender`: the device whose change the store refused first (what came after it is refused because of it). */
  private commitFailed(err: unknown, sender?: DocPeer): void {
    if (this.failed) return;
    logRelayEvent('store-write-failed', { docName: this.name, reason: (err as { reason?: string }).reason ?? (err as Error).name });
    // A claim another node's device made first (PostgreSQL checks it in the commit): nothing of it was stored.
    // A document another node erased meanwhile: the devices hear so, as when it is erased here.
    this.fail(err instanceof WriteRefused ? err.reason : (err as { reason?: string }).reason === 'erased' ? 'erased' : 'store-write-failed', sender);
  }

  /**
   * Tears the document down. A refused change (4422: the stock client does not reconnect) closes only the device that
   * sent it; every other device on the document did nothing wrong, so it gets 1011 and reconnects, sending again what
   * was dropped with the document (otherwise one device writing under another's client id through a node that had not
   * yet read the claim would stop everyone on the document for good).
   */
  private fail(reason = 'store-write-failed', sender?: DocPeer): void {
    this.failed = true;
    this.outbox.length = 0;
    this.forwards.length = 0;
    const peers = [...this.peers];
    // Forget them before anything else can broadcast.
    this.peers.clear();
    for (const peer of peers) {
      if (reason === 'erased') peer.close(erasedCloseCode, reason);
      else if (reason === 'store-write-failed' || peer !== sender) peer.close(1011, 'store-write-failed');
      else peer.close(4422, reason);
    }
    this.onFailure(this);
    this.unload();
  }

  /**
   * Replaces the log by the document's own state: the Y.Doc is garbage-collected, so deleted and overwritten
   * content, and anything that could never apply, are gone from the store too.
   */
  private compact(by?: DocPeer): void {
    const failed = (err: unknown) =>
      // One transaction: a failed compaction leaves the log as it was, which is still the whole document.
      logRelayEvent('compaction-failed', { docName: this.name, reason: (err as Error & { reason?: string }).reason ?? (err as Error).name });
    if (this.compaction) return;
    const start = () => {
      // Not awaited here: off the hot path (on PostgreSQL under an advisory lock, given up when another node holds it).
      // Encoding the state, and on SQLite the whole commit, happen before `compact` returns: that is what is charged.
      this.compaction = this.store
        .compact(this.name, { state: Y.encodeStateAsUpdate(this.doc), upTo: this.compactUpTo() })
        .then(() => {}, failed)
        .finally(() => (this.compaction = null));
    };
    try {
      if (by?.charge) by.charge(start);
      else start();
    } catch (err) {
      failed(err);
    }
  }

  /** Settles once no compaction of this document is under way (never rejects). */
  get compacted(): Promise<void> {
    return this.compaction ?? Promise.resolve();
  }

  /**
   * Compacts the log on the way out of memory (when every change is in it: written is enough, as the compaction's own
   * commit is fsynced and so makes everything before it durable too), then frees the Y.Doc. The compaction is charged
   * to the device whose change was committed last (its socket may be closed by now: its budget, and so its cool-down,
   * outlives it), so a device cannot write one change to each large document, leave, and have them rewritten for free.
   */
  unload(): void {
    if (!this.failed && this.written === this.applied && this.rows > 1) this.compact(this.lastWriter);
    this.unloaded = true;
    this.doc.destroy();
  }
}
