// The relay over a store that fails on demand (in process): each store call on the upgrade path, in timers and in compaction fails cleanly and the relay carries on.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadConfig } from '../config.js';
import { RelayHealth } from '../health.js';
import { guardStore } from '../store/guarded-store.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { RelayStore } from '../store/relay-store.js';
import { inProcessRelay } from '../test-support/in-process-relay.js';
import { closeEvent, openSocket, tryUpgrade } from '../test-support/raw-socket.js';
import { encodeSyncUpdate } from './protocol.js';

const docName = 'room/base/2026-11-23';
const ioError = () => Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });

/** A memory store in which the named methods throw an I/O error while they are listed in `failing`. */
function flakyStore(failing: Set<keyof RelayStore>): RelayStore {
  const inner = createMemoryStore();
  return Object.fromEntries(
    Object.entries(inner).map(([key, method]) => [key, (...args: unknown[]) => {
      if (failing.has(key as keyof RelayStore)) throw ioError();
      return (method as (...a: unknown[]) => unknown)(...args);
    }]),
  ) as unknown as RelayStore;
}

async function relayOver(failing: Set<keyof RelayStore>) {
  const health = new RelayHealth();
  const store = guardStore(flakyStore(failing), health);
  const config = { ...loadConfig({}), pingIntervalMs: 100, idleUnloadMs: 50 };
  const { wsUrl, tokens, close } = await inProcessRelay(store, ['d-1'], config);
  return { wsUrl, token: tokens[0]!, health, close };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function edit(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('notes').set('n1', 'hello');
  return encodeSyncUpdate(Y.encodeStateAsUpdate(doc));
}

describe('store failures inside the relay', () => {
  let close = () => {};
  afterEach(() => close());

  it('refuses an upgrade 503 with the reason when the device cannot be looked up', async () => {
    const failing = new Set<keyof RelayStore>(['getDevice']);
    const relay = await relayOver(failing);
    close = relay.close;
    expect(await tryUpgrade(relay.wsUrl, docName, ['baseroom', relay.token])).toEqual({ opened: false, status: 503, reason: 'store-io-error' });
    expect(relay.health.report()).toEqual({ status: 'degraded', reason: 'store-io-error' });
    failing.clear();
    expect((await tryUpgrade(relay.wsUrl, docName, ['baseroom', relay.token])).opened).toBe(true);
  });

  it('closes 1011 with the reason when the document cannot be loaded, and loads it later', async () => {
    const failing = new Set<keyof RelayStore>(['loadDoc']);
    const relay = await relayOver(failing);
    close = relay.close;
    const socket = (await tryUpgrade(relay.wsUrl, docName, ['baseroom', relay.token])) as { opened: true; socket: import('ws').WebSocket };
    expect(await closeEvent(socket.socket)).toEqual({ code: 1011, reason: 'store-io-error' });
    failing.clear();
    const again = await openSocket(relay.wsUrl, docName, relay.token);
    again.close();
  });

  it('closes 1011 when the revocation check before a write fails, storing nothing', async () => {
    const failing = new Set<keyof RelayStore>();
    const relay = await relayOver(failing);
    close = relay.close;
    const socket = await openSocket(relay.wsUrl, docName, relay.token);
    failing.add('getDevice');
    const closed = closeEvent(socket);
    socket.send(edit());
    expect(await closed).toEqual({ code: 1011, reason: 'store-io-error' });
  });

  it('keeps running when the revocation poll, the sweep and idle compaction all fail', async () => {
    const failing = new Set<keyof RelayStore>();
    const relay = await relayOver(failing);
    close = relay.close;
    const socket = await openSocket(relay.wsUrl, docName, relay.token);
    socket.send(edit());
    socket.send(edit());
    await wait(50);
    failing.add('externalChanges').add('getDevice').add('compact').add('updateCount');
    socket.close();
    // Several poll turns, sweeps and the idle unload: a throw from any of them would fail this test as unhandled.
    await wait(600);
    failing.clear();
    const again = await openSocket(relay.wsUrl, docName, relay.token);
    again.close();
  });
});
