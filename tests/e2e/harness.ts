// Browser-test harness: the real server process, headless Chromium as a landscape tablet or a phone, and cleanup that always runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--no-first-run',
  // A British tablet: 24-hour time and day-month-year date pickers.
  '--lang=en-GB',
];
const tabletOptions: BrowserContextOptions = {
  viewport: { width: 1024, height: 768 }, locale: 'en-GB', timezoneId: 'Europe/London', hasTouch: true,
};

const phoneOptions: BrowserContextOptions = {
  viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'en-GB', timezoneId: 'Europe/London',
};

// Every resource the harness creates registers its disposer here, so disposeAll() in afterAll cleans up after failures too.
const disposers = new Set<() => Promise<void>>();
const children = new Set<ChildProcess>();
process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function track(dispose: () => Promise<void>): () => Promise<void> {
  const once = async () => {
    if (disposers.delete(once)) await dispose();
  };
  disposers.add(once);
  return once;
}

/** Disposes everything the harness still holds (browsers, servers, temp dirs), newest first; never throws. */
export async function disposeAll(): Promise<void> {
  for (const dispose of [...disposers].reverse()) await dispose().catch((err) => console.error('e2e cleanup:', err));
}

/**
 * A time earlier today on the tablets' clock (Europe/London), as HH:MM: `minutes` ago, or 00:00 just after midnight.
 * The register refuses times in the future, so a test typing a fixed "08:52" would fail when run before 08:52.
 */
export function earlierToday(minutes = 7, now = new Date()): string {
  const london = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  const [today] = london(now).split(', ');
  const [day, time] = london(new Date(now.getTime() - minutes * 60_000)).split(', ');
  return day === today ? time! : '00:00';
}

/** A temp directory removed by disposeAll() (or by the returned dispose()). */
export async function tempDir(prefix = 'baseroom-e2e-'): Promise<{ path: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { path: dir, dispose: track(() => rm(dir, { recursive: true, force: true })) };
}

/** Polls `check` until it returns a truthy value, failing with `message` after `timeoutMs`. */
export async function waitUntil<T>(check: () => T | Promise<T>, message: string, timeoutMs = 15_000, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${message}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface AppServer {
  url: string;
  port: number;
  dataDir: string;
  /** SIGTERM and wait for the process to exit. */
  stop(): Promise<void>;
  /** SIGKILL (a crash or power cut), without waiting. */
  kill(): void;
  /** Start again on the same port with the same data dir. */
  restart(): Promise<void>;
  /** Stop and remove the data dir if the harness made it. */
  dispose(): Promise<void>;
}

/** `env`: more of the server's environment, e.g. DATABASE_URL and TOKEN_SECRET for a trust's relay on PostgreSQL. */
export async function startAppServer(opts: { dataDir?: string; port?: number; staticDir?: string; env?: Record<string, string> } = {}): Promise<AppServer> {
  const staticDir = opts.staticDir ?? process.env.BASEROOM_E2E_STATIC_DIR ?? path.join(repoRoot, 'dist');
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`${path.join(staticDir, 'index.html')} is missing: run vite build first (npx vite build).`);
  }
  const ownDir = opts.dataDir ? undefined : await tempDir('baseroom-e2e-data-');
  const dataDir = opts.dataDir ?? ownDir!.path;
  let child: ChildProcess | undefined;
  let lastExit: Promise<void> = Promise.resolve();

  const spawnServer = (port: number) =>
    new Promise<{ url: string; port: number }>((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
        cwd: repoRoot,
        env: { ...process.env, ...opts.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: staticDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(proc);
      lastExit = new Promise((r) => proc.once('exit', () => r(void children.delete(proc))));
      let stdout = '';
      let stderr = '';
      const fail = (why: string) => {
        clearTimeout(timer);
        proc.kill('SIGKILL');
        reject(new Error(`Baseroom server ${why}.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      };
      const timer = setTimeout(() => fail('did not print its URL within 30 s'), 30_000);
      proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      proc.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /Baseroom running at (http:\/\/\S+)/.exec(stdout);
        if (m?.[1]) {
          clearTimeout(timer);
          proc.removeListener('exit', onEarlyExit);
          child = proc;
          resolve({ url: m[1], port: Number(new URL(m[1]).port) });
        }
      });
      const onEarlyExit = (code: number | null) => fail(`exited (code ${code}) before it was ready`);
      proc.once('exit', onEarlyExit);
    });

  const stop = async () => {
    const proc = child;
    child = undefined;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await lastExit;
      clearTimeout(timer);
    }
    await lastExit; // after kill(): the port is free only once the process is gone
  };

  const first = await spawnServer(opts.port ?? 0);
  const server: AppServer = {
    url: first.url,
    port: first.port,
    dataDir,
    stop,
    kill: () => {
      child?.kill('SIGKILL');
      child = undefined;
    },
    restart: async () => {
      await stop();
      await spawnServer(first.port);
    },
    dispose: track(async () => {
      await stop();
      await ownDir?.dispose();
    }),
  };
  return server;
}

/**
 * Headless Debian Chromium (never a downloaded browser), closed by disposeAll(). `backForwardCache`: keep Chromium's
 * back/forward cache on, as it is for staff (Playwright turns it off by default).
 */
export async function launchBrowser(opts: { backForwardCache?: boolean } = {}): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
    ...(opts.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
  });
  const dispose = track(() => browser.close());
  browser.once('disconnected', () => void dispose());
  return browser;
}

export interface TabletPage {
  page: Page;
  context: BrowserContext;
  /** Closes the context (the whole browser for a persistent profile); the profile dir stays for reopening. */
  close(): Promise<void>;
}

/**
 * A 1024×768 landscape tablet page (en-GB, Europe/London). Reloads keep IndexedDB and the service worker
 * within one context. With `userDataDir` it launches a persistent profile instead (browser may be null),
 * so a test can close and reopen "the browser" on the same profile (make the dir with tempDir()).
 */
export async function newTabletPage(browser: Browser | null, opts: { userDataDir?: string } = {}): Promise<TabletPage> {
  let context: BrowserContext;
  if (opts.userDataDir) {
    context = await chromium.launchPersistentContext(opts.userDataDir, { ...tabletOptions, executablePath: chromiumPath, args: chromiumArgs });
  } else if (browser) {
    context = await browser.newContext(tabletOptions);
  } else {
    throw new Error('newTabletPage needs a browser or a userDataDir');
  }
  const close = track(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  return { page, context, close };
}

/** A 360×740 portrait phone page (touch, en-GB, Europe/London): the off-site assistant's own phone. */
export async function newPhonePage(browser: Browser): Promise<TabletPage> {
  const context = await browser.newContext({ ...phoneOptions });
  const close = track(() => context.close());
  return { page: await context.newPage(), context, close };
}

/** Waits until a service worker controls the page: the app's registration becomes active, then one reload if it did not claim the page. */
export async function waitForServiceWorkerControl(page: Page, timeoutMs = 30_000): Promise<string> {
  const url = await page.evaluate(async (ms) => {
    const sw = navigator.serviceWorker;
    if (sw.controller) return sw.controller.scriptURL;
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), ms));
    const reg = await Promise.race([sw.ready, timeout]);
    if (!reg) throw new Error(`the app did not register a service worker that became active within ${ms} ms`);
    return navigator.serviceWorker.controller?.scriptURL ?? null; // re-read: claim() may have run
  }, timeoutMs);
  if (url) return url;
  await page.reload();
  const after = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
  if (!after) throw new Error('a service worker is active but still does not control the page after a reload');
  return after;
}

/** Slows the page's CPU by `rate` (4 = a cheap tablet); returns a disposer that restores full speed. */
export async function withCpuThrottling(page: Page, rate: number): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return track(async () => {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 }).catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  });
}

/** A date as London sees it, YYYY-MM-DD. */
export const londonDate = (d: Date): string => d.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

/**
 * For a test that needs a school day whatever day it runs on (an off-site phone expects nobody at a weekend; the
 * demo school has no term dates, so only weekends are not school days): 10:00 UTC (10:00 or 11:00 in London) today if
 * today is a weekday, else on the Monday after. Give it to the pages with `page.clock.setSystemTime`.
 */
export function weekdayClock(now = new Date()): Date {
  const day = new Date(`${londonDate(now)}T10:00:00Z`);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day;
}
