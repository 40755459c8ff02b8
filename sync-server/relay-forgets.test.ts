// Compaction that forgets: text overwritten or deleted on a device is gone from the relay's files once the log is compacted.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from './test-support/clients.js';
import { coordinator } from './test-support/devices.js';
import { startRelay, type RelayProcess } from './test-support/relay-process.js';

/** Every byte of every file in the relay's data folder, as one buffer to search. */
async function dataFolderBytes(dir: string): Promise<Buffer> {
  const names = await readdir(dir);
  return Buffer.concat(await Promise.all(names.map((n) => readFile(path.join(dir, n)))));
}

describe('the relay forgets what devices overwrote or deleted', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay();
  }, 30_000);
  afterAll(() => relay?.dispose());

  it('keeps no copy of a replaced note or a deleted one after compaction', async () => {
    const device = coordinator(relay.dataDir);
    const client = new TestClient(relay.wsUrl, 'room/base/2026-11-23', device.token);
    await client.waitSynced();
    const notes = client.doc.getMap('notes');
    notes.set('n1', 'FIRST-DRAFT-6c1f: said something hurtful about his brother');
    notes.set('n2', 'DELETED-NOTE-91ab: written on the wrong pupil');
    await client.waitSafe();
    // The deletion first: the acknowledgement of the change after it covers it too (the relay handles them in order),
    // whereas a deletion alone moves no state vector for waitSafe to see.
    notes.delete('n2');
    notes.set('n1', 'Settled after break');
    await client.waitSafe();
    client.destroy();
    // While it runs, the log still holds every update (devices may be behind); a stop unloads and compacts the document.
    expect((await dataFolderBytes(relay.dataDir)).includes('FIRST-DRAFT-6c1f')).toBe(true);
    await relay.restart();
    const bytes = await dataFolderBytes(relay.dataDir);
    expect(bytes.includes('FIRST-DRAFT-6c1f')).toBe(false);
    expect(bytes.includes('DELETED-NOTE-91ab')).toBe(false);

    const reader = new TestClient(relay.wsUrl, 'room/base/2026-11-23', device.token);
    await reader.waitSynced();
    expect(reader.doc.getMap('notes').toJSON()).toEqual({ n1: 'Settled after break' });
    reader.destroy();
  });
});
