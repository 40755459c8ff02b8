// Keeps every in-scope document connected to the school relay once the device is paired, and reports the truth about it.
import * as Y from 'yjs';
import type { DocConnection, RelayAck } from './docConnection';
import { RelayApiError, type AuditEntry, type EnrolRequest, type EraseTarget, type Enrolled, type ManagedDevice, type PairedDevice, type RelayApi } from './relayApi';
import { inScope, relayName } from './scope';
import { SCHOOL_DOC } from '../docs/names';
import { reduceSyncStatus, relayUnreachable, sameStatus, type NeedsPairingReason, type SyncStatus } from './status';

export interface StoredDevice extends PairedDevice {
  pairedAt: string;
}

/** Where the engine finds documents: those the app opens, and those stored on the device. */
export interface DocSource {
  /** Calls back for every document opened from now on, and at once for those already open. */
  onOpen(listener: (name: string, doc: Y.Doc) => void): () => void;
  storedNames(): Promise<string[]>;
  open(name: string): Promise<Y.Doc>;
}

export interface DeviceTokenStore {
  load(): Promise<StoredDevice | null>;
  save(device: StoredDevice): Promise<void>;
  clear(): Promise<void>;
}

/** Where each document's last acknowledgement from the relay is kept, so a reload knows what is safe. */
export interface AckStore {
  load(name: string): Promise<RelayAck | null>;
  save(name: string, ack: RelayAck): Promise<void>;
  clear(): Promise<void>;
}

export interface SyncEngineOptions {
  docs: DocSource;
  devices: DeviceTokenStore;
  acks?: AckStore;
  api: RelayApi;
  /** ws(s)://<host>/sync */
  serverUrl: string;
  WebSocketImpl?: typeof WebSocket;
  maxBackoffTime?: number;
  /** Most sockets open at once (Chromium allows 255 per browser); documents take turns beyond it. */
  maxConnections?: number;
  /** How often to ask the relay for documents new in scope (another device's new days), while the device runs. */
  discoverEveryMs?: number;
  now?: () => Date;
  /** The relay says this device was signed out remotely: the app erases what it holds. */
  onRevoked?: () => void;
  /** The relay erased this document: the app deletes its copy (DocStore.erase). */
  onErased?: (name: string) => Promise<void>;
}

const defaultMaxConnections = 24;
const defaultDiscoverEveryMs = 60_000;

export interface SyncSnapshot {
  status: SyncStatus;
  device: StoredDevice | null;
}

export class SyncError extends Error {
  constructor(readonly reason: 'unsynced-changes' | 'not-paired' | 'not-empty') {
    super(`Sync error: ${reason}`);
    this.name = 'SyncError';
  }
}

const whoamiReasons: Record<string, NeedsPairingReason> = { revoked: 'revoked', expired: 'expired', 'unknown-device': 'unknown-device' };
const identityCheckGapMs = 30_000;

export class SyncEngine {
  private device: StoredDevice | null = null;
  private needsPairing: NeedsPairingReason | null = null;
  private readonly connections = new Map<string, DocConnection>();
  /** Documents that have been in step with the relay (fetched and acknowledged) this session. */
  private readonly caughtUp = new Set<string>();
  private pumping = false;
  /** Documents whose stored acknowledgement is being read before they connect. */
  private readonly connecting = new Set<string>();
  private loadingStored = false;
  /** Open documents this device's scope cannot sync (another room's day, say): watched so "all safe" never hides them. */
  private readonly outOfScope = new Map<string, Y.Doc>();
  private readonly listeners = new Set<() => void>();
  private snapshot: SyncSnapshot = { status: { kind: 'not-paired' }, device: null };
  private stopWatching: (() => void) | null = null;
  private discoverTimer: ReturnType<typeof setInterval> | undefined;
  private lastIdentityCheck = 0;
  /** When every live connection last failed together: the relay out of reach. */
  private unreachableSince: Date | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Loads the stored device token and, if there is one, starts syncing. */
  async start(): Promise<void> {
    this.device = await this.options.devices.load();
    this.activate();
  }

  getSnapshot = (): SyncSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Names of documents whose local changes the relay has not acknowledged. */
  unsyncedDocuments(): string[] {
    return [...this.connections.values()].filter((c) => !c.isSafe()).map((c) => c.name);
  }

  /** Redeems a pairing code (throws RelayApiError), stores the token and syncs everything in the new scope. */
  async pair(code: string): Promise<StoredDevice> {
    const paired = await this.options.api.pair(code);
    // An off-site phone's school is the cohort the relay writes for it: a school already on the device (set up here,
    // or another pairing's cohort) could never sync into it, so such a device is refused before anything is sent.
    if (paired.scope.kind === 'providers' && (await this.holdsSchool())) throw new SyncError('not-empty');
    const device: StoredDevice = { ...paired, pairedAt: this.now().toISOString() };
    await this.options.devices.save(device);
    this.deactivate();
    this.device = device;
    this.needsPairing = null;
    this.activate();
    return device;
  }

  /** The school's devices (a coordinator's device only; the relay refuses others). */
  listDevices(): Promise<ManagedDevice[]> {
    return this.options.api.listDevices(this.requireDevice().token);
  }

  /** Enrols a new device; its code works once, within 10 minutes. */
  enrolDevice(request: EnrolRequest): Promise<Enrolled> {
    return this.options.api.enrolDevice(this.requireDevice().token, request);
  }

  /** The relay's audit log, newest first (a coordinator's device only). */
  auditLog(query: { deviceId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    return this.options.api.audit(this.requireDevice().token, query);
  }

  /**
   * Erases a pupil or a day on the relay for good (a coordinator's device only; the relay refuses others), then
   * deletes this device's copy at once rather than at its next connection.
   */
  async erase(target: EraseTarget): Promise<void> {
    const { erased } = await this.options.api.erase(this.requireDevice().token, target);
    await this.erasedOnRelay(erased);
  }

  /** Stops syncing a document the relay erased, and has the app delete it. */
  private async erasedOnRelay(name: string): Promise<void> {
    const connection = this.connections.get(name);
    connection?.destroy();
    this.connections.delete(name);
    this.caughtUp.delete(name);
    this.update();
    await this.options.onErased?.(name);
  }

  /** Signs another device out at once. */
  revokeDevice(deviceId: string): Promise<void> {
    return this.options.api.revokeDevice(this.requireDevice().token, deviceId);
  }

  private requireDevice(): StoredDevice {
    if (!this.device) throw new SyncError('not-paired');
    return this.device;
  }

  private async holdsSchool(): Promise<boolean> {
    return Y.encodeStateVector(await this.options.docs.open(SCHOOL_DOC)).length > 1;
  }

  /** Deletes the token. Refuses while the relay lacks local changes unless the user chose to lose them. */
  async signOut({ discardUnsynced = false } = {}): Promise<void> {
    if (!this.device) throw new SyncError('not-paired');
    if (this.unsyncedDocuments().length > 0 && !discardUnsynced) throw new SyncError('unsynced-changes');
    this.deactivate();
    await this.options.devices.clear();
    // A new pairing may be another scope or another relay: what this one acknowledged says nothing about it.
    await this.options.acks?.clear();
    this.device = null;
    this.needsPairing = null;
    this.update();
  }

  stop(): void {
    this.deactivate();
    this.listeners.clear();
  }

  private activate(): void {
    const device = this.device;
    if (!device || this.needsPairing) return this.update();
    const { docs } = this.options;
    this.stopWatching = docs.onOpen((name, doc) => {
      if (inScope(device.scope, name)) this.connect(name, doc, device.token);
      else this.watchOutOfScope(name, doc);
    });
    this.loadingStored = true;
    void this.openStoredDocs(device).finally(() => {
      if (this.device !== device) return;
      this.loadingStored = false;
      this.update();
    });
    void this.checkIdentity();
    // Documents other devices start later (a phone's new provider-day, a tablet's new register) reach this one too,
    // so the coordinator sees them without restarting.
    this.discoverTimer = setInterval(() => void this.openDocs(device, []), this.options.discoverEveryMs ?? defaultDiscoverEveryMs);
    this.update();
  }

  private async openStoredDocs(device: StoredDevice): Promise<void> {
    await this.openDocs(device, ['school', ...(await this.options.docs.storedNames())]);
  }

  /** Opens the given documents and what the relay holds in this device's scope, so a newly paired device gets every register and record. */
  private async openDocs(device: StoredDevice, local: string[]): Promise<void> {
    const { docs } = this.options;
    const remote = await this.options.api.docs(device.token).catch(() => [] as string[]);
    if (this.device !== device) return;
    const names = new Set([...local, ...remote.filter((n) => inScope(device.scope, n))]);
    for (const name of names) {
      if (this.device !== device) return;
      // Opening goes through the app's document store, so updates from the relay are persisted and projected.
      await docs.open(name).catch(() => undefined);
    }
  }

  private connect(name: string, doc: Y.Doc, token: string): void {
    if (this.connections.has(name) || this.connecting.has(name)) return;
    this.connecting.add(name);
    const device = this.device;
    const restored = this.options.acks?.load(name).catch(() => null) ?? Promise.resolve(null);
    // The y-websocket client loads only on a paired device, so an unpaired tablet never downloads or parses it.
    void Promise.all([restored, import('./docConnection')]).then(([ack, { DocConnection }]) => {
      this.connecting.delete(name);
      if (this.device !== device || this.connections.has(name)) return this.update();
      this.openConnection(DocConnection, name, doc, token, ack);
    });
  }

  private openConnection(
    Connection: typeof DocConnection,
    name: string,
    doc: Y.Doc,
    token: string,
    restored: RelayAck | null,
  ): void {
    const { serverUrl, WebSocketImpl, maxBackoffTime, acks } = this.options;
    const connection = new Connection(name, doc, {
      restored,
      relayName: relayName(this.device!, name),
      ...(acks ? { onAck: (ack: RelayAck) => void acks.save(name, ack).catch(() => undefined) } : {}),
      serverUrl,
      token,
      ...(WebSocketImpl ? { WebSocketImpl } : {}),
      ...(maxBackoffTime ? { maxBackoffTime } : {}),
      onChange: () => this.update(),
      onAttemptFailed: () => void this.checkIdentity(),
      onRejected: (reason) => this.rejected(reason),
      onErased: () => void this.erasedOnRelay(name).catch(() => undefined),
    });
    this.connections.set(name, connection);
    this.update();
  }

  /**
   * Keeps at most `maxConnections` documents connected. Documents with changes the relay lacks go first, then those
   * not yet fetched from the relay this session. A connection that has caught up both ways is closed when another
   * document is waiting, except the school's document and today's registers, which stay live for other devices' edits.
   */
  private pump(): void {
    if (!this.device || this.needsPairing || this.pumping) return;
    this.pumping = true;
    try {
      this.fillPool();
    } finally {
      this.pumping = false;
    }
  }

  private fillPool(): void {
    const max = this.options.maxConnections ?? defaultMaxConnections;
    const all = [...this.connections.values()];
    for (const c of all) if (c.isSettled()) this.caughtUp.add(c.name);
    const waiting = all.filter((c) => !c.isLive && !c.refused && (!c.isSafe() || !this.caughtUp.has(c.name)));
    if (waiting.length === 0) return;
    const today = this.now().toISOString().slice(0, 10);
    const pinned = (name: string) => name === 'school' || name.endsWith(`/${today}`);
    // Make room by closing connections that have caught up; a closing socket frees its place when it has
    // closed (its close event pumps again), so the pool never holds more than `max` sockets.
    let needed = waiting.length - (max - all.filter((c) => c.holdsSocket).length);
    for (const c of all) {
      if (needed <= 0) break;
      if (c.isLive && c.isSettled() && !pinned(c.name)) {
        c.stop();
        needed--;
      }
    }
    const free = max - all.filter((c) => c.holdsSocket).length;
    waiting.sort((a, b) => Number(a.isSafe()) - Number(b.isSafe()));
    for (const c of waiting.slice(0, Math.max(0, free))) c.start();
  }

  private watchOutOfScope(name: string, doc: Y.Doc): void {
    if (this.outOfScope.has(name)) return;
    this.outOfScope.set(name, doc);
    doc.on('update', this.onOutOfScopeUpdate);
    this.update();
  }

  private readonly onOutOfScopeUpdate = () => this.update();

  /** A refused upgrade looks like a failed connection in a browser: ask the relay (sparingly) whether the token still works. */
  private async checkIdentity(): Promise<void> {
    const device = this.device;
    const at = this.now().getTime();
    if (!device || at - this.lastIdentityCheck < identityCheckGapMs) return;
    this.lastIdentityCheck = at;
    try {
      await this.options.api.whoami(device.token);
    } catch (err) {
      if (!(err instanceof RelayApiError) || err.reason !== 'unauthorised' || this.device !== device) return;
      this.rejected(whoamiReasons[err.details.serverReason ?? ''] ?? 'rejected');
    }
  }

  private rejected(reason: NeedsPairingReason): void {
    if (this.needsPairing) return;
    this.needsPairing = reason;
    // Keep the status of what is unsynced visible to sign-out, but stop talking to the relay.
    for (const connection of this.connections.values()) connection.stop();
    this.update();
    if (reason === 'revoked') this.options.onRevoked?.();
  }

  private deactivate(): void {
    clearInterval(this.discoverTimer);
    this.discoverTimer = undefined;
    this.stopWatching?.();
    this.stopWatching = null;
    for (const connection of this.connections.values()) connection.destroy();
    this.connections.clear();
    this.caughtUp.clear();
    for (const doc of this.outOfScope.values()) doc.off('update', this.onOutOfScopeUpdate);
    this.outOfScope.clear();
  }

  private update(): void {
    this.pump();
    const docs = [...this.connections.values()].map((c) => ({ name: c.name, connection: c.connection, safe: c.isSafe(), ackedAt: c.ackedAt, refused: c.refused }));
    const outOfScope = [...this.outOfScope.values()].filter((doc) => Y.encodeStateVector(doc).length > 1).length;
    const loading = this.loadingStored || this.connecting.size > 0;
    if (!relayUnreachable(docs)) this.unreachableSince = null;
    else this.unreachableSince ??= this.now();
    const inputs = { paired: this.device !== null, needsPairing: this.needsPairing, docs, outOfScope, loading, unreachableSince: this.unreachableSince };
    const status = reduceSyncStatus(inputs, this.snapshot.status, this.now());
    if (sameStatus(status, this.snapshot.status) && this.device === this.snapshot.device) return;
    this.snapshot = { status, device: this.device };
    this.listeners.forEach((l) => l());
  }
}
