// 4. Today screen smoothness: 30 pupils on the register, 1,000 on the roll, during a scripted interaction.
import type { Page } from 'playwright-core';
import { withCpuThrottling } from '../e2e/harness.js';
import type { BrowserSession } from './browserSession.js';
import { ms, percentile, type BenchResult, type Row } from './util.js';

const CARDS = 5;

function startRecording(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __smooth?: { longTasks: number[]; frames: number[]; callbacks: number[]; stop: boolean } };
    const rec = { longTasks: [] as number[], frames: [] as number[], callbacks: [] as number[], stop: false };
    w.__smooth = rec;
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) rec.longTasks.push(e.duration);
    });
    obs.observe({ type: 'longtask' });
    // Two clocks per frame: the frame's own time (rAF's argument: when the browser began the frame, on the display's
    // beat) and when our callback actually ran (that plus any main-thread task the frame waited behind).
    let lastFrame = 0;
    let lastCall = 0;
    const loop = (frameTime: number) => {
      const now = performance.now();
      rec.frames.push(frameTime - lastFrame);
      rec.callbacks.push(now - lastCall);
      lastFrame = frameTime;
      lastCall = now;
      if (rec.stop) obs.disconnect();
      else requestAnimationFrame(loop);
    };
    requestAnimationFrame((frameTime) => {
      lastFrame = frameTime;
      lastCall = performance.now();
      requestAnimationFrame(loop);
    });
  });
}

function stopRecording(page: Page) {
  return page.evaluate(async () => {
    const rec = (window as unknown as { __smooth: { longTasks: number[]; frames: number[]; callbacks: number[]; stop: boolean } }).__smooth;
    await new Promise((r) => setTimeout(r, 100)); // let the last long task entries arrive
    rec.stop = true;
    return { longTasks: rec.longTasks, frames: rec.frames, callbacks: rec.callbacks };
  });
}

async function interact(session: BrowserSession, grade: string, query: string): Promise<void> {
  const { page, app } = session;
  const search = page.getByLabel('Add a pupil');
  await search.click();
  await search.pressSequentially(query, { delay: 120 });
  await page.getByRole('list', { name: 'Matching pupils' }).waitFor();
  await page.waitForTimeout(200);
  await search.fill('');
  for (const name of session.todayNames.slice(0, CARDS)) {
    const card = await app.openDetails(name);
    await card.getByLabel('P1 effort').selectOption(grade);
    await card.getByLabel('P2 effort').selectOption(grade);
    await page.waitForTimeout(100);
  }
  // Close them again so the next run opens them too.
  for (const name of session.todayNames.slice(0, CARDS)) {
    await app.card(name).getByRole('button', { name: /^Periods, breaks and notes/ }).click();
  }
  await page.waitForTimeout(300);
}

const FRAME_MS = 1000 / 60;

/** Display beats that produced no frame: an interval of n beats (frame times are on the beat) missed n - 1. */
export function missedFrames(intervals: number[]): number {
  return intervals.reduce((sum, f) => sum + Math.max(0, Math.round(f / FRAME_MS) - 1), 0);
}

export async function smoothness(session: BrowserSession): Promise<BenchResult> {
  const { page } = session;
  // Type a real surname from the register (still matches others on the roll, minus those already on it).
  const query = (session.todayNames[0] ?? 'Smith').split(' ').at(-1)!;
  const runs: { rate: number; longTasks: number[]; frames: number[]; callbacks: number[]; wallMs: number; idle?: boolean }[] = [];
  // Reference: the same recorder on the idle screen for 1.5 s, so headless Chromium's own frame jitter is visible.
  await startRecording(page);
  await page.waitForTimeout(1500);
  runs.push({ rate: 1, ...(await stopRecording(page)), wallMs: 1500, idle: true });
  for (const rate of [1, 4]) {
    const restore = rate > 1 ? await withCpuThrottling(page, rate) : async () => undefined;
    try {
      await startRecording(page);
      const t0 = performance.now();
      await interact(session, rate === 1 ? '2' : '3', query);
      const wallMs = performance.now() - t0;
      runs.push({ rate, ...(await stopRecording(page)), wallMs });
    } finally {
      await restore();
    }
  }
  const rows: Row[] = [];
  const table: string[][] = [];
  for (const r of runs) {
    const longest = r.longTasks.length ? Math.max(...r.longTasks) : 0;
    const p95 = percentile(r.frames, 95);
    const callbackP95 = percentile(r.callbacks, 95);
    const over50 = r.frames.filter((f) => f > 50).length;
    const missed = missedFrames(r.frames);
    const missedShare = `${missed} of ${r.frames.length + missed} (${((100 * missed) / (r.frames.length + missed)).toFixed(1)}%)`;
    if (!r.idle) {
      rows.push({ metric: `Long tasks during the interaction (${r.rate}× CPU)`, goal: '0 (our reading of "stays smooth")', value: `${r.longTasks.length} (longest ${ms(longest, 0)})`, met: r.longTasks.length === 0, raw: r.longTasks.length });
      if (r.rate === 4) rows.push({ metric: 'Longest task during the interaction (4× CPU)', goal: '≤ 100 ms (issue 16: no long task over 100 ms at 4×)', value: ms(longest, 0), met: longest <= 100, raw: longest });
      rows.push({ metric: `Frame interval p95, between frames' own times (${r.rate}× CPU)`, goal: '≤ 17.7 ms (one 60 Hz frame + 1 ms; our reading)', value: ms(p95), met: p95 <= FRAME_MS + 1, raw: p95 });
      rows.push({ metric: `Display frames missed (${r.rate}× CPU)`, goal: '—', value: missedShare, raw: missed });
      rows.push({ metric: `rAF callback interval p95, frame time plus main-thread delay (${r.rate}× CPU; the figure this bench gave before)`, goal: '—', value: ms(callbackP95), raw: callbackP95 });
    }
    table.push([
      r.idle ? '1×, idle screen (reference)' : `${r.rate}×, scripted interaction`,
      String(r.longTasks.length),
      ms(longest, 0),
      ms(r.longTasks.reduce((a, b) => a + b, 0), 0),
      String(r.frames.length),
      ms(percentile(r.frames, 50)),
      ms(p95),
      ms(r.frames.length ? Math.max(...r.frames) : NaN, 0),
      String(over50),
      missedShare,
      ms(percentile(r.callbacks, 50)),
      ms(callbackP95),
      ms(r.wallMs, 0),
    ]);
  }
  return {
    id: 'smoothness',
    title: '4. Today screen smoothness (30 on the register, 1,000 on the roll)',
    rows,
    tables: [
      {
        headers: ['CPU', 'Long tasks', 'Longest', 'Total long-task time', 'Frames', 'Frame p50', 'Frame p95', 'Frame max', 'Frames > 50 ms', 'Display frames missed', 'Callback p50', 'Callback p95', 'Script wall time'],
        rows: table,
      },
    ],
    notes: [
      `Script: type "${query}" into "Add a pupil" one key every 120 ms, wait for the matches, clear it; open ${CARDS} cards' "Periods, breaks and notes" and set P1 and P2 effort on each; close them again.`,
      'Long tasks: PerformanceObserver "longtask" (main-thread tasks over 50 ms).',
      'Frame interval: the time between successive frames, each frame timed by the timestamp requestAnimationFrame hands its callback (when the browser began that frame, on the 60 Hz beat), over the whole script (headless Chromium). A frame the main thread could not start in time moves to a later beat, so a missed frame shows as a 33.3 ms interval; "display frames missed" counts the beats with no frame.',
      'Callback interval: the same frames timed instead by performance.now() inside the callback, as this bench did until December 2026. That adds how long each callback waited behind the task running when its frame began (a 3 ms wait reads as 19.7 ms then 13.7 ms, with no frame missed), so it measures main-thread jitter more than frames; it is kept for comparison.',
      'Issue 2 says only "stays smooth"; the goals shown (no long task, p95 frame interval within one 60 Hz frame + 1 ms) are our reading of it. The script\'s pauses are included, as they were before. Frame gaps also include Playwright\'s own CDP work on the main thread (locating elements, dispatching input); compare with the idle reference row.',
    ],
    data: runs,
  };
}
