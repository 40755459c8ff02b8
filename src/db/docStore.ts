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
import type { BaseroomDB } from './database';
import { PROJECTED_MARK } from './perfMarks';

export interface OpenDoc {
  name: string;
  doc: Y.Doc;
  /** Resolves when the projection reflects every update made so far. */
  projected(): Promise<void>;
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

export class DocStore {
  private readonly docs = new Map<string, Promise<OpenDoc>>();
  private readonly cleanups = new Map<string, () => void>();
  private readonly opened: OpenDoc[] = [];
  private readonly openListeners = new Set<OpenListener>();

  constructor(
    readonly db: BaseroomDB,
    private readonly onError: ErrorListener = (e) => console.error(e),
  ) {}

  open(name: string): Promise<OpenDoc> {
    let opening = this.docs.get(name);
    if (!opening) {
      opening = this.load(name);
      this.docs.set(name, opening);
      opening.then(
        (open) => {
          this.opened.push(open);
          this.openListeners.forEach((l) => l(open));
        },
        () => this.docs.delete(name),
      );
    }
    return opening;
  }

  /** Calls back for every document opened from now on, and at once for those already open (sync connects them). */
  onOpen(listener: OpenListener): () => void {
    this.openListeners.add(listener);
    this.opened.forEach((open) => listener(open));
    return () => this.openListeners.delete(listener);
  }

  /** Names of every document stored on this device. */
  storedNames(): Promise<string[]> {
    return this.db.docs.toCollection().primaryKeys();
  }

  private async load(name: string): Promise<OpenDoc> {
    const parsed = parseDocName(name);
    if (!parsed) throw new Error(`Unknown document name: ${name}`);
    if (await this.db.erasedDocs.get(name)) throw new ErasedDocError(name);
    const kind: DocKind = parsed.kind;
    await this.db.transaction('rw', this.db.docs, async () => {
      if (!(await this.db.docs.get(name))) await this.db.docs.add({ name, kind } as never);
    });
    const row = await this.db.docs.get(name);
    if (!row) throw new Error(`Document row vanished: ${name}`);
    const doc = row.content;
    const provider = DexieYProvider.load(doc);
    provider.on('error', (e: unknown) => this.onError(e));
    await provider.whenLoaded;
    const projector = new Projector(this.db, name, kind, doc, this.onError);
    this.cleanups.set(name, () => {
      projector.stop();
      DexieYProvider.release(doc);
    });
    // The rows already match the stored document unless updates arrived since they were last written
    // (another tab, or a write that did not finish): re-projecting 1,000 pupils on every start is wasted work.
    // Noted at once, not a moment later as after an edit: a tablet locked (reloaded) within that moment would
    // otherwise re-project the document on every start.
    if (!sameBytes(row.projectedStateVector, Y.encodeStateVector(doc))) await projector.run({ rememberAtOnce: true });
    return { name, doc, projected: () => projector.idle() };
  }

  /**
   * The relay erased this document: deletes this device's copy (its row, its update log, its projection rows and the
   * relay's stored acknowledgement), keeps a tombstone of its name, then compacts every other document's update log
   * to its garbage-collected state, so the deletions the relay sent (a pupil's roster entry, their entries in days)
   * leave none of the deleted content behind in IndexedDB.
   */
  async erase(name: string): Promise<void> {
    const opening = this.docs.get(name);
    this.docs.delete(name);
    if (opening) await opening.then(() => undefined, () => undefined);
    this.cleanups.get(name)?.();
    this.cleanups.delete(name);
    const at = this.opened.findIndex((o) => o.name === name);
    if (at >= 0) this.opened.splice(at, 1);
    const { db } = this;
    const updates = db.table(db.docs.schema.yProps!.find((p) => p.prop === 'content')!.updatesTable);
    const projections = projectionTables(db);
    await db.transaction('rw', [db.docs, updates, db.syncAcks, db.erasedDocs, ...projections], async () => {
      await db.erasedDocs.put({ name, erasedAt: new Date().toISOString() });
      await db.docs.delete(name);
      await updates.where('k').equals(name).delete();
      await db.syncAcks.delete(name);
      await Promise.all(projections.map((t) => t.where('docName').equals(name).delete()));
    });
    await compressYDocs(db);
  }

  close(): void {
    for (const cleanup of this.cleanups.values()) cleanup();
    this.cleanups.clear();
    this.docs.clear();
    this.opened.length = 0;
  }
}

/** Every table of rows projected from documents, each row naming its document (`docName`). */
function projectionTables(db: BaseroomDB) {
  return [
    db.registerEntries, db.behaviourNotes, db.interviews, db.work, db.parentContacts, db.referrals, db.placements, db.reviews, db.visits,
    db.offsiteCheckIns, db.offsiteIncidents, db.offsiteProgress, db.offsiteTargets,
  ];
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return !!a && a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Re-projects a document after its updates, coalescing a burst of updates into one write. */
class Projector {
  private pending: Promise<void> | null = null;
  private dirty = false;
  /** The roster is the big part of the school doc: rewrite its rows only when it changed. */
  private rosterDirty = true;
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
  ) {
    doc.on('update', this.onUpdate);
    if (kind === 'school') doc.getMap('pupils').observeDeep(this.onRosterChange);
  }

  stop(): void {
    clearTimeout(this.rememberTimer);
    this.doc.off('update', this.onUpdate);
    this.doc.getMap('pupils').unobserveDeep(this.onRosterChange);
  }

  idle(): Promise<void> {
    return this.pending ?? Promise.resolve();
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

  async run({ rememberAtOnce = false } = {}): Promise<void> {
    // The doc cannot change while project() reads it synchronously, so this is the state the rows show.
    const projectedStateVector = Y.encodeStateVector(this.doc);
    await this.project();
    this.rememberProjected(projectedStateVector, rememberAtOnce ? 0 : 1_000);
  }

  private rememberTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Notes which state the rows show, so the next start can skip re-projecting. Written a moment after a burst of
   * edits rather than on every tap: a write lost to a closing tab only means one re-projection at the next start.
   */
  private rememberProjected(stateVector: Uint8Array, afterMs: number): void {
    clearTimeout(this.rememberTimer);
    const remember = () => void this.db.docs.update(this.name, { projectedStateVector: stateVector }).catch(this.onError);
    if (afterMs === 0) remember();
    else this.rememberTimer = setTimeout(remember, afterMs);
  }

  private async project(): Promise<void> {
    const { db, name, doc } = this;
    if (this.kind === 'school') {
      const snapshot = projectSchoolSnapshot(doc);
      const pupils = this.rosterDirty ? projectRoster(doc) : null;
      this.rosterDirty = false;
      await db.transaction('rw', db.school, db.pupils, async () => {
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
      await db.transaction('rw', tables, async () => {
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
      await db.transaction('rw', tables, async () => {
        await Promise.all(tables.map((t) => t.where('docName').equals(name).delete()));
        await Promise.all([
          db.offsiteCheckIns.bulkPut(day.checkIns), db.offsiteIncidents.bulkPut(day.incidents),
          db.offsiteProgress.bulkPut(day.progress), db.offsiteTargets.bulkPut(day.targets),
        ]);
      });
      return;
    }
    const rows = projectRoomDay(doc, name);
    await db.transaction('rw', db.registerEntries, db.behaviourNotes, async () => {
      await db.registerEntries.where('docName').equals(name).delete();
      await db.behaviourNotes.where('docName').equals(name).delete();
      await db.registerEntries.bulkPut(rows.entries);
      await db.behaviourNotes.bulkPut(rows.notes);
    });
  }
}
