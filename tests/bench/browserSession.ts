// The shared browser set-up for benchmarks 2–4: the real server, the demo school (1,000 pupils) set up through
// the UI, 30 pupils on today's register, the service worker in control, then the server stopped (offline).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newTabletPage, startAppServer, type AppServer } from '../e2e/harness.js';
import { BaseroomApp } from '../e2e/pages/baseroomApp.js';

export const REGISTER_SIZE = 30;

export interface BrowserSession {
  server: AppServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  app: BaseroomApp;
  url: string;
  chromiumVersion: string;
  /** Names on today's register. */
  todayNames: string[];
  setupMs: number;
}

/** Puts `count` more pupils on the register shown now (the first match for a broad search each time). */
export async function fillRegister(app: BaseroomApp, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(await app.addPupil('a', 0));
  await app.page.getByText(new RegExp(`^${count} pupils? on the register:`)).waitFor();
  return names;
}

/** A new tablet with the demo school set up on it and the service worker in control (the benches' starting point). */
export async function setUpDemoTablet(page: Page, context: BrowserContext, url: string): Promise<BaseroomApp> {
  // tsx (esbuild keepNames) wraps named functions in __name(); functions we send into the page need it defined there.
  await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
  const app = new BaseroomApp(page);
  await app.openNewDevice(url);
  await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms R. Patel' });
  await app.waitForServiceWorker();
  return app;
}

export async function openSession(staticDir: string): Promise<BrowserSession> {
  const started = performance.now();
  const server = await startAppServer({ staticDir });
  const browser = await launchBrowser();
  const { page, context } = await newTabletPage(browser);
  page.setDefaultTimeout(30_000);
  const app = await setUpDemoTablet(page, context, server.url);
  const todayNames = await fillRegister(app, REGISTER_SIZE);
  await server.stop();
  return {
    server,
    browser,
    context,
    page,
    app,
    url: server.url,
    chromiumVersion: browser.version(),
    todayNames,
    setupMs: performance.now() - started,
  };
}
