// Loaded documents over an in-memory store: load before first use, commit before any message that reflects a change
// (held commits, group commit), compaction, idle unload.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStore } from '../store/memory-store.js';
import type { RelayStore } from '../store/relay-store.js';
import { DocRegistry, type RegistryOptions } from './doc-registry.js';
import { GroupCommitter, type UpdateCommitter } from '../store/group-commit.js';
import { adaptSyncStore } from '../store/sync-store-adapter.js';
import type { SchoolStore } from '../store/shared-store.js';
import { HeldCommitter } from '../test-support/held-committer.js';
import { covers } from '../test-support/clients.js';
import { parseClientMessage } from './protocol.js';
import { decodeUpdate, WriteRefused } from './update-inspector.js';
import type { DocPeer } from './shared-doc.js';

const docName = 'room/base/2026-11-23';

/** The registry over a synchronous store (through the adapter), committing by group commit over it unless told. */
const registryOver = (store: RelayStore, options: RegistryOptions, committer: UpdateCommitter = new GroupCommitter(store)) =>
  new DocRegistry(adaptSyncStore(() => store).forSchool('default'), options, committer);

function fakePeer(onSend: (message: Uint8Array) => void = () => {}, onAck: () => void = () => {}): DocPeer & { closedWith?: number; acks: number } {
  const peer = {
    deviceId: 'd-test',
    role: 'coordinator' as const,
    acks: 0,
    closedWith: undefined as number | undefined,
    send: onSend,
    close: (code: number) => void (peer.closedWith = code),
    changeCommitted: () => {
      peer.acks++;
      onAck();
    },
  };
  return peer;
}

/** The state vector of everything the store holds for the document. */
function storedState(store: RelayStore): Map<number, number> {
  const doc = new Y.Doc();
  for (const update of store.loadDoc(docName)) Y.applyUpdate(doc, update);
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** The same wire format both ways: what the relay sent, by type. */
function sentType(message: Uint8Array): string {
  return parseClientMessage(message).type;
}

function forwardedState(message: Uint8Array): Map<number, number> {
  const parsed = parseClientMessage(message);
  if (parsed.type !== 'sync-update') throw new Error(`expected a forwarded update, got ${parsed.type}`);
  return Y.decodeStateVector(Y.encodeStateVectorFromUpdate(parsed.update));
}

function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('DocRegistry', () => {
  afterEach(() => vi.useRealTimers());

  it('loads the stored document fully before the first peer sees it', async () => {
    const store = createMemoryStore();
    store.appendUpdate(docName, edit('register'));
    const registry = registryOver(store, { idleUnloadMs: 1_000, compactAfterUpdates: 100 });
    const doc = await registry.join(docName, fakePeer());
    expect(doc.doc.getText('t').toString()).toBe('register');
  });

  it('holds the broadcast, the acknowledgement and every message reflecting a change until its commit returns', async () => {
    const store = createMemoryStore();
    const committer = new HeldCommitter(store);
    const registry = registryOver(store, { idleUnloadMs: 1_000, compactAfterUpdates: 100 }, committer);
    const sent: string[] = [];
    const acked: Map<number, number>[] = [];
    const sender = fakePeer(() => sent.push('to sender'), () => acked.push(Y.decodeStateVector(doc.committedStateVector)));
    const doc = await registry.join(docName, sender);
    const other = fakePeer((m) => sent.push(`to other: ${sentType(m)}`));
    await registry.join(docName, other);
    doc.applyFrom(sender, edit('a'), { maxStructs: 100, maxNewClients: 10, maxClockSpan: 1_000, maxClientsPerDevice: 10 });
    // A device that asks now is answered with state not yet on disk: the answer waits too.
    doc.sendTo(other, new Uint8Array([0, 1, 0]));
    expect(committer.waiting).toBe(1);
    expect([sent, acked, sender.acks, store.updateCount(docName)]).toEqual([[], [], 0, 0]);
    // What a device joining now is told the relay holds: not the change still being committed.
    expect(Y.decodeStateVector(doc.committedStateVector).size).toBe(0);
    expect(doc.settled).toBe(false);

    committer.release();
    await vi.waitFor(() => expect(sender.acks).toBe(1));
    expect(sent).toEqual(['to other: sync-update', 'to other: sync-step2']);
    expect(covers(storedState(store), acked[0]!)).toBe(true);
    expect(acked[0]!.size).toBe(1);
    expect(doc.settled).toBe(true);
    // Nothing waits now: sent at once.
    doc.sendTo(other, new Uint8Array([0, 1, 0]));
    expect(sent).toHaveLength(3);
  });

  it('group-commits a burst: fewer commits than updates, and each acknowledgement and broadcast only after its commit', async () => {
    const store = createMemoryStore();
    let commits = 0;
    const counted: RelayStore = { ...store, commitBatch: (batch) => (commits++, store.commitBatch(batch)) };
    const committer = new GroupCommitter(counted);
    const registry = registryOver(store, { idleUnloadMs: 1_000, compactAfterUpdates: 1_000 }, committer);
    const limits = { maxStructs: 100, maxNewClients: 10, maxClockSpan: 1_000, maxClientsPerDevice: 10 };
    const violations: string[] = [];
    let acked = 0;
    const writers = [0, 1].map((n) =>
      fakePeer(
        (m) => {
          // A forwarded change must already be on disk when it leaves.
          if (!covers(storedState(store), forwardedState(m))) violations.push(`writer ${n} was sent an uncommitted change`);
        },
        () => {
          acked++;
          if (!covers(storedState(store), Y.decodeStateVector(doc.committedStateVector))) violations.push(`writer ${n} was acknowledged before its commit`);
        },
      ),
    );
    const doc = await registry.join(docName, writers[0]!);
    await registry.join(docName, writers[1]!);
    const sources = [new Y.Doc(), new Y.Doc()];
    const N = 20;
    for (let i = 0; i < N; i++) {
      const source = sources[i % 2]!;
      const before = Y.encodeStateVector(source);
      source.getText('t').insert(0, String(i));
      doc.applyFrom(writers[i % 2]!, Y.encodeStateAsUpdate(source, before), limits);
    }
    expect(store.updateCount(docName)).toBe(0);
    await vi.waitFor(() => expect(acked).toBe(N));
    expect(commits).toBeLessThan(N);
    expect(committer.committedUpdates).toBe(N);
    expect(violations).toEqual([]);
    expect(store.updateCount(docName)).toBe(N);
  });

  it('compacts the log once it passes the threshold', async () => {
    const store = createMemoryStore();
    const registry = registryOver(store, { idleUnloadMs: 1_000, compactAfterUpdates: 5 });
    const peer = fakePeer();
    const doc = await registry.join(docName, peer);
    for (let i = 0; i < 6; i++) Y.applyUpdate(doc.doc, edit(String(i)), peer);
    await vi.waitFor(() => expect(peer.acks).toBe(6));
    expect(store.updateCount(docName)).toBe(1);
    expect(doc.doc.getText('t').length).toBe(6);
  });

  it('unloads and compacts a document left idle, and reloads it on the next join', async () => {
    vi.useFakeTimers();
    const store = createMemoryStore();
    const registry = registryOver(store, { idleUnloadMs: 1_000, compactAfterUpdates: 100 });
    const peer = fakePeer();
    const doc = await registry.join(docName, peer);
    Y.applyUpdate(doc.doc, edit('a'), peer);
    Y.applyUpdate(doc.doc, edit('b'), peer);
    registry.leave(doc, peer);
    await vi.advanceTimersByTimeAsync(999);
    expect(store.updateCount(docName)).toBe(2);
    expect(registry.loadedCount).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(registry.loadedCount).toBe(0);
    expect(store.updateCount(docName)).toBe(1);
    expect((await registry.join(docName, fakePeer())).doc.getText('t').length).toBe(2);
  });

  it('drops the document and closes every peer when the store cannot commit', async () => {
    const store = createMemoryStore();
    const failing: RelayStore = { ...store, commitBatch: () => { throw new Error('disk full'); } };
    const registry = registryOver(failing, { idleUnloadMs: 1_000, compactAfterUpdates: 100 });
    const sender = fakePeer(() => expect.fail('nothing unpersisted may be sent'));
    const other = fakePeer(() => expect.fail('nothing unpersisted may be sent'));
    const doc = await registry.join(docName, sender);
    await registry.join(docName, other);
    Y.applyUpdate(doc.doc, edit('a'), sender);
    await vi.waitFor(() => expect([sender.closedWith, other.closedWith, registry.loadedCount]).toEqual([1011, 1011, 0]));
    expect(sender.acks).toBe(0);
  });

  it('closes only the device whose change the store refused with 4422; the others reconnect (1011) and send theirs again', async () => {
    const store = createMemoryStore();
    // As PostgreSQL does when another node's device claimed the client id first: that change, and every one after it
    // in the same document, is refused.
    let refusing = false;
    const real = new GroupCommitter(store);
    const committer: UpdateCommitter = {
      append: (name, update, claim, written) =>
        refusing ? Promise.reject(new WriteRefused('foreign-client', 'claimed on another node')) : real.append(name, update, claim, written),
      appendAudit: (entry) => real.appendAudit(entry),
      touchDevice: (deviceId, at) => real.touchDevice(deviceId, at),
      flush: () => real.flush(),
      commits: 0,
      committedUpdates: 0,
    };
    const registry = registryOver(store, { idleUnloadMs: 1_000, compactAfterUpdates: 100 }, committer);
    const forger = fakePeer();
    const bystander = fakePeer();
    const doc = await registry.join(docName, forger);
    await registry.join(docName, bystander);
    refusing = true;
    Y.applyUpdate(doc.doc, edit('a'), forger);
    Y.applyUpdate(doc.doc, edit('b'), bystander);
    await vi.waitFor(() => expect([forger.closedWith, bystander.closedWith, registry.loadedCount]).toEqual([4422, 1011, 0]));
  });

  it('keeps a document whose commit is still open loaded past its idle time: a reload would miss the change', async () => {
    vi.useFakeTimers();
    const store = createMemoryStore();
    const committer = new HeldCommitter(store);
    const registry = registryOver(store, { idleUnloadMs: 20, compactAfterUpdates: 100 }, committer);
    const peer = fakePeer();
    const doc = await registry.join(docName, peer);
    Y.applyUpdate(doc.doc, edit('a'), peer);
    registry.leave(doc, peer);
    await vi.advanceTimersByTimeAsync(100);
    expect(registry.loadedCount).toBe(1);
    committer.release();
    await vi.advanceTimersByTimeAsync(20);
    expect(registry.loadedCount).toBe(0);
    expect((await registry.join(docName, fakePeer())).doc.getText('t').toString()).toBe('a');
  });

  it('erases a pupil across many days without holding the event loop, refusing writes that name them from the start', async () => {
    const store = createMemoryStore();
    const day = (n: number) => `room/base/2026-03-${String(n).padStart(2, '0')}`;
    const withEntry = (pupilId: string) => {
      const doc = new Y.Doc();
      doc.getMap('entries').set(pupilId, new Y.Map<unknown>([['pupilId', pupilId], ['followUp', 'ENTRY-OF-THE-ERASED']]));
      return Y.encodeStateAsUpdate(doc);
    };
    for (let n = 1; n <= 20; n++) store.appendUpdate(day(n), withEntry('p-gone'));
    store.appendUpdate('pupil/p-gone', edit('their record'));
    const registry = registryOver(store, { idleUnloadMs: 60_000, compactAfterUpdates: 100 });
    const loaded = await registry.join(day(1), fakePeer());
    const nobody = <T,>(work: () => T) => work();
    const newEntry = decodeUpdate(withEntry('p-gone'));
    // Not known to be erased yet: the store's tombstones are asked.
    await registry.refuseErasedPupils(loaded, newEntry, nobody);

    let finished = false;
    const erasing = registry.erasePupil('p-gone', 1_000).then((changed) => ((finished = true), changed));
    // One turn of the event loop later the scan is still going: sockets are served between documents.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(finished).toBe(false);
    // Meanwhile a device's new entry for the pupil, in a day already cleaned or not, is refused.
    expect(() => registry.refuseErasedPupils(loaded, newEntry, nobody)).toThrow(expect.objectContaining({ reason: 'erased-pupil' }));

    expect(await erasing).toHaveLength(20);
    expect(store.erasedAt('pupil/p-gone')).toBe(1_000);
    for (let n = 1; n <= 20; n++) expect(store.loadDoc(day(n)).some((u) => Buffer.from(u).includes('ENTRY-OF-THE-ERASED'))).toBe(false);
    expect(() => registry.refuseErasedPupils(loaded, newEntry, nobody)).toThrow(expect.objectContaining({ reason: 'erased-pupil' }));
  });

  it('asks the store about one write\'s unknown ids a few at a time, and still refuses an erased pupil among them', async () => {
    const store = createMemoryStore();
    store.eraseDoc('pupil/p-erased-40', 1_000);
    const view = adaptSyncStore(() => store).forSchool('default');
    let inFlight = 0;
    let most = 0;
    const counting: SchoolStore = {
      ...view,
      async erasedAt(name) {
        most = Math.max(most, ++inFlight);
        await new Promise<void>((resolve) => setImmediate(resolve));
        inFlight--;
        return view.erasedAt(name);
      },
    };
    const registry = new DocRegistry(counting, { idleUnloadMs: 60_000, compactAfterUpdates: 100 }, new GroupCommitter(store));
    const loaded = await registry.join(docName, fakePeer());
    const doc = new Y.Doc();
    for (let i = 0; i < 60; i++) doc.getMap('entries').set(`p-erased-${i}`, new Y.Map<unknown>([['pupilId', `p-erased-${i}`]]));
    const check = registry.refuseErasedPupils(loaded, decodeUpdate(Y.encodeStateAsUpdate(doc)), (work) => work());
    await expect(check).rejects.toMatchObject({ reason: 'erased-pupil', detail: 'p-erased-40' });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
  });
});
