// A found tablet in Chromium: the profile's IndexedDB and files hold no pupil name, UPN, note or token in clear; only a PIN opens it.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enrolDevice } from '../../sync-server/test-support/relay-process.js';
import { generateDemoSchool } from '../../src/roster/demoSchool.js';
import { disposeAll, newTabletPage, startAppServer, tempDir, waitUntil, type AppServer, type TabletPage } from './harness.js';
import { BaseroomApp, STAFF_PIN } from './pages/baseroomApp.js';
import { findOnDisk, lastWritten, readAllRecords } from './diskScan.js';

const note = 'Kicked the radiator after the phone call with dad';
const followUp = 'Rang nan at 10:15, she is bringing him in tomorrow';
const marker = 'CONTROL-MARKER-written-in-clear-7f3a';
// The demo school is generated from a fixed seed: every UPN on the roll is known to the test.
const demo = generateDemoSchool();
const upns = demo.pupils.map((p) => p.upn);

describe('a lost tablet gives nothing away', () => {
  let server: AppServer;
  let profile: string;
  let tablet: TabletPage;
  let page: Page;
  let app: BaseroomApp;
  let token = '';
  const names: string[] = [];

  const open = async () => {
    tablet = await newTabletPage(null, { userDataDir: profile });
    page = tablet.page;
    app = new BaseroomApp(page);
  };

  beforeAll(async () => {
    server = await startAppServer();
    profile = (await tempDir('baseroom-profile-')).path;
    await open();
  });
  afterAll(disposeAll);

  it('fills the tablet: the demo school, a paired token and a day’s register with notes', async () => {
    await app.openNewDevice(server.url);
    await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms R. Patel' });
    // Set up on this tablet, so it pairs as the coordinator's device (only coordinators may change the school).
    const { code } = await enrolDevice(server.dataDir, ['--role', 'coordinator']);
    await app.openSettings();
    const paired = page.waitForResponse((r) => r.url().endsWith('/api/pair'));
    await app.pairDevice(code);
    token = ((await (await paired).json()) as { token: string }).token;
    expect(token.length).toBeGreaterThan(16);
    await app.openToday();

    names.push(await app.addPupil('9X1', 0), await app.addPupil('10Y2', 0), await app.addPupil('11X3', 0));
    const [first, second, third] = names as [string, string, string];
    await app.card(first).getByRole('button', { name: 'Arrived', exact: true }).click();
    await app.card(second).getByRole('button', { name: 'Arrived late' }).click();
    await app.card(third).getByRole('button', { name: 'Absent' }).click();
    await app.card(third).getByLabel('Absence follow-up').fill(followUp);
    await app.card(third).getByRole('button', { name: 'Mark absent' }).click();
    // Typed, then left unsaved until Chromium has written its session file (where form state would land) since.
    const card = await app.openDetails(first);
    const form = card.getByRole('form', { name: 'Add a behaviour note' });
    await form.getByLabel('Note type').selectOption({ label: 'Concern' });
    await form.getByLabel('Period').selectOption({ label: 'P1' });
    await form.getByLabel('Note', { exact: true }).fill(note);
    const typedAt = Date.now();
    await waitUntil(async () => (await lastWritten(path.join(profile, 'Default', 'Sessions'))) > typedAt || null, 'Chromium to save its session after the note was typed', 30_000, 100);
    await form.getByRole('button', { name: 'Add note' }).click();
    await card.getByRole('list', { name: 'Notes' }).getByText(note).waitFor();
    await page.getByText('3 pupils on the register: 2 in the room, 0 expected, 1 absent, 0 left').waitFor();
    await app.syncStatus().filter({ hasText: /^All safely on the school relay/ }).waitFor({ timeout: 30_000 });
  });

  it('holds no name, UPN, note, follow-up or token in any IndexedDB record or in localStorage', async () => {
    const records = await readAllRecords(page);
    expect(records).toContain(new Date().toISOString().slice(0, 10)); // it did read the day's rows (dates stay as index keys)
    const surnames = names.map((n) => n.split(' ').at(-1)!);
    const leaks = [...upns, ...names, ...surnames, note, followUp, token].filter((s) => records.includes(s));
    expect(leaks).toEqual([]);
  });

  it('holds none of them in the profile’s files on disk either (and the scan does find text written in clear)', async () => {
    // A control written in clear by the page itself, so a scan that finds nothing is known to be able to find something.
    await page.evaluate(
      (text) =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('scan-control');
          req.onupgradeneeded = () => req.result.createObjectStore('s');
          req.onsuccess = () => {
            const tx = req.result.transaction('s', 'readwrite');
            tx.objectStore('s').put({ text }, 1);
            tx.oncomplete = () => resolve(req.result.close());
            tx.onerror = () => reject(tx.error);
          };
        }),
      marker,
    );
    await tablet.close(); // flushes IndexedDB to disk
    const everywhere = await findOnDisk(profile, [marker, ...upns, note, followUp, token]);
    expect(everywhere.get(marker)).toMatch(/IndexedDB/);
    everywhere.delete(marker);
    expect(Object.fromEntries(everywhere)).toEqual({});
    // The app's own code (cached by the service worker) holds the demo generator's name lists: records are everywhere else.
    const records = await findOnDisk(profile, names.flatMap((n) => [n, n.split(' ').at(-1)!]), { skipCodeCaches: true });
    expect(Object.fromEntries(records)).toEqual({});
  });

  it('reopens on the lock screen only; a wrong PIN shows nothing; the right PIN shows the register', async () => {
    await open();
    await page.goto(server.url);
    await app.lockForm().waitFor();
    const shown = async () => (await page.locator('body').innerText());
    for (const name of names) expect(await shown()).not.toContain(name);
    await expect(page.getByRole('navigation', { name: 'Main' }).count()).resolves.toBe(0);

    await app.lockForm().getByLabel('PIN or passphrase').fill('000000');
    await app.lockForm().getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').filter({ hasText: /^That PIN or passphrase is not right\. 9 tries left/ }).waitFor({ timeout: 30_000 });
    await app.lockForm().waitFor();
    for (const name of names) expect(await shown()).not.toContain(name);

    await app.unlock(STAFF_PIN);
    // Paired as the coordinator's device, it opens on the Coordinator screen: the register is a tap away.
    await app.openToday();
    await page.getByText('3 pupils on the register: 2 in the room, 0 expected, 1 absent, 0 left').waitFor();
    for (const name of names) await app.card(name).waitFor();
    await app.openDetails(names[0]!);
    await app.card(names[0]!).getByRole('list', { name: 'Notes' }).getByText(note).waitFor();
  });

  it('locks again with "Lock now", and once more only the PIN opens it', async () => {
    await page.getByRole('button', { name: 'Lock now' }).click();
    await app.lockForm().waitFor();
    for (const name of names) expect(await page.locator('body').innerText()).not.toContain(name);
    await app.unlock();
    await app.openToday();
    await app.card(names[0]!).waitFor();
  });

  it('opens with a second member of staff’s passphrase, added in Settings', async () => {
    const passphrase = 'kettle orbit velvet harbour';
    await app.openSettings();
    const form = page.getByRole('form', { name: 'Add your PIN' });
    await form.getByLabel('New PIN or passphrase').fill('12345');
    await form.getByLabel('Type it again').fill('12345');
    await form.getByRole('button', { name: 'Add PIN' }).click();
    await form.getByRole('alert').filter({ hasText: 'at least 6 digits' }).waitFor();
    await form.getByLabel('New PIN or passphrase').fill(passphrase);
    await form.getByLabel('Type it again').fill(passphrase);
    await form.getByRole('button', { name: 'Add PIN' }).click();
    await page.getByText('2 PINs open this device.', { exact: false }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Lock now' }).click();
    await app.unlock(passphrase);
    await page.getByRole('heading', { name: 'Sync with the school' }).waitFor();
  });
});
