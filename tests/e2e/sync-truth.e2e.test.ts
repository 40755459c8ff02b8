// The sync indicator never says "all safe" unless the relay holds everything, and no record is left on one device:
// a paired tablet in headless Chromium against the real relay process, which stops, restarts and is restored from a backup.
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TestClient, onDocUpdate, waitUntil } from '../../sync-server/test-support/clients.js';
import { coordinator } from '../../sync-server/test-support/devices.js';
import { enrolDevice, runRelayCommand } from '../../sync-server/test-support/relay-process.js';
import { openSqliteStore, storeFileName } from '../../sync-server/store/sqlite-store.js';
import { disposeAll, launchBrowser, newTabletPage, startAppServer, tempDir, type AppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';

const roomId = 'the-base'; // "The BASE", as the set-up screen names it
const dayDoc = (date: string) => `room/${roomId}/${date}`;

/** Arrival times on the room's register for `date`, as the relay holds it now (read with a fresh device of its own). */
async function arrivalsOnRelay(server: AppServer, date: string, until: (arrivals: string[]) => boolean): Promise<string[]> {
  const wsUrl = `${server.url.replace(/^http/, 'ws').replace(/\/$/, '')}/sync`;
  const client = new TestClient(wsUrl, dayDoc(date), coordinator(server.dataDir).token);
  const arrivals = () => Object.values(client.doc.getMap('entries').toJSON() as Record<string, { arrivedAt?: string }>).flatMap((e) => (e.arrivedAt ? [e.arrivedAt] : []));
  try {
    await client.waitSynced();
    await waitUntil(`the relay's ${date} register to show ${until.toString()}`, () => until(arrivals()), onDocUpdate(client.doc), 30_000);
    return arrivals();
  } finally {
    client.destroy();
  }
}

/** How many pupils the relay's register for `date` holds, once a fresh device's first sync is done. */
async function pupilsOnRelay(server: AppServer, date: string): Promise<number> {
  const wsUrl = `${server.url.replace(/^http/, 'ws').replace(/\/$/, '')}/sync`;
  const client = new TestClient(wsUrl, dayDoc(date), coordinator(server.dataDir).token);
  try {
    await client.waitSynced();
    return client.doc.getMap('entries').size;
  } finally {
    client.destroy();
  }
}

/** Arrival times the relay holds for `date` once its first sync with a fresh device is done. */
async function arrivalsOnRelayNow(server: AppServer, date: string): Promise<string[]> {
  return arrivalsOnRelay(server, date, () => true);
}

/** How many updates to a document a backup file holds, read through the relay's own store code. */
async function updatesInBackup(file: string, docName: string): Promise<number> {
  const dir = await tempDir('baseroom-e2e-read-backup-');
  await copyFile(file, path.join(dir.path, storeFileName));
  const store = openSqliteStore(dir.path);
  try {
    return store.loadDoc(docName).length;
  } finally {
    store.close();
    await dir.dispose();
  }
}

/** What the header names as not yet on the school relay. */
const waitingInHeader = (page: Page) => page.getByRole('banner').getByRole('list', { name: 'Not yet on the school relay' }).getByRole('listitem').allTextContents();

/** Makes every IndexedDB write in the page fail as it does when the device's storage is full. */
function fillTheDisk(page: Page): Promise<void> {
  return page.evaluate(() => {
    const full = () => {
      throw new DOMException('The device has no space left.', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.put = full;
    IDBObjectStore.prototype.add = full;
  });
}

/** Sets the register's date from inside the page the moment the app ends a background catch-up pass that opened a document. */
function openRegisterWhenSyncClosesADocument(page: Page, date: string): Promise<void> {
  return page.evaluate((day) => {
    new PerformanceObserver((list, observer) => {
      const pass = list.getEntriesByName('baseroom:caught-up').find((e) => ((e as PerformanceMark).detail as { opened: number }).opened > 0);
      if (!pass) return;
      observer.disconnect();
      const input = (document.getElementById('register-date') as HTMLInputElement | null) ?? (() => {
        throw new Error('the Today screen has no register date');
      })();
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, day);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }).observe({ type: 'mark' });
  }, date);
}

describe('sync that never strands a record, and an indicator that never lies', () => {
  let server: AppServer;
  let page: Page;
  let app: BaseroomApp;

  beforeAll(async () => {
    server = await startAppServer();
    const { code } = await enrolDevice(server.dataDir, ['--role', 'coordinator']);
    ({ page } = await newTabletPage(await launchBrowser()));
    app = new BaseroomApp(page);
    await app.openNewDevice(server.url);
    await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms R. Patel' });
    await app.pairAndSync(code);
    await app.openToday();
  });
  afterAll(disposeAll);

  it('keeps an edit made on a register reopened the moment sync closed it, across a reload and a relay restart, and sends it', async () => {
    const date = '2026-11-16';
    // Recorded offline, then the register is left and the tablet restarted: only the background catch-up opens it now.
    await server.stop();
    await app.openRegisterOn(date);
    const name = await app.addPupil('9X1', 0);
    await app.card(name).getByRole('button', { name: 'Arrived', exact: true }).click();
    await app.setArrivalTime(name, '08:40');
    await app.syncStatus().filter({ hasText: /^Offline — 1 document saved on this device/ }).waitFor({ timeout: 10_000 });
    // The header names what is waiting, beside the count.
    await expect(waitingInHeader(page)).resolves.toEqual(['The BASE register, Mon 16 Nov']);
    await app.openToday();
    await app.reloadAndUnlock();
    await app.syncStatus().filter({ hasText: /^Offline — 1 document saved on this device/ }).waitFor({ timeout: 10_000 });

    // The relay returns: the catch-up opens the register, sends it, closes it, and the screen opens it again at once.
    await openRegisterWhenSyncClosesADocument(page, date);
    await server.restart();
    await app.card(name).waitFor({ timeout: 30_000 });
    await server.stop();
    await app.setArrivalTime(name, '08:52');
    await expect(app.card(name).getByLabel('Arrival time').inputValue()).resolves.toBe('08:52');
    await app.syncStatus().filter({ hasText: /^Offline — 1 document saved on this device/ }).waitFor({ timeout: 10_000 });

    await app.openToday();
    await app.reloadAndUnlock();
    await app.openRegisterOn(date);
    await expect(app.card(name).getByLabel('Arrival time').inputValue()).resolves.toBe('08:52');
    await server.restart();
    await app.allSafe().waitFor({ timeout: 30_000 });
    expect(await arrivalsOnRelay(server, date, (a) => a.includes('08:52'))).toEqual(['08:52']);
  });

  it('stops saying "all safe" when the relay is restored from an older backup, and sends it what it lost', async () => {
    const backups = await tempDir('baseroom-e2e-backups-');
    const backup = path.join(backups.path, 'before-tuesday.sqlite');
    await app.openToday();
    await app.allSafe().waitFor({ timeout: 30_000 });
    const taken = await runRelayCommand(server.dataDir, ['backup', backup]);
    expect(taken.code, taken.stderr).toBe(0);

    // A register the relay gets after the backup: acknowledged, then closed (the tablet restarted).
    const date = '2026-11-17';
    await app.openRegisterOn(date);
    const name = await app.addPupil('10Y2', 0);
    await app.card(name).getByRole('button', { name: 'Arrived', exact: true }).click();
    await app.setArrivalTime(name, '09:10');
    await app.allSafe().waitFor({ timeout: 30_000 });
    await expect(arrivalsOnRelayNow(server, date)).resolves.toEqual(['09:10']);
    await app.openToday();
    await app.reloadAndUnlock();
    await app.allSafe().waitFor({ timeout: 30_000 });

    // The relay's disk is lost: it is restored from the backup, which has never seen that register.
    await server.stop();
    await app.syncStatus().filter({ hasText: /^Offline — can’t reach the school relay/ }).waitFor({ timeout: 10_000 });
    expect(await updatesInBackup(backup, dayDoc(date))).toBe(0);
    const restored = await runRelayCommand(server.dataDir, ['restore', backup]);
    expect(restored.code, restored.stderr).toBe(0);
    await server.restart();

    // "All safe" again only once the relay holds the register again.
    await app.allSafe().waitFor({ timeout: 30_000 });
    await expect(arrivalsOnRelayNow(server, date)).resolves.toEqual(['09:10']);
    await app.openRegisterOn(date);
    await expect(app.card(name).getByLabel('Arrival time').inputValue()).resolves.toBe('09:10');
  });

  it('when the relay is killed mid-write, says nothing is safe until it is back and holds the change', async () => {
    const date = '2026-11-19';
    await app.openToday();
    await app.allSafe().waitFor({ timeout: 30_000 });
    await app.openRegisterOn(date);
    const name = await app.addPupil('9X1', 2);
    await app.card(name).getByRole('button', { name: 'Arrived', exact: true }).click();
    // The relay dies the moment the tap is sent (a power cut): whatever it had not written is gone from it.
    server.kill();
    await app.syncStatus().filter({ hasText: /^Offline — / }).waitFor({ timeout: 10_000 });
    await app.setArrivalTime(name, '09:05');
    await app.syncStatus().filter({ hasText: /^Offline — 1 document saved on this device, not yet on the school relay/ }).waitFor({ timeout: 10_000 });
    await server.restart();
    await app.allSafe().waitFor({ timeout: 30_000 });
    await expect(arrivalsOnRelayNow(server, date)).resolves.toEqual(['09:05']);
  });

  it('after the tab is killed mid-write and reopened offline, shows what it kept as unsent, and the relay gets exactly that', async () => {
    const profile = await tempDir('baseroom-e2e-profile-');
    // The room's own tablet, set up by pairing (the coordinator's device set up the school).
    const { code } = await enrolDevice(server.dataDir, ['--role', 'supervisor', '--room', roomId]);
    let tablet = await newTabletPage(null, { userDataDir: profile.path });
    let second = new BaseroomApp(tablet.page);
    await second.openNewDevice(server.url);
    await tablet.page.getByRole('heading', { name: 'Set up Baseroom' }).waitFor();
    await second.pairDevice(code);
    await tablet.page.getByLabel('Using this tablet').selectOption({ label: 'Ms R. Patel' });
    await second.registerHeading().waitFor();
    await second.allSafe().waitFor({ timeout: 30_000 });
    await second.waitForServiceWorker();

    const date = '2026-11-20';
    await server.stop();
    await second.syncStatus().filter({ hasText: /^Offline — can’t reach the school relay/ }).waitFor({ timeout: 10_000 });
    await second.openRegisterOn(date);
    const name = await second.addPupil('9X1', 1);
    // The tap, and the tab is gone at once: whatever reached IndexedDB is what the device has.
    await second.card(name).getByRole('button', { name: 'Arrived late' }).click();
    await tablet.close();

    tablet = await newTabletPage(null, { userDataDir: profile.path });
    second = new BaseroomApp(tablet.page);
    await tablet.page.goto(server.url);
    await second.unlock();
    await second.openRegisterOn(date);
    await second.card(name).waitFor();
    const kept = await second.card(name).getByLabel('Arrival time').count();
    // Offline, nothing of the day has reached the relay: the header says so and names the day.
    await second.syncStatus().filter({ hasText: /^Offline — 1 document saved on this device, not yet on the school relay/ }).waitFor({ timeout: 10_000 });
    await expect(waitingInHeader(tablet.page)).resolves.toEqual(['The BASE register, Fri 20 Nov']);

    await server.restart();
    await second.allSafe().waitFor({ timeout: 30_000 });
    // The relay holds what the tablet shows: the pupil, and their late arrival only if the tablet kept it.
    await expect(arrivalsOnRelay(server, date, (a) => a.length === kept)).resolves.toHaveLength(kept);
    await expect(pupilsOnRelay(server, date)).resolves.toBe(1);
    await tablet.close();
  });

  it('in a second tab of the same tablet, never says everything is on the relay while the first holds an unsent change', async () => {
    await app.openToday();
    await app.allSafe().waitFor({ timeout: 30_000 });
    await app.waitForServiceWorker();
    const other = await page.context().newPage();
    const second = new BaseroomApp(other);
    await other.goto(server.url);
    await second.unlock();
    await second.allSafe().waitFor({ timeout: 30_000 });

    await server.stop();
    await second.syncStatus().filter({ hasText: /^Offline — can’t reach the school relay/ }).waitFor({ timeout: 10_000 });
    const date = '2026-11-23';
    await app.openRegisterOn(date);
    const name = await app.addPupil('10Y2', 1);
    await app.card(name).getByRole('button', { name: 'Arrived', exact: true }).click();
    await app.syncStatus().filter({ hasText: /^Offline — 1 document saved on this device/ }).waitFor({ timeout: 10_000 });
    // The other tab did not make the change, but this device holds it unsent: it says so too.
    await second.syncStatus().filter({ hasText: /^Offline — 1 document saved on this device, not yet on the school relay/ }).waitFor({ timeout: 10_000 });
    await expect(waitingInHeader(other)).resolves.toEqual(['The BASE register, Mon 23 Nov']);

    // The first tab closes before the relay returns: the second sends it.
    await app.openToday();
    await page.close();
    await server.restart();
    await second.allSafe().waitFor({ timeout: 30_000 });
    await expect(arrivalsOnRelay(server, date, (a) => a.length === 1)).resolves.toHaveLength(1);
    page = other;
    app = second;
  });

  // Last: the origin's storage stays full for the rest of this browser context.
  it('shows a full disk at once and never calls what it could not store "saved on this device"', async () => {
    await app.openToday();
    await app.allSafe().waitFor({ timeout: 30_000 });
    await server.stop();
    await app.syncStatus().filter({ hasText: /^Offline — can’t reach the school relay/ }).waitFor({ timeout: 10_000 });
    const date = '2026-11-18';
    await app.openRegisterOn(date);
    const name = await app.addPupil('11X3', 0);
    // The tablet's storage fills up: from now on IndexedDB refuses every write as Chromium does when the disk is full.
    await fillTheDisk(page);
    await app.card(name).getByRole('button', { name: 'Arrived', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'This device’s storage is full, so the latest changes could not be saved' }).waitFor({ timeout: 15_000 });
    // The header no longer says the change is saved here: it says it could not be, until the warning is dismissed.
    await app.syncStatus().filter({ hasText: /^Offline — 1 document not yet on the school relay, and the latest changes could not be saved on this device \(no contact since \d\d:\d\d\)$/ }).waitFor();
    await expect(app.syncStatus().textContent()).resolves.not.toMatch(/saved on this device,|saved on this device only/);
    await expect(waitingInHeader(page)).resolves.toEqual(['The BASE register, Wed 18 Nov']);
  });
});
