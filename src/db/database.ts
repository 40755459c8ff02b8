// The device's IndexedDB: Y.Docs persisted by y-dexie, and the projection tables screens query.
import { Dexie, type EntityTable } from 'dexie';
import yDexie from 'y-dexie';
import type * as Y from 'yjs';
import type { Pupil } from '../domain/pupil';
import type { RegisterEntryRow } from '../domain/register';
import type { BehaviourNoteRow } from '../domain/behaviourNote';
import type { InterviewRow } from '../domain/interview';
import type { WorkRow } from '../domain/work';
import type { ParentContactRow } from '../domain/parentContact';
import type { SchoolSnapshot } from '../docs/schoolDoc';
import type { DocKind } from '../docs/names';
import type { StoredDevice } from '../sync/syncEngine';

export interface DocRow {
  name: string;
  kind: DocKind;
  content: Y.Doc;
}

export interface SchoolRow extends SchoolSnapshot {
  key: 'school';
}

/** This device's pairing with the school relay (at most one row): its token, role and scope. */
export interface DeviceRow extends StoredDevice {
  key: 'device';
}

export type PupilRow = Pupil & { sortKey: string };

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
};

export function openDatabase(name = 'baseroom'): BaseroomDB {
  const db = new Dexie(name, { addons: [yDexie] }) as BaseroomDB;
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
  return db;
}
