// Loaded documents by name: loaded from the store on first use, unloaded after they sit idle; cohort documents
// kept in step with the school document while they are loaded.
import { idPattern, parseDocName } from '../doc-names.js';
import { GroupCommitter, type UpdateCommitter } from '../store/group-commit.js';
import type { RelayStore } from '../store/relay-store.js';
import * as Y from 'yjs';
import { attendanceOf, deriveCohort } from './cohort.js';
import { erasedCloseCode, erasedPupilNamed, removePupil } from './erasure.js';
import { WriteRefused } from './update-inspector.js';
import { relayOrigin, SharedDoc, type DocPeer } from './shared-doc.js';

export interface RegistryOptions {
  idleUnloadMs: number;
  compactAfterUpdates: number;
}

/** Most ids kept in the erased-pupil cache before it starts again. */
const maxErasedPupilsCached = 50_000;

/** Holds the school document loaded while any cohort document needs it. */
const schoolHolder: DocPeer = {
  deviceId: 'relay',
  role: 'coordinator',
  send: () => {},
  close: () => {},
  changeCommitted: () => {},
};

/** Holds a document loaded while an erasure changes it. */
const eraser: DocPeer = { ...schoolHolder, deviceId: 'relay-eraser' };

export class DocRegistry {
  private readonly docs = new Map<string, SharedDoc>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  /** Loaded cohort documents and the providers each one covers. */
  private readonly cohorts = new Map<SharedDoc, readonly string[]>();
  private deriveScheduled = false;
  /** Who attends each provider, from the school document; rebuilt only after the school document changes. */
  private attendance: Map<string, Set<string>> | null = null;
  /**
   * Whether each id asked about is an erased pupil's: the store's tombstones of `pupil/<id>` documents are the list
   * (pseudonymous ids and times, nothing else), read once per id and kept; an erasure here updates it.
   */
  private readonly erasedPupils = new Map<string, boolean>();

  constructor(
    private readonly store: RelayStore,
    private readonly options: RegistryOptions,
    /** Where documents' updates are committed (group commit over `store` unless given). */
    readonly committer: UpdateCommitter = new GroupCommitter(store),
  ) {}

  get loadedCount(): number {
    return this.docs.size;
  }

  /** Loads the document fully (synchronously) if needed, then adds the peer. */
  join(name: string, peer: DocPeer): SharedDoc {
    let doc = this.docs.get(name);
    if (!doc) {
      const parsed = parseDocName(name);
      if (!parsed) throw new Error(`Not a document name: ${name}`);
      doc = new SharedDoc(name, parsed.kind, this.store, this.committer, this.options.compactAfterUpdates, (failed) => this.forget(failed), (changed) =>
        this.committed(changed),
      );
      // Registered only once fully loaded: a store failure while loading leaves nothing half-loaded behind.
      if (parsed.kind === 'cohort') this.loadCohort(doc, parsed.device);
      this.docs.set(name, doc);
    }
    clearTimeout(this.idleTimers.get(name));
    this.idleTimers.delete(name);
    doc.peers.add(peer);
    return doc;
  }

  leave(doc: SharedDoc, peer: DocPeer): void {
    doc.peers.delete(peer);
    if (doc.peers.size > 0 || this.docs.get(doc.name) !== doc) return;
    this.unloadWhenIdle(doc);
  }

  private unloadWhenIdle(doc: SharedDoc): void {
    const timer = setTimeout(() => {
      this.idleTimers.delete(doc.name);
      if (doc.peers.size > 0) return;
      // A commit still under way: reloading from the store now would miss it, so the document stays a while longer.
      if (doc.settled) this.unload(doc);
      else this.unloadWhenIdle(doc);
    }, this.options.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(doc.name, timer);
  }

  private loadCohort(cohort: SharedDoc, deviceId: string): void {
    const device = this.store.getDevice(deviceId);
    const providers = device?.scope.kind === 'providers' ? device.scope.providers : [];
    const school = this.join('school', schoolHolder);
    this.cohorts.set(cohort, providers);
    deriveCohort(school.doc, cohort.doc, providers, relayOrigin);
  }

  /** Pupils who attend any of these providers (an off-site device's scope for pupil records). */
  pupilsAttending(providers: readonly string[]): Set<string> {
    this.attendance ??= this.readAttendance();
    const pupils = new Set<string>();
    for (const id of providers) for (const pupil of this.attendance.get(id) ?? []) pupils.add(pupil);
    return pupils;
  }

  /** From the loaded school document, or else the store once: never once per upgrade. */
  private readAttendance(): Map<string, Set<string>> {
    const loaded = this.docs.get('school');
    const doc = loaded?.doc ?? new Y.Doc();
    try {
      if (!loaded) {
        const stored = this.store.loadDoc('school');
        if (stored.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(stored));
      }
      return attendanceOf(doc);
    } finally {
      if (!loaded) doc.destroy();
    }
  }

  /** A change to the school document reaches every loaded cohort, once per event-loop turn however many arrive. */
  private committed(doc: SharedDoc): void {
    if (doc.kind === 'school') this.attendance = null;
    if (doc.kind !== 'school' || this.cohorts.size === 0 || this.deriveScheduled) return;
    this.deriveScheduled = true;
    setImmediate(() => {
      this.deriveScheduled = false;
      const school = this.docs.get('school');
      if (!school || school.failed) return;
      for (const [cohort, providers] of this.cohorts) {
        if (cohort.failed) continue;
        try {
          deriveCohort(school.doc, cohort.doc, providers, relayOrigin);
        } catch {
          // The cohort's store write failed: SharedDoc has closed its peers and logged it; they retry later.
        }
      }
    });
  }

  private forget(doc: SharedDoc): void {
    if (this.docs.get(doc.name) === doc) this.docs.delete(doc.name);
    clearTimeout(this.idleTimers.get(doc.name));
    this.idleTimers.delete(doc.name);
    if (this.cohorts.delete(doc) && this.cohorts.size === 0) {
      const school = this.docs.get('school');
      if (school) this.leave(school, schoolHolder);
    }
  }

  private unload(doc: SharedDoc): void {
    this.forget(doc);
    doc.unload();
  }

  /** Whether this id is a pupil erased on this relay. */
  isErasedPupil(id: string): boolean {
    if (!idPattern.test(id)) return false;
    let erased = this.erasedPupils.get(id);
    if (erased === undefined) {
      // Field names that look like ids ("status") are asked about too: the cache stays bounded.
      if (this.erasedPupils.size >= maxErasedPupilsCached) this.erasedPupils.clear();
      erased = this.store.erasedAt(`pupil/${id}`) !== null;
      this.erasedPupils.set(id, erased);
    }
    return erased;
  }

  /**
   * Refuses (WriteRefused 'erased-pupil', nothing stored) an update to a school, room or provider document that would
   * bring an erased pupil back: a device that was offline when they were erased still holds, or adds, their entries.
   */
  refuseErasedPupils(doc: SharedDoc, update: Uint8Array): void {
    if (doc.kind !== 'school' && doc.kind !== 'room' && doc.kind !== 'provider') return;
    const named = erasedPupilNamed(doc.doc, update, (id) => this.isErasedPupil(id));
    if (named) throw new WriteRefused('erased-pupil', named);
  }

  /**
   * Erases a document for good: its connected peers are closed with 4410 'erased', its copy in memory is dropped
   * without being written back, and the store deletes its log and keeps only a tombstone of its name.
   */
  eraseDoc(name: string, at: number): void {
    // Updates still held for a group commit are written first: none may land after the erasure.
    this.committer.flush();
    const loaded = this.docs.get(name);
    if (loaded) {
      const peers = [...loaded.peers];
      loaded.peers.clear();
      for (const peer of peers) peer.close(erasedCloseCode, 'erased');
      this.forget(loaded);
      loaded.doc.destroy();
    }
    this.store.eraseDoc(name, at);
    const parsed = parseDocName(name);
    if (parsed?.kind === 'pupil') this.erasedPupils.set(parsed.pupil, true);
  }

  /**
   * Takes a pupil out of every stored document that names them among others (the school document, room and provider
   * days), brings every stored cohort in line with the school document, and compacts each document changed, so the
   * pupil's entries are in no stored row. Connected devices receive the deletions as ordinary updates. Returns the
   * names of the documents changed.
   */
  /** Whether the relay holds anything of this pupil as a pupil: a roster entry, or their own record. */
  knowsPupil(pupilId: string): boolean {
    if (this.store.updateCount(`pupil/${pupilId}`) > 0) return true;
    let onRoster = false;
    if (this.store.updateCount('school') > 0) this.withLoaded('school', (school) => (onRoster = school.doc.getMap('pupils').has(pupilId)));
    return onRoster;
  }

  removePupilEverywhere(pupilId: string): string[] {
    this.committer.flush();
    const changed: string[] = [];
    const names = this.store.listDocNames();
    // A pupil's id is stored as UTF-8 wherever it is a map key or a `pupilId` value: a document whose stored rows do
    // not contain it cannot name the pupil, and is not loaded (loading every day of six years is most of the cost).
    const idBytes = Buffer.from(pupilId, 'utf8');
    const mayName = (name: string) =>
      this.docs.has(name) || this.store.loadDoc(name).some((row) => Buffer.from(row.buffer, row.byteOffset, row.byteLength).includes(idBytes));
    for (const name of names) {
      const kind = parseDocName(name)?.kind;
      if (kind !== 'school' && kind !== 'room' && kind !== 'provider') continue;
      if (!mayName(name)) continue;
      this.withLoaded(name, (shared) => {
        if (!removePupil(shared.doc, pupilId, relayOrigin)) return;
        changed.push(name);
        this.compactNow(shared);
      });
    }
    const school = this.docs.get('school');
    for (const name of names) {
      if (parseDocName(name)?.kind !== 'cohort') continue;
      this.withLoaded(name, (cohort) => {
        const providers = this.cohorts.get(cohort);
        // Derived when it was loaded just now; one loaded before is derived again here rather than on the next turn.
        if (providers && school && !school.failed) deriveCohort(school.doc, cohort.doc, providers, relayOrigin);
        this.compactNow(cohort);
      });
    }
    return changed;
  }

  private withLoaded(name: string, work: (doc: SharedDoc) => void): void {
    const shared = this.join(name, eraser);
    try {
      work(shared);
    } finally {
      this.leave(shared, eraser);
    }
  }

  /** Replaces the log by the garbage-collected Y.Doc's state (which holds every stored row): deleted content is gone. */
  private compactNow(shared: SharedDoc): void {
    // The deletion just made may be held for a group commit: the log must hold it before it is replaced by the state.
    this.committer.flush();
    if (!shared.failed) this.store.compact(shared.name, Y.encodeStateAsUpdate(shared.doc));
  }

  /** Commits what is waiting, then unloads every document (compacting each); used at shutdown after connections are closed. */
  unloadAll(): void {
    this.committer.flush();
    for (const doc of [...this.docs.values()]) this.unload(doc);
  }
}
