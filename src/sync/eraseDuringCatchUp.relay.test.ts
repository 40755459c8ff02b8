// A catch-up pass waiting on a document this device then erases (a coordinator erasing a day) must end, or every later
// pass is skipped and nothing new reaches the device until the app restarts. Real relay process, stock y-websocket client.
import { describe, expect, it } from 'vitest';
import { holdingSockets, memoryDevice, pairedEngine, relayForTests, withLaptop } from './testSupport';

const erased = 'room/base/2026-11-23';
const later = 'room/base/2026-11-24';

describe('erasing a document a catch-up pass is waiting on', () => {
  const ctx = relayForTests();

  /** A coordinator's laptop writes a day straight to the relay. */
  const writeOnRelay = (name: string) =>
    withLaptop(ctx.relay, name, async (laptop) => {
      laptop.doc.getMap('entries').set('p1', 'arrived 08:50');
      await laptop.waitSafe();
    });

  it('ends the pass, so the next one brings in what the relay has since', { timeout: 60_000 }, async () => {
    await writeOnRelay(erased);
    const device = memoryDevice();
    const sockets = holdingSockets(erased);
    sockets.arm();
    const engine = await pairedEngine(ctx, device, { WebSocketImpl: sockets.WebSocketImpl, discoverEveryMs: 300 });
    // The first pass opens the day; what the device sends on it is held, so the pass waits on it.
    await sockets.answerHeld;
    await engine.erase({ kind: 'day', docName: erased });

    await writeOnRelay(later);
    await expect
      .poll(async () => (await device.source.storedNames()).includes(later), { timeout: 15_000, message: 'a later pass fetched the new day' })
      .toBe(true);
  });
});
