// `npm run bench`: runs every benchmark (each fails soft), then writes bench-results/latest.{md,json} and prints the markdown.
// Options (for development): --only=bundle,browser,sync,fanout,reports,checks,year,shared,nodes,schoolday (browser includes 9, the phone's first visit)  --static=<dir> (default dist/, which npm run bench just built).
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumPath, disposeAll, repoRoot } from '../e2e/harness.js';
import { openSession, type BrowserSession } from './browserSession.js';
import { bundleSize } from './bundleSize.js';
import { coldStart } from './coldStart.js';
import { fanout } from './fanout.js';
import { firstLoad } from './firstLoad.js';
import { reportYear } from './reportYear.js';
import { relayNodes } from './relayNodes.js';
import { schoolDay } from './schoolDay.js';
import { sharedStore } from './sharedStore.js';
import { renderMarkdown } from './report.js';
import { smoothness } from './smoothness.js';
import { syncDay } from './syncDay.js';
import { tapLatency } from './tapLatency.js';
import { writeChecks } from './writeChecks.js';
import { yearStart } from './yearStart.js';
import { machine, type BenchResult } from './util.js';

const { values } = parseArgs({ options: { only: { type: 'string' }, static: { type: 'string' } } });
const only = values.only ? new Set(values.only.split(',')) : null;
const want = (group: string) => !only || only.has(group);
const staticDir = path.resolve(values.static ?? path.join(repoRoot, 'dist'));

const results: BenchResult[] = [];

async function soft(id: string, title: string, fn: () => Promise<BenchResult>): Promise<BenchResult> {
  const t0 = performance.now();
  process.stderr.write(`bench: ${title}…\n`);
  let result: BenchResult;
  try {
    result = await fn();
  } catch (err) {
    const e = err as Error;
    result = { id, title, rows: [], tables: [], notes: [], error: `${e.name}: ${e.message}`.slice(0, 2000) };
    process.stderr.write(`bench: ${title} failed: ${e.stack ?? e.message}\n`);
  }
  result.durationMs = performance.now() - t0;
  process.stderr.write(`bench: ${title} done in ${(result.durationMs / 1000).toFixed(1)} s\n`);
  results.push(result);
  return result;
}

function chromiumVersionFromBinary(): string {
  try {
    return execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

const started = performance.now();
const startedAt = new Date();
const loadAtStart = os.loadavg()[0]!;
let chromiumVersion = chromiumVersionFromBinary();

// A hard ceiling: whatever happens, write what we have and leave.
const ceiling = setTimeout(() => {
  process.stderr.write('bench: 15 minute ceiling reached; writing partial results.\n');
  void finish().finally(() => process.exit(1));
}, 15 * 60_000);
ceiling.unref();

let finished = false;
async function finish(): Promise<void> {
  if (finished) return;
  finished = true;
  const totalMs = performance.now() - started;
  const meta = {
    date: startedAt.toISOString(),
    machine: { ...machine(), chromium: `${chromiumVersion}, headless (${chromiumPath})`, loadAverage: { atStart: loadAtStart, atEnd: os.loadavg()[0]! } }, staticDir: path.relative(repoRoot, staticDir) || '.', totalMs };
  const md = renderMarkdown(meta, results);
  const outDir = path.join(repoRoot, 'bench-results');
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'latest.md'), md);
  await writeFile(path.join(outDir, 'latest.json'), JSON.stringify({ ...meta, results }, null, 2) + '\n');
  process.stdout.write(md);
}

try {
  if (want('bundle')) await soft('bundle', '1. JS for the first screen', () => bundleSize(staticDir));

  if (want('browser')) {
    let session: BrowserSession | undefined;
    const setup = await soft('browserSetup', 'Browser set-up (demo school, 30 on the register, offline)', async () => {
      session = await openSession(staticDir);
      if (!chromiumVersion.includes(session.chromiumVersion)) chromiumVersion = `${chromiumVersion} (Playwright reports ${session.chromiumVersion})`;
      return { id: 'browserSetup', title: 'Browser set-up', rows: [], tables: [], notes: [`Set-up through the UI took ${(session.setupMs / 1000).toFixed(1)} s.`] };
    });
    results.splice(results.indexOf(setup), 1); // set-up is not a figure; its error (if any) is reported under each benchmark
    const needSession = (fn: (s: BrowserSession) => Promise<BenchResult>) => async () => {
      if (!session) throw new Error(`browser set-up failed: ${setup.error ?? 'unknown'}`);
      return fn(session);
    };
    await soft('coldStart', '2. Cold start offline', needSession(coldStart));
    await soft('smoothness', '4. Today screen smoothness', needSession(smoothness));
    await soft('tapLatency', '3. Tap-to-stored latency', needSession(tapLatency));
    await disposeAll();
    await soft('firstLoad', '9. First visit on a phone, Lighthouse-style', () => firstLoad(staticDir));
    // Keep the report in the numbered order.
    results.sort((a, b) => a.title.localeCompare(b.title, 'en', { numeric: true }));
  }

  if (want('sync')) await soft('syncDay', '5. Sync of a full day', () => syncDay());
  if (want('fanout')) await soft('fanout', '6. Relay fan-out, 500 devices over 100 documents', () => fanout());
  if (want('reports')) await soft('reportYear', '7. Report time on a year of data', () => reportYear());
  if (want('checks')) await soft('writeChecks', '8. Cost of the relay’s write checks', () => writeChecks());
  if (want('year')) await soft('yearStart', '10. Start-up and memory: a year against a week', () => yearStart(staticDir));
  if (want('shared')) await soft('sharedStore', '11. Shared store on PostgreSQL and the fan-out bus (store and bus only)', () => sharedStore());
  if (want('nodes')) await soft('relayNodes', '12. The relay on PostgreSQL, three nodes, with LISTEN/NOTIFY and with Redis', () => relayNodes());
  if (want('schoolday')) await soft('schoolDay', '13. One school on PostgreSQL: time to "safe" and bytes stored per school-day', () => schoolDay());
} finally {
  await disposeAll();
  await finish();
  clearTimeout(ceiling);
}
process.exit(0);
