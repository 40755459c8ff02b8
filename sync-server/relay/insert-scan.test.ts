import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { InsertScanExceeded, withinInsertScan } from './insert-scan.js';

/** Two copies of one list that each add `k` values at its end while apart; each value a map, an item of its own. */
function concurrentAppends(k: number) {
  const base = new Y.Doc();
  base.getArray('log').push(['start']);
  const a = new Y.Doc();
  const b = new Y.Doc();
  Y.applyUpdate(a, Y.encodeStateAsUpdate(base));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(base));
  for (let i = 0; i < k; i++) {
    a.getArray('log').push([new Y.Map([['v', `a${i}`]])]);
    b.getArray('log').push([new Y.Map([['v', `b${i}`]])]);
  }
  return { a, fromB: Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)) };
}

describe('the walk Yjs does to place concurrent items, counted as it goes', () => {
  it('counts each item walked past: the first of the other copy’s values walks past all k of this copy’s', () => {
    const k = 50;
    const over = concurrentAppends(k);
    let told = 0;
    expect(() => withinInsertScan(k - 1, () => Y.applyUpdate(over.a, over.fromB), () => told++)).toThrow(InsertScanExceeded);
    expect(told).toBe(1);

    const within = concurrentAppends(k);
    withinInsertScan(k, () => Y.applyUpdate(within.a, within.fromB), () => told++);
    expect(told).toBe(1);
    expect(within.a.getArray('log').length).toBe(1 + 2 * k);
  });

  it('counts the walk back through a key’s earlier values when a map entry names no origin', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    // Ten values written to the same key on one copy, each replacing the last: the key's items stay in its list (a
    // second key in between, or Yjs would merge the replaced values, one client's clocks in a row, into one item).
    for (let i = 0; i < 10; i++) (a.getMap('m').set('k', i), a.getMap('m').set('j', i));
    b.getMap('m').set('k', 'other');
    const fromB = Y.encodeStateAsUpdate(b);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(a));
    expect(() => withinInsertScan(3, () => Y.applyUpdate(copy, fromB), () => {})).toThrow(InsertScanExceeded);
  });

  it('counts nothing outside withinInsertScan, nor after it threw (loading a document is not the device’s work)', () => {
    const first = concurrentAppends(20);
    expect(() => withinInsertScan(0, () => Y.applyUpdate(first.a, first.fromB), () => {})).toThrow(InsertScanExceeded);
    const second = concurrentAppends(20);
    Y.applyUpdate(second.a, second.fromB);
    expect(second.a.getArray('log').length).toBe(41);
  });

  it('walks nothing for values added one after another at the end, the honest common case', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    b.transact(() => {
      for (let i = 0; i < 1_000; i++) b.getArray('log').push([new Y.Map([['v', i]])]);
    });
    withinInsertScan(0, () => Y.applyUpdate(a, Y.encodeStateAsUpdate(b)), () => {
      throw new Error('walked');
    });
    expect(a.getArray('log').length).toBe(1_000);
  });
});
