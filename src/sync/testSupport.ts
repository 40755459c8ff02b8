// Helpers for the sync engine's tests only (nothing in the app imports this): a device's documents, token and
// acknowledgements held in memory, waiting for the engine's status, and a real relay process for a test file.
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { TestClient } from '../../sync-server/test-support/clients';
import { coordinator } from '../../sync-server/test-support/devices';
import { enrolDevice, startRelay, type RelayProcess } from '../../sync-server/test-support/relay-process';
import { seedSchool } from '../../sync-server/test-support/school';
import { RelayApi } from './relayApi';
import { SyncEngine, type AckStore, type DeviceTokenStore, type DocSource, type StoredAck, type StoredDevice, type SyncEngineOptions, type SyncSnapshot } from './syncEngine';

/** In-memory documents and token: what Dexie and the DocStore do on a real device (documents close only when told). */
export function memoryDevice() {
  const open = new Map<string, Y.Doc>();
  /** Closed documents' stored state. */
  const closed = new Map<string, Uint8Array>();
  const openListeners = new Set<(name: string, doc: Y.Doc) => void>();
  const closeListeners = new Set<(name: string) => void>();
  let stored: StoredDevice | null = null;
  const ackRows = new Map<string, StoredAck>();
  const acks: AckStore = {
    load: async (name) => ackRows.get(name)?.ack ?? null,
    save: async (name, ack) => void ackRows.set(name, { ...ackRows.get(name), ack }),
    loadAll: async () => new Map(ackRows),
    saveVersion: async (name, relayVersion) => void ackRows.set(name, { ack: ackRows.get(name)?.ack ?? null, relayVersion }),
    forgetVersion: async (name) => void ackRows.set(name, { ack: ackRows.get(name)?.ack ?? null }),
    clear: async () => ackRows.clear(),
  };
  const openDoc = (name: string): Y.Doc => {
    let doc = open.get(name);
    if (!doc) {
      open.set(name, (doc = new Y.Doc()));
      const state = closed.get(name);
      if (state) Y.applyUpdate(doc, state);
      closed.delete(name);
      openListeners.forEach((l) => l(name, doc!));
    }
    return doc;
  };
  const source = {
    onOpen(listener: (name: string, doc: Y.Doc) => void) {
      openListeners.add(listener);
      open.forEach((doc, name) => listener(name, doc));
      return () => openListeners.delete(listener);
    },
    onClose(listener: (name: string) => void) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    storedStates: async () => [
      ...[...open].map(([name, doc]) => ({ name, stateVector: Y.encodeStateVector(doc) })),
      ...[...closed].map(([name, state]) => ({ name, stateVector: Y.encodeStateVectorFromUpdate(state) })),
    ],
    acquire: async (name: string) => ({ doc: openDoc(name), release: () => undefined }),
    open: async (name: string) => openDoc(name),
    storedNames: async () => [...open.keys(), ...closed.keys()],
    isOpen: (name: string) => open.has(name),
    /** What the DocStore does to an idle document: its state stays stored, its Y.Doc goes. */
    close(name: string) {
      const doc = open.get(name)!;
      closed.set(name, Y.encodeStateAsUpdate(doc));
      open.delete(name);
      closeListeners.forEach((l) => l(name));
      doc.destroy();
    },
    /** A closed document's stored content, read without opening it. */
    storedCopy(name: string): Y.Doc {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, closed.get(name)!);
      return copy;
    },
  } satisfies DocSource & Record<string, unknown>;
  const devices: DeviceTokenStore = {
    load: async () => stored,
    save: async (d) => void (stored = d),
    clear: async () => void (stored = null),
  };
  return { source, devices, acks, token: () => stored?.token };
}

/** Resolves with the first snapshot that passes `check`; rejects after `timeoutMs`, naming what it waited for. */
export function waitForStatus(engine: SyncEngine, label: string, check: (s: SyncSnapshot) => boolean, timeoutMs = 15_000): Promise<SyncSnapshot> {
  return new Promise((resolve, reject) => {
    const test = () => {
      if (!check(engine.getSnapshot())) return false;
      clearTimeout(timer);
      unsubscribe();
      resolve(engine.getSnapshot());
      return true;
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`Timed out waiting for ${label}; status ${JSON.stringify(engine.getSnapshot().status)}, not on the relay: ${engine.unsyncedDocuments().join(', ') || 'none'}`));
    }, timeoutMs);
    const unsubscribe = engine.subscribe(test);
    test();
  });
}

/**
 * Sockets whose outgoing messages on one document can be held: the relay's greeting still arrives and the client's
 * answer (its sync step 2) waits until the test lets it go, so another device can reach the relay first.
 */
export function holdingSockets(docName: string) {
  let armed = false;
  let held: Uint8Array[] | null = null;
  let sendNow: ((data: Uint8Array) => void) | null = null;
  let answered!: () => void;
  const answerHeld = new Promise<void>((resolve) => (answered = resolve));
  class HoldingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      if (!armed || sendNow || !url.endsWith(`/${docName}`)) return;
      const send = this.send.bind(this);
      sendNow = (data) => send(data);
      held = [];
      this.send = ((data: Uint8Array) => {
        if (!held) return send(data);
        held.push(data);
        // [messageSync, syncStep2, ...]: the answer to the relay's greeting.
        if (data[0] === 0 && data[1] === 1) answered();
      }) as WebSocket['send'];
    }
  }
  return {
    WebSocketImpl: HoldingWebSocket as unknown as typeof globalThis.WebSocket,
    /** The next socket opened on the document holds what it sends. */
    arm: () => void (armed = true),
    /** Settles once the held socket has answered the relay's greeting (and sent none of it). */
    answerHeld,
    /** Sends what was held, in order, and holds nothing more. */
    release() {
      const messages = held ?? [];
      held = null;
      for (const data of messages) sendNow!(data);
    },
  };
}

/** An engine for `device` on the real relay, with the stock client over `ws` and a short back-off (tests only). */
export function engineFor(relay: RelayProcess, device = memoryDevice(), options: Partial<SyncEngineOptions> = {}) {
  const engine = new SyncEngine({
    docs: device.source,
    devices: device.devices,
    acks: device.acks,
    api: new RelayApi(relay.httpUrl),
    serverUrl: relay.wsUrl,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 200,
    ...options,
  });
  return { engine, device };
}

/**
 * A real relay process for one test file, with a school of one room (`base`) seeded: started before the file's tests,
 * and stopped after them with every engine the tests started (pushed onto `engines`).
 */
export function relayForTests() {
  const ctx = { relay: null as unknown as RelayProcess, engines: [] as SyncEngine[] };
  beforeAll(async () => {
    ctx.relay = await startRelay();
    await seedSchool(ctx.relay, { rooms: { base: 'The BASE' } });
  }, 30_000);
  afterAll(async () => {
    ctx.engines.forEach((e) => e.stop());
    await ctx.relay?.dispose();
  });
  return ctx;
}

/** An engine for `device` on the relay, started and paired as a coordinator with a code from the relay's own command. */
export async function pairedEngine(ctx: { relay: RelayProcess; engines: SyncEngine[] }, device = memoryDevice(), options: Partial<SyncEngineOptions> = {}) {
  const { engine } = engineFor(ctx.relay, device, options);
  ctx.engines.push(engine);
  await engine.start();
  await engine.pair((await enrolDevice(ctx.relay.dataDir, ['--role', 'coordinator'])).code);
  return engine;
}

/** A coordinator's laptop (the stock client, starting from `doc`) on one document: `use` runs once it has synced. */
export async function withLaptop<T>(relay: RelayProcess, name: string, use: (laptop: TestClient) => Promise<T>, doc?: Y.Doc): Promise<T> {
  const laptop = new TestClient(relay.wsUrl, name, coordinator(relay.dataDir).token, doc);
  try {
    await laptop.waitSynced();
    return await use(laptop);
  } finally {
    laptop.destroy();
  }
}
