// SIGKILL the relay while a device streams edits: nothing the relay acknowledged is lost, and everyone catches up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { onDocUpdate, TestClient, waitUntil } from './test-support/clients.js';
import { coordinator } from './test-support/devices.js';
import { startRelay, type RelayProcess } from './test-support/relay-process.js';
import { createRandom } from '../src/roster/random.js';

const baseSeed = Number(process.env.RELAY_CRASH_SEED ?? 20261123);
const seeds = Array.from({ length: 5 }, (_, i) => baseSeed + i);
const notes = (doc: Y.Doc) => doc.getMap<string>('notes');
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

// Both store settings must keep every acknowledged update through a crash of the relay process (only `full`
// also survives a power cut, which no test here can cause).
describe.each(['full', 'normal'])('relay killed mid-sync, STORE_SYNC=%s', { timeout: 20_000 }, (storeSync) => {
  let relay: RelayProcess;
  const clients: TestClient[] = [];
  const client = (docName: string) => {
    const c = new TestClient(relay.wsUrl, docName, coordinator(relay.dataDir).token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    relay = await startRelay({ RATE_LIMIT_BURST: '10000', COMPACT_AFTER_UPDATES: '40', STORE_SYNC: storeSync });
  }, 30_000);
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await relay?.dispose();
  });

  it.each(seeds.map((seed, round) => ({ seed, round })))('loses nothing acknowledged (seed $seed)', async ({ seed, round }) => {
    const random = createRandom(seed);
    const docName = `room/base/2026-11-${String(10 + round).padStart(2, '0')}`;
    const writer = client(docName);
    const observer = client(docName);
    await Promise.all([writer.waitSynced(), observer.waitSynced()]);

    const total = 120 + random.int(120);
    const killAt = 10 + random.int(total - 20);
    const clockAfter: number[] = [];
    let killed: Promise<void> | undefined;
    for (let i = 0; i < total; i++) {
      notes(writer.doc).set(`note-${i}`, `seeded note ${seed}/${i}`);
      clockAfter.push(Y.getState(writer.doc.store, writer.doc.clientID));
      // Kill once the relay has demonstrably acknowledged something, so every round tests a loss window.
      if (!killed && i >= killAt && notes(observer.doc).size > 0) killed = relay.kill();
      if (random.next() < 0.4) await yieldToIo();
    }
    if (!killed) {
      await waitUntil('the observer receives a note', () => notes(observer.doc).size > 0, onDocUpdate(observer.doc));
      killed = relay.kill();
    }
    await killed;
    await waitUntil('clients notice the relay is gone', () => !writer.provider.wsconnected && !observer.provider.wsconnected, (recheck) => {
      writer.provider.on('status', recheck);
      observer.provider.on('status', recheck);
      return () => (writer.provider.off('status', recheck), observer.provider.off('status', recheck));
    });
    writer.provider.disconnect();
    observer.provider.disconnect();

    const ackedClock = writer.relayStateVector.get(writer.doc.clientID) ?? 0;
    const acknowledged = new Set(clockAfter.flatMap((clock, i) => (clock <= ackedClock ? [`note-${i}`] : [])));
    for (const key of notes(observer.doc).keys()) acknowledged.add(key);

    await relay.restart();
    const fresh = client(docName);
    await fresh.waitSynced();
    const lost = [...acknowledged].filter((key) => !notes(fresh.doc).has(key));
    expect(lost, `seed ${seed}: ${acknowledged.size} acknowledged of ${total}, killed after ${killAt + 1}`).toEqual([]);

    writer.provider.connect();
    observer.provider.connect();
    await writer.waitSafe();
    const caughtUp = () => notes(observer.doc).size === total && notes(fresh.doc).size === total;
    await waitUntil(`seed ${seed}: every client has all ${total} notes`, caughtUp, (recheck) => {
      const offs = [observer, fresh].map((c) => onDocUpdate(c.doc)(recheck));
      return () => offs.forEach((off) => off());
    });
    [writer, observer, fresh].forEach((c) => c.destroy());
    clients.length = 0;
  });
});
