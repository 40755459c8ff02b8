// 6. Relay fan-out: 500 connected devices over 100 documents; one edit per document per round; time until every
// other device on that document has it. Our relay (auth + SQLite) vs a plain y-websocket relay (baselineRelay.ts).
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { mintDevice } from '../../sync-server/test-support/devices.js';
import { enrolAndPair, procStats, startRelayChild, type RelayChild } from './relayProcess.js';
import { mb, ms, sleep, summary, type BenchResult, type Row } from './util.js';

const DOCS = 100;
const PER_DOC = 5;
const ROUNDS = 20;
/** Each round's 100 edits are spread over this long (≈ 200 edits/s offered load). */
const SPREAD_MS = 500;
const ROUND_TIMEOUT_MS = 5_000;
const PHASE_BUDGET_MS = 60_000;
const CONNECT_BATCH = 50;
const BAR = 0.2;

const docName = (d: number) => `room/bench-${d}/2026-11-20`;

interface DocState {
  key: string | null;
  sentAt: number;
  pending: number;
  done: (() => void) | null;
}

class LoadClient {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  synced = false;
  opened: Promise<void>;
  private onSynced: () => void = () => {};

  constructor(url: string, protocols: string[] | undefined, private readonly state: DocState, private readonly deliveries: number[], private readonly onDocDone: (latency: number) => void) {
    this.ws = new WebSocket(url, protocols, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.opened = new Promise<void>((resolve, reject) => {
      this.onSynced = resolve;
      this.ws.once('error', reject);
      this.ws.once('close', (code) => reject(new Error(`closed ${code} before sync`)));
    });
    this.ws.on('open', () => {
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, 0);
      syncProtocol.writeSyncStep1(enc, this.doc);
      this.ws.send(encoding.toUint8Array(enc));
    });
    this.ws.on('message', (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return this.check();
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, 0);
      syncProtocol.writeUpdate(enc, update);
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(encoding.toUint8Array(enc));
    });
  }

  private seen: string | null = null;

  private receive(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== 0) return; // awareness: ignored by these clients
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, 0);
    const type = syncProtocol.readSyncMessage(decoder, enc, this.doc, this);
    if (encoding.length(enc) > 1 && this.ws.readyState === WebSocket.OPEN) this.ws.send(encoding.toUint8Array(enc));
    if (type === syncProtocol.messageYjsSyncStep2 && !this.synced) {
      this.synced = true;
      this.onSynced();
    }
  }

  private check(): void {
    const s = this.state;
    if (s.key === null || this.seen === s.key || !this.doc.getMap('m').has(s.key)) return;
    this.seen = s.key;
    const latency = performance.now() - s.sentAt;
    this.deliveries.push(latency);
    if (--s.pending === 0) this.onDocDone(latency);
  }

  /** This client writes the round's edit (and so does not count as a receiver). */
  edit(key: string, payload: string): void {
    this.seen = key;
    this.doc.getMap('m').set(key, payload);
  }

  close(): void {
    this.ws.terminate();
    this.doc.destroy();
  }
}

interface PhaseResult {
  relay: Kind;
  connectMs: number;
  perEdit: number[];
  /** The same latencies split: rounds in which the writing device edits the document for the first time, and later ones. */
  firstEdits: number[];
  laterEdits: number[];
  perDelivery: number[];
  timedOut: number;
  rounds: number;
  rss: { idle: number; connected: number; after: number; peak: number };
  metrics: unknown;
  cpuSecondsDuringRounds: number;
}

/** Our relay serves /metrics only with its token; the baseline ignores the header. */
const metricsToken = 'bench-metrics-token-0123456789';

async function getMetrics(relay: RelayChild): Promise<Record<string, unknown> | null> {
  try {
    const res = await fetch(`${relay.httpUrl}/metrics`, { headers: { Authorization: `Bearer ${metricsToken}` } });
    return (await res.json()) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** ours-normal: our relay with STORE_SYNC=normal (no fsync per update), to show what durability costs. */
type Kind = 'ours' | 'ours-normal' | 'baseline';

async function runPhase(kind: Kind): Promise<PhaseResult> {
  const relay = await startRelayChild(kind === 'baseline' ? 'baseline' : 'ours', {
    METRICS_TOKEN: metricsToken,
    ...(kind === 'ours-normal' ? { STORE_SYNC: 'normal' } : {}),
  });
  const clients: LoadClient[] = [];
  const started = performance.now();
  try {
    await sleep(500);
    const idle = await procStats(relay.pid);
    // Ours: every device is enrolled (one paired over the real API, the rest written to the store as paired).
    const tokens: (string[] | undefined)[] = [];
    if (kind !== 'baseline') {
      tokens.push(['baseroom', (await enrolAndPair(relay, 'Bench load device')).token]);
      for (let i = 1; i < DOCS * PER_DOC; i++) tokens.push(['baseroom', mintDevice(relay.dataDir, 'coordinator', { kind: 'all' }).token]);
    }
    const states: DocState[] = Array.from({ length: DOCS }, () => ({ key: null, sentAt: 0, pending: 0, done: null }));
    const perEdit: number[] = [];
    const firstEdits: number[] = [];
    const laterEdits: number[] = [];
    const perDelivery: number[] = [];
    // Each device writes in every PER_DOC-th round: in the first PER_DOC rounds, it edits its document for the first time.
    let round = 0;
    const t0 = performance.now();
    for (let batch = 0; batch < DOCS * PER_DOC; batch += CONNECT_BATCH) {
      const opening: Promise<void>[] = [];
      for (let i = batch; i < Math.min(batch + CONNECT_BATCH, DOCS * PER_DOC); i++) {
        const d = i % DOCS;
        const state = states[d]!;
        const client = new LoadClient(`${relay.wsBase}/${docName(d)}`, kind !== 'baseline' ? tokens[i] : undefined, state, perDelivery, (latency) => {
          perEdit.push(latency);
          (round < PER_DOC ? firstEdits : laterEdits).push(latency);
          state.done?.();
        });
        clients.push(client);
        opening.push(client.opened);
      }
      await Promise.race([Promise.all(opening), sleep(30_000).then(() => Promise.reject(new Error('connecting took over 30 s')))]);
    }
    const connectMs = performance.now() - t0;
    await sleep(500);
    const connected = await procStats(relay.pid);

    const byDoc = Array.from({ length: DOCS }, (_, d) => clients.filter((_, i) => i % DOCS === d));
    const cpuBefore = (await procStats(relay.pid)).cpuSeconds;
    let timedOut = 0;
    let rounds = 0;
    for (let r = 0; r < ROUNDS && performance.now() - started < PHASE_BUDGET_MS; r++, rounds++) {
      round = r;
      const roundDone = Promise.all(
        states.map((s, d) => new Promise<void>((resolve) => {
          s.done = resolve;
          setTimeout(() => {
            s.key = `r${r}`;
            s.pending = PER_DOC - 1;
            s.sentAt = performance.now();
            byDoc[d]![r % PER_DOC]!.edit(s.key, `round ${r} doc ${d}: `.padEnd(120, 'x'));
          }, (d * SPREAD_MS) / DOCS);
        })),
      );
      const finished = await Promise.race([roundDone.then(() => true), sleep(SPREAD_MS + ROUND_TIMEOUT_MS).then(() => false)]);
      if (!finished) timedOut += states.filter((s) => s.pending > 0).length;
      states.forEach((s) => (s.done = null));
      await sleep(100);
    }
    const cpuAfter = (await procStats(relay.pid)).cpuSeconds;
    const after = await procStats(relay.pid);
    const metrics = await getMetrics(relay);
    return {
      relay: kind,
      connectMs,
      perEdit,
      firstEdits,
      laterEdits,
      perDelivery,
      timedOut,
      rounds,
      rss: { idle: idle.rss, connected: connected.rss, after: after.rss, peak: after.peakRss },
      metrics,
      cpuSecondsDuringRounds: cpuAfter - cpuBefore,
    };
  } finally {
    clients.forEach((c) => c.close());
    await relay.stop();
  }
}

const pct = (ours: number, base: number) => (ours / base - 1) * 100;

/** Fan-out p50 / p99 for one kind of edit, ours against the baseline: figures beside the goal's, not judged. */
function breakdown(kind: string, ours: number[], base: number[]): Row[] {
  const o = summary(ours);
  const b = summary(base);
  return [
    { metric: `Fan-out p50 / p99, ${kind}, ours (baseline)`, value: `${ms(o.p50)} / ${ms(o.p99)} (${ms(b.p50)} / ${ms(b.p99)})`, raw: o.p50 },
    { metric: `Ours vs baseline, ${kind}, p50 / p99`, value: `${signed(pct(o.p50, b.p50))} / ${signed(pct(o.p99, b.p99))}`, raw: pct(o.p50, b.p50) },
  ];
}
/** A phase for the JSON report: its summaries instead of its raw latency samples. */
function withoutSamples(p: PhaseResult, perEditSummary: ReturnType<typeof summary>, perDeliverySummary: ReturnType<typeof summary>) {
  const { perEdit: _e, firstEdits: _f, laterEdits: _l, perDelivery: _d, ...rest } = p;
  return { ...rest, perEditSummary, perDeliverySummary };
}
const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(0)}%`;

const REPETITIONS = 2;

function pool(runs: PhaseResult[]): PhaseResult {
  const last = runs.at(-1)!;
  return {
    ...last,
    connectMs: runs.reduce((a, r) => a + r.connectMs, 0) / runs.length,
    perEdit: runs.flatMap((r) => r.perEdit),
    firstEdits: runs.flatMap((r) => r.firstEdits),
    laterEdits: runs.flatMap((r) => r.laterEdits),
    perDelivery: runs.flatMap((r) => r.perDelivery),
    timedOut: runs.reduce((a, r) => a + r.timedOut, 0),
    rounds: runs.reduce((a, r) => a + r.rounds, 0),
    rss: { idle: Math.max(...runs.map((r) => r.rss.idle)), connected: Math.max(...runs.map((r) => r.rss.connected)), after: Math.max(...runs.map((r) => r.rss.after)), peak: Math.max(...runs.map((r) => r.rss.peak)) },
    cpuSecondsDuringRounds: runs.reduce((a, r) => a + r.cpuSecondsDuringRounds, 0) / runs.length,
  };
}

export async function fanout(): Promise<BenchResult> {
  // Interleaved (baseline, ours, ours-normal, and again) so drift on the machine hits both alike; samples are pooled.
  const runs: PhaseResult[] = [];
  for (let rep = 0; rep < REPETITIONS; rep++) {
    runs.push(await runPhase('baseline'));
    runs.push(await runPhase('ours'));
    runs.push(await runPhase('ours-normal'));
  }
  const base = pool(runs.filter((r) => r.relay === 'baseline'));
  const ours = pool(runs.filter((r) => r.relay === 'ours'));
  const normal = pool(runs.filter((r) => r.relay === 'ours-normal'));
  const n = summary(normal.perEdit);
  const b = summary(base.perEdit);
  const o = summary(ours.perEdit);
  const bd = summary(base.perDelivery);
  const od = summary(ours.perDelivery);
  const p50 = pct(o.p50, b.p50);
  const p99 = pct(o.p99, b.p99);
  const rows: Row[] = [
    { metric: 'Fan-out p50, ours (baseline)', value: `${ms(o.p50)} (${ms(b.p50)})`, raw: o.p50 },
    { metric: 'Fan-out p99, ours (baseline)', value: `${ms(o.p99)} (${ms(b.p99)})`, raw: o.p99 },
    { metric: 'Ours vs baseline, fan-out p50', goal: '≤ +20%', value: signed(p50), met: p50 <= BAR * 100, raw: p50 },
    { metric: 'Ours vs baseline, fan-out p99', goal: '≤ +20%', value: signed(p99), met: p99 <= BAR * 100, raw: p99 },
    { metric: 'Ours with STORE_SYNC=normal vs baseline, fan-out p50 / p99', goal: '≤ +20%', value: `${signed(pct(n.p50, b.p50))} / ${signed(pct(n.p99, b.p99))}`, met: pct(n.p50, b.p50) <= BAR * 100 && pct(n.p99, b.p99) <= BAR * 100, raw: pct(n.p50, b.p50) },
    ...breakdown('first edit to the document in the run (ours: a new client id, forwarded after its fsync)', ours.firstEdits, base.firstEdits),
    ...breakdown('later edits', ours.laterEdits, base.laterEdits),
    { metric: 'Relay RSS with 500 devices, ours (baseline)', value: `${mb(ours.rss.after)} (${mb(base.rss.after)})`, raw: ours.rss.after },
  ];
  const m = ours.metrics as { rssBytes?: number; heapUsedBytes?: number; connections?: number; loadedDocs?: number; commits?: number; committedUpdates?: number } | null;
  const line = (p: PhaseResult, s: ReturnType<typeof summary>, d: ReturnType<typeof summary>, label = '') => [
    ({ ours: 'Ours (auth + SQLite, STORE_SYNC=full)', 'ours-normal': 'Ours (auth + SQLite, STORE_SYNC=normal)', baseline: 'Baseline (no auth, in memory)' }[p.relay]) + label,
    `${s.n} / ${p.rounds * DOCS}`,
    ms(s.p50),
    ms(s.p99),
    ms(s.max),
    ms(d.p50),
    ms(d.p99),
    String(p.timedOut),
    `${(p.connectMs / 1000).toFixed(1)} s`,
    mb(p.rss.idle),
    mb(p.rss.connected),
    mb(p.rss.after),
    mb(p.rss.peak),
    `${p.cpuSecondsDuringRounds.toFixed(1)} s`,
  ];
  return {
    id: 'fanout',
    title: '6. Relay fan-out: 500 devices over 100 documents',
    rows,
    tables: [
      {
        headers: ['Relay', 'Edits measured', 'Fan-out p50', 'Fan-out p99', 'Fan-out max', 'Per delivery p50', 'Per delivery p99', 'Edits not fully delivered', 'Connect 500', 'RSS idle', 'RSS connected', 'RSS after rounds', 'Peak RSS', 'Relay CPU during rounds'],
        rows: [line(base, b, bd, ', pooled'), line(ours, o, od, ', pooled'), line(normal, n, summary(normal.perDelivery), ', pooled')],
      },
      {
        caption: 'Each run in order (RSS and CPU per run)',
        headers: ['Run', 'Relay', 'Fan-out p50', 'Fan-out p99', 'Fan-out max', 'RSS after rounds', 'Relay CPU during rounds'],
        rows: runs.map((r, i) => {
          const s = summary(r.perEdit);
          return [String(i + 1), r.relay, ms(s.p50), ms(s.p99), ms(s.max), mb(r.rss.after), `${r.cpuSecondsDuringRounds.toFixed(1)} s`];
        }),
      },
      {
        caption: 'Ours, GET /metrics after the rounds',
        headers: ['connections', 'loadedDocs', 'rssBytes', 'heapUsedBytes', 'store commits', 'updates committed'],
        rows: [[String(m?.connections ?? 'n/a'), String(m?.loadedDocs ?? 'n/a'), m?.rssBytes ? mb(m.rssBytes) : 'n/a', m?.heapUsedBytes ? mb(m.heapUsedBytes) : 'n/a', String(m?.commits ?? 'n/a'), String(m?.committedUpdates ?? 'n/a')]],
      },
    ],
    notes: [
      `${DOCS} documents × ${PER_DOC} devices = ${DOCS * PER_DOC} WebSockets, all from one load process (raw \`ws\` sockets speaking the y-websocket sync protocol, one Y.Doc each, no awareness) on 127.0.0.1; each relay is its own child process, so the relay and the load share this machine's 2 cores.`,
      `Each round: one device per document (a different one each round) sets a ~120-character map entry; the ${DOCS} edits are spread over ${SPREAD_MS} ms (≈ ${Math.round((DOCS * 1000) / SPREAD_MS)} edits/s offered). Fan-out latency = from the edit to the moment the last of the other ${PER_DOC - 1} devices on that document has applied it (one clock: the load process). ${ROUNDS} rounds, ≤ ${PHASE_BUDGET_MS / 1000} s per relay.`,
      'Ours writes each message\'s updates to SQLite\'s WAL at once and forwards them to the other devices; one fdatasync off the event loop, shared by everything written meanwhile, then makes them durable, and only then is the sender acknowledged with a sync step 1 (which the client answers). A device\'s first write to a document (a new client id) is forwarded only after its fsync; the baseline, like the stock y-websocket server, keeps docs in memory and broadcasts every update to every connection including the sender.',
      `The goal's rows count every edit. Split beside them: the first ${PER_DOC} rounds, where each device edits its document for the first time in the run (in a school, a tablet's first change to each document after the app loads, when Yjs gives it a new client id), and the ${ROUNDS - PER_DOC} rounds after. Ours holds a new client id's first update until its claim is on disk, so a relay that crashed cannot later give that id to another device; later edits are forwarded at once.`,
      'Ours: one device enrolled with `main.ts enrol` and paired over POST /api/pair, the other 499 written to its store as paired coordinators (test-support/devices.ts) so every connection carries its own signed token.',
      `RSS from /proc/<pid>/status (VmRSS; peak = VmHWM); CPU = utime+stime from /proc/<pid>/stat. ${REPETITIONS} repetitions, interleaved baseline, ours (full), ours (normal), and again, each on a fresh process with a fresh temp DATA_DIR (ext4 here); latencies pooled, RSS is the highest of the runs, CPU the mean.`,
    ],
    data: {
      runs: runs.map((r) => withoutSamples(r, summary(r.perEdit), summary(r.perDelivery))),
      baseline: withoutSamples(base, b, bd),
      ours: withoutSamples(ours, o, od),
      slowdownPercent: { p50, p99 },
    },
  };
}
