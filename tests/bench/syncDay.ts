// 5. Sync of a full day: device A → our relay → device B with the stock WebsocketProvider; time and bytes on the wire.
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addBehaviourNote, addToRegister, markArrived, markLeft, setPeriodMark } from '../../src/docs/roomDayDoc.js';
import { roomDayDocName } from '../../src/docs/names.js';
import type { Actor } from '../../src/docs/records.js';
import { enrolAndPair, startRelayChild, type RelayChild } from './relayProcess.js';
import { kb, ms, withTimeout, type BenchResult } from './util.js';

const PUPILS = 30;
const NOTES = 300;
const INTERVIEW_ANSWERS = 10;
const ANSWER_CHARS = 300;
const PERIODS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
const DATE = '2026-11-20';

// A deterministic filler text (no randomness: every run ships the same bytes).
const WORDS = 'settled quickly after break then found the fractions work hard but kept going with support from the TA and asked for help politely'.split(' ');
function text(n: number, seed: number): string {
  let s = '';
  for (let i = seed; s.length < n; i++) s += (s ? ' ' : '') + WORDS[(i * 7) % WORDS.length];
  return s.slice(0, n);
}

/** One room's full day, written with the app's own commands, plus one interview per pupil in `pupil/<id>` docs. */
export function buildFullDay(onCreate: (name: string, doc: Y.Doc) => void = () => {}): Map<string, Y.Doc> {
  const docs = new Map<string, Y.Doc>();
  const room = new Y.Doc();
  docs.set(roomDayDocName('base', DATE), room);
  onCreate(roomDayDocName('base', DATE), room);
  let minute = 0;
  const actor = (): Actor => ({ staffId: 'staff-1', at: new Date(Date.UTC(2026, 10, 20, 8, 30) + minute++ * 60_000).toISOString() });
  const pupilIds = Array.from({ length: PUPILS }, (_, i) => `pupil-${String(i + 1).padStart(3, '0')}`);
  for (const id of pupilIds) addToRegister(room, id, actor());
  for (const [i, id] of pupilIds.entries()) markArrived(room, id, { at: `08:${String(40 + (i % 20)).padStart(2, '0')}`, late: i % 7 === 0 }, actor());
  for (const period of PERIODS) {
    for (const [i, id] of pupilIds.entries()) {
      setPeriodMark(room, id, period, { presence: 'present', effort: 1 + (i % 4), behaviour: 1 + ((i + 1) % 4) }, actor());
    }
  }
  for (let n = 0; n < NOTES; n++) {
    const kind = (['praise', 'concern', 'incident'] as const)[n % 3]!;
    addBehaviourNote(room, { pupilId: pupilIds[n % PUPILS]!, kind, periodId: PERIODS[n % PERIODS.length]!, text: text(80 + (n % 5) * 30, n) }, actor());
  }
  for (const [i, id] of pupilIds.entries()) markLeft(room, id, { at: `15:${String(10 + (i % 20)).padStart(2, '0')}`, to: 'home' }, actor());

  // Interviews: a Y.Map of ~10 Y.Text answers of ~300 characters, typed in bursts of ~30 characters (one update each).
  for (const id of pupilIds) {
    const doc = new Y.Doc();
    docs.set(`pupil/${id}`, doc);
    onCreate(`pupil/${id}`, doc);
    const interview = new Y.Map<unknown>();
    doc.getMap('interviews').set(`interview-${id}`, interview);
    doc.transact(() => {
      interview.set('createdBy', 'staff-1');
      interview.set('date', DATE);
    });
    for (let q = 0; q < INTERVIEW_ANSWERS; q++) {
      const answer = new Y.Text();
      interview.set(`q${q + 1}`, answer);
      const full = text(ANSWER_CHARS, q * 13 + id.length);
      for (let at = 0; at < full.length; at += 30) answer.insert(at, full.slice(at, at + 30));
    }
  }
  return docs;
}

/** The day's updates per document, one per tap, note and keystroke burst, in the order the app's commands made them (as a tablet sends them). */
export function fullDayUpdates(): Map<string, Uint8Array[]> {
  const updates = new Map<string, Uint8Array[]>();
  buildFullDay((name, doc) => {
    const list: Uint8Array[] = [];
    updates.set(name, list);
    doc.on('update', (u: Uint8Array) => list.push(u));
  });
  return updates;
}

interface Wire {
  sentBytes: number;
  sentMessages: number;
  receivedBytes: number;
  receivedMessages: number;
  sockets: WebSocket[];
  socketBytesRead: number;
  socketBytesWritten: number;
}

/** A ws WebSocket that counts every message's payload bytes each way (the stock provider sees an ordinary WebSocket). */
function countingWebSocket(wire: Wire) {
  return class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      wire.sockets.push(this);
      this.on('message', (data: ArrayBuffer | Buffer | Buffer[]) => {
        wire.receivedMessages++;
        wire.receivedBytes += Array.isArray(data) ? data.reduce((a, b) => a + b.length, 0) : data.byteLength;
      });
    }
    override send(data: ArrayBufferView | ArrayBuffer, ...rest: unknown[]): void {
      wire.sentMessages++;
      wire.sentBytes += data.byteLength;
      (super.send as (...a: unknown[]) => void)(data, ...rest);
    }
  };
}

function newWire(): Wire {
  return { sentBytes: 0, sentMessages: 0, receivedBytes: 0, receivedMessages: 0, sockets: [], socketBytesRead: 0, socketBytesWritten: 0 };
}

function snapshotSocketBytes(wire: Wire): void {
  for (const s of wire.sockets) {
    const sock = (s as unknown as { _socket?: { bytesRead: number; bytesWritten: number } })._socket;
    if (sock) (wire.socketBytesRead += sock.bytesRead), (wire.socketBytesWritten += sock.bytesWritten);
  }
}

interface Device {
  providers: Map<string, WebsocketProvider>;
  /** The relay's state vector from its last sync step 1 per doc: what it holds on disk. */
  relaySv: Map<string, Map<number, number>>;
  wire: Wire;
  destroy(): void;
}

function connectDevice(relay: RelayChild, token: string, docs: Map<string, Y.Doc>, onChange: () => void): Device {
  const wire = newWire();
  const WS = countingWebSocket(wire);
  const providers = new Map<string, WebsocketProvider>();
  const relaySv = new Map<string, Map<number, number>>();
  for (const [name, doc] of docs) {
    const provider = new WebsocketProvider(relay.wsBase, name, doc, {
      disableBc: true,
      protocols: ['baseroom', token],
      WebSocketPolyfill: WS as unknown as typeof globalThis.WebSocket,
    });
    const handleSync = provider.messageHandlers[0]!;
    provider.messageHandlers[0] = (encoder, decoder, p, emitSynced, messageType) => {
      const peek = decoding.clone(decoder);
      if (decoding.readVarUint(peek) === 0) relaySv.set(name, Y.decodeStateVector(decoding.readVarUint8Array(peek)));
      handleSync(encoder, decoder, p, emitSynced, messageType);
      onChange();
    };
    providers.set(name, provider);
  }
  return { providers, relaySv, wire, destroy: () => providers.forEach((p) => p.destroy()) };
}

const covers = (relay: Map<number, number> | undefined, local: Map<number, number>) => {
  for (const [client, clock] of local) if ((relay?.get(client) ?? 0) < clock) return false;
  return true;
};
const svEqual = (a: Y.Doc, b: Y.Doc) => Buffer.compare(Y.encodeStateVector(a), Y.encodeStateVector(b)) === 0;

function waitFor(check: () => boolean, register: (recheck: () => void) => void, timeoutMs: number, what: string): Promise<number> {
  const t0 = performance.now();
  return withTimeout(what, timeoutMs, () => new Promise<number>((resolve) => {
    const recheck = () => {
      if (check()) resolve(performance.now() - t0);
    };
    register(recheck);
    recheck();
  }));
}

export async function syncDay(): Promise<BenchResult> {
  const docsA = buildFullDay();
  const stateBytes = [...docsA.values()].reduce((a, d) => a + Y.encodeStateAsUpdate(d).length, 0);
  const stateBytesV2 = [...docsA.values()].reduce((a, d) => a + Y.encodeStateAsUpdateV2(d).length, 0);
  const roomBytes = Y.encodeStateAsUpdate(docsA.get(roomDayDocName('base', DATE))!).length;
  const relay = await startRelayChild('ours');
  let a: Device | undefined;
  let b: Device | undefined;
  try {
    const devA = await enrolAndPair(relay, 'Bench tablet A');
    const devB = await enrolAndPair(relay, 'Bench tablet B');

    // Phase 1: A connects with the whole day already in its docs; done when the relay has acknowledged all of it.
    let recheckA = () => {};
    a = connectDevice(relay, devA.token, docsA, () => recheckA());
    const upMs = await waitFor(
      () => [...docsA].every(([name, doc]) => covers(a!.relaySv.get(name), Y.decodeStateVector(Y.encodeStateVector(doc)))),
      (r) => (recheckA = r),
      60_000,
      'device A upload',
    );

    // Phase 2: B connects with empty docs; done when every doc's state vector equals A's.
    const docsB = new Map([...docsA.keys()].map((name) => [name, new Y.Doc()]));
    let recheckB = () => {};
    const t0 = performance.now();
    b = connectDevice(relay, devB.token, docsB, () => recheckB());
    for (const doc of docsB.values()) doc.on('update', () => recheckB());
    const downMs = await waitFor(
      () => [...docsB].every(([name, doc]) => svEqual(doc, docsA.get(name)!)),
      (r) => (recheckB = r),
      60_000,
      'device B download',
    );
    const totalB = performance.now() - t0;
    const identical = [...docsB].every(([name, doc]) => Buffer.compare(Y.encodeStateAsUpdate(doc), Y.encodeStateAsUpdate(docsA.get(name)!)) === 0);
    snapshotSocketBytes(a.wire);
    snapshotSocketBytes(b.wire);

    const up = a.wire;
    const down = b.wire;
    const ratio = (n: number) => `${(n / stateBytes).toFixed(2)}×`;
    return {
      id: 'syncDay',
      title: '5. Sync of a full day (device A → relay → device B)',
      rows: [
        { metric: 'A → relay, until the relay acknowledged everything', value: ms(upMs, 0), raw: upMs },
        { metric: 'Relay → B (new device), until B equals A', value: ms(downMs, 0), raw: downMs },
        { metric: 'Bytes on the wire A → relay (payload) vs encoded state', value: `${kb(up.sentBytes)} vs ${kb(stateBytes)} (${ratio(up.sentBytes)})`, raw: up.sentBytes },
        { metric: 'Bytes on the wire relay → B (payload) vs encoded state', value: `${kb(down.receivedBytes)} vs ${kb(stateBytes)} (${ratio(down.receivedBytes)})`, raw: down.receivedBytes },
      ],
      tables: [
        {
          caption: `The day: ${PUPILS} pupils (arrival, ${PERIODS.length} period marks each, departure), ${NOTES} notes, ${PUPILS} interviews of ${INTERVIEW_ANSWERS} × ~${ANSWER_CHARS} characters, in ${docsA.size} documents`,
          headers: ['Size', 'Bytes'],
          rows: [
            ['Y.encodeStateAsUpdate, all documents (v1)', kb(stateBytes)],
            ['  of which the room-day document', kb(roomBytes)],
            ['Y.encodeStateAsUpdateV2, all documents', kb(stateBytesV2)],
          ],
        },
        {
          caption: 'Wire traffic (payload = WebSocket message bytes; socket = TCP bytes incl. HTTP upgrade and frame headers)',
          headers: ['Device', 'Phase', 'Time', 'Sent (payload / msgs)', 'Received (payload / msgs)', 'Socket written', 'Socket read'],
          rows: [
            ['A', 'upload', ms(upMs, 0), `${kb(up.sentBytes)} / ${up.sentMessages}`, `${kb(up.receivedBytes)} / ${up.receivedMessages}`, kb(up.socketBytesWritten), kb(up.socketBytesRead)],
            ['B', 'download', ms(downMs, 0), `${kb(down.sentBytes)} / ${down.sentMessages}`, `${kb(down.receivedBytes)} / ${down.receivedMessages}`, kb(down.socketBytesWritten), kb(down.socketBytesRead)],
          ],
        },
      ],
      notes: [
        'The day is written in node with the app\'s own commands (src/docs/roomDayDoc.ts); interviews are simulated as Y.Maps of Y.Text answers in `pupil/<id>` documents (the app has no interview command yet).',
        `Real relay (sync-server/main.ts, temp DATA_DIR, SQLite), two coordinator devices enrolled with \`main.ts enrol\` and paired over POST /api/pair; stock y-websocket WebsocketProvider in node over ws, one provider per document (${docsA.size} sockets per device).`,
        '"Acknowledged" = for every document the state vector in the relay\'s last sync step 1 covers A\'s (the README\'s "safely on the relay"), so A\'s phase includes the SQLite commits.',
        `B's phase starts when its providers are created and ends when every document's state vector equals A's; B's copy is byte-identical to A's: ${identical ? 'yes' : 'NO'}. Payload counts include the providers' awareness and sync-step-1 messages.`,
      ],
      data: { upMs, downMs, totalB, stateBytes, stateBytesV2, roomBytes, up: { ...up, sockets: up.sockets.length }, down: { ...down, sockets: down.sockets.length }, identical },
    };
  } finally {
    a?.destroy();
    b?.destroy();
    await relay.stop();
  }
}
