// State-vector coverage and peeking at the relay's sync messages.
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { addsInsertions, covers, localStateVector, peekSyncMessage } from './stateVector';

const sv = (entries: [number, number][]) => new Map(entries);

describe('covers', () => {
  it.each([
    ['empty local is always covered', [], [], true],
    ['equal clocks', [[1, 5]], [[1, 5]], true],
    ['relay ahead', [[1, 9], [2, 3]], [[1, 5]], true],
    ['relay behind on one client', [[1, 4], [2, 3]], [[1, 5], [2, 3]], false],
    ['relay missing a client', [[1, 5]], [[1, 5], [7, 1]], false],
  ] as [string, [number, number][], [number, number][], boolean][])('%s', (_label, relay, local, expected) => {
    expect(covers(sv(relay), sv(local))).toBe(expected);
  });
});

describe('peekSyncMessage', () => {
  it('reads a step 1 state vector without consuming the decoder', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const encoder = encoding.createEncoder();
    syncProtocol.writeSyncStep1(encoder, doc);
    const decoder = decoding.createDecoder(encoding.toUint8Array(encoder));
    const peeked = peekSyncMessage(decoder);
    expect(peeked).toEqual({ type: 'step1', stateVector: localStateVector(doc) });
    expect(decoding.readVarUint(decoder)).toBe(0);
  });

  it('tells step 2 and updates apart, and survives garbage', () => {
    const doc = new Y.Doc();
    const step2 = encoding.createEncoder();
    syncProtocol.writeSyncStep2(step2, doc);
    expect(peekSyncMessage(decoding.createDecoder(encoding.toUint8Array(step2)))).toEqual({ type: 'step2', carries: new Map() });
    const update = encoding.createEncoder();
    syncProtocol.writeUpdate(update, Y.encodeStateAsUpdate(doc));
    expect(peekSyncMessage(decoding.createDecoder(encoding.toUint8Array(update)))).toEqual({ type: 'update', carries: new Map() });
    expect(peekSyncMessage(decoding.createDecoder(new Uint8Array([0, 200])))).toEqual({ type: 'unknown' });
  });

  it('reads where each client ends in what a step 2 or an update carries, whether or not the receiver has it already', () => {
    const doc = new Y.Doc();
    doc.clientID = 7;
    doc.getMap('m').set('a', 1);
    const before = Y.encodeStateVector(doc);
    doc.getMap('m').set('b', 2);
    doc.getMap('m').delete('a');
    // Only the second change, from clock 1: it ends at clock 2 (the deletion moves no clock).
    const update = encoding.createEncoder();
    syncProtocol.writeUpdate(update, Y.encodeStateAsUpdate(doc, before));
    expect(peekSyncMessage(decoding.createDecoder(encoding.toUint8Array(update)))).toEqual({ type: 'update', carries: new Map([[7, 2]]) });
    const step2 = encoding.createEncoder();
    syncProtocol.writeSyncStep2(step2, doc);
    expect(peekSyncMessage(decoding.createDecoder(encoding.toUint8Array(step2)))).toEqual({ type: 'step2', carries: new Map([[7, 2]]) });
  });
});

describe('addsInsertions', () => {
  it('is false for a deletion-only change', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const before = localStateVector(doc);
    doc.getMap('m').delete('a');
    expect(addsInsertions(before, localStateVector(doc))).toBe(false);
    doc.getMap('m').set('b', 2);
    expect(addsInsertions(before, localStateVector(doc))).toBe(true);
  });
});
