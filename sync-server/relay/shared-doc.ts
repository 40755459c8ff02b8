// One loaded document: its Y.Doc (always equal to what is on disk), awareness, and the peers connected to it.
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { RelayStore } from '../store/relay-store.js';
import { logRelayEvent } from './log.js';
import { encodeAwareness, encodeSyncUpdate } from './protocol.js';

/** What a document needs from a connection. */
export interface DocPeer {
  readonly deviceId: string;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Called after a change this peer sent has been committed to the store. */
  changeCommitted(): void;
}

const loadOrigin = Symbol('load');

/**
 * THE DURABILITY GUARANTEE ("safely on the relay").
 * Every change reaches this Y.Doc through Y.applyUpdate, and Yjs reports it synchronously through
 * the 'update' event before applyUpdate returns. The handler below appends that update to the
 * store (a synchronous, fsynced SQLite commit) and only then broadcasts it or lets the sender be
 * acknowledged. Nothing else runs in between (no await), so no message that reflects a change —
 * a broadcast, a sync step 2 reply, or a sync step 1 carrying our state vector — can leave the
 * relay before that change is on disk. If the commit fails, the document is torn down at once
 * (memory dropped, every connection closed with 1011) so the unpersisted state is never served.
 * Updates whose dependencies are missing stay pending inside Yjs: they are neither persisted nor
 * in the state vector, so no client is told they are safe.
 */
export class SharedDoc {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Each peer with the awareness client ids it controls. */
  readonly peers = new Map<DocPeer, Set<number>>();
  failed = false;

  constructor(
    readonly name: string,
    private readonly store: RelayStore,
    private readonly compactAfterUpdates: number,
    private readonly onFailure: (doc: SharedDoc) => void,
  ) {
    this.awareness.setLocalState(null);
    const stored = store.loadDoc(name);
    if (stored.length > 0) Y.applyUpdate(this.doc, Y.mergeUpdates(stored), loadOrigin);
    if (stored.length > compactAfterUpdates) store.compact(name);
    this.doc.on('update', this.persistAndBroadcast);
    this.awareness.on('update', this.broadcastAwareness);
  }

  private persistAndBroadcast = (update: Uint8Array, origin: unknown) => {
    if (origin === loadOrigin || this.failed) return;
    let rows: number;
    try {
      rows = this.store.appendUpdate(this.name, update);
    } catch (err) {
      logRelayEvent('store-write-failed', { docName: this.name, reason: (err as Error).name });
      this.fail();
      throw err;
    }
    const message = encodeSyncUpdate(update);
    for (const peer of this.peers.keys()) {
      if (peer === origin) peer.changeCommitted();
      else peer.send(message);
    }
    if (rows > this.compactAfterUpdates) this.store.compact(this.name);
  };

  private broadcastAwareness = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    const controlled = this.peers.get(origin as DocPeer);
    if (controlled) {
      change.added.forEach((id) => controlled.add(id));
      change.removed.forEach((id) => controlled.delete(id));
    }
    const message = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    for (const peer of this.peers.keys()) if (peer !== origin) peer.send(message);
  };

  private fail(): void {
    this.failed = true;
    const peers = [...this.peers.keys()];
    // Forget them before anything else can broadcast (awareness cleanup on unload would).
    this.peers.clear();
    for (const peer of peers) peer.close(1011, 'store-write-failed');
    this.onFailure(this);
    // Freed on the next turn: this runs inside the Y.Doc's own update event.
    setImmediate(() => this.unload());
  }

  /** Awareness of everyone currently known, for a peer that has just joined or asked. */
  awarenessMessage(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length === 0 ? null : encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  removePeer(peer: DocPeer): void {
    const controlled = this.peers.get(peer);
    this.peers.delete(peer);
    if (controlled && controlled.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null);
  }

  /** Merges the log on the way out of memory, then frees the Y.Doc. */
  unload(): void {
    if (!this.failed && this.store.updateCount(this.name) > 1) this.store.compact(this.name);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
