// After the relay is restored from a backup, with the real relay process and the stock y-websocket client: the device's
// changes the relay lost are counted as on it again once it holds them, whichever device sent them back first.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runRelayCommand } from '../../sync-server/test-support/relay-process';
import { onDocUpdate, waitUntil } from '../../sync-server/test-support/clients';
import { holdingSockets, memoryDevice, pairedEngine, relayForTests, waitForStatus, withLaptop } from './testSupport';

const day = 'room/base/2026-11-30';

describe('a device catching up with a relay restored from a backup', () => {
  const ctx = relayForTests();
  const entriesOnRelay = (name: string) => withLaptop(ctx.relay, name, async (reader) => reader.doc.getMap('entries').toJSON());

  it('says "all safe" once another device has sent the relay this device’s lost change first (its own copy stores nothing new)', { timeout: 60_000 }, async () => {
    const device = memoryDevice();
    const sockets = holdingSockets(day);
    const engine = await pairedEngine(ctx, device, { WebSocketImpl: sockets.WebSocketImpl });
    const { relay } = ctx;
    await waitForStatus(engine, 'all safe', (s) => s.status.kind === 'all-safe');

    const dir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-restore-catch-up-'));
    let receivedElsewhere: Uint8Array;
    try {
      const backup = path.join(dir, 'backup.sqlite');
      const taken = await runRelayCommand(relay.dataDir, ['backup', backup]);
      expect(taken.code, taken.stderr).toBe(0);

      // After the backup: the tablet records a day; the relay acknowledges it; a coordinator's laptop receives it.
      (await device.source.open(day)).getMap('entries').set('p1', 'arrived 08:50');
      await expect.poll(() => engine.unsyncedDocuments()).toEqual([]);
      receivedElsewhere = await withLaptop(relay, day, async (laptop) => {
        await waitUntil('the laptop holds the day', () => laptop.doc.getMap('entries').get('p1') !== undefined, onDocUpdate(laptop.doc));
        return Y.encodeStateAsUpdate(laptop.doc);
      });
      device.source.close(day);

      await relay.stop();
      await waitForStatus(engine, 'offline', (s) => s.status.kind === 'offline');
      const restored = await runRelayCommand(relay.dataDir, ['restore', backup]);
      expect(restored.code, restored.stderr).toBe(0);
    } finally {
      sockets.arm();
      await relay.restart();
      await rm(dir, { recursive: true, force: true });
    }

    // The tablet's catch-up opens the day (the relay no longer lists it) and answers the relay's greeting: held.
    await sockets.answerHeld;
    // Meanwhile the laptop comes back and sends the relay what it holds of the day: the tablet's change, first.
    const laptopCopy = new Y.Doc();
    Y.applyUpdate(laptopCopy, receivedElsewhere!);
    await withLaptop(relay, day, (laptop) => laptop.waitSafe(), laptopCopy);
    // The tablet's own answer now adds nothing the relay stores, so the relay sends it no acknowledgement: what the
    // relay forwarded from the laptop is what says it holds the change. (Without that, the day stays "syncing" until
    // the stock client gives up on a silent socket after 30 s and reconnects.)
    sockets.release();
    await waitForStatus(engine, 'all safe after the restore', (s) => s.status.kind === 'all-safe', 15_000);
    expect(await entriesOnRelay(day)).toEqual({ p1: 'arrived 08:50' });
  });
});
