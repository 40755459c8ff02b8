// Helpers for tests only (nothing in the app imports this): what a device's IndexedDB holds after a tab died mid-write.
import * as Y from 'yjs';
import { updatesTable, type BaseroomDB } from './database';

/**
 * Stores a change to a document the way y-dexie stores one (an update row), with none of the projection step that
 * follows it: what IndexedDB holds when the tab is killed between the two. Returns the document as stored now.
 */
export async function storeUnprojectedChange(db: BaseroomDB, name: string, change: (doc: Y.Doc) => void): Promise<Y.Doc> {
  const rows = await updatesTable(db).where('k').equals(name).toArray();
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdateV2(doc, row.u);
  const before = Y.encodeStateVector(doc);
  change(doc);
  await updatesTable(db).add({ k: name, u: Y.encodeStateAsUpdateV2(doc, before), f: 1 } as never);
  return doc;
}
