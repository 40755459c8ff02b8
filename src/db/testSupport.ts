// Helpers for tests only (nothing in the app imports this): what a device's IndexedDB holds after a tab died mid-write.
import type { DBCore, Middleware } from 'dexie';
import * as Y from 'yjs';
import { updatesTable, type BaseroomDB } from './database';
import { encryptionMiddleware } from '../lock/encryptionMiddleware';
import { rowCipher } from '../lock/rowCipher';

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

/**
 * Counts writes, and reads that return rows (each one opened by the row cipher on a device), per table, below Dexie:
 * pass the middleware as `openDatabase`'s `sealWith`.
 */
export function countingRowAccess() {
  const writes = new Map<string, number>();
  const reads = new Map<string, number>();
  const count = (counts: Map<string, number>, table: string) => counts.set(table, (counts.get(table) ?? 0) + 1);
  const middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'CountRowAccess',
    create: (down) => ({
      ...down,
      table: (table) => {
        const t = down.table(table);
        return {
          ...t,
          mutate: (req) => (count(writes, table), t.mutate(req)),
          get: (req) => (count(reads, table), t.get(req)),
          getMany: (req) => (count(reads, table), t.getMany(req)),
          query: (req) => (req.values && count(reads, table), t.query(req)),
          openCursor: (req) => (req.values !== false && count(reads, table), t.openCursor(req)),
        };
      },
    }),
  };
  return { writes, reads, middleware };
}

/**
 * Rows stored sealed, as on a device, counting every row opened (decrypted): what a screen's reads cost a tablet.
 * Pass `middleware` as `openDatabase`'s `sealWith`; `opened()` is the count so far.
 */
export function countingSeal() {
  const cipher = rowCipher(crypto.getRandomValues(new Uint8Array(32)));
  let opened = 0;
  const middleware = encryptionMiddleware({ seal: (value) => cipher.seal(value), open: (sealed) => (opened++, cipher.open(sealed)) });
  return { middleware, opened: () => opened };
}
