// Through the public protocol, with the store's commit held open (in process): while a device's change is being
// committed, no device hears of it — not its sender (no acknowledgement), not the others (no broadcast), not anyone
// asking for the relay's state or connecting — and all of it arrives the moment the commit returns; a failed commit
// sends none of it. Once written but not yet synced to disk, a change is forwarded, and still nobody is told it is safe.
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { RelayHealth } from '../health.js';
import { guardStore } from '../store/guarded-store.js';
import { createMemoryStore } from '../store/memory-store.js';
import { StoreError, type RelayStore } from '../store/relay-store.js';
import { covers } from '../test-support/clients.js';
import { HeldCommitter } from '../test-support/held-committer.js';
import { inProcessRelay } from '../test-support/in-process-relay.js';
import { closeEvent, inbox, openSocket } from '../test-support/raw-socket.js';
import { encodeSyncStep1, encodeSyncUpdate, parseClientMessage } from './protocol.js';

const docName = 'room/base/2026-11-23';

async function relayWithHeldCommits() {
  const store: RelayStore = guardStore(createMemoryStore(), new RelayHealth());
  const committer = new HeldCommitter(store);
  return { ...(await inProcessRelay(store, ['d-a', 'd-b'], undefined, { committer })), store, committer };
}

/** Both devices connected to the document, each greeted by the relay's sync step 1. */
async function bothGreeted(relay: { wsUrl: string; tokens: string[] }) {
  const [a, b] = (await Promise.all(relay.tokens.map((token) => openSocket(relay.wsUrl, docName, token)))) as [WebSocket, WebSocket];
  const fromA = inbox(a);
  const fromB = inbox(b);
  await Promise.all([fromA.next((m) => typeOf(m) === 'sync-step1'), fromB.next((m) => typeOf(m) === 'sync-step1')]);
  return { a, b, fromA, fromB };
}

/** A ping answered: every message the relay sent this socket before its pong has arrived. */
function roundTrip(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    socket.once('pong', () => resolve());
    socket.ping();
  });
}

const typeOf = (m: Uint8Array) => parseClientMessage(m).type;
function stateVectorOf(m: Uint8Array): Map<number, number> | null {
  const parsed = parseClientMessage(m);
  return parsed.type === 'sync-step1' ? Y.decodeStateVector(parsed.stateVector) : null;
}

function storedState(store: RelayStore): Map<number, number> {
  const doc = new Y.Doc();
  for (const update of store.loadDoc(docName)) Y.applyUpdate(doc, update);
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

describe('a commit held open', () => {
  let close = () => {};
  afterEach(() => close());

  it('confirms nothing and forwards nothing until the commit returns, then all of it', async () => {
    const relay = await relayWithHeldCommits();
    close = relay.close;
    const { a, b, fromA, fromB } = await bothGreeted(relay);

    const source = new Y.Doc();
    source.getMap('notes').set('n1', 'arrived 09:05');
    const client = source.clientID;
    a.send(encodeSyncUpdate(Y.encodeStateAsUpdate(source)));
    await relay.committer.untilWaiting(1);
    // B asks for the relay's state while the change is still being committed: the answer would carry it.
    b.send(encodeSyncStep1(new Uint8Array([0])));
    // A device connecting now is greeted with what the relay holds on disk: not the change.
    const late = await openSocket(relay.wsUrl, docName, relay.tokens[1]!);
    const greeting = await inbox(late).next((m) => typeOf(m) === 'sync-step1');
    expect(stateVectorOf(greeting)!.has(client)).toBe(false);
    await Promise.all([roundTrip(a), roundTrip(b)]);
    expect(fromA.messages.map(typeOf)).toEqual(['sync-step1']);
    expect(fromB.messages.map(typeOf)).toEqual(['sync-step1']);
    expect(relay.store.updateCount(docName)).toBe(0);

    relay.committer.release();
    const ack = await fromA.next((m) => (stateVectorOf(m)?.get(client) ?? 0) > 0);
    // The acknowledgement covers the change, and all it covers is on disk.
    expect(covers(storedState(relay.store), stateVectorOf(ack)!)).toBe(true);
    await fromB.next((m) => typeOf(m) === 'sync-step2');
    expect(fromB.messages.map(typeOf)).toEqual(['sync-step1', 'sync-update', 'sync-step2']);
    const received = new Y.Doc();
    for (const m of fromB.messages.slice(1)) {
      const parsed = parseClientMessage(m);
      if (parsed.type === 'sync-update' || parsed.type === 'sync-step2') Y.applyUpdate(received, parsed.update);
    }
    expect(received.getMap('notes').get('n1')).toBe('arrived 09:05');
    a.close();
    b.close();
    late.close();
  });

  it('forwards a change once it is written, and acknowledges it only once it is durable', async () => {
    const relay = await relayWithHeldCommits();
    close = relay.close;
    const { a, b, fromA, fromB } = await bothGreeted(relay);
    const source = new Y.Doc();
    const client = source.clientID;
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));

    // The first change claims a new client id: it is forwarded only once durable, so that a power cut can never leave
    // other devices holding structs under a client id whose owner the relay has forgotten.
    source.getMap('notes').set('n1', 'arrived 09:05');
    a.send(encodeSyncUpdate(updates[0]!));
    await relay.committer.untilWaiting(1);
    relay.committer.write();
    await Promise.all([roundTrip(a), roundTrip(b)]);
    expect(fromB.messages.map(typeOf)).toEqual(['sync-step1']);
    relay.committer.release();
    await fromB.next((m) => typeOf(m) === 'sync-update');
    await fromA.next((m) => (stateVectorOf(m)?.get(client) ?? 0) > 0);

    // A later change under a client id already owned: forwarded as soon as it is written.
    source.getMap('notes').set('n2', 'left 10:40');
    a.send(encodeSyncUpdate(updates[1]!));
    await relay.committer.untilWaiting(1);
    relay.committer.write();
    const forwards = () => fromB.messages.filter((m) => typeOf(m) === 'sync-update').length;
    await fromB.next(() => forwards() === 2);
    const received = new Y.Doc();
    for (const m of fromB.messages.slice(1)) {
      const parsed = parseClientMessage(m);
      if (parsed.type === 'sync-update') Y.applyUpdate(received, parsed.update);
    }
    expect(received.getMap('notes').get('n2')).toBe('left 10:40');
    // ...but nobody is told it is safe: no acknowledgement to A, a newcomer is greeted without it.
    const late = await openSocket(relay.wsUrl, docName, relay.tokens[1]!);
    const greeting = await inbox(late).next((m) => typeOf(m) === 'sync-step1');
    expect(stateVectorOf(greeting)!.get(client)).toBe(1);
    await roundTrip(a);
    expect(fromA.messages.filter((m) => (stateVectorOf(m)?.get(client) ?? 0) > 1)).toEqual([]);

    relay.committer.release();
    const ack = await fromA.next((m) => (stateVectorOf(m)?.get(client) ?? 0) > 1);
    expect(covers(storedState(relay.store), stateVectorOf(ack)!)).toBe(true);
    a.close();
    b.close();
    late.close();
  });

  it('holds the changes after a new client id\'s first one behind it, and forwards them in order once it is durable', async () => {
    const relay = await relayWithHeldCommits();
    close = relay.close;
    const { a, b, fromB } = await bothGreeted(relay);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getMap('notes').set('n1', 'arrived 09:05');
    source.getMap('notes').set('n2', 'left 10:40');
    a.send(encodeSyncUpdate(updates[0]!));
    a.send(encodeSyncUpdate(updates[1]!));
    await relay.committer.untilWaiting(2);
    relay.committer.write();
    await roundTrip(b);
    // Both are written. The second change's client id is owned by now, but it would reach B before the change that
    // claimed it, which waits for its fsync.
    expect(fromB.messages.map(typeOf)).toEqual(['sync-step1']);
    relay.committer.release();
    const forwarded = () => fromB.messages.filter((m) => typeOf(m) === 'sync-update').map((m) => parseClientMessage(m));
    await fromB.next(() => forwarded().length === 2);
    const [first, second] = forwarded().map((m) => (m.type === 'sync-update' ? m.update : new Uint8Array()));
    expect(first).toEqual(updates[0]);
    expect(second).toEqual(updates[1]);
    a.close();
    b.close();
  });

  it('sends none of a change whose commit fails, and closes every connection of the document with 1011', async () => {
    const relay = await relayWithHeldCommits();
    close = relay.close;
    const { a, b, fromA, fromB } = await bothGreeted(relay);
    const source = new Y.Doc();
    source.getMap('notes').set('n1', 'lost to a full disk');
    const closed = [closeEvent(a), closeEvent(b)];
    a.send(encodeSyncUpdate(Y.encodeStateAsUpdate(source)));
    await relay.committer.untilWaiting(1);
    relay.committer.fail(new StoreError('store-full'));
    expect(await Promise.all(closed)).toEqual([
      { code: 1011, reason: 'store-write-failed' },
      { code: 1011, reason: 'store-write-failed' },
    ]);
    expect(fromA.messages.map(typeOf)).toEqual(['sync-step1']);
    expect(fromB.messages.map(typeOf)).toEqual(['sync-step1']);
    expect(relay.store.updateCount(docName)).toBe(0);
  });
});
