// Remote sign-out in Chromium: once the relay says the device is revoked, the tablet erases everything it holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enrolDevice, runRelayCommand } from '../../sync-server/test-support/relay-process.js';
import { disposeAll, launchBrowser, newTabletPage, startAppServer, type AppServer, type TabletPage } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';

const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort());

/** The school is set up on this device, so it pairs as the coordinator's (only coordinators may change the school). */
const enrolCoordinator = (dataDir: string) => enrolDevice(dataDir, ['--role', 'coordinator']);

describe('remote sign-out erases the device', () => {
  let server: AppServer;
  let page: Page;
  let app: BaseroomApp;
  let tablet: TabletPage;
  const devices: { code: string; deviceId: string }[] = [];

  beforeAll(async () => {
    // Revocation closes live sockets at the relay's next ping: make that quick.
    const ping = process.env.PING_INTERVAL_MS;
    process.env.PING_INTERVAL_MS = '1000';
    server = await startAppServer();
    if (ping === undefined) delete process.env.PING_INTERVAL_MS;
    else process.env.PING_INTERVAL_MS = ping;
    for (let i = 0; i < 4; i++) devices.push(await enrolCoordinator(server.dataDir));
    tablet = await newTabletPage(await launchBrowser());
    ({ page } = tablet);
    app = new BaseroomApp(page);
    await app.openNewDevice(server.url);
    await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms R. Patel' });
    await app.pairAndSync(devices[0]!.code);
    await app.openToday();
    await app.addPupil('9X1', 0);
  });
  afterAll(disposeAll);

  it('erases while connected: the relay closes its sockets (4403) and the app deletes its databases and says why', async () => {
    expect(await databases(page)).toEqual(['baseroom-keys', 'baseroom-sealed']);
    const revoked = await runRelayCommand(server.dataDir, ['revoke', devices[0]!.deviceId]);
    expect(revoked.code).toBe(0);
    await page.getByRole('heading', { name: 'This device has been erased' }).waitFor({ timeout: 30_000 });
    await page.getByRole('alert').filter({ hasText: 'The school signed this device out' }).waitFor();
    await expect.poll(() => databases(page), { timeout: 10_000 }).toEqual([]);
    await expect(page.evaluate(() => localStorage.getItem('baseroom-ui'))).resolves.toBeNull();
  });

  it('starts again as a new device that says it was erased, with nothing of the school left', async () => {
    await page.getByRole('button', { name: 'Start again' }).click();
    await page.getByRole('heading', { name: 'Protect this device' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'The school signed this device out' }).waitFor();
    await app.protectDevice();
    await page.getByRole('heading', { name: 'Set up Baseroom' }).waitFor();
  });

  it('erases a locked device on its next contact: unlocking with a revoked token gets a 401 from whoami', async () => {
    // Pair again with the second code, then revoke while the tablet is locked (no sockets open).
    await app.pairDevice(devices[1]!.code);
    await app.allSafe().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Lock now' }).click();
    await app.lockForm().waitFor();
    expect((await runRelayCommand(server.dataDir, ['revoke', devices[1]!.deviceId])).code).toBe(0);
    await app.unlock();
    await page.getByRole('heading', { name: 'This device has been erased' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => databases(page), { timeout: 10_000 }).toEqual([]);
  });

  it('erases in every tab: a second tab left on the lock screen says so too (its PIN no longer opens anything)', async () => {
    await page.getByRole('button', { name: 'Start again' }).click();
    await app.protectDevice();
    await app.pairDevice(devices[2]!.code);
    await app.allSafe().waitFor({ timeout: 30_000 });
    const second = await tablet.context.newPage();
    await second.goto(server.url);
    await new BaseroomApp(second).lockForm().waitFor();
    expect((await runRelayCommand(server.dataDir, ['revoke', devices[2]!.deviceId])).code).toBe(0);
    await page.getByRole('heading', { name: 'This device has been erased' }).waitFor({ timeout: 30_000 });
    await second.getByRole('heading', { name: 'This device has been erased' }).waitFor({ timeout: 10_000 });
    await second.getByRole('alert').filter({ hasText: 'The school signed this device out' }).waitFor();
    await expect.poll(() => databases(page), { timeout: 10_000 }).toEqual([]);
    await second.close();
  });

  it('erases a device that stays locked: signed out while it was offline, it erases when back online, with no PIN typed', async () => {
    await page.getByRole('button', { name: 'Start again' }).click();
    await app.protectDevice();
    await app.pairDevice(devices[3]!.code);
    await app.allSafe().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Lock now' }).click();
    await app.lockForm().waitFor();
    await tablet.context.setOffline(true);
    expect((await runRelayCommand(server.dataDir, ['revoke', devices[3]!.deviceId])).code).toBe(0);
    await tablet.context.setOffline(false);
    await page.getByRole('heading', { name: 'This device has been erased' }).waitFor({ timeout: 30_000 });
    await page.getByRole('alert').filter({ hasText: 'The school signed this device out' }).waitFor();
    await expect.poll(() => databases(page), { timeout: 10_000 }).toEqual([]);
    // Nothing of the pairing is left for the next start either: no ticket, no records, no key slots.
    await expect(page.evaluate(() => Object.keys(localStorage).filter((k) => k !== 'baseroom-erased'))).resolves.toEqual([]);
  });
});
