// One document's connection to the relay (stock WebsocketProvider) and whether the relay holds all of it.
import * as encoding from 'lib0/encoding';
import { Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { DocConnectionState, NeedsPairingReason } from './status';
import { addsInsertions, covers, localStateVector, mergeStateVectors, peekSyncMessage, type StateVector } from './stateVector';

export interface DocConnectionOptions {
  /** ws(s)://<host>/sync: the document name is appended by the provider. */
  serverUrl: string;
  /** The relay's name for this document, when it is not the local one (an off-site phone's school is its cohort). */
  relayName?: string;
  token: string;
  WebSocketImpl?: typeof WebSocket;
  maxBackoffTime?: number;
  /** Something the status depends on changed. */
  onChange(): void;
  /** A connection attempt failed before it opened (the relay is down, or refused us at the upgrade). */
  onAttemptFailed(): void;
  /** The relay closed with 4401/4403 (or another 44xx): reconnecting is pointless until the device pairs again. */
  onRejected(reason: NeedsPairingReason): void;
  /** The relay refused a change to this document (4422) and stored none of it; the reason is its close reason. */
  onRefused?(reason: string): void;
  /** The relay erased this document (4410): the device deletes its copy and never sends it again. */
  onErased?(): void;
  /** What the relay was last known to hold (from storage), so "safe" is known before any connection. */
  restored?: RelayAck | null;
  /** The relay confirmed more: store it so a reload offline still knows. */
  onAck?(ack: RelayAck): void;
  /** A change made on this device: once the relay has it, the relay's copy is not the one last caught up with. */
  onLocalChange?(): void;
}

export interface RelayAck {
  stateVector: StateVector;
  deletionPending: boolean;
  at: Date;
}

const closeReasons: Record<number, NeedsPairingReason> = { 4401: 'expired', 4403: 'revoked' };
const writeRefused = 4422;
const erased = 4410;
const messageSync = 0;

export class DocConnection {
  readonly provider: WebsocketProvider;
  private readonly awareness: Awareness;
  private state: DocConnectionState = 'connecting';
  /** What the relay told us it holds: its sync step 1s since connecting, plus what its step 2s and forwarded updates carry (it forwards only what it has written). */
  private relayStateVector: StateVector = new Map();
  private lastLocal: StateVector;
  /** A deletion-only change is not in any state vector: it is safe once a barrier sync step 1 sent after it is answered. */
  private deletionPending = false;
  private heardStep1 = false;
  private step1Sent = 0;
  private step2Received = 0;
  private barrierAt = 0;
  /** When the relay last confirmed what it holds (a step 1, a forwarded update, or an answered barrier). */
  ackedAt: Date | null = null;

  constructor(
    readonly name: string,
    readonly doc: Y.Doc,
    private readonly options: DocConnectionOptions,
  ) {
    this.lastLocal = localStateVector(doc);
    if (options.restored) {
      this.relayStateVector = new Map(options.restored.stateVector);
      this.deletionPending = options.restored.deletionPending;
      this.ackedAt = options.restored.at;
    }
    this.awareness = new Awareness(doc);
    this.awareness.setLocalState(null);
    // Connected by the engine's pool (start()), so a device with many documents holds a bounded number of sockets.
    this.provider = new WebsocketProvider(options.serverUrl, options.relayName ?? name, doc, {
      connect: false,
      disableBc: true,
      awareness: this.awareness,
      protocols: ['baseroom', options.token],
      ...(options.WebSocketImpl ? { WebSocketPolyfill: options.WebSocketImpl } : {}),
      ...(options.maxBackoffTime ? { maxBackoffTime: options.maxBackoffTime } : {}),
    });
    this.wrapSyncHandler();
    // Registered after the provider's own update handler, so a local update is on the wire before any barrier.
    doc.on('update', this.onUpdate);
    this.provider.on('status', this.onStatus);
    this.provider.on('connection-close', this.onClose);
    this.provider.on('closed', this.onClosed);
  }

  get connection(): DocConnectionState {
    return this.live ? this.state : 'idle';
  }

  private live = false;

  get isLive(): boolean {
    return this.live;
  }

  /** A socket this connection stopped, still closing (the provider lets go of it at once). */
  private closing: WebSocket | null = null;

  /** Still using a socket: live, or stopped but its socket not yet closed. */
  get holdsSocket(): boolean {
    return this.live || this.closing !== null;
  }

  /** Connected, has the relay's content (its sync step 2) and the relay holds all of ours: the socket can be freed. */
  isSettled(): boolean {
    return this.live && this.state === 'connected' && this.provider.synced && this.isSafe();
  }

  start(): void {
    if (this.live || this.refused) return;
    this.live = true;
    this.state = 'connecting';
    this.provider.connect();
  }

  stop(): void {
    if (!this.live) return;
    this.live = false;
    const socket = this.provider.ws;
    if (socket && socket.readyState !== socket.CLOSED) {
      this.closing = socket;
      socket.addEventListener('close', () => {
        this.closing = null;
        this.options.onChange();
      });
    }
    this.provider.disconnect();
  }

  isSafe(): boolean {
    return !this.deletionPending && covers(this.relayStateVector, localStateVector(this.doc));
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate);
    this.provider.off('status', this.onStatus);
    this.provider.off('connection-close', this.onClose);
    this.provider.off('closed', this.onClosed);
    this.provider.destroy();
    this.awareness.destroy();
  }

  private wrapSyncHandler(): void {
    const handleSync = this.provider.messageHandlers[messageSync]!;
    this.provider.messageHandlers[messageSync] = (encoder, decoder, provider, emitSynced, messageType) => {
      const message = peekSyncMessage(decoder);
      // The relay sends only what it holds: its reply to our step 1 once committed, another device's change once
      // written. Counted before it is applied (so the document is never seen ahead of it), and even when it changes
      // nothing here: after a restore, another device may send the relay our own changes first; ours then arrive as a
      // duplicate the relay stores nothing of, so no acknowledgement follows, and its forward is all that says so.
      const moved = message.type === 'step2' || message.type === 'update' ? this.relayHolds(message.carries) : false;
      this.changedByRelay = false;
      handleSync(encoder, decoder, provider, emitSynced, messageType);
      if (message.type === 'step1') {
        // The greeting on connecting says what the relay holds (less than we thought, if it was restored from a
        // backup). Later ones acknowledge our changes and only add to it: an acknowledgement carries what is durable,
        // which may not yet cover another device's change the relay has forwarded to us (it forwards once written).
        this.relayStateVector = this.heardStep1 ? mergeStateVectors(this.relayStateVector, message.stateVector) : message.stateVector;
        this.heardStep1 = true;
        this.acknowledged();
        // Our reply (step 2, carrying offline deletions) is sent when this handler returns: the barrier goes after it.
        if (this.deletionPending) queueMicrotask(() => this.sendBarrier());
      } else if (message.type === 'step2' || message.type === 'update') {
        if (message.type === 'step2') this.step2Received++;
        if (message.type === 'step2' && this.barrierAt > 0 && this.step2Received >= this.barrierAt) {
          this.barrierAt = 0;
          this.deletionPending = false;
          this.acknowledged();
        } else if (moved || this.changedByRelay) {
          this.acknowledged();
        }
      }
      this.options.onChange();
    };
  }

  /** Adds what a message from the relay carries to what it is known to hold; true when that moved. */
  private relayHolds(carries: StateVector): boolean {
    let moved = false;
    for (const [client, clock] of carries) {
      if ((this.relayStateVector.get(client) ?? 0) < clock) {
        this.relayStateVector.set(client, clock);
        moved = true;
      }
    }
    return moved;
  }

  /** The relay's message being handled changed the document (a deletion moves no clock, yet it is a confirmation). */
  private changedByRelay = false;

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    const local = localStateVector(this.doc);
    if (origin === this.provider) {
      // What the relay sent is counted as held once the message is handled (wrapSyncHandler).
      this.changedByRelay = true;
    } else {
      this.options.onLocalChange?.();
      if (!addsInsertions(this.lastLocal, local)) {
        this.deletionPending = true;
        this.options.onAck?.({ stateVector: this.relayStateVector, deletionPending: true, at: this.ackedAt ?? new Date(0) });
        if (this.heardStep1) queueMicrotask(() => this.sendBarrier());
      }
    }
    this.lastLocal = local;
    this.options.onChange();
  };

  private acknowledged(): void {
    this.ackedAt = new Date();
    this.options.onAck?.({ stateVector: new Map(this.relayStateVector), deletionPending: this.deletionPending, at: this.ackedAt });
  }

  private sendBarrier(): void {
    const ws = this.provider.ws;
    if (!this.provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    ws.send(encoding.toUint8Array(encoder));
    this.barrierAt = ++this.step1Sent;
  }

  private readonly onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (status === 'connected') {
      // The provider sends its own sync step 1 right after this event; the relay answers each in order.
      this.step1Sent = 1;
      this.step2Received = 0;
      this.barrierAt = 0;
      this.heardStep1 = false;
      this.state = 'connected';
    } else if (status === 'disconnected') {
      this.state = 'offline';
    } else if (this.state !== 'offline') {
      this.state = 'connecting';
    }
    this.options.onChange();
  };

  private readonly onClose = () => {
    if (this.state !== 'connected') this.options.onAttemptFailed();
    this.state = 'offline';
    this.options.onChange();
  };

  /** Set when the relay refused a change to this document: its reason. Reconnecting would only send it again. */
  refused: string | null = null;

  private readonly onClosed = ({ code, reason }: { code: number; reason: string }) => {
    if (code === erased) {
      this.refused = 'erased';
      this.live = false;
      this.options.onErased?.();
      this.options.onChange();
      return;
    }
    if (code === writeRefused) {
      this.refused = reason || 'refused';
      this.live = false;
      this.options.onRefused?.(this.refused);
      this.options.onChange();
      return;
    }
    this.options.onRejected(closeReasons[code] ?? 'rejected');
  };
}
