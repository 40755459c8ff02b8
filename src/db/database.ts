// The device's IndexedDB: Y.Docs persisted by y-dexie, and the projection tables screens query.
import { Dexie, type EntityTable } from 'dexie';
import yDexie from 'y-dexie';
import type * as Y from 'yjs';
import type { Pupil } from '../domain/pupil';
import type { RegisterEntryRow } from '../domain/register';
import type { BehaviourNoteRow } from '../domain/behaviourNote';
import type { SchoolSnapshot } from '../docs/schoolDoc';
import type { DocKind } from '../docs/names';

export interface DocRow {
  name: string;
  kind: DocKind;
  content: Y.Doc;
}

export interface SchoolRow extends SchoolSnapshot {
  key: 'school';
}

export type PupilRow = Pupil & { sortKey: string };

export type BaseroomDB = Dexie & {
  docs: EntityTable<DocRow, 'name'>;
  school: EntityTable<SchoolRow, 'key'>;
  pupils: EntityTable<PupilRow, 'id'>;
  registerEntries: EntityTable<RegisterEntryRow, 'id'>;
  behaviourNotes: EntityTable<BehaviourNoteRow, 'id'>;
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
  return db;
}
