// Test driver: stock y-websocket clients in node that also track the relay's acknowledged state vector.
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

/** Resolves when check() holds, re-checking whenever subscribe() calls back; rejects after timeoutMs. */
export function waitUntil(
  label: string,
  check: () => boolean,
  subscribe: (recheck: () => void) => () => void,
  timeoutMs = 10_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for: ${label}`));
    }, timeoutMs);
    const unsubscribe = subscribe(() => {
      if (!check()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

export const onDocUpdate = (doc: Y.Doc) => (recheck: () => void) => {
  doc.on('update', recheck);
  return () => doc.off('update', recheck);
};

/** True when every clock in `local` is covered by `relay`. */
export function covers(relay: Map<number, number>, local: Map<number, number>): boolean {
  for (const [client, clock] of local) if ((relay.get(client) ?? 0) < clock) return false;
  return true;
}

export class TestClient {
  readonly provider: WebsocketProvider;
  /** The relay's state vector from the last sync step 1 it sent us (what it holds on disk), plus what it forwarded. */
  relayStateVector = new Map<number, number>();
  private readonly ackListeners = new Set<() => void>();
  private greeted = false;

  constructor(wsUrl: string, docName: string, token: string, readonly doc = new Y.Doc(), connect = true) {
    this.provider = new WebsocketProvider(wsUrl, docName, doc, {
      connect,
      disableBc: true,
      maxBackoffTime: 200,
      protocols: ['baseroom', token],
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    const handleSync = this.provider.messageHandlers[0]!;
    this.provider.messageHandlers[0] = (encoder, decoder, provider, emitSynced, messageType) => {
      const peek = decoding.clone(decoder);
      if (decoding.readVarUint(peek) === 0) {
        const held = Y.decodeStateVector(decoding.readVarUint8Array(peek));
        // The greeting says what the relay holds; later ones on the same connection only add to it (see docConnection).
        if (this.greeted) for (const [client, clock] of held) held.set(client, Math.max(clock, this.relayStateVector.get(client) ?? 0));
        this.relayStateVector = held;
        this.greeted = true;
        this.ackListeners.forEach((l) => l());
      }
      handleSync(encoder, decoder, provider, emitSynced, messageType);
    };
    this.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') this.greeted = false;
    });
    // What the relay sent us it holds, as the app counts it (src/sync/docConnection.ts): our own changes are safe only
    // once acknowledged, and another device's arrive only once the relay has written them.
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this.provider) return;
      let moved = false;
      for (const [client, clock] of Y.parseUpdateMeta(update).to) {
        if ((this.relayStateVector.get(client) ?? 0) < clock) (this.relayStateVector.set(client, clock), (moved = true));
      }
      if (moved) this.ackListeners.forEach((l) => l());
    });
  }

  /** "Safely on the relay": the relay's acknowledged state vector covers every local update. */
  isSafe(): boolean {
    return covers(this.relayStateVector, Y.decodeStateVector(Y.encodeStateVector(this.doc)));
  }

  onAck(listener: () => void): () => void {
    this.ackListeners.add(listener);
    return () => this.ackListeners.delete(listener);
  }

  waitSynced(timeoutMs?: number): Promise<void> {
    return waitUntil('first sync', () => this.provider.synced, (recheck) => {
      this.provider.on('sync', recheck);
      return () => this.provider.off('sync', recheck);
    }, timeoutMs);
  }

  waitSafe(timeoutMs?: number): Promise<void> {
    return waitUntil('relay acknowledges every local update', () => this.provider.wsconnected && this.isSafe(), (recheck) => {
      const offAck = this.onAck(recheck);
      this.doc.on('update', recheck);
      return () => (offAck(), this.doc.off('update', recheck));
    }, timeoutMs);
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}
