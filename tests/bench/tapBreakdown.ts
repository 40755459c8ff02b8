// Where the time from a tap on "Arrived" to `baseroom:stored` goes, from a Chromium trace of the renderer's main thread.
// Not part of `npm run bench` (tracing slows the page): run it on its own, e.g.
//   npx vite build --outDir /tmp/dist-tap && npx tsx tests/bench/tapBreakdown.ts --static=/tmp/dist-tap --rate=4
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { disposeAll, tempDir, withCpuThrottling } from '../e2e/harness.js';
import { openSession } from './browserSession.js';
import { nextDay, tapAll } from './tapLatency.js';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { type?: string } };
}

/** What a top-level main-thread task was, from the events inside it. */
function taskKind(inside: TraceEvent[]): string {
  const types = new Set(inside.map((e) => (e.name === 'EventDispatch' ? `event:${e.args?.data?.type ?? ''}` : e.name)));
  if (types.has('event:click') || types.has('event:pointerdown') || types.has('event:pointerup')) return 'the click (input events, React handler, the write)';
  if (types.has('TimerFire')) return 'timers (Dexie live-query re-runs signalled before the commit)';
  if (['Paint', 'Layout', 'UpdateLayoutTree', 'PrePaint', 'Commit'].some((n) => types.has(n))) return 'a frame (style, layout, paint)';
  if (types.has('FunctionCall')) return 'other callbacks (IndexedDB events, promises)';
  return 'other tasks';
}

interface TapBreakdown {
  clickToStored: number;
  byKind: Map<string, number>;
  scrolled: boolean;
}

/** Per click: the main thread's time by kind of task from the click to the next `baseroom:stored` mark (ms). */
function breakdown(events: TraceEvent[]): TapBreakdown[] {
  const clicks = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  if (!clicks.length) return [];
  const { pid, tid } = clicks[0]!;
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const tasks = main.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
  const stored = events.filter((e) => e.name === 'baseroom:stored').map((e) => e.ts).sort((a, b) => a - b);
  const out: TapBreakdown[] = [];
  for (const click of clicks) {
    const end = stored.find((t) => t > click.ts);
    if (end === undefined) continue;
    const byKind = new Map<string, number>();
    let busy = 0;
    let scrolled = false;
    for (const task of tasks) {
      const from = Math.max(task.ts, click.ts);
      const to = Math.min(task.ts + task.dur!, end);
      if (task.ts + task.dur! < click.ts - 200_000 || task.ts > end) continue;
      const inside = main.filter((e) => e.ts >= task.ts && e.ts <= task.ts + task.dur! && e !== task);
      if (inside.some((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'scroll')) scrolled = true;
      if (to <= from) continue;
      const kind = taskKind(inside);
      byKind.set(kind, (byKind.get(kind) ?? 0) + (to - from) / 1000);
      busy += to - from;
    }
    byKind.set('not busy (waiting for IndexedDB)', (end - click.ts - busy) / 1000);
    out.push({ clickToStored: (end - click.ts) / 1000, byKind, scrolled });
  }
  return out;
}

function report(label: string, taps: TapBreakdown[]): string {
  const kinds = new Map<string, number>();
  for (const t of taps) for (const [k, v] of t.byKind) kinds.set(k, (kinds.get(k) ?? 0) + v);
  const mean = taps.reduce((s, t) => s + t.clickToStored, 0) / taps.length;
  const parts = [...kinds].sort((a, b) => b[1] - a[1]).map(([k, v]) => `    ${(v / taps.length).toFixed(1).padStart(6)} ms  ${k}`);
  const scrolled = taps.filter((t) => t.scrolled).length;
  return [`${label}: ${taps.length} taps, click → stored ${mean.toFixed(1)} ms on average (${scrolled} scrolled just before the click)`, ...parts].join('\n');
}

const { values } = parseArgs({ options: { static: { type: 'string' }, rate: { type: 'string', default: '4' } } });
const staticDir = path.resolve(values.static ?? 'dist');
const rate = Number(values.rate);
const session = await openSession(staticDir);
const names = await nextDay(session);
const dir = await tempDir('baseroom-tap-trace-');
const file = path.join(dir.path, 'trace.json');
const restore = await withCpuThrottling(session.page, rate);
await session.browser.startTracing(session.page, { path: file, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel'] });
await tapAll(session, names);
await session.browser.stopTracing();
await restore();
const taps = breakdown((JSON.parse(await readFile(file, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents).sort((a, b) => a.clickToStored - b.clickToStored);
console.log(`${rate}× CPU, load average ${os.loadavg()[0]!.toFixed(2)}, main-thread time between the click and baseroom:stored (traced, so slower than section 3):`);
console.log(report('All', taps));
console.log(report('Fastest half', taps.slice(0, Math.ceil(taps.length / 2))));
console.log(report('Slowest 10%', taps.slice(-Math.max(1, Math.round(taps.length / 10)))));
await dir.dispose();
await disposeAll();
process.exit(0);
