// Loaded documents by name: loaded from the store on first use, unloaded after they sit idle.
import type { RelayStore } from '../store/relay-store.js';
import { SharedDoc, type DocPeer } from './shared-doc.js';

export class DocRegistry {
  private readonly docs = new Map<string, SharedDoc>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: RelayStore,
    private readonly options: { idleUnloadMs: number; compactAfterUpdates: number },
  ) {}

  get loadedCount(): number {
    return this.docs.size;
  }

  /** Loads the document fully (synchronously) if needed, then adds the peer. */
  join(name: string, peer: DocPeer): SharedDoc {
    let doc = this.docs.get(name);
    if (!doc) {
      doc = new SharedDoc(name, this.store, this.options.compactAfterUpdates, (failed) => this.forget(failed));
      this.docs.set(name, doc);
    }
    clearTimeout(this.idleTimers.get(name));
    this.idleTimers.delete(name);
    doc.peers.set(peer, new Set());
    return doc;
  }

  leave(doc: SharedDoc, peer: DocPeer): void {
    doc.removePeer(peer);
    if (doc.peers.size > 0 || this.docs.get(doc.name) !== doc) return;
    const timer = setTimeout(() => {
      this.idleTimers.delete(doc.name);
      if (doc.peers.size === 0) this.unload(doc);
    }, this.options.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(doc.name, timer);
  }

  private forget(doc: SharedDoc): void {
    if (this.docs.get(doc.name) === doc) this.docs.delete(doc.name);
    clearTimeout(this.idleTimers.get(doc.name));
    this.idleTimers.delete(doc.name);
  }

  private unload(doc: SharedDoc): void {
    this.forget(doc);
    doc.unload();
  }

  /** Unloads every document (compacting each); used at shutdown after connections are closed. */
  unloadAll(): void {
    for (const doc of [...this.docs.values()]) this.unload(doc);
  }
}
