// One device's WebSocket on one document: strict message handling, write checks, the device's budget, acknowledgements, liveness.
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { DeviceRole } from '../doc-names.js';
import type { DeviceBudget } from './device-budget.js';
import type { DocRegistry } from './doc-registry.js';
import { erasedCloseCode } from './erasure.js';
import { logRelayEvent } from './log.js';
import { encodeSyncStep1, encodeSyncStep2, parseClientMessage, ProtocolError } from './protocol.js';
import { pendingAfterApply, type DocPeer, type SharedDoc, type WriteLimits } from './shared-doc.js';
import { decodeUpdate, WriteRefused, type DecodedUpdate } from './update-inspector.js';
import { StoreError } from '../store/relay-store.js';

export const closeCodes = {
  unsupportedData: 1003,
  policyViolation: 1008,
  tooBig: 1009,
  internalError: 1011,
  /** 4400-4499: y-websocket's client does not reconnect after these. */
  expired: 4401,
  revoked: 4403,
  /** The document was erased (relay/erasure.ts): the device deletes its copy and never sends it again. */
  erased: erasedCloseCode,
  /** The device sent a change it may not make: nothing of it was stored. Reconnecting would only send it again. */
  writeRefused: 4422,
} as const;

/** Awareness (cursors, presence) is not used by Baseroom: small messages are dropped, larger ones refused. */
export const maxAwarenessBytes = 1024;

/** Messages held while the document loads or a write waits for the store (the app sends a few at a time). */
const maxWaitingMessages = 256;

/**
 * What the store keeps for each Yjs client id a device claims (a row naming its owner, kept for good), counted against
 * the device's bytes for the day: a garbage-collected struct of a few bytes claims one.
 */
const claimRowBytes = 64;

/** Replies a socket may have waiting to be sent before the relay gives up on the device reading them. */
const maxBufferedBytes = 16 * 1024 * 1024;
/**
 * The same for all of a device's sockets together: 16 MiB each on 48 sockets let one device that asks and never reads
 * have the relay hold nearly 1 GB. Added up only once a socket has this much waiting (a socket that keeps up has none).
 */
const maxBufferedBytesPerDevice = 2 * maxBufferedBytes;
const bufferedWorthCounting = 64 * 1024;

/** The most a close frame's reason may hold (`ws` throws beyond it, and the throw would end the process). */
const maxCloseReasonBytes = 123;

/**
 * A close reason cut to what a close frame holds: `not-permitted:<part>` names a part the device chose, of any length.
 * The device is told what fits; the log keeps the whole reason.
 */
export function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= maxCloseReasonBytes) return reason;
  let cut = reason.slice(0, maxCloseReasonBytes);
  while (Buffer.byteLength(cut) > maxCloseReasonBytes) cut = cut.slice(0, -1);
  return cut;
}

export interface ConnectionOptions {
  writeLimits: WriteLimits;
}

export interface ConnectionIdentity {
  deviceId: string;
  role: DeviceRole;
  /** When the device's token runs out; the liveness sweep closes the connection then. */
  tokenExpiresAt: number;
  /**
   * Asked before every write: a device revoked a moment ago stores nothing more. A promise when the store must be
   * asked (something changed elsewhere since this device was last found not revoked).
   */
  isRevoked(): boolean | Promise<boolean>;
  /** Writes a line of the audit log (the relay throttles "changed" lines). */
  audit(docName: string, action: 'opened' | 'changed' | 'refused', detail?: string): void;
  /** The device's budget as the relay holds it now (the one this connection was given may be forgotten once closed). */
  budgetNow(): DeviceBudget;
}

/** Runs `work`, then reports the relay's time on it: the smaller of the time by the clock and the process's CPU time. */
function measured<T>(work: () => T, spent: (ms: number) => void): T {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    return work();
  } finally {
    const cpu = process.cpuUsage(cpuStart);
    spent(Math.min(performance.now() - wallStart, (cpu.user + cpu.system) / 1000));
  }
}

export class RelayConnection implements DocPeer {
  alive = true;
  readonly deviceId: string;
  readonly role: DeviceRole;
  readonly tokenExpiresAt: number;
  readonly docName: string;
  /** Null while the document is read from the store; messages arriving meanwhile wait, in order, in `early`. */
  private loaded: SharedDoc | null = null;
  /** Messages held, in order, while the document loads or a write waits for its revocation check; null: none waits. */
  private early: [WebSocket.RawData, boolean][] | null = [];
  private ackScheduled = false;
  private closed = false;
  /**
   * Whether the device has answered the relay's greeting (its first sync step 2). Until then a change it makes is sent
   * at once, before that answer, and starts past what the relay holds when the device has unsent changes from before
   * (made offline, or lost with a relay node that died): such an update is dropped, not refused, because the answer
   * carries it (it is the device's whole state beyond the greeting's). Refusing it (4422) would stop the device for good.
   */
  private answeredGreeting = false;
  private droppedBeforeAnswer = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly identity: ConnectionIdentity,
    private readonly budget: DeviceBudget,
    private readonly registry: DocRegistry,
    docName: string,
    private readonly options: ConnectionOptions,
  ) {
    this.deviceId = identity.deviceId;
    this.role = identity.role;
    this.tokenExpiresAt = identity.tokenExpiresAt;
    this.docName = docName;
    budget.sockets++;
    budget.outgoing.add(ws);
    ws.on('message', (data, isBinary) => {
      if (!this.early) return this.onMessage(data, isBinary);
      // The device may speak first (its own sync step 1), or go on while a write waits for its revocation check: held,
      // then handled in order.
      if (this.early.length >= maxWaitingMessages) return this.close(closeCodes.policyViolation, 'too-many-waiting-messages');
      this.early.push([data, isBinary]);
    });
    ws.on('pong', () => (this.alive = true));
    ws.on('error', (err: Error & { code?: string }) => this.log('socket-error', err.code ?? err.name));
    ws.on('close', () => this.onClose());
    // The document is fully loaded from the store before anything is sent or handled.
    registry.join(docName, this).then(
      (doc) => this.opened(doc),
      (err: unknown) => {
        const reason = err instanceof StoreError ? err.reason : 'open-failed';
        this.log('open-failed', reason);
        this.close(closeCodes.internalError, reason);
      },
    );
  }

  private opened(doc: SharedDoc): void {
    this.loaded = doc;
    if (this.closed) return void this.registry.leave(doc, this);
    // What is committed, not what is applied: a change still being committed is not yet held.
    this.send(encodeSyncStep1(doc.committedStateVector));
    this.identity.audit(this.docName, 'opened');
    this.handleHeld();
  }

  /** Only ever read once loaded (messages are held until then). */
  private get doc(): SharedDoc {
    return this.loaded!;
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(message);
    // A device that asks and never reads would have the relay hold every reply in memory until its next missed ping.
    const waiting = this.ws.bufferedAmount;
    if (waiting > maxBufferedBytes || (waiting > bufferedWorthCounting && this.budget.bufferedBytes > maxBufferedBytesPerDevice)) this.terminate('not-reading');
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.log('connection-closed', reason, code);
    this.ws.close(code, closeReason(reason));
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
   * The acknowledgement: once changes from this peer are committed, send it the state vector of what is committed
   * (sync step 1), never the Y.Doc's own, which may cover changes still being committed. Coalesced to one per
   * event-loop turn, because the client answers each one with a sync step 2 of its own.
   */
  /** Ran over the device's budget: closing, and serving nothing more. */
  private overBudget = false;

  changeCommitted(): void {
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    setImmediate(() => {
      this.ackScheduled = false;
      if (!this.closed && !this.doc.failed) this.send(encodeSyncStep1(this.doc.committedStateVector));
    });
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.closed || this.overBudget || !this.loaded) return;
    // Another socket of this device ran over the device's budget: this one is not served during the cool-down either.
    if (this.budget.blocked) return this.close(closeCodes.policyViolation, 'cooling-down');
    if (!isBinary) return this.close(closeCodes.unsupportedData, 'text-message');
    // A copy with its own buffer, so no read can reach into a pooled neighbour's bytes.
    const raw = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const over = this.budget.admit(raw.byteLength);
    if (over) return this.close(closeCodes.policyViolation, over);
    const bytes = new Uint8Array(raw);
    let waiting: Promise<void> | void;
    try {
      waiting = this.handle(bytes);
    } catch (err) {
      return this.refused(err);
    }
    if (!waiting) return;
    // A write waits for its revocation check: the messages after it wait too, and are then handled in order.
    this.early = [];
    waiting
      .catch((err: unknown) => this.refused(err))
      .finally(() => this.handleHeld());
  }

  /** Handles the messages held meanwhile, in order, until one has to wait again. */
  private handleHeld(): void {
    const held = this.early ?? [];
    this.early = null;
    for (let i = 0; i < held.length; i++) {
      this.onMessage(...held[i]!);
      if (this.early) {
        // Waiting again: whatever is left goes back in front of what arrived meanwhile.
        (this.early as [WebSocket.RawData, boolean][]).unshift(...held.slice(i + 1));
        return;
      }
    }
  }

  private refused(err: unknown): void {
    // A document torn down meanwhile closed this socket already; a refusal of this device's own write (which may be what
    // tore it down: costly-inserts) is still logged and audited.
    if (this.doc.failed && !(err instanceof WriteRefused)) return;
    if (err instanceof StoreError) return this.close(closeCodes.internalError, err.reason);
    if (err instanceof WriteRefused) {
      this.log('write-refused', err.detail ? `${err.reason} ${err.detail}` : err.reason, closeCodes.writeRefused);
      // The device is told which part, or which erased pupil (so it drops them), as it is told nothing else.
      const reason = err.reason === 'not-permitted' || err.reason === 'erased-pupil' ? `${err.reason}:${err.detail}` : err.reason;
      this.identity.audit(this.doc.name, 'refused', reason);
      return this.close(closeCodes.writeRefused, reason);
    }
    const reason = err instanceof ProtocolError ? err.reason : 'undecodable-content';
    this.close(closeCodes.unsupportedData, reason);
  }

  private handle(bytes: Uint8Array): Promise<void> | void {
    // An expired token is served nothing more, though the sweep that closes its socket may be PING_INTERVAL_MS away.
    if (this.tokenExpiresAt <= Date.now()) return this.close(closeCodes.expired, 'expired');
    const message = parseClientMessage(bytes);
    switch (message.type) {
      case 'sync-step1':
        // The reply reflects everything applied so far, so it leaves only once all of that is committed, including
        // whatever this connection sent before: it doubles as a barrier for changes (like deletions) that do not
        // move the state vector. Encoding a large document is work too: it is charged to the device like a write.
        return this.charged(() => this.doc.sendTo(this, encodeSyncStep2(Y.encodeStateAsUpdate(this.doc.doc, message.stateVector))));
      case 'sync-step2':
        this.answeredGreeting = true;
        return this.write(message.update, false);
      case 'sync-update':
        return this.write(message.update, !this.answeredGreeting);
      case 'awareness':
        if (message.update.byteLength > maxAwarenessBytes) this.close(closeCodes.tooBig, 'awareness-too-large');
        return;
      case 'query-awareness':
        return;
    }
  }

  /** `beforeAnswer`: a change sent before the device answered the greeting (a gap in it is dropped, see answeredGreeting). */
  private write(update: Uint8Array, beforeAnswer: boolean): Promise<void> | void {
    // The client's answer to an acknowledgement usually carries nothing (no structs, no deletions): nothing to store,
    // so nothing to ask the store about either.
    if (update.byteLength === 2 && update[0] === 0 && update[1] === 0) return;
    // Usually answered at once; a revocation made elsewhere (the CLI, another node) since the last write is asked of
    // the store, and the messages after this one wait for the answer.
    const revoked = this.identity.isRevoked();
    return revoked instanceof Promise
      ? revoked.then((is) => this.writeUnlessRevoked(is, update, beforeAnswer))
      : this.writeUnlessRevoked(revoked, update, beforeAnswer);
  }

  /**
   * Decodes the update once, refuses it whole if it names an erased pupil, then checks and applies it. All of that is
   * the device's cost, charged as one piece of work; only a pupil id the relay has not seen lately makes it wait for
   * the store in between.
   */
  private writeUnlessRevoked(revoked: boolean, update: Uint8Array, beforeAnswer: boolean): Promise<void> | void {
    if (revoked) return this.close(closeCodes.revoked, 'revoked');
    if (this.closed || this.overBudget) return;
    let decoded: DecodedUpdate | undefined;
    const waiting = this.charged(() => {
      // No more of it is read than the device's limit allows (the limit is checked again in the inspection).
      decoded = decodeUpdate(update, this.options.writeLimits.maxStructs);
      const erasedCheck = this.registry.refuseErasedPupils(this.doc, decoded, (work) => this.charged(work));
      if (erasedCheck) return erasedCheck;
      this.apply(update, decoded, beforeAnswer);
    });
    return waiting?.then(() => {
      if (this.closed || this.overBudget) return;
      this.charged(() => this.apply(update, decoded!, beforeAnswer));
    });
  }

  private apply(update: Uint8Array, decoded: DecodedUpdate, beforeAnswer: boolean): void {
    const owned = this.doc.clientsOwnedBy(this.deviceId);
    let changed: boolean;
    try {
      changed = this.doc.applyFrom(this, update, this.options.writeLimits, decoded);
    } catch (err) {
      // Refused by the inspection, so nothing of it was applied; the device's answer to the greeting brings it. Logged
      // once per socket (a device could send many).
      if (!beforeAnswer || !(err instanceof WriteRefused) || err.reason !== 'gap' || err.detail === pendingAfterApply) throw err;
      if (!this.droppedBeforeAnswer) this.log('update-dropped', 'gap-before-answer');
      this.droppedBeforeAnswer = true;
      return;
    }
    if (changed) this.identity.audit(this.doc.name, 'changed');
    const claimed = this.doc.clientsOwnedBy(this.deviceId) - owned;
    const over = claimed > 0 ? this.budget.stored(claimed * claimRowBytes) : null;
    if (over) this.closeOverBudget(over);
  }

  /**
   * Runs work done for this device and charges the relay's time on it to the device's budget; over budget closes
   * the socket. What is charged is the main thread's CPU time, bounded from above by both the time by the clock
   * (longer when other processes share the machine: a coordinator's ordinary roster upload must not be refused for
   * what the server was doing meanwhile) and the process's CPU time (more when V8's compiler and collector threads
   * run alongside): the smaller of the two.
   */
  private charged<T>(work: () => T): T {
    return measured(work, (ms) => {
      const over = this.budget.spent(ms);
      if (over) this.closeOverBudget(over);
    });
  }

  /**
   * Work set off by this device's writes outside its messages (a compaction): charged like its own, also once this
   * socket is closed (to the budget held for the device then, so that its cool-down keeps its next sockets off).
   */
  charge<T>(work: () => T): T {
    if (!this.closed) return this.charged(work);
    return measured(work, (ms) => void this.identity.budgetNow().spent(ms));
  }

  /** Closed once this message's handling is done; the frames `ws` delivers from the same network read are not served. */
  private closeOverBudget(reason: string): void {
    if (this.overBudget) return;
    this.overBudget = true;
    queueMicrotask(() => this.close(closeCodes.policyViolation, reason));
  }

  private onClose(): void {
    this.leave();
  }

  private leave(): void {
    if (this.closed) return;
    this.closed = true;
    this.budget.sockets--;
    this.budget.outgoing.delete(this.ws);
    this.early = null;
    if (this.loaded?.peers.has(this)) this.registry.leave(this.loaded, this);
  }

  private log(event: string, reason: string, code?: number): void {
    logRelayEvent(event, { deviceId: this.deviceId, docName: this.docName, reason, code });
  }
}
