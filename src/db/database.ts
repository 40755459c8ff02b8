// The device's IndexedDB: Y.Docs persisted by y-dexie, and the projection tables screens query.
import { Dexie, type DBCore, type EntityTable, type Middleware } from 'dexie';
import yDexie from 'y-dexie';
import type * as Y from 'yjs';
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

export interface DocRow {
  name: string;
  kind: DocKind;
  content: Y.Doc;
  /** The document's state vector when its projection rows were last written (not indexed). */
  projectedStateVector?: Uint8Array;
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
};

// y-dexie without its compaction timer (called with options, it returns the configured addon): the app compacts the
// update logs when the screen is quiet instead (compactWhenQuiet).
const yDexieWithoutTimer = yDexie({ gc: false }) as (db: Dexie) => void;

/** With a cipher, every row is stored sealed; without one (unit tests) rows are plain. */
export function openDatabase(name = DB_NAME, options: { sealWith?: Middleware<DBCore> } = {}): BaseroomDB {
  const db = new Dexie(name, { addons: [yDexieWithoutTimer] }) as BaseroomDB;
  if (options.sealWith) db.use(options.sealWith);
  db.version(1).stores({
    docs: 'name, kind, content: Y.Doc',
    school: 'key',
    pupils: 'id, upn, misId, sortKey, tutorGroup',
    registerEntries: 'id, docName, [roomId+date], pupilId, date',
    behaviourNotes: 'id, docName, [roomId+date], pupilId, date',
  });
  db.version(2).stores({ device: 'key' });
  db.version(3).stores({
    behaviourNotes: 'id, docName, [roomId+date], pupilId, date, kind',
    interviews: 'id, docName, pupilId, status',
    work: 'id, docName, pupilId, status',
    parentContacts: 'id, docName, pupilId',
  });
  db.version(4).stores({
    referrals: 'id, docName, pupilId, status, date',
    placements: 'id, docName, pupilId, status, referralId',
    reviews: 'id, docName, pupilId, placementId',
    visits: 'id, docName, pupilId, placementId',
  });
  db.version(5).stores({ syncAcks: 'name' });
  db.version(6).stores({
    offsiteCheckIns: 'id, docName, [providerId+date], pupilId, date',
    offsiteIncidents: 'id, docName, [providerId+date], pupilId, date',
    offsiteProgress: 'id, docName, [providerId+date], pupilId, date',
  });
  // Index keys stay in clear even when rows are sealed: never index a UPN, a name or a tutor group.
  // IBEC targets come from provider-day documents' `targets` maps: a pupil's plan is all of theirs.
  db.version(7).stores({ pupils: 'id', offsiteTargets: 'id, docName, pupilId' });
  // Documents erased on the relay (retention, a pupil's erasure): their names only.
  db.version(8).stores({ erasedDocs: 'name' });
  return db;
}
