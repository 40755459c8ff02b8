// 4. Today screen smoothness: 30 pupils on the register, 1,000 on the roll, during a scripted interaction.
import type { Page } from 'playwright-core';
import { withCpuThrottling } from '../e2e/harness.js';
import type { BrowserSession } from './browserSession.js';
import { ms, percentile, type BenchResult, type Row } from './util.js';

const CARDS = 5;

function startRecording(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __smooth?: { longTasks: number[]; frames: number[]; stop: boolean } };
    const rec = { longTasks: [] as number[], frames: [] as number[], stop: false };
    w.__smooth = rec;
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) rec.longTasks.push(e.duration);
    });
    obs.observe({ type: 'longtask' });
    let last = performance.now();
    const loop = () => {
      const now = performance.now();
      rec.frames.push(now - last);
      last = now;
      if (rec.stop) obs.disconnect();
      else requestAnimationFrame(loop);
    };
    requestAnimationFrame(() => {
      last = performance.now();
      requestAnimationFrame(loop);
    });
  });
}

function stopRecording(page: Page) {
  return page.evaluate(async () => {
    const rec = (window as unknown as { __smooth: { longTasks: number[]; frames: number[]; stop: boolean } }).__smooth;
    await new Promise((r) => setTimeout(r, 100)); // let the last long task entries arrive
    rec.stop = true;
    return { longTasks: rec.longTasks, frames: rec.frames };
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

export async function smoothness(session: BrowserSession): Promise<BenchResult> {
  const { page } = session;
  // Type a real surname from the register (still matches others on the roll, minus those already on it).
  const query = (session.todayNames[0] ?? 'Smith').split(' ').at(-1)!;
  const runs: { rate: number; longTasks: number[]; frames: number[]; wallMs: number; idle?: boolean }[] = [];
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
    const over50 = r.frames.filter((f) => f > 50).length;
    if (!r.idle) rows.push({ metric: `Long tasks during the interaction (${r.rate}× CPU)`, goal: '0 (our reading of "stays smooth")', value: `${r.longTasks.length} (longest ${ms(longest, 0)})`, met: r.longTasks.length === 0, raw: r.longTasks.length });
    if (!r.idle) rows.push({ metric: `Frame interval p95 (${r.rate}× CPU)`, goal: '≤ 17.7 ms (one 60 Hz frame + 1 ms; our reading)', value: ms(p95), met: p95 <= 16.7 + 1, raw: p95 });
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
      ms(r.wallMs, 0),
    ]);
  }
  return {
    id: 'smoothness',
    title: '4. Today screen smoothness (30 on the register, 1,000 on the roll)',
    rows,
    tables: [
      {
        headers: ['CPU', 'Long tasks', 'Longest', 'Total long-task time', 'Frames', 'Frame p50', 'Frame p95', 'Frame max', 'Frames > 50 ms', 'Script wall time'],
        rows: table,
      },
    ],
    notes: [
      `Script: type "${query}" into "Add a pupil" one key every 120 ms, wait for the matches, clear it; open ${CARDS} cards' "Periods, breaks and notes" and set P1 and P2 effort on each; close them again.`,
      'Long tasks: PerformanceObserver "longtask" (main-thread tasks over 50 ms). Frame interval: time between successive requestAnimationFrame callbacks over the whole script (headless Chromium, 60 Hz).',
      'Issue 2 says only "stays smooth"; the goals shown (no long task, p95 frame interval within one 60 Hz frame + 1 ms) are our reading of it. Frame gaps also include Playwright\'s own CDP work on the main thread; compare with the idle reference row.',
    ],
    data: runs,
  };
}
