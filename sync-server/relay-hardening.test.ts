// Hostile or broken messages close only their own connection; devices on the same document keep syncing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncUpdate } from './relay/protocol.js';
import { onDocUpdate, TestClient, waitUntil } from './test-support/clients.js';
import { coordinator } from './test-support/devices.js';
import { closeCode, openSocket } from './test-support/raw-socket.js';
import { startRelay, type RelayProcess } from './test-support/relay-process.js';

const docName = 'room/base/2026-11-23';
const maxMessageBytes = 64 * 1024;

function validUpdateMessage(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('notes').set('n1', 'x'.repeat(200));
  return encodeSyncUpdate(Y.encodeStateAsUpdate(doc));
}

const hostileMessages: { name: string; payload: Uint8Array | string; code: number; reason: string }[] = [
  { name: 'garbage bytes (a runaway varint)', payload: new Uint8Array(12).fill(0xff), code: 1003, reason: 'bad-varint' },
  { name: 'an unknown message type', payload: Uint8Array.of(7, 1, 2), code: 1003, reason: 'unknown-message-type' },
  { name: 'an unknown sync step', payload: Uint8Array.of(0, 9, 0), code: 1003, reason: 'unknown-sync-type' },
  { name: 'an update Yjs cannot decode', payload: Uint8Array.of(0, 2, 4, 5, 0xff, 0xff, 0xff), code: 1003, reason: 'undecodable-content' },
  { name: 'a truncated update', payload: validUpdateMessage().slice(0, 60), code: 1003, reason: 'truncated' },
  { name: 'trailing bytes after a message', payload: Uint8Array.of(3, 0), code: 1003, reason: 'trailing-bytes' },
  { name: 'a text frame', payload: 'hello', code: 1003, reason: 'text-message' },
  { name: 'an oversized message', payload: new Uint8Array(maxMessageBytes + 1), code: 1009, reason: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' },
];

describe('relay hardening', { timeout: 20_000 }, () => {
  let relay: RelayProcess;
  let writer: TestClient;
  let reader: TestClient;
  let edits = 0;

  const stillSyncing = async () => {
    const key = `note-${++edits}`;
    writer.doc.getMap('notes').set(key, 'Private pupil note');
    await waitUntil(`reader receives ${key}`, () => reader.doc.getMap('notes').has(key), onDocUpdate(reader.doc));
    expect(writer.provider.wsconnected && reader.provider.wsconnected).toBe(true);
  };

  beforeAll(async () => {
    relay = await startRelay({ MAX_MESSAGE_BYTES: String(maxMessageBytes), RATE_LIMIT_PER_SECOND: '20', RATE_LIMIT_BURST: '40' });
    writer = new TestClient(relay.wsUrl, docName, coordinator(relay.dataDir).token);
    reader = new TestClient(relay.wsUrl, docName, coordinator(relay.dataDir).token);
    await Promise.all([writer.waitSynced(), reader.waitSynced()]);
  }, 30_000);
  afterAll(async () => {
    writer?.destroy();
    reader?.destroy();
    await relay?.dispose();
  });

  it.each(hostileMessages)('closes a connection that sends $name, and only that one', async ({ payload, code, reason }) => {
    const hostile = await openSocket(relay.wsUrl, docName, coordinator(relay.dataDir).token);
    const closed = closeCode(hostile);
    hostile.send(payload);
    expect(await closed).toBe(code);
    await stillSyncing();
    expect(relay.log()).toContain(`reason=${reason}`);
  });

  it('closes a connection that floods messages past its rate limit', async () => {
    const flooder = await openSocket(relay.wsUrl, docName, coordinator(relay.dataDir).token);
    const closed = closeCode(flooder);
    for (let i = 0; i < 200; i++) flooder.send(Uint8Array.of(3));
    expect(await closed).toBe(1008);
    await stillSyncing();
  });

  it('never writes document content to its log', async () => {
    await stillSyncing();
    expect(relay.log()).not.toContain('Private pupil note');
    expect(relay.log()).not.toContain('xxxxxxxx');
  });
});
