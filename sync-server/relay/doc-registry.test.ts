// Loaded documents over an in-memory store: load before first use, persist before broadcast, compaction, idle unload.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStore } from '../store/memory-store.js';
import type { RelayStore } from '../store/relay-store.js';
import { DocRegistry } from './doc-registry.js';
import type { DocPeer } from './shared-doc.js';

const docName = 'room/base/2026-11-23';

function fakePeer(onSend: (message: Uint8Array) => void = () => {}): DocPeer & { closedWith?: number; acks: number } {
  const peer = {
    deviceId: 'd-test',
    role: 'coordinator' as const,
    acks: 0,
    closedWith: undefined as number | undefined,
    send: onSend,
    close: (code: number) => void (peer.closedWith = code),
    changeCommitted: () => void peer.acks++,
  };
  return peer;
}

function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('DocRegistry', () => {
  afterEach(() => vi.useRealTimers());

  it('loads the stored document fully before the first peer sees it', () => {
    const store = createMemoryStore();
    store.appendUpdate(docName, edit('register'));
    const registry = new DocRegistry(store, { idleUnloadMs: 1_000, compactAfterUpdates: 100 });
    const doc = registry.join(docName, fakePeer());
    expect(doc.doc.getText('t').toString()).toBe('register');
  });

  it('commits an update before broadcasting it, and acknowledges the sender', () => {
    const store = createMemoryStore();
    const registry = new DocRegistry(store, { idleUnloadMs: 1_000, compactAfterUpdates: 100 });
    const rowsWhenBroadcast: number[] = [];
    const sender = fakePeer();
    const doc = registry.join(docName, sender);
    registry.join(docName, fakePeer(() => rowsWhenBroadcast.push(store.updateCount(docName))));
    Y.applyUpdate(doc.doc, edit('a'), sender);
    expect(rowsWhenBroadcast).toEqual([1]);
    expect(sender.acks).toBe(1);
  });

  it('compacts the log once it passes the threshold', () => {
    const store = createMemoryStore();
    const registry = new DocRegistry(store, { idleUnloadMs: 1_000, compactAfterUpdates: 5 });
    const peer = fakePeer();
    const doc = registry.join(docName, peer);
    for (let i = 0; i < 6; i++) Y.applyUpdate(doc.doc, edit(String(i)), peer);
    expect(store.updateCount(docName)).toBe(1);
    expect(doc.doc.getText('t').length).toBe(6);
  });

  it('unloads and compacts a document left idle, and reloads it on the next join', () => {
    vi.useFakeTimers();
    const store = createMemoryStore();
    const registry = new DocRegistry(store, { idleUnloadMs: 1_000, compactAfterUpdates: 100 });
    const peer = fakePeer();
    const doc = registry.join(docName, peer);
    Y.applyUpdate(doc.doc, edit('a'), peer);
    Y.applyUpdate(doc.doc, edit('b'), peer);
    registry.leave(doc, peer);
    vi.advanceTimersByTime(999);
    expect(registry.loadedCount).toBe(1);
    vi.advanceTimersByTime(1);
    expect(registry.loadedCount).toBe(0);
    expect(store.updateCount(docName)).toBe(1);
    expect(registry.join(docName, fakePeer()).doc.getText('t').length).toBe(2);
  });

  it('drops the document and closes every peer when the store cannot commit', () => {
    const store = createMemoryStore();
    const failing: RelayStore = { ...store, appendUpdate: () => { throw new Error('disk full'); } };
    const registry = new DocRegistry(failing, { idleUnloadMs: 1_000, compactAfterUpdates: 100 });
    const sender = fakePeer();
    const other = fakePeer(() => expect.fail('nothing unpersisted may be sent'));
    const doc = registry.join(docName, sender);
    registry.join(docName, other);
    expect(() => Y.applyUpdate(doc.doc, edit('a'), sender)).toThrow('disk full');
    expect([sender.closedWith, other.closedWith, registry.loadedCount]).toEqual([1011, 1011, 0]);
  });
});
