// The device's IndexedDB: Y.Docs persisted by y-dexie, and the projection tables screens query.
import { Dexie, type DBCore, type EntityTable, type Middleware, type Transaction } from 'dexie';
import yDexie from 'y-dexie';
import * as Y from 'yjs';
import type { Pupil } from '../domain/pupil';
import type { RegisterEntryRow } from '../domain/register';
import type { BehaviourNoteRow } from '../domain/behaviourNote';
import type { InterviewRow } from '../domain/interview';
import type { WorkRow } from '../domain/work';
import type { ParentContactRow } from '../domain/parentContact';
import type { ReferralRow } from '../domain/referral';
import type { PlacementRow, VisitRow } from '../domain/placement';
import type { ReviewRow } from '../domain/review';
import type { CheckInRow, IncidentRow, ProgressRow } from '../domain/offsite';
import type { TargetRow } from '../domain/ibecPlan';
import type { SchoolSnapshot } from '../docs/schoolDoc';
import type { DocKind } from '../docs/names';
import type { StoredDevice } from '../sync/syncEngine';
import { DB_NAME } from './dbNames';
import { withCheckInAwaiting, withFlagAwaiting, withIncidentAwaiting, withOpenFollowUp } from '../domain/awaitingIndexes';

export interface DocRow {
  name: string;
  kind: DocKind;
  content: Y.Doc;
}

/**
 * What a document's projection rows show, in a small row of its own so a tap does not rewrite (and re-seal) the
 * document's row: its state vector when they were last written, and the id of its newest update row then.
 */
export interface DocStateRow {
  name: string;
  stateVector: Uint8Array;
  /**
   * y-dexie's id of the document's newest stored update row when the rows were written; an update row past it was
   * stored but never projected (the tab died between the two). Undefined when not known.
   */
  updateId?: number;
}

export interface SchoolRow extends SchoolSnapshot {
  key: 'school';
}

/** This device's pairing with the school relay (at most one row): its token, role and scope. */
export interface DeviceRow extends StoredDevice {
  key: 'device';
}

export type PupilRow = Pupil & { sortKey: string };

/** What the relay last confirmed it holds of one document: its state vector as [client, clock] pairs. */
export interface SyncAckRow {
  name: string;
  stateVector: [number, number][];
  deletionPending: boolean;
  /** ISO time of the acknowledgement; empty when the row only notes a version. */
  at: string;
  /** The relay's version tag of the document when this device last caught up with it (not indexed). */
  relayVersion?: string;
}

/** A document erased on the relay (a tombstone: its name and when, never its content), so the app says so. */
export interface ErasedDocRow {
  name: string;
  erasedAt: string;
}

export type BaseroomDB = Dexie & {
  docs: EntityTable<DocRow, 'name'>;
  school: EntityTable<SchoolRow, 'key'>;
  pupils: EntityTable<PupilRow, 'id'>;
  registerEntries: EntityTable<RegisterEntryRow, 'id'>;
  behaviourNotes: EntityTable<BehaviourNoteRow, 'id'>;
  interviews: EntityTable<InterviewRow, 'id'>;
  work: EntityTable<WorkRow, 'id'>;
  parentContacts: EntityTable<ParentContactRow, 'id'>;
  device: EntityTable<DeviceRow, 'key'>;
  syncAcks: EntityTable<SyncAckRow, 'name'>;
  referrals: EntityTable<ReferralRow, 'id'>;
  placements: EntityTable<PlacementRow, 'id'>;
  reviews: EntityTable<ReviewRow, 'id'>;
  visits: EntityTable<VisitRow, 'id'>;
  offsiteCheckIns: EntityTable<CheckInRow, 'id'>;
  offsiteIncidents: EntityTable<IncidentRow, 'id'>;
  offsiteProgress: EntityTable<ProgressRow, 'id'>;
  offsiteTargets: EntityTable<TargetRow, 'id'>;
  erasedDocs: EntityTable<ErasedDocRow, 'name'>;
  docStates: EntityTable<DocStateRow, 'name'>;
};

/** y-dexie's table of every document's updates: rows `{ i, k: document name, u: update (v2) }`, `i` auto-incremented. */
export function updatesTable(db: BaseroomDB) {
  return db.table<{ i: number; k: string; u: Uint8Array }, number>(updatesTableName(db));
}

function updatesTableName(db: Dexie): string {
  return db.table('docs').schema.yProps!.find((p) => p.prop === 'content')!.updatesTable;
}

// y-dexie without its compaction timer (called with options, it returns the configured addon): the app compacts the
// update logs when the screen is quiet instead (compactWhenQuiet).
const yDexieWithoutTimer = yDexie({ gc: false }) as (db: Dexie) => void;

/**
 * The tables as version 8 left them. Dexie (since 3.0) needs only the current schema and the versions that carry an
 * upgrade: it compares the declaration with what is installed and adds or drops tables and indexes itself. Declaring
 * every past version made each start parse the whole history (a tenth of the lock-to-register time at 4× CPU).
 * Index keys stay in clear even when rows are sealed: never index a UPN, a name or a tutor group.
 */
const schemaV8 = {
  docs: 'name, kind, content: Y.Doc',
  school: 'key',
  pupils: 'id',
  registerEntries: 'id, docName, [roomId+date], pupilId, date',
  behaviourNotes: 'id, docName, [roomId+date], pupilId, date, kind',
  interviews: 'id, docName, pupilId, status',
  work: 'id, docName, pupilId, status',
  parentContacts: 'id, docName, pupilId',
  device: 'key',
  referrals: 'id, docName, pupilId, status, date',
  placements: 'id, docName, pupilId, status, referralId',
  reviews: 'id, docName, pupilId, placementId',
  visits: 'id, docName, pupilId, placementId',
  syncAcks: 'name',
  offsiteCheckIns: 'id, docName, [providerId+date], pupilId, date',
  offsiteIncidents: 'id, docName, [providerId+date], pupilId, date',
  offsiteProgress: 'id, docName, [providerId+date], pupilId, date',
  // IBEC targets come from provider-day documents' `targets` maps: a pupil's plan is all of theirs.
  offsiteTargets: 'id, docName, pupilId',
  // Documents erased on the relay (retention, a pupil's erasure): their names only.
  erasedDocs: 'name',
};

/** With a cipher, every row is stored sealed; without one (unit tests) rows are plain. */
export function openDatabase(name = DB_NAME, options: { sealWith?: Middleware<DBCore>; /** Tests: the schema as version 8 left it. */ schemaVersion?: 8 } = {}): BaseroomDB {
  // cache 'disabled': live queries re-run only once a write has committed. Dexie's default cache re-ran them
  // optimistically before the commit, so every tap on the register made each open document's y-dexie observer and each
  // screen query run (and decrypt rows) between the click and the tap being stored: about a third of that time.
  const db = new Dexie(name, { addons: [yDexieWithoutTimer], cache: 'disabled' }) as BaseroomDB;
  if (options.sealWith) db.use(options.sealWith);
  if (options.schemaVersion === 8) db.version(8).stores(schemaV8);
  // What each document's projection rows show moves out of its row into a small one of its own (see DocStateRow).
  else {
    db.version(9).stores({ ...schemaV8, docStates: 'name' }).upgrade(moveProjectedStates);
    // Indexes so Today and the coordinator read only what they show, not every sealed row of the school's year:
    // safeguarding flags by their date until confirmed, contacts with parents by their open follow-up's due date,
    // referrals by the days they book, and off-site check-ins and incidents by the date while they wait on the school.
    db.version(10)
      .stores({
        behaviourNotes: 'id, docName, [roomId+date], pupilId, date, kind, unconfirmedFlagOn',
        parentContacts: 'id, docName, pupilId, openFollowUpDue',
        referrals: 'id, docName, pupilId, status, date, *scheduledDays',
        offsiteCheckIns: 'id, docName, [providerId+date], pupilId, date, awaitsSchool',
        offsiteIncidents: 'id, docName, [providerId+date], pupilId, date, undecidedOn',
      })
      .upgrade(indexTodaysReads);
  }
  return db;
}

/**
 * Version 10's upgrade: stored rows are written again so the new index fields are in clear beside their sealed copy
 * (IndexedDB cannot index inside it): each unconfirmed safeguarding flag's date, each contact's open follow-up's due
 * date, each referral's booked days, and the date of each off-site check-in and incident waiting on the school.
 */
async function indexTodaysReads(tx: Transaction): Promise<void> {
  const notes = tx.table<BehaviourNoteRow, string>('behaviourNotes');
  const flags = (await notes.where('kind').equals('safeguarding').toArray()).map(withFlagAwaiting).filter((row) => row.unconfirmedFlagOn !== undefined);
  if (flags.length > 0) await notes.bulkPut(flags);
  const contacts = tx.table<ParentContactRow, string>('parentContacts');
  const open = (await contacts.toArray()).map(withOpenFollowUp).filter((row) => row.openFollowUpDue !== undefined);
  if (open.length > 0) await contacts.bulkPut(open);
  const referrals = tx.table<ReferralRow, string>('referrals');
  const booked = (await referrals.toArray()).filter((row) => row.scheduledDays?.length > 0);
  if (booked.length > 0) await referrals.bulkPut(booked);
  const checkIns = tx.table<CheckInRow, string>('offsiteCheckIns');
  const waiting = (await checkIns.toArray()).map(withCheckInAwaiting).filter((row) => row.awaitsSchool !== undefined);
  if (waiting.length > 0) await checkIns.bulkPut(waiting);
  const incidents = tx.table<IncidentRow, string>('offsiteIncidents');
  const undecided = (await incidents.toArray()).map(withIncidentAwaiting).filter((row) => row.undecidedOn !== undefined);
  if (undecided.length > 0) await incidents.bulkPut(undecided);
}

/**
 * Version 9's upgrade: each document row's `projectedStateVector` moves to `docStates`. The id of the newest update
 * row it shows was never recorded, so it is recorded only when the stored updates show exactly that state vector;
 * otherwise it stays unknown and the document is re-projected and re-checked with the relay like any changed one.
 */
async function moveProjectedStates(tx: Transaction): Promise<void> {
  const docs = tx.table<{ name: string; projectedStateVector?: Uint8Array }, string>('docs');
  const updates = tx.table<{ i: number; k: string; u: Uint8Array }, number>(updatesTableName(tx.db));
  const states: DocStateRow[] = [];
  for (const { name, projectedStateVector } of await docs.toArray()) {
    if (!projectedStateVector) continue;
    const rows = await updates.where('k').equals(name).toArray();
    const stored = rows.length > 0 ? Y.encodeStateVectorFromUpdateV2(Y.mergeUpdatesV2(rows.map((r) => r.u))) : Y.encodeStateVector(new Y.Doc());
    const shows = sameBytes(projectedStateVector, stored);
    states.push({ name, stateVector: projectedStateVector, ...(shows && rows.length > 0 ? { updateId: Math.max(...rows.map((r) => r.i)) } : {}) });
  }
  await tx.table('docStates').bulkPut(states);
  await docs.toCollection().modify((row) => {
    delete row.projectedStateVector;
  });
}

/** Whether two byte arrays (state vectors) are equal; an absent one equals nothing. */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return !!a && a.length === b.length && a.every((byte, i) => byte === b[i]);
}
