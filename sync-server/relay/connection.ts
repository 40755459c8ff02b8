// One device's WebSocket on one document: strict message handling, rate limit, acknowledgements, liveness.
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { TokenBucket } from '../auth/rate-limit.js';
import type { DocRegistry } from './doc-registry.js';
import { logRelayEvent } from './log.js';
import { encodeSyncStep1, encodeSyncStep2, parseClientMessage, ProtocolError } from './protocol.js';
import type { DocPeer, SharedDoc } from './shared-doc.js';

export const closeCodes = {
  unsupportedData: 1003,
  policyViolation: 1008,
  tooBig: 1009,
  internalError: 1011,
  /** 4400-4499: y-websocket's client does not reconnect after these. */
  expired: 4401,
  revoked: 4403,
} as const;

export interface ConnectionOptions {
  rateLimitPerSecond: number;
  rateLimitBurst: number;
}

export class RelayConnection implements DocPeer {
  alive = true;
  private readonly doc: SharedDoc;
  private readonly bucket: TokenBucket;
  private ackScheduled = false;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly deviceId: string,
    /** When the device's token runs out; the liveness sweep closes the connection then. */
    readonly tokenExpiresAt: number,
    private readonly registry: DocRegistry,
    docName: string,
    options: ConnectionOptions,
  ) {
    this.bucket = new TokenBucket(options.rateLimitPerSecond, options.rateLimitBurst);
    // The document is fully loaded from the store here, before the first message is sent.
    this.doc = registry.join(docName, this);
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('error', (err: Error & { code?: string }) => this.log('socket-error', err.code ?? err.name));
    ws.on('close', () => this.onClose());
    this.send(encodeSyncStep1(Y.encodeStateVector(this.doc.doc)));
    const awareness = this.doc.awarenessMessage();
    if (awareness) this.send(awareness);
  }

  get docName(): string {
    return this.doc.name;
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(message);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.log('connection-closed', reason, code);
    this.ws.close(code, reason);
    this.leave();
  }

  ping(): void {
    this.alive = false;
    this.ws.ping();
  }

  terminate(reason: string): void {
    this.log('connection-terminated', reason);
    this.ws.terminate();
    this.leave();
  }

  /**
   * The acknowledgement: once changes from this peer are committed, send it our state vector
   * (sync step 1). Coalesced to one per event-loop turn, because the client answers each one
   * with a sync step 2 of its own.
   */
  changeCommitted(): void {
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    setImmediate(() => {
      this.ackScheduled = false;
      if (!this.closed && !this.doc.failed) this.send(encodeSyncStep1(Y.encodeStateVector(this.doc.doc)));
    });
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) return this.close(closeCodes.unsupportedData, 'text-message');
    if (!this.bucket.take()) return this.close(closeCodes.policyViolation, 'rate-limited');
    // A copy with its own buffer, so no read can reach into a pooled neighbour's bytes.
    const raw = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const bytes = new Uint8Array(raw);
    try {
      this.handle(bytes);
    } catch (err) {
      if (this.doc.failed) return;
      const reason = err instanceof ProtocolError ? err.reason : 'undecodable-content';
      this.close(closeCodes.unsupportedData, reason);
    }
  }

  private handle(bytes: Uint8Array): void {
    const message = parseClientMessage(bytes);
    const { doc, awareness } = this.doc;
    switch (message.type) {
      case 'sync-step1':
        // Everything this connection sent before this message is already committed: the reply
        // doubles as a barrier for changes (like deletions) that do not move the state vector.
        this.send(encodeSyncStep2(Y.encodeStateAsUpdate(doc, message.stateVector)));
        return;
      case 'sync-step2':
      case 'sync-update':
        Y.applyUpdate(doc, message.update, this);
        return;
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(awareness, message.update, this);
        return;
      case 'query-awareness': {
        const reply = this.doc.awarenessMessage();
        if (reply) this.send(reply);
        return;
      }
    }
  }

  private onClose(): void {
    this.closed = true;
    this.leave();
  }

  private leave(): void {
    if (this.doc.peers.has(this)) this.registry.leave(this.doc, this);
  }

  private log(event: string, reason: string, code?: number): void {
    logRelayEvent(event, { deviceId: this.deviceId, docName: this.doc.name, reason, code });
  }
}
