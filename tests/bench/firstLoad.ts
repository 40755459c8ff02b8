// 9. A first visit on a phone, Lighthouse-style: bytes actually transferred, and a performance score from Chromium's
// own paint, layout-shift and long-task timings and a screencast, under Lighthouse's default mobile throttling.
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser, newPhonePage, startAppServer } from '../e2e/harness.js';
import { kb, ms, type BenchResult } from './util.js';

/** Lighthouse's mobile throttling as it applies it in DevTools mode (its "devtools" preset for slow 4G): the RTT and throughput seen by the page. */
const NETWORK = { latencyMs: 562.5, downloadKbps: 1474.56, uploadKbps: 675 };
const CPU_RATE = 4;
/** Lighthouse's time-to-interactive rule: a quiet window with no long task and at most two requests in flight. */
const QUIET_MS = 5_000;
const CAP_MS = 30_000;
const GOAL_SCORE = 90;
/** Lighthouse's text-compression audit ignores responses that would save less than this. */
const COMPRESSION_THRESHOLD_BYTES = 1400;

/** Lighthouse v10+ mobile scoring: each metric's p10 and median (log-normal curve) and its weight. */
export const CURVES = {
  fcp: { p10: 1800, median: 3000, weight: 10 },
  si: { p10: 3387, median: 5800, weight: 10 },
  lcp: { p10: 2500, median: 4000, weight: 25 },
  tbt: { p10: 200, median: 600, weight: 30 },
  cls: { p10: 0.1, median: 0.25, weight: 25 },
} as const;

function erf(x: number): number {
  // Abramowitz and Stegun 7.1.26, as Lighthouse uses.
  const sign = Math.sign(x);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - y * Math.exp(-x * x));
}

/** Lighthouse's getLogNormalScore: 0.9 at p10, 0.5 at the median, clamped into the band the value falls in. */
export function logNormalScore({ p10, median }: { p10: number; median: number }, value: number): number {
  if (value <= 0) return 1;
  const standardized = (Math.log(value / median) * 0.9061938024368232) / -Math.log(p10 / median);
  const score = (1 - erf(standardized)) / 2;
  if (value <= p10) return Math.max(0.9, Math.min(1, score));
  if (value <= median) return Math.max(0.5, Math.min(0.8999999999999999, score));
  return Math.max(0, Math.min(0.49999999999999994, score));
}

interface PageTimings {
  fcp: number | null;
  lcp: number | null;
  cls: number;
  longTasks: { start: number; duration: number }[];
  timeOrigin: number;
}

/** Installed before any page script: LCP, layout shifts (Lighthouse's largest 5 s / 1 s-gap session window) and long tasks. */
const recordTimings = () => {
  const rec = { lcp: null as number | null, shifts: [] as { t: number; v: number }[], longTasks: [] as { start: number; duration: number }[] };
  (window as unknown as { __firstLoad: typeof rec }).__firstLoad = rec;
  const watch = (type: string, fn: (e: PerformanceEntry) => void) => {
    try {
      new PerformanceObserver((l) => l.getEntries().forEach(fn)).observe({ type, buffered: true });
    } catch {
      /* not supported: stays empty */
    }
  };
  watch('largest-contentful-paint', (e) => (rec.lcp = e.startTime));
  watch('layout-shift', (e) => {
    const s = e as PerformanceEntry & { value: number; hadRecentInput: boolean };
    if (!s.hadRecentInput) rec.shifts.push({ t: s.startTime, v: s.value });
  });
  watch('longtask', (e) => rec.longTasks.push({ start: e.startTime, duration: e.duration }));
};

const readTimings = (page: Page) =>
  page.evaluate((): PageTimings => {
    const rec = (window as unknown as { __firstLoad: { lcp: number | null; shifts: { t: number; v: number }[]; longTasks: { start: number; duration: number }[] } }).__firstLoad;
    let cls = 0;
    let win = 0;
    let first = 0;
    let last = -Infinity;
    for (const s of rec.shifts) {
      if (s.t - last > 1000 || s.t - first > 5000) (win = 0), (first = s.t);
      win += s.v;
      last = s.t;
      cls = Math.max(cls, win);
    }
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    return { fcp, lcp: rec.lcp, cls, longTasks: rec.longTasks, timeOrigin: performance.timeOrigin };
  });

/**
 * Speed Index as Lighthouse's speedline computes it: each frame's visual progress is how far its colour histograms
 * (near-white pixels ignored) have moved from the blank first frame towards the final one; SI = ∫ (1 − progress) dt.
 * The histograms are computed in an unthrottled page of the same browser (canvas), so no image library is needed.
 */
async function speedIndex(helper: Page, frames: { t: number; jpeg: string }[]): Promise<number> {
  if (frames.length === 0) return NaN;
  const hists = await helper.evaluate(async (jpegs: string[]) => {
    const out: number[][] = [];
    for (const b64 of jpegs) {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
      const canvas = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const px = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
      const hist = new Array<number>(768).fill(0);
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
        if (r > 249 && g > 249 && b > 249) continue;
        hist[r]!++;
        hist[256 + g]!++;
        hist[512 + b]!++;
      }
      out.push(hist);
    }
    return out;
  }, frames.map((f) => f.jpeg));
  const target = hists[hists.length - 1]!;
  const progress = hists.map((h) => {
    let match = 0;
    let total = 0;
    for (let i = 0; i < 768; i++) {
      const targetDiff = target[i]!; // the initial frame is blank: an empty histogram
      match += Math.min(h[i]!, targetDiff);
      total += targetDiff;
    }
    return total === 0 ? 1 : match / total;
  });
  // Blank until the first frame; each frame's progress holds until the next.
  let si = Math.max(0, frames[0]!.t);
  for (let i = 0; i < frames.length - 1; i++) si += (1 - progress[i]!) * (frames[i + 1]!.t - frames[i]!.t);
  return si;
}

async function throttle(cdp: CDPSession): Promise<void> {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: NETWORK.latencyMs,
    downloadThroughput: (NETWORK.downloadKbps * 1024) / 8,
    uploadThroughput: (NETWORK.uploadKbps * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
}

export async function firstLoad(staticDir: string): Promise<BenchResult> {
  const server = await startAppServer({ staticDir });
  const browser = await launchBrowser();
  try {
    const { page, context } = await newPhonePage(browser);
    const helper = await browser.newPage();
    page.setDefaultTimeout(CAP_MS);
    await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
    await page.addInitScript(recordTimings);
    const cdp = await context.newCDPSession(page);
    await throttle(cdp);

    // Every request the page makes: its encoded (compressed, on the wire) size including headers.
    const requests = new Map<string, { url: string; encoding: string; bytes: number; body: number; done: boolean }>();
    let lastNetworkAt = performance.now();
    cdp.on('Network.requestWillBeSent', (e) => {
      requests.set(e.requestId, { url: e.request.url, encoding: '', bytes: 0, body: 0, done: false });
      lastNetworkAt = performance.now();
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = requests.get(e.requestId);
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      if (r) r.encoding = headers['content-encoding'] ?? (e.response.fromServiceWorker ? 'service worker' : 'none');
    });
    cdp.on('Network.dataReceived', (e) => {
      const r = requests.get(e.requestId);
      if (r) r.body += e.dataLength;
    });
    const finish = (id: string, bytes: number) => {
      const r = requests.get(id);
      if (r) (r.bytes = bytes), (r.done = true);
      lastNetworkAt = performance.now();
    };
    cdp.on('Network.loadingFinished', (e) => finish(e.requestId, e.encodedDataLength));
    cdp.on('Network.loadingFailed', (e) => finish(e.requestId, 0));

    const frames: { t: number; jpeg: string }[] = [];
    cdp.on('Page.screencastFrame', (e) => {
      frames.push({ t: e.metadata.timestamp ?? 0, jpeg: e.data });
      void cdp.send('Page.screencastFrameAck', { sessionId: e.sessionId }).catch(() => undefined);
    });
    await cdp.send('Page.startScreencast', { format: 'jpeg', quality: 60, maxWidth: 360, maxHeight: 740, everyNthFrame: 1 });

    const started = performance.now();
    await page.goto(server.url, { waitUntil: 'load' });
    // Then until the page is quiet: no long task and at most two requests in flight for 5 s (or 30 s in all).
    for (;;) {
      const now = performance.now();
      if (now - started > CAP_MS) break;
      const t = await readTimings(page);
      const lastTask = t.longTasks.reduce((m, x) => Math.max(m, x.start + x.duration), 0);
      const inFlight = [...requests.values()].filter((r) => !r.done).length;
      const pageNow = await page.evaluate(() => performance.now());
      if (inFlight <= 2 && pageNow - lastTask >= QUIET_MS && now - lastNetworkAt >= QUIET_MS) break;
      await page.waitForTimeout(250);
    }
    await cdp.send('Page.stopScreencast');
    const timings = await readTimings(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

    const fcp = timings.fcp ?? NaN;
    const lcp = timings.lcp ?? fcp;
    // Screencast timestamps are wall-clock seconds; the page's clock starts at navigation (timeOrigin).
    const relFrames = frames.map((f) => ({ t: f.t * 1000 - timings.timeOrigin, jpeg: f.jpeg })).filter((f) => f.t >= 0);
    const si = Math.max(fcp, await speedIndex(helper, relFrames));
    const tbt = timings.longTasks.filter((x) => x.start + x.duration > fcp).reduce((s, x) => s + Math.max(0, x.duration - 50), 0);
    const values = { fcp, si, lcp, tbt, cls: timings.cls };
    const scores = Object.fromEntries(Object.entries(CURVES).map(([k, c]) => [k, logNormalScore(c, values[k as keyof typeof values])])) as Record<keyof typeof CURVES, number>;
    const total = Math.round(Object.entries(CURVES).reduce((s, [k, c]) => s + c.weight * scores[k as keyof typeof CURVES], 0));

    const all = [...requests.values()].filter((r) => r.done);
    const bytes = all.reduce((s, r) => s + r.bytes, 0);
    const js = all.filter((r) => r.url.endsWith('.js'));
    const jsBytes = js.reduce((s, r) => s + r.bytes, 0);
    const uncompressed = all.filter((r) => /\.(js|css|html|webmanifest|svg)$|\/$/.test(new URL(r.url).pathname) && r.encoding === 'none' && r.body >= COMPRESSION_THRESHOLD_BYTES);
    const metric = (label: string, key: keyof typeof CURVES, value: string) => ({
      metric: `${label} (score ${Math.round(scores[key] * 100)}, weight ${CURVES[key].weight})`,
      goal: `p10 ${CURVES[key].p10}, median ${CURVES[key].median}`,
      value,
      raw: values[key],
    });
    return {
      id: 'firstLoad',
      title: '9. First visit on a phone, Lighthouse-style (mobile throttling)',
      rows: [
        { metric: 'Performance score, Lighthouse v10+ weights and curves', goal: `≥ ${GOAL_SCORE}`, value: String(total), met: total >= GOAL_SCORE, raw: total },
        { metric: 'Bytes transferred by the page on a first visit (encodedDataLength, all requests)', goal: '—', value: kb(bytes), raw: bytes },
        { metric: 'of which JavaScript', goal: '—', value: kb(jsBytes), raw: jsBytes },
        { metric: `Text responses of ${COMPRESSION_THRESHOLD_BYTES} bytes or more sent without compression`, goal: '0', value: String(uncompressed.length), met: uncompressed.length === 0, raw: uncompressed.length },
        metric('First Contentful Paint', 'fcp', ms(fcp, 0)),
        metric('Speed Index', 'si', ms(si, 0)),
        metric('Largest Contentful Paint', 'lcp', ms(lcp, 0)),
        metric('Total Blocking Time', 'tbt', ms(tbt, 0)),
        metric('Cumulative Layout Shift', 'cls', timings.cls.toFixed(3)),
      ],
      tables: [
        {
          caption: 'Requests on the first visit (bytes on the wire, headers included)',
          headers: ['Request', 'Content-Encoding', 'Transferred', 'Body (decoded)'],
          rows: all.map((r) => [new URL(r.url).pathname, r.encoding, kb(r.bytes), kb(r.body)]),
        },
      ],
      notes: [
        `A fresh phone context (360×740, no cache, no service worker) opens the app from the real server (Brotli/gzip by Accept-Encoding). Throttling as Lighthouse applies it in DevTools mode for its default mobile run: ${NETWORK.latencyMs} ms request latency, ${NETWORK.downloadKbps} kbit/s down, ${NETWORK.uploadKbps} kbit/s up (CDP Network.emulateNetworkConditions) and ${CPU_RATE}× CPU (Emulation.setCPUThrottlingRate). Lighthouse itself defaults to simulating this (Lantern); this run applies it, which is slower, not kinder.`,
        'FCP: the paint timing entry; LCP: the last largest-contentful-paint entry; CLS: the largest session window of layout shifts (1 s gap, 5 s cap) without recent input; TBT: the part over 50 ms of every long task ending after FCP, until the page is quiet (no long task, at most 2 requests in flight, for 5 s, as Lighthouse\'s TTI); Speed Index: speedline\'s histogram progress over a CDP screencast (Page.startScreencast), integrated from navigation.',
        'Score: Lighthouse v10+ weights (FCP 10, SI 10, LCP 25, TBT 30, CLS 25) and its log-normal curves for mobile (the p10 and median shown), i.e. getLogNormalScore. The `lighthouse` package is not used: it is not installed here and needs the network.',
        'Bytes: the sum of CDP Network.loadingFinished encodedDataLength over the page\'s requests (what crossed the wire). The service worker\'s own precache requests run in its own target and are not in this sum; the bundle table above lists what it fetches.',
      ],
      data: { values, scores, longTasks: timings.longTasks, frames: relFrames.length, requests: all.map(({ url, encoding, bytes: b }) => ({ url, encoding, bytes: b })) },
    };
  } finally {
    await browser.close().catch(() => undefined);
    await server.dispose();
  }
}
