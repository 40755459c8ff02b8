// A catch-up pass waiting on a document this device then erases (a coordinator erasing a day) must end, or every later
// pass is skipped and nothing new reaches the device until the app restarts. Real relay process, stock y-websocket client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDevice, startRelay, type RelayProcess } from '../../sync-server/test-support/relay-process';
import { seedSchool } from '../../sync-server/test-support/school';
import { TestClient } from '../../sync-server/test-support/clients';
import { coordinator } from '../../sync-server/test-support/devices';
import type { SyncEngine } from './syncEngine';
import { engineFor, holdingSockets, memoryDevice } from './testSupport';

const erased = 'room/base/2026-11-23';
const later = 'room/base/2026-11-24';

describe('erasing a document a catch-up pass is waiting on', () => {
  let relay: RelayProcess;
  const engines: SyncEngine[] = [];

  beforeAll(async () => {
    relay = await startRelay();
    await seedSchool(relay, { rooms: { base: 'The BASE' } });
  }, 30_000);
  afterAll(async () => {
    engines.forEach((e) => e.stop());
    await relay?.dispose();
  });

  /** A coordinator's laptop writes a day straight to the relay. */
  const writeOnRelay = async (name: string) => {
    const laptop = new TestClient(relay.wsUrl, name, coordinator(relay.dataDir).token);
    try {
      await laptop.waitSynced();
      laptop.doc.getMap('entries').set('p1', 'arrived 08:50');
      await laptop.waitSafe();
    } finally {
      laptop.destroy();
    }
  };

  it('ends the pass, so the next one brings in what the relay has since', { timeout: 60_000 }, async () => {
    await writeOnRelay(erased);
    const device = memoryDevice();
    const sockets = holdingSockets(erased);
    sockets.arm();
    const { engine } = engineFor(relay, device, { WebSocketImpl: sockets.WebSocketImpl, discoverEveryMs: 300 });
    engines.push(engine);
    await engine.start();
    await engine.pair((await enrolDevice(relay.dataDir, ['--role', 'coordinator'])).code);
    // The first pass opens the day; what the device sends on it is held, so the pass waits on it.
    await sockets.answerHeld;
    await engine.erase({ kind: 'day', docName: erased });

    await writeOnRelay(later);
    await expect
      .poll(async () => (await device.source.storedNames()).includes(later), { timeout: 15_000, message: 'a later pass fetched the new day' })
      .toBe(true);
  });
});
