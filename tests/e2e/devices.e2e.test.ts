// Devices from the coordinator's screen in Chromium: pair a room's tablet with a code shown there, see it, sign it out at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enrolDevice } from '../../sync-server/test-support/relay-process.js';
import { disposeAll, launchBrowser, newTabletPage, startAppServer, type AppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';


describe('devices on the coordinator’s screen', () => {
  let server: AppServer;
  let laptop: Page;
  let coordinator: BaseroomApp;

  beforeAll(async () => {
    server = await startAppServer();
    const { code } = await enrolDevice(server.dataDir, ['--role', 'coordinator']);
    ({ page: laptop } = await newTabletPage(await launchBrowser()));
    coordinator = new BaseroomApp(laptop);
    await coordinator.openNewDevice(server.url);
    await coordinator.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Mrs K. Ahmed' });
    await coordinator.pairAndSync(code);
  });
  afterAll(disposeAll);

  it('pairs a room’s tablet with a code made on the coordinator’s screen, then signs it out at once', async () => {
    await laptop.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Coordinator' }).click();
    const pairForm = laptop.getByRole('form', { name: 'Pair a new device' });
    await pairForm.getByLabel('The new device is').selectOption({ label: 'A room’s tablet' });
    await pairForm.getByLabel('Room for this tablet').selectOption({ label: 'The BASE (the-base)' });
    await pairForm.getByLabel(/^Name/).fill('BASE tablet 2');
    await pairForm.getByRole('button', { name: 'Make a pairing code' }).click();
    const shown = laptop.getByRole('status').filter({ hasText: 'Pairing code for BASE tablet 2' });
    const code = (await shown.locator('strong').textContent()) ?? '';
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);

    const { page: tabletPage } = await newTabletPage(await launchBrowser());
    const tablet = new BaseroomApp(tabletPage);
    await tablet.openNewDevice(server.url);
    await tabletPage.getByRole('heading', { name: 'Set up Baseroom' }).waitFor();
    await tablet.pairDevice(code);
    await tabletPage.getByLabel('Using this tablet').selectOption({ label: 'Mrs K. Ahmed' });
    await tablet.registerHeading().waitFor();
    await tablet.allSafe().waitFor();

    const devices = laptop.getByRole('list', { name: 'The school’s devices' });
    await laptop.getByRole('button', { name: 'Refresh the list of devices' }).click();
    const item = devices.getByRole('listitem').filter({ hasText: 'BASE tablet 2' });
    await item.getByText(/Room tablet: Room “the-base”/).waitFor();
    await item.getByText(/Last contact today at \d\d:\d\d/).waitFor();

    await item.getByRole('button', { name: 'Sign out BASE tablet 2…' }).click();
    await item.getByRole('button', { name: 'Sign out BASE tablet 2 now' }).click();
    await item.getByText(/^Signed out/).waitFor();
    // The audit log says who did what to which record, without what was written.
    await laptop.getByLabel('Show the log for').selectOption({ label: 'BASE tablet 2' });
    const log = laptop.getByRole('list', { name: 'Audit log entries' });
    await log.getByText(/BASE tablet 2 was signed out \(by /).waitFor();
    await log.getByText(/BASE tablet 2 opened the school’s settings and roster/).first().waitFor();
    // The tablet's open sockets are closed by the relay at once: it erases what it held and says why.
    await tabletPage.getByRole('heading', { name: 'This device has been erased' }).waitFor({ timeout: 15_000 });
  });
});
