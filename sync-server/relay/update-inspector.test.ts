// The relay's bounded decoder reads exactly what Yjs's own does, and stops at the first struct or deleted range past
// the limit. Seeded (UPDATE_DECODER_SEED=<seed> repeats a run).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRandom, type Random } from '../../src/roster/random.js';
import { decodeUpdate, WriteRefused } from './update-inspector.js';

const seed = Number(process.env.UPDATE_DECODER_SEED ?? 20261202);

/** One random edit of every kind of content Yjs encodes: map values, arrays, formatted text, XML, embeds, bytes, types, deletions. */
function randomEdit(doc: Y.Doc, random: Random): unknown {
  const map = doc.getMap<unknown>('m');
  const array = doc.getArray<unknown>('a');
  const text = doc.getText('t');
  const xml = doc.getXmlFragment('x');
  switch (random.int(9)) {
    case 0:
      return map.set(`k${random.int(20)}`, random.chance(0.5) ? random.int(1000) : { pupilId: `p${random.int(9)}`, list: [1, 'two', null] });
    case 1:
      return array.insert(random.int(array.length + 1), [random.int(5), `s${random.int(5)}`]);
    case 2:
      return text.insert(random.int(text.length + 1), 'word ', random.chance(0.5) ? { bold: true } : undefined);
    case 3:
      return text.length > 2 ? text.format(0, 2, { italic: random.chance(0.5) ? true : null }) : text.insertEmbed(0, { image: 'x' });
    case 4: {
      const element = new Y.XmlElement(random.chance(0.5) ? 'p' : 'li');
      xml.insert(random.int(xml.length + 1), [element]);
      element.setAttribute('class', 'c');
      return element.insert(0, [new Y.XmlText('hi')]);
    }
    case 5:
      return map.set(`b${random.int(5)}`, Uint8Array.of(random.int(256), 2, 3));
    case 6:
      return map.set(`y${random.int(5)}`, new Y.Map<unknown>([['status', 'arrived']]));
    case 7:
      return array.length > 0 ? array.delete(random.int(array.length), 1) : undefined;
    default:
      return text.length > 3 ? text.delete(random.int(text.length - 2), 2) : map.delete(`k${random.int(20)}`);
  }
}

describe('decodeUpdate with a limit', () => {
  it(`decodes as Yjs does within the limit and refuses one struct or range past it (seed ${seed})`, () => {
    const random = createRandom(seed);
    for (let round = 0; round < 40; round++) {
      const doc = new Y.Doc({ gc: random.chance(0.5) });
      const before = Y.encodeStateVector(doc);
      for (let i = 0, n = 1 + random.int(60); i < n; i++) randomEdit(doc, random);
      const update = random.chance(0.3) ? Y.encodeStateAsUpdate(doc, before) : Y.encodeStateAsUpdate(doc);
      const yjs = Y.decodeUpdate(update);
      let size = yjs.structs.length;
      for (const ranges of yjs.ds.clients.values()) size += ranges.length;
      const label = `seed ${seed}, round ${round}`;
      expect(decodeUpdate(update, size), label).toEqual(yjs);
      expect(decodeUpdate(update), label).toEqual(yjs);
      expect(() => decodeUpdate(update, size - 1), label).toThrow(WriteRefused);
    }
  });

  it('leaves no limit behind for the next decode when one is refused', () => {
    const doc = new Y.Doc();
    for (let i = 0; i < 10; i++) doc.getMap('m').set(`k${i}`, i);
    const update = Y.encodeStateAsUpdate(doc);
    expect(() => decodeUpdate(update, 3)).toThrow(/too-many-structs/);
    expect(decodeUpdate(update).structs).toHaveLength(10);
  });
});
