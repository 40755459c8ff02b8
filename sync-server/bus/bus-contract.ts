// The behaviour every FanoutBus must have, and what a node catching up from the store gets through it; run against
// PostgreSQL LISTEN/NOTIFY and Redis pub/sub (bus.test.ts).
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SharedStore, StoredUpdate } from '../store/shared-store.js';
import type { FanoutBus, BusHint } from './bus.js';
import { DocFollower } from './follower.js';

export interface BusHarness {
  open(): Promise<FanoutBus>;
  /** Takes the bus away from every node: connections dropped, new ones refused (a killed Redis, say). */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Puts any payload on the bus's channel, as a stranger with access to it might. */
  publishRaw(payload: string): Promise<void>;
  /** The shared store the nodes catch up from. */
  store(): SharedStore;
}

/** Collects values and lets a test wait for the nth, without sleeping. */
function collector<T>() {
  const items: T[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  return {
    items,
    push(item: T) {
      items.push(item);
      for (const w of waiting.filter((w) => items.length >= w.n)) w.resolve();
    },
    until: (n: number) => new Promise<void>((resolve) => (items.length >= n ? resolve() : waiting.push({ n, resolve }))),
  };
}

function edits(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getText('t').insert(i, 'x');
  return updates;
}

/** The bus as a node would see it if every hint for which `drop` says true were lost on the way. */
function lossy(bus: FanoutBus, drop: (hint: BusHint) => boolean): FanoutBus {
  return { ...bus, onHint: (listener) => bus.onHint((hint) => drop(hint) || listener(hint)) };
}

export function registerBusContractTests(name: string, harness: () => BusHarness): void {
  describe(`FanoutBus contract: ${name}`, { timeout: 30_000 }, () => {
    const opened: FanoutBus[] = [];
    const followers: DocFollower[] = [];
    const open = async () => {
      const bus = await harness().open();
      opened.push(bus);
      return bus;
    };
    const follow = (bus: FanoutBus, pollMs = 0) => {
      const delivered = collector<StoredUpdate>();
      const follower = new DocFollower(harness().store(), bus, (_s, _d, rows) => rows.forEach((r) => delivered.push(r)), { pollMs });
      followers.push(follower);
      return { follower, delivered };
    };
    const school = () => `school-${randomBytes(6).toString('hex')}`;
    afterEach(async () => {
      for (const f of followers.splice(0)) f.close();
      for (const bus of opened.splice(0)) await bus.close();
    });

    it('delivers a hint from one node to every other node', async () => {
      const [a, b, c] = [await open(), await open(), await open()];
      const atB = collector<BusHint>();
      const atC = collector<BusHint>();
      b.onHint((h) => atB.push(h));
      c.onHint((h) => atC.push(h));
      const hint = { school: school(), docName: 'room/base/2026-11-23', seq: 42 };
      expect(await a.publish(hint)).toBe(true);
      await Promise.all([atB.until(1), atC.until(1)]);
      expect(atB.items).toEqual([hint]);
      expect(atC.items).toEqual([hint]);
      // An erasure's hint: the document's name, never anything of its content.
      const erased = { school: hint.school, docName: 'pupil/p-7f3a', erased: true as const };
      expect(await a.publish(erased)).toBe(true);
      await Promise.all([atB.until(2), atC.until(2)]);
      expect(atB.items[1]).toEqual(erased);
      expect(atC.items[1]).toEqual(erased);
    });

    it('ignores anything on the channel that is not a hint, and keeps delivering', async () => {
      const [a, b] = [await open(), await open()];
      const atB = collector<BusHint>();
      b.onHint((h) => atB.push(h));
      for (const junk of [
        'not json',
        '{"school":"Bad School!","docName":"school","seq":1}',
        '{"school":"s1","docName":"../../etc/passwd","seq":1}',
        '{"school":"s1","docName":"school","seq":-1}',
        '{"school":"s1","docName":"school","erased":false}',
        '{"school":"s1","docName":"school","seq":1,"text":"a pupil\'s name"}',
        '[]',
      ])
        await harness().publishRaw(junk);
      const hint = { school: school(), docName: 'school', seq: 7 };
      await a.publish(hint);
      await atB.until(1);
      expect(atB.items).toEqual([hint]);
    });

    it('says false at once while the bus is down, and when it is back tells every node to catch up', async () => {
      const [a, b] = [await open(), await open()];
      const reconnected = collector<true>();
      b.onReconnect(() => reconnected.push(true));
      await harness().down();
      try {
        expect(await a.publish({ school: school(), docName: 'school', seq: 1 })).toBe(false);
      } finally {
        await harness().up();
      }
      await reconnected.until(1);
      const atB = collector<BusHint>();
      b.onHint((h) => atB.push(h));
      const hint = { school: school(), docName: 'school', seq: 2 };
      await (await open()).publish(hint);
      await atB.until(1);
      expect(atB.items).toEqual([hint]);
    });

    it('loses nothing when hints are lost: the next hint, or the poll, brings every row in order', async () => {
      const s = school();
      const writer = harness().store().forSchool(s);
      const a = await open();
      const b = await open();
      // Node B hears only every fourth hint; node C hears none and relies on its poll.
      let n = 0;
      const atB = follow(lossy(b, () => ++n % 4 !== 0));
      const atC = follow(lossy(b, () => true), 50);
      atB.follower.follow(s, 'school', 0);
      atC.follower.follow(s, 'school', 0);
      const seqs: number[] = [];
      for (const u of edits(8)) {
        const { seq } = await writer.appendUpdate('school', u);
        seqs.push(seq);
        await a.publish({ school: s, docName: 'school', seq });
      }
      await Promise.all([atB.delivered.until(8), atC.delivered.until(8)]);
      expect(atB.delivered.items.map((r) => r.seq)).toEqual(seqs);
      expect(atC.delivered.items.map((r) => r.seq)).toEqual(seqs);
    });

    it('brings a node every row written while the bus was down, once it is back', async () => {
      const s = school();
      const writer = harness().store().forSchool(s);
      const a = await open();
      const atB = follow(await open());
      atB.follower.follow(s, 'pupil/p1', 0);
      const seqs: number[] = [];
      await harness().down();
      try {
        for (const u of edits(5)) {
          const { seq } = await writer.appendUpdate('pupil/p1', u);
          seqs.push(seq);
          expect(await a.publish({ school: s, docName: 'pupil/p1', seq })).toBe(false);
        }
        expect(atB.delivered.items).toEqual([]);
      } finally {
        await harness().up();
      }
      // No poll and no hint got through: only the reconnect's catch-up can bring them.
      await atB.delivered.until(5);
      expect(atB.delivered.items.map((r) => r.seq)).toEqual(seqs);
    });
  });
}
