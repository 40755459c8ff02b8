// The app under the relay's strict Content-Security-Policy in real Chromium: set-up, Today, pairing and sync, a reload from the service worker — and not one violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enrolDevice } from '../../sync-server/test-support/relay-process.js';
import { disposeAll, launchBrowser, newTabletPage, startAppServer, type AppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/** Every securitypolicyviolation the page sees, from its first script on, as "directive blocked-uri where". */
const recordViolations = () => {
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.cspViolations!.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
};

const violations = (page: Page) => page.evaluate(() => window.cspViolations ?? ['the recorder did not run']);

describe('the app under the Content-Security-Policy', () => {
  let server: AppServer;
  let page: Page;
  let app: BaseroomApp;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    const tablet = await newTabletPage(await launchBrowser());
    page = tablet.page;
    app = new BaseroomApp(page);
    await tablet.context.addInitScript(recordViolations);
    // Chromium also reports each refused load or inline script as a console error, from pages and workers.
    tablet.context.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
  });
  afterAll(disposeAll);

  it('is served with the policy', async () => {
    const res = await page.goto(server.url);
    const csp = (await res?.headerValue('content-security-policy')) ?? '';
    await app.protectDevice();
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('sets up the demo school, keeps the register, pairs and syncs, and reloads from the service worker with no violation', async () => {
    await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms R. Patel' });
    const pupil = await app.addPupil('9X1', 0);
    await app.card(pupil).getByRole('button', { name: 'Arrived', exact: true }).click();
    await app.addNote(pupil, 'Praise', 'P1', 'Worked well all morning');

    const { code } = await enrolDevice(server.dataDir, ['--role', 'coordinator']);
    // "All safe" needs the WebSocket to the relay: connect-src must allow it.
    await app.pairAndSync(code);

    await app.waitForServiceWorker();
    await app.reloadAndUnlock();
    await app.openToday();
    await app.card(pupil).waitFor();

    expect(await violations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('would have caught a violation (the recorder works)', async () => {
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
    });
    await expect.poll(() => violations(page)).toEqual([expect.stringMatching(/^script-src-elem inline /)]);
    expect(await page.evaluate(() => (window as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
  });
});
