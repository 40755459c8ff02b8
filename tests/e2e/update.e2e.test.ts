// A new release in Chromium: offered, never forced, and taking it keeps what the tablet recorded offline.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { disposeAll, launchBrowser, newTabletPage, repoRoot, startAppServer, tempDir, type AppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';

const run = promisify(execFile);

/** Builds the same code as release "next" into its own folder: a different bundle, so a new service worker. */
async function buildNextRelease(outDir: string): Promise<void> {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  await run(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: repoRoot,
    env: { ...process.env, BASEROOM_VERSION: 'next' },
  });
}

describe('app update', () => {
  let server: AppServer;
  let page: Page;
  let app: BaseroomApp;
  let nextDist: string;

  beforeAll(async () => {
    const dir = await tempDir('baseroom-next-');
    nextDist = dir.path;
    await buildNextRelease(nextDist);
    server = await startAppServer();
    ({ page } = await newTabletPage(await launchBrowser()));
    app = new BaseroomApp(page);
    await app.openNewDevice(server.url);
  });
  afterAll(disposeAll);

  it('offers the new release, installs it only when asked, and keeps the day’s register', async () => {
    await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms K. Doyle' });
    await app.waitForServiceWorker();
    const name = await app.addPupil('10X2');
    await app.card(name).getByRole('button', { name: 'Arrived late' }).click();

    // The school's server now serves the next release on the same address.
    const { port, dataDir } = server;
    await server.stop();
    server = await startAppServer({ port, dataDir, staticDir: nextDist });
    await app.reloadAndUnlock();
    const prompt = page.getByRole('alert').filter({ hasText: 'A new version is ready — update now?' });
    await prompt.waitFor();
    // Not forced: the current release keeps running until someone chooses to update.
    await app.card(name).getByRole('button', { name: 'Periods, breaks and notes' }).waitFor();

    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Update now' }).click()]);
    await app.unlock();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByText('Baseroom version').locator('xpath=following-sibling::dd[1]').filter({ hasText: 'next' }).waitFor();
    await page.getByRole('link', { name: 'Today' }).click();
    await expect(app.card(name).getByLabel('Late').isChecked()).resolves.toBe(true);
  });
});
