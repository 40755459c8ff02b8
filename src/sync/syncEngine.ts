// Keeps every in-scope document in step with the school relay once the device is paired, and reports the truth about it.
// Documents the app opens connect live; the rest are caught up in the background, opened only when the relay has
// changed them since this device last caught up, or when they hold local changes the relay has not acknowledged.
import * as Y from 'yjs';
import type { DocConnection, RelayAck } from './docConnection';
import { RelayApiError, type AuditEntry, type EnrolRequest, type EraseTarget, type Enrolled, type ManagedDevice, type PairedDevice, type RelayApi } from './relayApi';
import { inScope, relayName } from './scope';
import { reduceSyncStatus, relayUnreachable, sameStatus, type DocSyncState, type NeedsPairingReason, type SyncStatus } from './status';
import { covers } from './stateVector';
import { removePupil } from '../../sync-server/relay/erasure';
import { pupilDocName, SCHOOL_DOC } from '../docs/names';

/** The origin of this device's own deletions of a pupil the relay erased. */
const erasureOrigin = Symbol('erasure');

export interface EraseCheck {
  deviceId: string;
  ticket: string;
}

export interface StoredDevice extends PairedDevice {
  pairedAt: string;
}

/** A document held open until released. */
export interface DocLease {
  doc: Y.Doc;
  /** `close`: the document was opened only to sync it; close it now unless something else holds it. */
  release(options?: { close?: boolean }): void;
}

/** Where the engine finds documents: those the app opens, and those stored on the device. */
export interface DocSource {
  /** Calls back for every document opened from now on, and at once for those already open. */
  onOpen(listener: (name: string, doc: Y.Doc) => void): () => void;
  /** Calls back when a document is closed (idle): its connection goes with it. */
  onClose(listener: (name: string) => void): () => void;
  /** Every stored document and its state vector as last written (undefined: not known), without opening any. */
  storedStates(): Promise<{ name: string; stateVector: Uint8Array | undefined }[]>;
  /** One stored document's state, read from storage now (another tab of this device may have written it). */
  storedStateNow?(name: string): Promise<{ name: string; stateVector: Uint8Array | undefined }>;
  /** Opens a document and holds it open until released. */
  acquire(name: string): Promise<DocLease>;
}

export interface DeviceTokenStore {
  load(): Promise<StoredDevice | null>;
  save(device: StoredDevice): Promise<void>;
  clear(): Promise<void>;
}

/** What the device keeps about one document and the relay. */
export interface StoredAck {
  ack: RelayAck | null;
  /** The relay's version tag of the document when this device last caught up with it. */
  relayVersion?: string;
}

/** Where each document's last acknowledgement from the relay is kept, so a reload knows what is safe. */
export interface AckStore {
  load(name: string): Promise<RelayAck | null>;
  save(name: string, ack: RelayAck): Promise<void>;
  /** Every document's acknowledgement and caught-up version, read at once. */
  loadAll(): Promise<Map<string, StoredAck>>;
  /** Notes that this device holds everything the relay held of the document at this version. */
  saveVersion(name: string, version: string): Promise<void>;
  /**
   * A change made here will move the relay's copy past the version noted: forgets it, so the next pass opens the
   * document again (as it would for the new version) and a relay restored to the noted version is not taken to hold it.
   */
  forgetVersion?(name: string): Promise<void>;
  /** The document was erased (its row deleted with it): forget anything kept of it in memory. */
  forget?(name: string): void;
  /** One document's acknowledgement and version, read from storage now (another tab of this device may have written it). */
  loadNow?(name: string): Promise<StoredAck>;
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
  /** How often to ask the relay which documents in scope changed (another device's new days), while the device runs. */
  discoverEveryMs?: number;
  /** Most documents the background catch-up holds open at once. */
  catchUpAtOnce?: number;
  /** How soon to try again when a pass left documents behind (a dropped connection, a change closed before it was sent). */
  retryAfterMs?: number;
  /**
   * A document the relay refused a change to is offered again after `retryAfterMs`, then twice as long each time it
   * is refused again, up to this (its role may have changed; the change itself has not).
   */
  maxRefusedRetryMs?: number;
  now?: () => Date;
  /** The relay says this device was signed out remotely: the app erases what it holds. */
  onRevoked?: () => void;
  /**
   * The relay's erase-check ticket for this device, on pairing and on each start: the app keeps it outside its sealed
   * records, so the lock screen can ask whether the device was signed out.
   */
  onEraseCheck?: (check: EraseCheck) => void;
  /** The relay erased this document: the app deletes its copy (DocStore.erase). */
  onErased?: (name: string) => Promise<void>;
}

const defaultMaxConnections = 24;
const defaultDiscoverEveryMs = 60_000;
const defaultCatchUpAtOnce = 6;
const defaultRetryAfterMs = 5_000;
const defaultMaxRefusedRetryMs = 10 * 60_000;
const timerSlackMs = 20;
/** Another tab's writes come in bursts (a tap writes updates, then rows): judged once they have settled. */
const storedElsewhereSettleMs = 150;

/** How long to wait before offering a refused document again, after it has been refused `attempts` times in a row. */
export function refusedRetryDelay(attempts: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(attempts - 1, 30));
}

type SettleOutcome = 'settled' | 'refused' | 'gave-up' | 'erased';
/** The relay's default CONNECTS_PER_SECOND, for a relay that does not say. */
const defaultConnectsPerSecond = 30;

/** User Timing mark at the end of each background catch-up pass (benchmarks, DevTools): detail `{ opened }`. */
export const CAUGHT_UP_MARK = 'baseroom:caught-up';

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
  /** Closed documents whose local changes the relay has not acknowledged (from the stored state vectors and acks). */
  private readonly unacked = new Set<string>();
  /**
   * Closed documents whose stored acknowledgement the relay may no longer honour (it was restored from an older
   * backup, say): those it no longer lists, and, just after it came back within reach, those changed here since this
   * device last caught up with them. Each connects as if the relay held none of it, counts as waiting until the relay
   * says what it holds, and sends what it lacks.
   */
  private readonly unverified = new Set<string>();
  /**
   * Counts the times the relay came within reach (the device started, or the relay answered again after every
   * connection had failed). Until a pass has compared the relay's list with what this device holds, stored
   * acknowledgements may be stale (the relay may have been restored from a backup), so "all safe" waits for it.
   */
  private contacts = 0;
  /** The contact whose list of documents has been compared with this device's (or could not be had). */
  private listedContact = 0;
  /** A pass was asked for while one was running: run another when it ends. */
  private passWanted = false;
  /** The device whose background catch-up pass is running, if one is. */
  private catchingUp: StoredDevice | null = null;
  /** Documents the background catch-up holds: their state was known from storage before they opened. */
  private readonly inBackground = new Set<string>();
  /** Catch-ups waiting for a document's connection to settle, be refused by the relay, or give up. */
  private readonly settleWaiters = new Map<string, (outcome: SettleOutcome) => void>();
  /** The school's document stays open and live while paired: other devices' roster and settings changes arrive at once. */
  private schoolLease: Promise<DocLease | null> | null = null;
  /** Open documents this device's scope cannot sync (another room's day, say): watched so "all safe" never hides them. */
  private readonly outOfScope = new Map<string, Y.Doc>();
  /** Stored, closed documents with content that this device's scope cannot sync. */
  private readonly outOfScopeStored = new Set<string>();
  /**
   * Documents the relay refused a change to (close 4422), kept across their connections closing and reopening: why
   * (shown steadily as "not accepted" while it is retried) and when to offer them again, backing off each time.
   */
  private readonly refusals = new Map<string, { reason: string; attempts: number; retryAt: number }>();
  private refusalTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private snapshot: SyncSnapshot = { status: { kind: 'not-paired' }, device: null };
  private waiting: readonly string[] = [];
  private stopWatching: (() => void) | null = null;
  private discoverTimer: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
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
    if (this.device && this.options.onEraseCheck) {
      this.lastIdentityCheck = this.now().getTime();
      void this.askIdentity(this.device);
    }
  }

  getSnapshot = (): SyncSnapshot => this.snapshot;

  /**
   * Names of the documents whose changes are not (yet) on the relay: waiting to be sent, refused, or outside this
   * device's scope; sorted, and the same array until it changes (subscribers are told), so the app can name them.
   */
  getWaiting = (): readonly string[] => this.waiting;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Names of documents whose local changes the relay has not acknowledged, open or not. */
  unsyncedDocuments(): string[] {
    const open = [...this.connections.values()].filter((c) => !c.isSafe()).map((c) => c.name);
    return [...open, ...[...this.unacked].filter((name) => !this.connections.has(name))];
  }

  /** Redeems a pairing code (throws RelayApiError), stores the token and syncs everything in the new scope. */
  async pair(code: string): Promise<StoredDevice> {
    const paired = await this.options.api.pair(code);
    // An off-site phone's school is the cohort the relay writes for it: a school already on the device (set up here,
    // or another pairing's cohort) could never sync into it, so such a device is refused before anything is sent.
    if (paired.scope.kind === 'providers' && (await this.holdsSchool())) throw new SyncError('not-empty');
    const device: StoredDevice = { ...paired, pairedAt: this.now().toISOString() };
    await this.options.devices.save(device);
    if (paired.eraseCheck) this.options.onEraseCheck?.({ deviceId: paired.deviceId, ticket: paired.eraseCheck });
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
    // A catch-up pass waiting on it would wait for good (no connection will report), and every later pass with it.
    this.settleWaiters.get(name)?.('erased');
    this.settleWaiters.delete(name);
    this.update();
    await this.options.onErased?.(name);
    this.options.acks?.forget?.(name);
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
    const school = await this.options.docs.acquire(SCHOOL_DOC);
    try {
      return Y.encodeStateVector(school.doc).length > 1;
    } finally {
      school.release();
    }
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

  /** Acknowledgements being written to the device's storage (a stopping app waits for them before closing it). */
  private readonly saving = new Set<Promise<unknown>>();

  private track(saving: Promise<unknown>): void {
    const settled = saving.catch(() => undefined).finally(() => this.saving.delete(settled));
    this.saving.add(settled);
  }

  /**
   * Settles once every acknowledgement received so far is written: closing storage before then would lose one, and
   * the next start would count that document as not yet on the relay.
   */
  async settle(): Promise<void> {
    while (this.saving.size > 0) await Promise.all([...this.saving]);
  }

  private activate(): void {
    const device = this.device;
    if (!device || this.needsPairing) return this.update();
    const { docs } = this.options;
    const watching = [
      docs.onOpen((name, doc) => {
        if (inScope(device.scope, name)) this.connect(name, doc, device.token);
        else this.watchOutOfScope(name, doc);
      }),
      docs.onClose((name) => this.closed(name)),
    ];
    this.stopWatching = () => watching.forEach((stop) => stop());
    this.schoolLease = docs.acquire(SCHOOL_DOC).catch(() => null);
    this.loadingStored = true;
    this.contacts++;
    void this.catchUp(device);
    void this.checkIdentity();
    // Documents other devices start or change later (a phone's new provider-day, a tablet's new register) reach this
    // one too, so the coordinator sees them without restarting.
    this.discoverTimer = setInterval(() => void this.catchUp(device), this.options.discoverEveryMs ?? defaultDiscoverEveryMs);
    this.update();
  }

  /**
   * One pass of background sync for documents that are not open. From storage alone (no document opened): which hold
   * local changes the relay has not acknowledged. From the relay's list of documents in scope with their versions:
   * which changed since this device last caught up with them, or are new to it. Only those are opened, a few at a
   * time, each held until its connection has settled both ways (then its version is noted) and released.
   */
  private async catchUp(device: StoredDevice, { orAfterThisOne = false } = {}): Promise<void> {
    if (this.catchingUp === device) {
      // The minute's pass is skipped while one runs; the relay coming back needs a pass that starts after it did.
      if (orAfterThisOne) this.passWanted = true;
      return;
    }
    this.catchingUp = device;
    this.passWanted = false;
    const contact = this.contacts;
    try {
      const { docs, acks, api } = this.options;
      const [listed, stored, kept] = await Promise.all([
        api.docVersions(device.token).catch(() => null),
        docs.storedStates().catch(() => []),
        acks?.loadAll().catch(() => new Map<string, StoredAck>()) ?? Promise.resolve(new Map<string, StoredAck>()),
      ]);
      if (this.device !== device) return;
      this.judgeStored(device, stored, kept);
      this.loadingStored = false;
      // The relay out of reach: nothing can be caught up now; the next pass tries again (at once when it answers again).
      if (!listed) {
        this.listedContact = contact;
        return this.update();
      }
      const remote = listed.versions;
      // The relay may have been restored from a backup while out of reach: a document it acknowledged but no longer
      // lists, or (just after it came back) one changed here since its version was noted (a backup can hold that
      // version), is not taken to be on it until it says so. The school's document is held open: its connection knows.
      const justBack = this.listedContact < contact;
      for (const { name, stateVector } of stored) {
        if (name === SCHOOL_DOC || !inScope(device.scope, name) || this.unacked.has(name) || !holdsContent(stateVector)) continue;
        if (this.connections.has(name) || this.connecting.has(name)) continue;
        const { ack, relayVersion } = kept.get(name) ?? { ack: null };
        if (!ack || ack.stateVector.size === 0) continue;
        if (remote.has(name) && !(justBack && relayVersion === undefined)) continue;
        this.unverified.add(name);
        this.unacked.add(name);
      }
      this.listedContact = contact;
      this.update();
      // A refused document waits its turn (backing off): offering it again at once would only be refused again.
      const stale = [...this.unacked].filter((name) => !this.refusalWaiting(name));
      for (const [name, version] of remote) {
        if (name !== SCHOOL_DOC && inScope(device.scope, name) && kept.get(name)?.relayVersion !== version && !this.unacked.has(name) && !this.refusalWaiting(name)) stale.push(name);
      }
      // The school's document is held open and live; its version is noted whenever it has settled.
      const schoolVersion = remote.get(SCHOOL_DOC);
      if (schoolVersion && kept.get(SCHOOL_DOC)?.relayVersion !== schoolVersion) stale.push(SCHOOL_DOC);
      // Keep within the sockets per second the relay allows this device, leaving a third for the screens' documents.
      const pace = pacer(((listed.connectsPerSecond ?? defaultConnectsPerSecond) * 2) / 3);
      let behind = false;
      await inTurn(stale, this.options.catchUpAtOnce ?? defaultCatchUpAtOnce, async (name) => {
        await pace();
        if (!(await this.catchUpOne(device, name, remote.get(name)))) behind = true;
      });
      if (behind || [...this.unacked].some((name) => !this.refusalWaiting(name))) this.retrySoon(device);
      if (this.device === device) performance.mark(CAUGHT_UP_MARK, { detail: { opened: stale.length } });
    } finally {
      if (this.catchingUp === device) this.catchingUp = null;
      if (this.device === device && this.loadingStored) {
        this.loadingStored = false;
        this.update();
      }
      if (this.device === device && this.passWanted) void this.catchUp(device);
    }
  }

  /** From storage alone: which closed documents hold changes the relay has not acknowledged, or are out of scope. */
  private judgeStored(device: StoredDevice, stored: { name: string; stateVector: Uint8Array | undefined }[], kept: Map<string, StoredAck>): void {
    for (const { name, stateVector } of stored) {
      if (!inScope(device.scope, name) && holdsContent(stateVector)) this.outOfScopeStored.add(name);
      const unsent = this.unsentInStorage(device, name, stateVector, kept);
      if (unsent === true) this.unacked.add(name);
      // A document whose acknowledgement the relay may no longer honour stays waiting until it is connected.
      else if (unsent === false && !this.unverified.has(name)) this.unacked.delete(name);
    }
  }

  /**
   * Whether a closed document holds changes its stored acknowledgement does not cover; null when storage does not
   * judge it (out of this device's scope, or connected: its connection judges it).
   */
  private unsentInStorage(device: StoredDevice, name: string, stateVector: Uint8Array | undefined, kept: Map<string, StoredAck>): boolean | null {
    if (!inScope(device.scope, name) || this.connections.has(name) || this.connecting.has(name)) return null;
    return needsUpload(stateVector, kept.get(name)?.ack ?? null);
  }

  /** The judgement a message from another tab started, shared by the messages a moment apart; null when none waits. */
  private storedElsewhereJudging: { done: Promise<void>; resolve: () => void; timer: ReturnType<typeof setTimeout> } | null = null;

  /**
   * Another tab of this device stored changes (the app tells the engine): what closed documents hold is judged
   * again from storage at once, so this tab's header does not say "everything here" is on the relay without them.
   * A pass follows soon when the relay is within reach, to send them should the other tab not.
   * Resolves once this tab has judged again (messages a moment apart share one judgement).
   */
  storedElsewhere(): Promise<void> {
    const device = this.device;
    if (!device || this.needsPairing) return Promise.resolve();
    if (this.storedElsewhereJudging) return this.storedElsewhereJudging.done;
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const timer = setTimeout(() => {
      this.storedElsewhereJudging = null;
      void this.judgeStoredAfresh(device).finally(resolve);
    }, storedElsewhereSettleMs);
    this.storedElsewhereJudging = { done, resolve, timer };
    return done;
  }

  /**
   * Judges closed documents from storage. What this tab keeps in memory holds its own writes only: a document that
   * looks unsent by it (the other tab stored update rows since) has its state row and acknowledgement read afresh
   * before it is counted, since the other tab may only have fetched it from the relay. Only those few are read.
   */
  private async judgeStoredAfresh(device: StoredDevice): Promise<void> {
    const { docs, acks } = this.options;
    const [stored, kept] = await Promise.all([docs.storedStates().catch(() => []), acks?.loadAll().catch(() => new Map<string, StoredAck>()) ?? new Map<string, StoredAck>()]);
    const looksUnsent = stored.filter(({ name, stateVector }) => this.unsentInStorage(device, name, stateVector, kept) === true);
    const fresh = new Map(
      await Promise.all(
        looksUnsent.map(async (old) => {
          const [state, ack] = await Promise.all([docs.storedStateNow?.(old.name).catch(() => old) ?? old, acks?.loadNow?.(old.name).catch(() => undefined)]);
          if (ack) kept.set(old.name, ack);
          return [old.name, state] as const;
        }),
      ),
    );
    if (this.device !== device || this.needsPairing) return;
    this.judgeStored(device, stored.map((s) => fresh.get(s.name) ?? s), kept);
    this.update();
    if (this.unacked.size > 0) this.retrySoon(device);
  }

  /** The relay answers again after every connection had failed: what it holds is compared with this device's at once. */
  private relayReturned(): void {
    const device = this.device;
    if (!device || this.needsPairing) return;
    this.contacts++;
    void this.catchUp(device, { orAfterThisOne: true });
  }

  /** Opens, syncs and closes one document; false when it could not be brought in step. */
  private async catchUpOne(device: StoredDevice, name: string, version: string | undefined): Promise<boolean> {
    if (this.device !== device || this.needsPairing) return false;
    // Counted from storage: the header need not wait for its connection. One a screen opened first was not counted:
    // until its connection reports, "all safe" would hide it.
    if (!this.connections.has(name) && !this.connecting.has(name)) this.inBackground.add(name);
    const lease = await this.options.docs.acquire(name).catch(() => null);
    if (!lease) return !this.inBackground.delete(name);
    try {
      const outcome = await this.whenSettled(name);
      if (outcome === 'settled' && version && this.device === device) await this.options.acks?.saveVersion(name, version).catch(() => undefined);
      // A refused change is the status's to show; trying again at once would only be refused again.
      return outcome !== 'gave-up';
    } finally {
      // Closed at once: every document open watches the device's stored updates, so fewer open is cheaper.
      lease.release({ close: true });
      this.inBackground.delete(name);
    }
  }

  /** Resolves once the document's connection has fetched the relay's copy and the relay holds all of it, or cannot. */
  private whenSettled(name: string): Promise<SettleOutcome> {
    return new Promise((resolve) => {
      this.settleWaiters.get(name)?.('gave-up');
      this.settleWaiters.set(name, resolve);
      this.update();
    });
  }

  private checkSettleWaiters(): void {
    for (const [name, resolve] of this.settleWaiters) {
      const c = this.connections.get(name);
      let outcome: SettleOutcome | null = null;
      if (!this.device || this.needsPairing) outcome = 'gave-up';
      else if (c && (c.isSettled() || (this.caughtUp.has(name) && c.isSafe()))) outcome = 'settled';
      else if (c?.refused) outcome = 'refused';
      else if (c?.connection === 'offline') outcome = 'gave-up';
      if (outcome === null) continue;
      this.settleWaiters.delete(name);
      resolve(outcome);
    }
  }

  /** A pass a moment from now, unless one is already due (the minute's pass still runs). */
  private retrySoon(device: StoredDevice): void {
    if (this.retryTimer !== undefined || this.device !== device) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.catchUp(device);
    }, this.options.retryAfterMs ?? defaultRetryAfterMs);
  }

  /** A document was closed: its connection goes, and if the relay lacks some of it, the status keeps saying so. */
  private closed(name: string): void {
    const connection = this.connections.get(name);
    if (connection) {
      if (!connection.isSafe()) {
        this.unacked.add(name);
        // A refused document is offered again when its back-off ends, not in a moment.
        if (this.device && !this.refusals.has(name)) this.retrySoon(this.device);
      }
      connection.destroy();
      this.connections.delete(name);
    }
    this.caughtUp.delete(name);
    const watched = this.outOfScope.get(name);
    if (watched) {
      if (Y.encodeStateVector(watched).length > 1) this.outOfScopeStored.add(name);
      watched.off('update', this.onOutOfScopeUpdate);
      this.outOfScope.delete(name);
    }
    this.update();
  }

  private connect(name: string, doc: Y.Doc, token: string): void {
    if (this.connections.has(name) || this.connecting.has(name)) return;
    this.connecting.add(name);
    const device = this.device;
    // Connected as if the relay held none of it: its stored acknowledgement may no longer be true.
    const restored = this.unverified.delete(name) ? Promise.resolve(null) : (this.options.acks?.load(name).catch(() => null) ?? Promise.resolve(null));
    // The y-websocket client loads only on a paired device, so an unpaired tablet never downloads or parses it.
    void Promise.all([restored, import('./docConnection')]).then(([ack, { DocConnection }]) => {
      this.connecting.delete(name);
      // Closed meanwhile (idle), or another pairing: nothing to connect.
      if (this.device !== device || this.connections.has(name) || doc.isDestroyed) return this.update();
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
    // The connection now reports this document's state.
    this.unacked.delete(name);
    const connection = new Connection(name, doc, {
      restored,
      relayName: relayName(this.device!, name),
      ...(acks ? { onAck: (ack: RelayAck) => this.track(acks.save(name, ack)) } : {}),
      ...(acks?.forgetVersion ? { onLocalChange: () => void acks.forgetVersion!(name).catch(() => undefined) } : {}),
      serverUrl,
      token,
      ...(WebSocketImpl ? { WebSocketImpl } : {}),
      ...(maxBackoffTime ? { maxBackoffTime } : {}),
      onChange: () => this.update(),
      onAttemptFailed: () => void this.checkIdentity(),
      onRejected: (reason) => this.rejected(reason),
      onErased: () => void this.erasedOnRelay(name).catch(() => undefined),
      onRefused: (reason) => this.refusedByRelay(name, reason),
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
    const waiting = all.filter((c) => !c.isLive && !c.refused && !this.refusalWaiting(c.name) && (!c.isSafe() || !this.caughtUp.has(c.name)));
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

  /** The relay refused a change to this document: note why, and back off before offering it again. */
  private refusedByRelay(name: string, reason: string): void {
    const attempts = (this.refusals.get(name)?.attempts ?? 0) + 1;
    const delay = refusedRetryDelay(attempts, this.options.retryAfterMs ?? defaultRetryAfterMs, this.options.maxRefusedRetryMs ?? defaultMaxRefusedRetryMs);
    this.refusals.set(name, { reason, attempts, retryAt: performance.now() + delay });
    this.scheduleRefusalRetry();
    const erasedPupil = /^erased-pupil:(.+)$/.exec(reason)?.[1];
    if (erasedPupil) void this.dropErasedPupil(name, erasedPupil).catch(() => undefined);
  }

  /**
   * The document names a pupil erased on the relay (this device was offline through the erasure): drops them from it
   * as the relay did (their entries are deleted), deletes this device's copy of their record as for an erase notice,
   * and offers the document again at once; should the relay still refuse it, it backs off as any refusal does.
   */
  private async dropErasedPupil(name: string, pupilId: string): Promise<void> {
    const device = this.device;
    const lease = await this.options.docs.acquire(name).catch(() => null);
    if (!lease) return;
    let removed: boolean;
    try {
      removed = removePupil(lease.doc, pupilId, erasureOrigin);
    } finally {
      lease.release();
    }
    if (this.device !== device || !device) return;
    await this.erasedOnRelay(pupilDocName(pupilId));
    // Nothing left to drop (an entry deeper than the relay's own erasure reaches, say): offering it again at once
    // would only be refused again, so it waits its back-off like any refusal.
    if (!removed) return this.update();
    const refusal = this.refusals.get(name);
    if (refusal) refusal.retryAt = performance.now();
    this.reoffer(name, device);
    this.update();
    void this.catchUp(device);
  }

  /** Open (a screen holds it) and refused: a new connection sends it again. Closed, the catch-up offers it. */
  private reoffer(name: string, device: StoredDevice): void {
    const connection = this.connections.get(name);
    if (!connection?.refused) return;
    connection.destroy();
    this.connections.delete(name);
    // Counted as waiting (and still refused) until its new connection reports it.
    this.unacked.add(name);
    if (!connection.doc.isDestroyed) this.connect(name, connection.doc, device.token);
  }

  /** Refused, and its back-off has not ended. */
  private refusalWaiting(name: string): boolean {
    const refusal = this.refusals.get(name);
    return refusal !== undefined && refusal.retryAt > performance.now();
  }

  /** A pass (and a pump, for open documents) when the first refused document's back-off ends. */
  private scheduleRefusalRetry(): void {
    clearTimeout(this.refusalTimer);
    this.refusalTimer = undefined;
    const device = this.device;
    const now = performance.now();
    // Those already due are offered by the pass now running, or the one it asks for (see catchUp).
    const waiting = [...this.refusals.values()].map((r) => r.retryAt).filter((at) => at > now);
    if (!device || waiting.length === 0) return;
    const next = Math.min(...waiting);
    this.refusalTimer = setTimeout(() => {
      this.refusalTimer = undefined;
      if (this.device !== device) return;
      // Timers may fire a moment early: what is due within the slack is due now.
      const now = performance.now();
      for (const [name, refusal] of this.refusals) {
        if (refusal.retryAt > now + timerSlackMs) continue;
        refusal.retryAt = Math.min(refusal.retryAt, now);
        this.reoffer(name, device);
      }
      this.update();
      void this.catchUp(device);
      this.scheduleRefusalRetry();
    }, Math.max(0, next - performance.now()));
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
    await this.askIdentity(device);
  }

  /** Whether the token still works (the device is asked to pair again, or erased, if not); keeps the erase-check ticket. */
  private async askIdentity(device: StoredDevice): Promise<void> {
    try {
      const identity = await this.options.api.whoami(device.token);
      if (identity.eraseCheck) this.options.onEraseCheck?.({ deviceId: identity.deviceId, ticket: identity.eraseCheck });
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
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    clearTimeout(this.refusalTimer);
    this.refusalTimer = undefined;
    if (this.storedElsewhereJudging) {
      clearTimeout(this.storedElsewhereJudging.timer);
      this.storedElsewhereJudging.resolve();
      this.storedElsewhereJudging = null;
    }
    this.refusals.clear();
    this.stopWatching?.();
    this.stopWatching = null;
    for (const connection of this.connections.values()) connection.destroy();
    this.connections.clear();
    this.caughtUp.clear();
    this.unacked.clear();
    this.unverified.clear();
    this.passWanted = false;
    for (const doc of this.outOfScope.values()) doc.off('update', this.onOutOfScopeUpdate);
    this.outOfScope.clear();
    this.outOfScopeStored.clear();
    for (const resolve of this.settleWaiters.values()) resolve('gave-up');
    this.settleWaiters.clear();
    void this.schoolLease?.then((lease) => lease?.release());
    this.schoolLease = null;
  }

  private update(): void {
    this.pump();
    this.checkSettleWaiters();
    // The relay accepted a document it refused before (the device's role changed): it is no longer refused.
    for (const c of this.connections.values()) if (c.isSafe() && !c.refused) this.refusals.delete(c.name);
    // A refused document stays "not accepted" while it waits, and while it is offered again, until the relay takes it.
    const refused = (name: string) => this.refusals.get(name)?.reason ?? null;
    const docs: DocSyncState[] = [...this.connections.values()].map((c) => ({ name: c.name, connection: c.connection, safe: c.isSafe(), ackedAt: c.ackedAt, refused: c.refused ?? refused(c.name) }));
    // Closed documents the relay lacks changes to count as waiting, not yet connected.
    for (const name of this.unacked) if (!this.connections.has(name)) docs.push({ name, connection: 'idle', safe: false, refused: refused(name) });
    const openOutOfScope = [...this.outOfScope].filter(([, doc]) => Y.encodeStateVector(doc).length > 1).map(([name]) => name);
    const outOfScopeNames = new Set([...openOutOfScope, ...this.outOfScopeStored]);
    const outOfScope = outOfScopeNames.size;
    // Out of reach until a connection gets through (a document opening meanwhile only tries): then it is back.
    if (relayUnreachable(docs)) this.unreachableSince ??= this.now();
    else if (this.unreachableSince && docs.some((d) => d.connection === 'connected')) {
      this.unreachableSince = null;
      this.relayReturned();
    }
    // A document a screen opens is "loading" until its stored acknowledgement is read; one the catch-up opens was
    // already counted from storage, so the header does not flicker to "Connecting" while the device catches up.
    // A refused document offered again is known too: it stays "not accepted" until the relay takes it.
    // Until the relay's list has been compared with this device's, a stored acknowledgement may no longer be true.
    const unlisted = this.listedContact < this.contacts;
    const loading = this.loadingStored || unlisted || [...this.connecting].some((name) => !this.inBackground.has(name) && !this.refusals.has(name));
    const inputs = { paired: this.device !== null, needsPairing: this.needsPairing, docs, outOfScope, loading, unreachableSince: this.unreachableSince };
    const status = reduceSyncStatus(inputs, this.snapshot.status, this.now());
    const waiting = [...new Set([...docs.filter((d) => !d.safe).map((d) => d.name), ...outOfScopeNames])].sort();
    const waitingMoved = waiting.join('\n') !== this.waiting.join('\n');
    if (waitingMoved) this.waiting = waiting;
    if (sameStatus(status, this.snapshot.status) && this.device === this.snapshot.device && !waitingMoved) return;
    this.snapshot = sameStatus(status, this.snapshot.status) && this.device === this.snapshot.device ? this.snapshot : { status, device: this.device };
    this.listeners.forEach((l) => l());
  }
}

/** A state vector with at least one client: the document holds something. Unknown counts as holding something. */
const holdsContent = (stateVector: Uint8Array | undefined) => stateVector === undefined || stateVector.length > 1;

/** Whether a closed document holds changes the relay has not acknowledged (unknown state counts as not acknowledged). */
function needsUpload(stateVector: Uint8Array | undefined, ack: RelayAck | null): boolean {
  if (stateVector === undefined) return true;
  if (stateVector.length <= 1) return ack?.deletionPending ?? false;
  if (!ack) return true;
  return ack.deletionPending || !covers(ack.stateVector, Y.decodeStateVector(stateVector));
}

/** Runs `work` for every item, at most `atOnce` at a time. */
async function inTurn<T>(items: readonly T[], atOnce: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, worker));
}

/** Resolves each call no sooner than 1/perSecond s after the previous one's turn. */
function pacer(perSecond: number): () => Promise<void> {
  const gapMs = 1000 / perSecond;
  let nextAt = 0;
  return () => {
    const now = performance.now();
    const at = Math.max(now, nextAt);
    nextAt = at + gapMs;
    return at > now ? new Promise((resolve) => setTimeout(resolve, at - now)) : Promise.resolve();
  };
}
