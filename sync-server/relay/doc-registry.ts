// Loaded documents by name: loaded from the store on first use, unloaded after they sit idle; cohort documents
// kept in step with the school document while they are loaded.
import type { DocFollower } from '../bus/follower.js';
import { idPattern, parseDocName } from '../doc-names.js';
import type { UpdateCommitter } from '../store/group-commit.js';
import type { SchoolStore, StoredUpdate } from '../store/shared-store.js';
import * as Y from 'yjs';
import { attendanceOf, deriveCohort } from './cohort.js';
import { erasedCloseCode, erasedPupilNamed, removePupil } from './erasure.js';
import { WriteRefused, type DecodedUpdate } from './update-inspector.js';
import { relayOrigin, SharedDoc, type DocPeer } from './shared-doc.js';

export interface RegistryOptions {
  idleUnloadMs: number;
  compactAfterUpdates: number;
}

/** Most ids kept in the erased-pupil cache before it starts again. */
const maxErasedPupilsCached = 50_000;
/** How long "not erased" is believed before the store is asked again (another node may have erased the pupil). */
const notErasedKeptMs = 60_000;
/** Store lookups one write's unknown ids may have in flight at once. */
const erasedLookupsAtOnce = 4;
/** Resolves on the event loop's next turn, after the I/O waiting now has been handled. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

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
  /** Documents being read from the store: everyone joining meanwhile waits for the same load. */
  private readonly loading = new Map<string, Promise<SharedDoc>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  /** Loaded cohort documents and the providers each one covers. */
  private readonly cohorts = new Map<SharedDoc, readonly string[]>();
  private deriveScheduled = false;
  private schoolChangeScheduled = false;
  /**
   * Told once per event-loop turn when the school document changed (here or, followed, through another node): who
   * attends which provider may have changed, and with it which pupil records an off-site device may have open.
   */
  onSchoolChanged: () => void = () => {};
  /** Who attends each provider, from the school document; rebuilt only after the school document changes. */
  private attendance: Map<string, Set<string>> | null = null;
  /**
   * Whether each id asked about is an erased pupil's: the store's tombstones of `pupil/<id>` documents are the list
   * (pseudonymous ids and times, nothing else). "Erased" is kept for good; "not erased" until the time stored here,
   * so an erasure made through another relay node reaches this one within a minute. An erasure here updates it.
   */
  private readonly erasedPupils = new Map<string, true | number>();
  /** Pupils being erased at this moment: a write naming them is refused as if the erasure had finished. */
  private readonly erasing = new Set<string>();

  constructor(
    private readonly store: SchoolStore,
    private readonly options: RegistryOptions,
    /** Where documents' updates are committed (group commit over a SQLite store, one transaction per turn on PostgreSQL). */
    readonly committer: UpdateCommitter,
    /** With several relay nodes on one store: keeps loaded documents current with the other nodes' commits. */
    private readonly follower: DocFollower | null = null,
  ) {}

  get loadedCount(): number {
    return this.docs.size;
  }

  /**
   * Loads the document fully (from the store, once however many join meanwhile) if needed, then adds the peer. With
   * other nodes writing the store, the document first reads every row they committed before this call: a device that
   * comes from another node holds their changes, and this node, behind while a hint is late or lost (the bus down),
   * would refuse them in its sync step 2 as other devices' client ids (4422, and a device never reconnects after it).
   */
  async join(name: string, peer: DocPeer): Promise<SharedDoc> {
    for (;;) {
      const doc = this.docs.get(name) ?? (await this.load(name));
      // Torn down (a failed commit, an erasure) while this peer waited: load it afresh.
      if (doc.failed || this.docs.get(name) !== doc) continue;
      if (this.follower) {
        // A store that cannot be read fails the join (StoreError: closed 1011, the device comes back later).
        await this.follower.catchUp(this.store.school, name);
        if (doc.failed || this.docs.get(name) !== doc) continue;
      }
      clearTimeout(this.idleTimers.get(name));
      this.idleTimers.delete(name);
      doc.peers.add(peer);
      return doc;
    }
  }

  private load(name: string): Promise<SharedDoc> {
    let loading = this.loading.get(name);
    if (!loading) {
      loading = this.loadNow(name).finally(() => this.loading.delete(name));
      this.loading.set(name, loading);
    }
    return loading;
  }

  private async loadNow(name: string): Promise<SharedDoc> {
    const parsed = parseDocName(name);
    if (!parsed) throw new Error(`Not a document name: ${name}`);
    const [rows, owners] = await Promise.all([this.store.loadDoc(name), this.store.clientOwners(name)]);
    const follower = this.follower;
    const school = this.store.school;
    const compactUpTo = follower ? () => follower.cursor(school, name) ?? 0 : () => Number.MAX_SAFE_INTEGER;
    const doc = new SharedDoc(
      name,
      parsed.kind,
      { updates: rows.map((row) => row.update), owners, compactUpTo },
      this.store,
      this.committer,
      this.options.compactAfterUpdates,
      (failed) => this.forget(failed),
      (changed) => this.committed(changed),
    );
    try {
      if (parsed.kind === 'cohort') await this.loadCohort(doc, parsed.device);
    } catch (err) {
      doc.doc.destroy();
      throw err;
    }
    // Registered only once fully loaded: a store failure while loading leaves nothing half-loaded behind.
    this.docs.set(name, doc);
    // Rows another node committed while this one was reading are read as the peer joins; later ones come with hints.
    follower?.follow(school, name, rows.at(-1)?.seq ?? 0);
    return doc;
  }

  /** Rows another node committed to a loaded document (the follower reads them, in seq order). */
  followed(name: string, rows: readonly StoredUpdate[]): void {
    const doc = this.docs.get(name);
    if (!doc || doc.failed) return;
    if (!doc.applyFollowed(rows.map((row) => row.update))) return;
    // Client ids those rows' devices claimed: this node refuses them to anyone else from now on.
    this.store.clientOwners(name).then(
      (owners) => doc.addOwners(owners),
      () => undefined,
    );
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
      if (!doc.settled) return this.unloadWhenIdle(doc);
      const follower = this.follower;
      if (!follower) return this.unload(doc);
      // Read up to the store's last row first (this node's own last commits reach its follower only by the bus), so
      // the compaction on the way out covers every row; unloaded only if still idle and still this document.
      const unloadIfIdle = () => {
        if (doc.peers.size === 0 && doc.settled && this.docs.get(doc.name) === doc && !this.idleTimers.has(doc.name)) this.unload(doc);
      };
      follower.catchUp(this.store.school, doc.name).then(unloadIfIdle, unloadIfIdle);
    }, this.options.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(doc.name, timer);
  }

  private async loadCohort(cohort: SharedDoc, deviceId: string): Promise<void> {
    const device = await this.store.getDevice(deviceId);
    const providers = device?.scope.kind === 'providers' ? device.scope.providers : [];
    const school = await this.join('school', schoolHolder);
    this.cohorts.set(cohort, providers);
    deriveCohort(school.doc, cohort.doc, providers, relayOrigin);
  }

  /** Pupils who attend any of these providers (an off-site device's scope for pupil records). */
  async pupilsAttending(providers: readonly string[]): Promise<Set<string>> {
    const attendance = this.attendance ?? (await this.readAttendance());
    const pupils = new Set<string>();
    for (const id of providers) for (const pupil of attendance.get(id) ?? []) pupils.add(pupil);
    return pupils;
  }

  /**
   * From the loaded school document, or else the store: kept until the school document changes, so never read once
   * per upgrade. With other nodes writing the store, the school document is loaded for it and stays loaded, so the
   * other nodes' changes to it reach this node and reset the index.
   */
  private async readAttendance(): Promise<Map<string, Set<string>>> {
    // With other nodes writing, the school document is kept loaded (and so followed): its changes reach this node.
    const loaded = this.docs.get('school') ?? (this.follower ? await this.join('school', schoolHolder) : undefined);
    if (loaded) return (this.attendance = attendanceOf(loaded.doc));
    const stored = await this.store.loadDoc('school');
    const doc = new Y.Doc();
    try {
      if (stored.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(stored.map((row) => row.update)));
      const attendance = attendanceOf(doc);
      if (!this.docs.has('school')) this.attendance = attendance;
      return attendance;
    } finally {
      doc.destroy();
    }
  }

  /** A change to the school document reaches every loaded cohort, once per event-loop turn however many arrive. */
  private committed(doc: SharedDoc): void {
    if (doc.kind === 'school') {
      this.attendance = null;
      if (!this.schoolChangeScheduled) {
        this.schoolChangeScheduled = true;
        setImmediate(() => {
          this.schoolChangeScheduled = false;
          this.onSchoolChanged();
        });
      }
    }
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
    if (this.docs.get(doc.name) === doc) {
      this.docs.delete(doc.name);
      // No longer kept current here (not followed): read again when next asked.
      if (doc.kind === 'school') this.attendance = null;
      this.follower?.unfollow(this.store.school, doc.name);
    }
    clearTimeout(this.idleTimers.get(doc.name));
    this.idleTimers.delete(doc.name);
    if (this.cohorts.delete(doc) && this.cohorts.size === 0) {
      const school = this.docs.get('school');
      if (school) this.leave(school, schoolHolder);
    }
  }

  private unload(doc: SharedDoc): void {
    // The document compacts on its way out up to the follower's cursor: it is unloaded while still followed.
    doc.unload();
    this.forget(doc);
  }

  /**
   * Refuses (WriteRefused 'erased-pupil', nothing stored) an update to a school, room or provider document that would
   * bring an erased pupil back: a device that was offline when they were erased still holds, or adds, their entries.
   * Answers at once (returns nothing) when every id the update names is known, erased or not (answers are kept a
   * minute); otherwise the unknown ids are looked up in the store's tombstones and the promise settles once they
   * are. The first look is charged to the writing device by the caller, with the rest of the write; `charge` runs
   * the store's answers and the second look on the device's budget too.
   */
  refuseErasedPupils(doc: SharedDoc, decoded: DecodedUpdate, charge: <T>(work: () => T) => T): Promise<void> | void {
    if (doc.kind !== 'school' && doc.kind !== 'room' && doc.kind !== 'provider') return;
    const unknown = new Set<string>();
    const now = Date.now();
    const known = (id: string) => {
      if (this.erasing.has(id)) return true;
      const erased = this.erasedPupils.get(id);
      if ((erased === undefined || (erased !== true && erased <= now)) && idPattern.test(id)) unknown.add(id);
      return erased === true;
    };
    const named = erasedPupilNamed(doc.doc, decoded, known);
    if (named) throw new WriteRefused('erased-pupil', named);
    if (unknown.size > 0) return this.askErased(doc, decoded, unknown, now, charge);
  }

  private async askErased(doc: SharedDoc, decoded: DecodedUpdate, unknown: Set<string>, now: number, charge: <T>(work: () => T) => T): Promise<void> {
    // Field names that look like ids ("status") are asked about too: the cache stays bounded.
    if (this.erasedPupils.size + unknown.size > maxErasedPupilsCached) this.erasedPupils.clear();
    // A few questions at a time: one update naming a thousand id-like keys must not take every connection the store
    // has (on PostgreSQL, other devices' writes wait for the same pool); the writing device waits instead.
    const ids = [...unknown];
    for (let i = 0; i < ids.length; i += erasedLookupsAtOnce) {
      // Charged too: on SQLite each question is answered on the event loop, before the promise is even returned.
      const asked = charge(() => ids.slice(i, i + erasedLookupsAtOnce).map(async (id) => [id, (await this.store.erasedAt(`pupil/${id}`)) !== null] as const));
      const answers = await Promise.all(asked);
      // An erasure that finished while the store was being asked is not undone by an answer read before it.
      for (const [id, erased] of answers) if (this.erasedPupils.get(id) !== true) this.erasedPupils.set(id, erased ? true : now + notErasedKeptMs);
    }
    const named = charge(() => erasedPupilNamed(doc.doc, decoded, (id) => this.erasing.has(id) || this.erasedPupils.get(id) === true));
    if (named) throw new WriteRefused('erased-pupil', named);
  }

  /**
   * Erases a document for good: its connected peers are closed with 4410 'erased', its copy in memory is dropped
   * without being written back, and the store deletes its log and keeps only a tombstone of its name.
   */
  async eraseDoc(name: string, at: number): Promise<void> {
    // Updates still held for a group commit are written first: none may land after the erasure.
    await this.committer.flush();
    this.dropErased(name);
    await this.store.eraseDoc(name, at);
    this.markErasedPupil(name);
  }

  /**
   * Another relay node erased this document (a hint on the bus): this node's copy in memory is dropped without being
   * written back and its devices are closed with 4410 'erased', as for an erasure here; an erased pupil counts as
   * erased here from now on, not only once this node's "not erased" answer runs out.
   */
  erasedElsewhere(name: string): void {
    this.dropErased(name);
    this.markErasedPupil(name);
  }

  private dropErased(name: string): void {
    const loaded = this.docs.get(name);
    if (!loaded) return;
    const peers = [...loaded.peers];
    loaded.peers.clear();
    for (const peer of peers) peer.close(erasedCloseCode, 'erased');
    this.forget(loaded);
    loaded.doc.destroy();
  }

  private markErasedPupil(name: string): void {
    const parsed = parseDocName(name);
    if (parsed?.kind === 'pupil') this.erasedPupils.set(parsed.pupil, true);
  }

  /** Whether the relay holds anything of this pupil as a pupil: a roster entry, or their own record. */
  async knowsPupil(pupilId: string): Promise<boolean> {
    if ((await this.store.updateCount(`pupil/${pupilId}`)) > 0) return true;
    let onRoster = false;
    if ((await this.store.updateCount('school')) > 0) await this.withLoaded('school', async (school) => void (onRoster = school.doc.getMap('pupils').has(pupilId)));
    return onRoster;
  }

  /**
   * Erases a pupil: their entries in every other document (removePupilEverywhere), then their own document. They
   * count as erased from the first moment, so while the relay goes on serving other sockets between documents, a
   * device cannot write a new entry for them into a document already cleaned. Should it fail, they count as not
   * erased again (their own document is still there to erase again). Returns the names of the documents changed.
   */
  async erasePupil(pupilId: string, at: number): Promise<string[]> {
    this.erasing.add(pupilId);
    try {
      const changed = await this.removePupilEverywhere(pupilId);
      await this.eraseDoc(`pupil/${pupilId}`, at);
      return changed;
    } finally {
      this.erasing.delete(pupilId);
    }
  }

  /**
   * Takes a pupil out of every stored document that names them among others (the school document, room and provider
   * days), brings every stored cohort in line with the school document, and compacts each document changed, so the
   * pupil's entries are in no stored row. Connected devices receive the deletions as ordinary updates. Returns the
   * names of the documents changed.
   */
  async removePupilEverywhere(pupilId: string): Promise<string[]> {
    await this.committer.flush();
    const changed: string[] = [];
    const names = await this.store.listDocNames();
    // A pupil's id is stored as UTF-8 wherever it is a map key or a `pupilId` value: a document whose stored rows do
    // not contain it cannot name the pupil, and is not loaded (loading every day of six years is most of the cost).
    const idBytes = Buffer.from(pupilId, 'utf8');
    const mayName = async (name: string) =>
      this.docs.has(name) ||
      (await this.store.loadDoc(name)).some(({ update: row }) => Buffer.from(row.buffer, row.byteOffset, row.byteLength).includes(idBytes));
    for (const name of names) {
      const kind = parseDocName(name)?.kind;
      if (kind !== 'school' && kind !== 'room' && kind !== 'provider') continue;
      // Years of days are read here: every other socket is served between two documents (a store that answers at
      // once would otherwise hold the event loop for the whole scan).
      await nextTurn();
      if (!(await mayName(name))) continue;
      await this.withLoaded(name, async (shared) => {
        if (!removePupil(shared.doc, pupilId, relayOrigin)) return;
        changed.push(name);
        await this.compactNow(shared);
      });
    }
    const school = this.docs.get('school');
    for (const name of names) {
      if (parseDocName(name)?.kind !== 'cohort') continue;
      await nextTurn();
      await this.withLoaded(name, async (cohort) => {
        const providers = this.cohorts.get(cohort);
        // Derived when it was loaded just now; one loaded before is derived again here rather than on the next turn.
        if (providers && school && !school.failed) deriveCohort(school.doc, cohort.doc, providers, relayOrigin);
        await this.compactNow(cohort);
      });
    }
    return changed;
  }

  private async withLoaded(name: string, work: (doc: SharedDoc) => Promise<void>): Promise<void> {
    const shared = await this.join(name, eraser);
    try {
      await work(shared);
    } finally {
      this.leave(shared, eraser);
    }
  }

  /** Replaces the log by the garbage-collected Y.Doc's state (which holds every stored row): deleted content is gone. */
  private async compactNow(shared: SharedDoc): Promise<void> {
    // The deletion just made may be held for a group commit: the log must hold it before it is replaced by the state.
    await this.committer.flush();
    // Every row up to our own last one read (another node's among them), so the compaction covers them all.
    await this.follower?.catchUp(this.store.school, shared.name);
    const upTo = this.follower ? (this.follower.cursor(this.store.school, shared.name) ?? 0) : Number.MAX_SAFE_INTEGER;
    if (!shared.failed) await this.store.compact(shared.name, { state: Y.encodeStateAsUpdate(shared.doc), upTo });
  }

  /** Commits what is waiting, then unloads every document (compacting each); used at shutdown after connections are closed. */
  async unloadAll(): Promise<void> {
    await this.committer.flush();
    // Each document read up to the store's last row first (this node's own last commits reach its follower only by
    // the bus, which may not have told it yet), so each compaction covers every row.
    const follower = this.follower;
    if (follower) await Promise.allSettled([...this.docs.values()].map((doc) => follower.catchUp(this.store.school, doc.name)));
    const docs = [...this.docs.values()];
    for (const doc of docs) this.unload(doc);
    // The store is closed next: every compaction started on the way out finishes first (on PostgreSQL, more of them
    // than the pool has connections wait for one, and a closed pool would never serve them).
    await Promise.all(docs.map((doc) => doc.compacted));
  }
}
