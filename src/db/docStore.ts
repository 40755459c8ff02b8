// Opens Y.Docs from IndexedDB and keeps each one's projection rows in step with every update.
import * as Y from 'yjs';
import { compressYDocs, DexieYProvider } from 'y-dexie';
import { parseDocName, type DocKind } from '../docs/names';
import { projectRoster, projectSchoolSnapshot } from '../docs/schoolDoc';
import { projectRoomDay } from '../docs/roomDayProjection';
import { projectPupilDoc } from '../docs/pupilProjection';
import { projectPlacements } from '../docs/placementProjection';
import { projectProviderDay } from '../docs/providerDayProjection';
import { pupilSortKey } from '../domain/pupil';
import { sameBytes, updatesTable, type BaseroomDB, type DocStateRow } from './database';
import { PROJECTED_MARK } from './perfMarks';

export interface OpenDoc {
  name: string;
  doc: Y.Doc;
  /** Resolves when the projection reflects every update made so far. */
  projected(): Promise<void>;
}

/** An open document held for as long as its holder needs it (a screen, a sync catch-up): release it when done. */
export interface DocHandle extends OpenDoc {
  /**
   * Lets the store close the document once idle, or at once (`close`: opened only to sync it) if nobody else holds
   * it and its rows show every update; calling it again does nothing.
   */
  release(options?: { close?: boolean }): void;
}

/** A stored document's name, and its state vector when its rows were last projected (unknown for older rows). */
export interface StoredDocState {
  name: string;
  stateVector: Uint8Array | undefined;
}

export interface DocStoreOptions {
  /** A document nobody holds is closed after this long unused. */
  idleMs?: number;
  /** Most documents held in memory; beyond it, the least recently used that nobody holds are closed at once. */
  maxOpen?: number;
}

type ErrorListener = (error: unknown) => void;

/** The document was erased on the relay: this device deleted its copy and will not make a new one. */
export class ErasedDocError extends Error {
  constructor(readonly docName: string) {
    super(`This record was erased: ${docName}`);
    this.name = 'ErasedDocError';
  }
}
type OpenListener = (open: OpenDoc) => void;
type CloseListener = (name: string) => void;

interface Loaded {
  open: OpenDoc;
  projector: Projector;
}

interface Entry {
  name: string;
  loading: Promise<Loaded>;
  loaded: Loaded | null;
  /** Holders (handles not yet released): a held document is never closed. */
  refs: number;
  lastUsed: number;
  idleTimer?: ReturnType<typeof setTimeout>;
}

const defaultIdleMs = 20_000;
const defaultMaxOpen = 64;

/**
 * Opens documents on demand and closes them when idle, holding at most `maxOpen` in memory (more only while held).
 * A document is never closed while held or while its projection is behind it; its updates are stored as they happen.
 */
export class DocStore {
  private readonly entries = new Map<string, Entry>();
  private readonly openListeners = new Set<OpenListener>();
  private readonly closeListeners = new Set<CloseListener>();
  private readonly idleMs: number;
  private readonly maxOpen: number;

  constructor(
    readonly db: BaseroomDB,
    private readonly onError: ErrorListener = (e) => console.error(e),
    options: DocStoreOptions = {},
  ) {
    this.idleMs = options.idleMs ?? defaultIdleMs;
    this.maxOpen = options.maxOpen ?? defaultMaxOpen;
  }

  /**
   * Opens a document for a moment's use (a write from a button): it stays open until idle. A screen that keeps a
   * document uses `acquire` and releases it when it goes.
   */
  open(name: string): Promise<OpenDoc> {
    const entry = this.entry(name);
    entry.lastUsed = Date.now();
    if (entry.refs === 0) this.scheduleIdle(entry);
    return entry.loading.then((loaded) => loaded.open);
  }

  /** Opens a document and holds it open until the handle is released. */
  acquire(name: string): Promise<DocHandle> {
    const entry = this.entry(name);
    entry.refs++;
    clearTimeout(entry.idleTimer);
    let released = false;
    const release = ({ close = false }: { close?: boolean } = {}) => {
      if (released) return;
      released = true;
      this.release(entry, close);
    };
    return entry.loading.then(
      (loaded) => ({ ...loaded.open, release }),
      (err: unknown) => {
        release();
        throw err;
      },
    );
  }

  /** Calls back for every document opened from now on, and at once for those already open (sync connects them). */
  onOpen(listener: OpenListener): () => void {
    this.openListeners.add(listener);
    for (const entry of this.entries.values()) if (entry.loaded) listener(entry.loaded.open);
    return () => this.openListeners.delete(listener);
  }

  /** Calls back whenever an idle document is closed (its Y.Doc destroyed). */
  onClose(listener: CloseListener): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  private readonly storedListeners = new Set<(name: string) => void>();

  /** Calls back each time a document's rows and state are written after its updates (this tab's writes only). */
  onStored(listener: (name: string) => void): () => void {
    this.storedListeners.add(listener);
    return () => this.storedListeners.delete(listener);
  }

  /** Whether a document is in memory now (open or opening). */
  isOpen(name: string): boolean {
    return this.entries.has(name);
  }

  /** How many documents are in memory now. */
  get openCount(): number {
    return this.entries.size;
  }

  /** Names of every document stored on this device. */
  storedNames(): Promise<string[]> {
    return this.db.docs.toCollection().primaryKeys();
  }

  /**
   * Every stored document's name and last projected state vector, without opening any of them. Sync asks on every
   * background pass: the state rows are read (and opened) once and then kept in memory, kept up to date by this
   * store's own writes, so a pass when nothing changed reads only keys.
   */
  async storedStates(): Promise<StoredDocState[]> {
    const [names, states, newest] = await Promise.all([this.storedNames(), this.knownStates(), this.newestUpdateIds()]);
    return names.map((name) => this.stateOf(name, states.get(name), newest.get(name)));
  }

  /**
   * One stored document's state read afresh from storage, not from what is kept in memory (which holds this tab's
   * writes only): another tab may have written its rows since. What is read is kept.
   */
  async storedStateNow(name: string): Promise<StoredDocState> {
    const writes = this.stateWrites;
    const [read, newest] = await Promise.all([this.db.docStates.get(name), newestUpdateId(updatesTable(this.db), name)]);
    // This store's own write meanwhile is newer than what was read: it stays, and is what counts.
    const state = writes === this.stateWrites ? read : (this.states?.get(name) ?? read);
    if (state) this.states?.set(name, state);
    return this.stateOf(name, state, newest);
  }

  private stateOf(name: string, state: DocStateRow | undefined, newestUpdateId: number | undefined): StoredDocState {
    // A document in memory is known exactly, whether or not its projection has caught up with its last update yet.
    const live = this.entries.get(name)?.loaded;
    if (live) return { name, stateVector: Y.encodeStateVector(live.open.doc) };
    // An update stored after the rows were last written (the tab died between the two, or another tab stored it):
    // what the rows and their state vector show is behind the document, so its state is not known until it is
    // opened and re-projected.
    return { name, stateVector: state && !updatedSince(state, newestUpdateId) ? state.stateVector : undefined };
  }

  private states: Map<string, DocStateRow> | null = null;
  /** Counts this store's writes of state rows, so a read that raced one is not kept. */
  private stateWrites = 0;

  private async knownStates(): Promise<Map<string, DocStateRow>> {
    if (this.states) return this.states;
    const writes = this.stateWrites;
    const read = new Map((await this.db.docStates.toArray()).map((state) => [state.name, state]));
    if (writes === this.stateWrites) this.states = read;
    return read;
  }

  /** A state row was written (or deleted: null) and committed. */
  private stateWritten(name: string, state: DocStateRow | null): void {
    this.stateWrites++;
    if (state) this.states?.set(name, state);
    else this.states?.delete(name);
    if (state) this.storedListeners.forEach((l) => l(name));
  }

  private newest: { upTo: number | undefined; ids: Map<string, number> } | null = null;

  /**
   * Each document's newest stored update row id, from the update log's keys alone (no row is read or opened), read
   * again only when the log's newest id moved (compaction keeps a document's newest id; an erasure resets this).
   */
  private async newestUpdateIds(): Promise<Map<string, number>> {
    const updates = updatesTable(this.db);
    const upTo = (await updates.orderBy(':id').lastKey()) as number | undefined;
    if (this.newest && this.newest.upTo === upTo) return this.newest.ids;
    const ids = await newestIdByDocument(this.db, updates.name);
    this.newest = { upTo, ids };
    return ids;
  }

  private entry(name: string): Entry {
    let entry = this.entries.get(name);
    if (entry) return entry;
    const created: Entry = { name, loading: this.load(name), loaded: null, refs: 0, lastUsed: Date.now() };
    entry = created;
    this.entries.set(name, created);
    created.loading.then(
      (loaded) => {
        created.loaded = loaded;
        this.openListeners.forEach((l) => l(loaded.open));
        this.enforceBound();
      },
      () => {
        clearTimeout(created.idleTimer);
        if (this.entries.get(name) === created) this.entries.delete(name);
      },
    );
    return created;
  }

  private release(entry: Entry, close: boolean): void {
    entry.refs--;
    entry.lastUsed = Date.now();
    if (entry.refs > 0) return;
    if (close && entry.loaded) {
      const loaded = entry.loaded;
      void loaded.projector.idle().then(() => this.closeWhenIdle(entry));
      return;
    }
    this.scheduleIdle(entry);
    this.enforceBound();
  }

  private scheduleIdle(entry: Entry): void {
    clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => this.closeWhenIdle(entry), this.idleMs);
  }

  private closeWhenIdle(entry: Entry): void {
    if (this.entries.get(entry.name) !== entry || entry.refs > 0) return;
    const loaded = entry.loaded;
    // Still loading, or its rows are behind it: try again once it has caught up.
    if (!loaded || !loaded.projector.isIdle()) return this.scheduleIdle(entry);
    this.closeEntry(entry, loaded);
  }

  /** Closes the least recently used documents nobody holds until at most `maxOpen` are in memory. */
  private enforceBound(): void {
    if (this.entries.size <= this.maxOpen) return;
    const closable = [...this.entries.values()]
      .filter((e) => e.refs === 0 && e.loaded?.projector.isIdle())
      .sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of closable.slice(0, this.entries.size - this.maxOpen)) this.closeEntry(entry, entry.loaded!);
  }

  private closeEntry(entry: Entry, { open, projector }: Loaded): void {
    clearTimeout(entry.idleTimer);
    this.entries.delete(entry.name);
    this.closeListeners.forEach((l) => l(entry.name));
    projector.stop();
    const { doc, name } = open;
    // A write through a reference kept past closing (it should not happen) goes to the document reopened, not nowhere.
    doc.on('destroy', () =>
      queueMicrotask(() =>
        doc.on('update', (update: Uint8Array) => {
          this.open(name).then((reopened) => Y.applyUpdate(reopened.doc, update), this.onError);
        }),
      ),
    );
    DexieYProvider.release(doc);
  }

  private async load(name: string): Promise<Loaded> {
    const parsed = parseDocName(name);
    if (!parsed) throw new Error(`Unknown document name: ${name}`);
    const kind: DocKind = parsed.kind;
    const { db } = this;
    const updates = updatesTable(db);
    // Keys only: the document's row is read (and opened) once, by y-dexie as it loads the document.
    const { state, newest } = await db.transaction('rw', [db.erasedDocs, db.docs, db.docStates, updates], async () => {
      if ((await db.erasedDocs.where(':id').equals(name).count()) > 0) throw new ErasedDocError(name);
      if ((await db.docs.where(':id').equals(name).count()) === 0) await db.docs.add({ name, kind } as never);
      return {
        state: this.states ? this.states.get(name) : await db.docStates.get(name),
        newest: await newestUpdateId(updates, name),
      };
    });
    const doc = DexieYProvider.getOrCreateDocument(db, 'docs', 'content', name);
    const provider = DexieYProvider.load(doc);
    provider.on('error', (e: unknown) => this.onError(e));
    await provider.whenLoaded;
    const projector = new Projector(this.db, name, kind, doc, this.onError, (state) => this.stateWritten(name, state));
    // The rows already match the stored document unless updates arrived since they were last written
    // (another tab, or a write that did not finish): re-projecting 1,000 pupils on every start is wasted work.
    // A deletion moves no state vector, so an update row past the rows' mark counts too.
    if (!state || updatedSince(state, newest) || !sameBytes(state.stateVector, Y.encodeStateVector(doc))) await projector.run();
    return { open: { name, doc, projected: () => projector.idle() }, projector };
  }

  /**
   * The relay erased this document: deletes this device's copy (its row, its update log, its projection rows and the
   * relay's stored acknowledgement), keeps a tombstone of its name, then compacts every other document's update log
   * to its garbage-collected state, so the deletions the relay sent (a pupil's roster entry, their entries in days)
   * leave none of the deleted content behind in IndexedDB.
   */
  async erase(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (entry) {
      this.entries.delete(name);
      clearTimeout(entry.idleTimer);
      const loaded = await entry.loading.then((l) => l, () => null);
      if (loaded) {
        this.closeListeners.forEach((l) => l(name));
        loaded.projector.stop();
        DexieYProvider.release(loaded.open.doc);
      }
    }
    const { db } = this;
    const updates = updatesTable(db);
    const projections = projectionTables(db);
    await db.transaction('rw', [db.docs, db.docStates, updates, db.syncAcks, db.erasedDocs, ...projections], async () => {
      await db.erasedDocs.put({ name, erasedAt: new Date().toISOString() });
      await db.docs.delete(name);
      await db.docStates.delete(name);
      await updates.where('k').equals(name).delete();
      await db.syncAcks.delete(name);
      await Promise.all(projections.map((t) => t.where('docName').equals(name).delete()));
    });
    this.stateWritten(name, null);
    this.newest = null;
    await compressYDocs(db);
  }

  /**
   * Waits (at most `atMostMs`) until every open document's rows and stored state vector show its last update. Locking
   * straight after a tap must not leave a closed document whose stored state vector is older than its updates:
   * sync would count it as safely on the relay without opening it again.
   */
  async settle(atMostMs = 2_000): Promise<void> {
    const loaded = [...this.entries.values()].flatMap((e) => (e.loaded ? [e.loaded.projector.idle()] : []));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.allSettled(loaded), new Promise((r) => (timer = setTimeout(r, atMostMs)))]);
    clearTimeout(timer);
  }

  /** Closes every document (before locking or erasing). */
  close(): void {
    for (const entry of [...this.entries.values()]) {
      clearTimeout(entry.idleTimer);
      this.entries.delete(entry.name);
      if (!entry.loaded) continue;
      entry.loaded.projector.stop();
      DexieYProvider.release(entry.loaded.open.doc);
    }
  }
}

/** Every table of rows projected from documents, each row naming its document (`docName`). */
function projectionTables(db: BaseroomDB) {
  return [
    db.registerEntries, db.behaviourNotes, db.interviews, db.work, db.parentContacts, db.referrals, db.placements, db.reviews, db.visits,
    db.offsiteCheckIns, db.offsiteIncidents, db.offsiteProgress, db.offsiteTargets,
  ];
}

/**
 * Each document's newest update row id, from the update log's `k` index alone: a key cursor straight on IndexedDB
 * (keys are stored in clear; Dexie's cursor costs several times more per row, and a year holds thousands of rows).
 */
function newestIdByDocument(db: BaseroomDB, table: string): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const ids = new Map<string, number>();
    const request = db.backendDB().transaction(table, 'readonly').objectStore(table).index('k').openKeyCursor();
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve(ids);
      // Ordered by document, then by id within it: the last id seen for a document is its newest.
      ids.set(cursor.key as string, cursor.primaryKey as number);
      cursor.continue();
    };
  });
}

/** The document has an update row newer than the one its rows were written after (or their mark is not known). */
function updatedSince(state: DocStateRow, newestUpdateId: number | undefined): boolean {
  return newestUpdateId !== undefined && (state.updateId === undefined || newestUpdateId > state.updateId);
}

/** Re-projects a document after its updates, coalescing a burst of updates into one write. */
class Projector {
  private pending: Promise<void> | null = null;
  private dirty = false;
  /** The roster is the big part of the school doc: rewrite its rows only when it changed. */
  private rosterDirty = true;
  /** A room-day's rows as this projector last committed them (JSON by id); undefined until its first write. */
  private written: { entries: Map<string, string>; notes: Map<string, string> } | undefined;
  private readonly onUpdate = () => this.schedule();
  private readonly onRosterChange = () => {
    this.rosterDirty = true;
  };

  constructor(
    private readonly db: BaseroomDB,
    private readonly name: string,
    private readonly kind: DocKind,
    private readonly doc: Y.Doc,
    private readonly onError: ErrorListener,
    /** The rows and their state row were committed. */
    private readonly onStateWritten: (state: DocStateRow) => void,
  ) {
    doc.on('update', this.onUpdate);
    if (kind === 'school') doc.getMap('pupils').observeDeep(this.onRosterChange);
  }

  stop(): void {
    this.doc.off('update', this.onUpdate);
    if (this.kind === 'school') this.doc.getMap('pupils').unobserveDeep(this.onRosterChange);
  }

  idle(): Promise<void> {
    return this.pending ?? Promise.resolve();
  }

  /** The rows show every update made so far. */
  isIdle(): boolean {
    return this.pending === null && !this.dirty;
  }

  private schedule(): void {
    this.dirty = true;
    if (this.pending) return;
    this.pending = Promise.resolve()
      .then(async () => {
        while (this.dirty) {
          this.dirty = false;
          await this.run();
        }
        performance.mark(PROJECTED_MARK, { detail: this.name });
      })
      .catch(this.onError)
      .finally(() => {
        this.pending = null;
      });
  }

  /**
   * Re-projects the document. Its state vector is written with the rows, in the same transaction: sync reads it to
   * know, without opening the document, whether the relay holds all of it, and the next start skips re-projecting.
   */
  async run(): Promise<void> {
    // The newest update row, read before the state: y-dexie stores a change after the Y.Doc has it, so every row there
    // now is shown by the rows about to be written. One stored meanwhile is newer than the mark and simply counts as
    // not shown yet. Read on its own (one key), not in the transaction that writes the rows: holding y-dexie's table
    // in that transaction made each tap's update wait for the previous tap's rows.
    const updateId = await newestUpdateId(updatesTable(this.db), this.name);
    // The doc cannot change while project() reads it synchronously, so this is the state the rows show.
    await this.project(Y.encodeStateVector(this.doc), updateId);
  }

  private async project(projectedStateVector: Uint8Array, updateId: number | undefined): Promise<void> {
    const { db, name, doc } = this;
    let state: DocStateRow | undefined;
    const remember = async () => {
      state = { name, stateVector: projectedStateVector, ...(updateId === undefined ? {} : { updateId }) };
      await db.docStates.put(state);
    };
    await this.write(db, name, doc, remember);
    this.onStateWritten(state!);
  }

  private async write(db: BaseroomDB, name: string, doc: Y.Doc, remember: () => Promise<void>): Promise<void> {
    if (this.kind === 'school') {
      const snapshot = projectSchoolSnapshot(doc);
      const pupils = this.rosterDirty ? projectRoster(doc) : null;
      this.rosterDirty = false;
      await db.transaction('rw', [db.docStates, db.school, db.pupils], async () => {
        await remember();
        await db.school.put({ key: 'school', ...snapshot });
        if (!pupils) return;
        await db.pupils.clear();
        await db.pupils.bulkPut(pupils.map((p) => ({ ...p, sortKey: pupilSortKey(p) })));
      });
      return;
    }
    if (this.kind === 'pupil') {
      const rows = projectPupilDoc(doc, name);
      const plans = projectPlacements(doc, name);
      const tables = [db.interviews, db.work, db.parentContacts, db.referrals, db.placements, db.reviews, db.visits];
      await db.transaction('rw', [db.docStates, ...tables], async () => {
        await remember();
        await Promise.all(tables.map((t) => t.where('docName').equals(name).delete()));
        await db.interviews.bulkPut(rows.interviews);
        await db.work.bulkPut(rows.work);
        await db.parentContacts.bulkPut(rows.contacts);
        await Promise.all([db.referrals.bulkPut(plans.referrals), db.placements.bulkPut(plans.placements), db.reviews.bulkPut(plans.reviews), db.visits.bulkPut(plans.visits)]);
      });
      return;
    }
    if (this.kind === 'provider-day') {
      const day = projectProviderDay(doc, name);
      const tables = [db.offsiteCheckIns, db.offsiteIncidents, db.offsiteProgress, db.offsiteTargets];
      await db.transaction('rw', [db.docStates, ...tables], async () => {
        await remember();
        await Promise.all(tables.map((t) => t.where('docName').equals(name).delete()));
        await Promise.all([
          db.offsiteCheckIns.bulkPut(day.checkIns), db.offsiteIncidents.bulkPut(day.incidents),
          db.offsiteProgress.bulkPut(day.progress), db.offsiteTargets.bulkPut(day.targets),
        ]);
      });
      return;
    }
    const rows = projectRoomDay(doc, name);
    const entries = changedRows(rows.entries, this.written?.entries);
    const notes = changedRows(rows.notes, this.written?.notes);
    await db.transaction('rw', [db.docStates, db.registerEntries, db.behaviourNotes], async () => {
      await remember();
      if (!this.written) {
        // First write since this document opened: whatever the tables hold for it is replaced.
        await db.registerEntries.where('docName').equals(name).delete();
        await db.behaviourNotes.where('docName').equals(name).delete();
      }
      await Promise.all([db.registerEntries.bulkDelete(entries.gone), db.behaviourNotes.bulkDelete(notes.gone)]);
      await Promise.all([db.registerEntries.bulkPut(entries.put), db.behaviourNotes.bulkPut(notes.put)]);
    });
    // Only once committed: a failed transaction leaves the tables as `written` still describes them.
    this.written = { entries: entries.after, notes: notes.after };
  }
}

/**
 * The rows to put and the ids to delete to go from the rows last committed (by id, as JSON; undefined: not known, so
 * every row is put) to `rows`. A tap on one pupil then rewrites, and re-seals, that pupil's row only.
 */
function changedRows<T extends { id: string }>(rows: T[], before: Map<string, string> | undefined) {
  const after = new Map(rows.map((r) => [r.id, JSON.stringify(r)]));
  const put = before ? rows.filter((r) => before.get(r.id) !== after.get(r.id)) : rows;
  const gone = before ? [...before.keys()].filter((id) => !after.has(id)) : [];
  return { after, put, gone };
}

/** A document's newest update row id, from one key of y-dexie's index (no row is read or opened). */
async function newestUpdateId(updates: ReturnType<typeof updatesTable>, name: string): Promise<number | undefined> {
  return (await updates.where('k').equals(name).reverse().limit(1).primaryKeys())[0];
}
