// Moves a device's data from before encryption (the plaintext `baseroom` database) into the sealed one, then deletes it.
import { Dexie } from 'dexie';
import type { BaseroomDB } from '../db/database';
import { PLAINTEXT_DB_NAME } from '../db/dbNames';

/** Copies every table's rows into `sealed` (which seals them on the way in) and deletes the plaintext database. */
export async function migratePlaintext(sealed: BaseroomDB, name = PLAINTEXT_DB_NAME): Promise<number> {
  if (!(await Dexie.exists(name))) return 0;
  const plain = new Dexie(name);
  await plain.open();
  let rows = 0;
  try {
    for (const table of plain.tables) {
      const values = await table.toArray();
      if (values.length === 0) continue;
      await sealed.table(table.name).bulkPut(values);
      rows += values.length;
    }
  } finally {
    plain.close();
  }
  // Only once every row is safely sealed: a failure above leaves the plaintext copy to migrate again next unlock.
  await Dexie.delete(name);
  return rows;
}
