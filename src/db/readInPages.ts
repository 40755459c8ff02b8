// Reads a whole table a page at a time: each page is opened (decrypted) in its own task, so a slow tablet holding a
// school year never blocks a tap, or its first screen, behind one long read.
import type { IndexableType, Table } from 'dexie';

/** Every row of `table` in primary-key order, `pageSize` rows per read. */
export async function readInPages<Row, Key extends IndexableType, Insert>(table: Table<Row, Key, Insert>, pageSize: number, keyOf: (row: Row) => Key): Promise<Row[]> {
  const rows: Row[] = [];
  for (;;) {
    const last = rows.length > 0 ? keyOf(rows[rows.length - 1]!) : undefined;
    const page = await (last === undefined ? table.orderBy(':id') : table.where(':id').above(last)).limit(pageSize).toArray();
    rows.push(...page);
    if (page.length < pageSize) return rows;
  }
}
