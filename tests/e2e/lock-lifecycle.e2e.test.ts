// A tablet left unlocked, then found: in Chromium, what shows when the page is hidden, after the tablet slept past its
// idle minutes, in a second tab when staff press "Lock now" in the first, and after Back from another page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { disposeAll, launchBrowser, newTabletPage, startAppServer, type AppServer, type TabletPage } from './harness.js';
import { BaseroomApp, STAFF_PIN } from './pages/baseroomApp.js';
import { delayAfter, WRONG_PIN_LIMIT } from '../../src/lock/throttle.js';

/** The PIN the test changes to, from STAFF_PIN. */
const NEW_PIN = '907314';

/** What the page shows (innerText leaves out what CSS hides, as a screenshot would). */
const shown = (page: Page) => page.locator('body').innerText();

/**
 * Headless Chromium never hides a page (no window to minimise, no task switcher), so this sets what a hidden page
 * reports and sends the event the browser would.
 */
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

describe('an unlocked tablet, left and then found', () => {
  let server: AppServer;
  let tablet: TabletPage;
  let page: Page;
  let app: BaseroomApp;
  const names: string[] = [];
  const expectNoRecords = async (p: Page) => {
    const text = await shown(p);
    for (const name of names) expect(text).not.toContain(name);
  };

  beforeAll(async () => {
    server = await startAppServer();
    tablet = await newTabletPage(await launchBrowser({ backForwardCache: true }));
    page = tablet.page;
    app = new BaseroomApp(page);
    await app.openNewDevice(server.url);
    await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms R. Patel' });
    names.push(await app.addPupil('9X1', 0), await app.addPupil('10Y2', 0));
    await page.getByText('2 pupils on the register: 0 in the room, 2 expected, 0 absent, 0 left').waitFor();
  });
  afterAll(disposeAll);

  it('shows no record while the page is hidden (the task switcher’s snapshot), and keeps a half-typed note for when it is back', async () => {
    const card = await app.openDetails(names[0]!);
    const note = card.getByRole('form', { name: 'Add a behaviour note' }).getByLabel('Note', { exact: true });
    await note.fill('Half-typed when the bell went');
    await setHidden(page, true);
    await expectNoRecords(page);
    expect(await shown(page)).not.toContain('Half-typed');
    await setHidden(page, false);
    await app.card(names[0]!).waitFor();
    expect(await shown(page)).toContain(names[0]);
    await expect(note.inputValue()).resolves.toBe('Half-typed when the bell went');
  });

  it('locks at the first touch after the tablet slept past its idle minutes, and that touch does nothing else', async () => {
    // Asleep for an hour: the wall clock moved on, the page's timers did not (they pause with the tablet).
    await page.evaluate(() => {
      const awake = Date.now.bind(Date);
      Date.now = () => awake() + 60 * 60_000;
    });
    await app.card(names[1]!).getByRole('button', { name: 'Arrived', exact: true }).click();
    await app.lockForm().waitFor();
    await expectNoRecords(page);
    await app.unlock();
    await app.card(names[1]!).waitFor();
    // The tap that woke it was not taken as "Arrived" on a screen the finder had no PIN for.
    await page.getByText('2 pupils on the register: 0 in the room, 2 expected, 0 absent, 0 left').waitFor();
  });

  it('locks every tab of the device when staff press "Lock now" in one', async () => {
    const second = await tablet.context.newPage();
    const other = new BaseroomApp(second);
    await second.goto(server.url);
    await other.unlock();
    await other.card(names[0]!).waitFor();
    await page.getByRole('button', { name: 'Lock now' }).click();
    await app.lockForm().waitFor();
    await other.lockForm().waitFor({ timeout: 10_000 });
    await expectNoRecords(second);
    await second.close();
    await app.unlock();
    await app.card(names[0]!).waitFor();
  });

  it('shows the lock screen, not the register, on Back after the tablet went to another page', async () => {
    await app.card(names[0]!).waitFor();
    await page.evaluate(() =>
      window.addEventListener('pageshow', (e) => e.persisted && sessionStorage.setItem('e2e-restored-from-bfcache', 'yes')),
    );
    await page.goto(new URL('healthz', server.url).href);
    // A page restored from the cache fires no load event: wait only for the navigation.
    await page.goBack({ waitUntil: 'commit' });
    await app.lockForm().waitFor();
    await expectNoRecords(page);
    // The page did come back from the back/forward cache (a fresh load would show the lock screen anyway).
    await expect(page.evaluate(() => sessionStorage.getItem('e2e-restored-from-bfcache'))).resolves.toBe('yes');
    await app.unlock();
    await app.card(names[0]!).waitFor();
  });

  it('stays locked on Back after "Lock now": the screens seen before it are history entries of the locked page', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Daily log' }).click();
    await page.getByRole('table').getByText(names[0]!).waitFor();
    await app.openToday();
    await page.getByRole('button', { name: 'Lock now' }).click();
    await app.lockForm().waitFor();
    for (const hash of ['#/log', '']) {
      await page.goBack({ waitUntil: 'commit' });
      await page.waitForURL((url) => url.hash === hash);
      await app.lockForm().waitFor();
      await expectNoRecords(page);
    }
    await app.unlock();
    await app.card(names[0]!).waitFor();
  });

  it('changes the PIN it was unlocked with: the old PIN is refused from then on, the new one opens it', async () => {
    const newPin = NEW_PIN;
    await app.openSettings();
    const form = page.getByRole('form', { name: 'Change the PIN you unlocked with' });
    await form.getByLabel('New PIN or passphrase').fill(newPin);
    await form.getByLabel('Type it again').fill(newPin);
    await form.getByRole('button', { name: 'Change PIN' }).click();
    await page.getByRole('status').filter({ hasText: 'PIN changed: the old one no longer opens this device.' }).waitFor({ timeout: 30_000 });
    await page.getByText('1 PIN opens this device.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Lock now' }).click();
    await app.lockForm().getByLabel('PIN or passphrase').fill(STAFF_PIN);
    await app.lockForm().getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').filter({ hasText: /^That PIN or passphrase is not right\./ }).waitFor({ timeout: 30_000 });
    await app.unlock(newPin);
    await page.getByRole('heading', { name: 'Sync with the school' }).waitFor();
  });

  it('removes a leaver’s PIN: after "Remove the other PIN" only the PIN it was unlocked with opens it', async () => {
    const leaver = 'leaver kettle orbit harbour';
    await app.openSettings();
    const add = page.getByRole('form', { name: 'Add your PIN' });
    await add.getByLabel('New PIN or passphrase').fill(leaver);
    await add.getByLabel('Type it again').fill(leaver);
    await add.getByRole('button', { name: 'Add PIN' }).click();
    await page.getByText('2 PINs open this device.', { exact: false }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Remove the other PIN' }).click();
    await page.getByRole('group', { name: 'Remove the other PINs' }).getByRole('button', { name: 'Yes, remove them' }).click();
    await page.getByRole('status').filter({ hasText: 'Removed 1 PIN: only yours opens this device now.' }).waitFor();
    await page.getByText('1 PIN opens this device.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Lock now' }).click();
    await app.lockForm().getByLabel('PIN or passphrase').fill(leaver);
    await app.lockForm().getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').filter({ hasText: /^That PIN or passphrase is not right\./ }).waitFor({ timeout: 30_000 });
    await app.unlock(NEW_PIN);
    await page.getByRole('heading', { name: 'Sync with the school' }).waitFor();
  });

  it('counts wrong PINs across a reload: the page is no fresh start for someone guessing', async () => {
    const tryPin = async (pin: string, left: number) => {
      await app.lockForm().getByLabel('PIN or passphrase').fill(pin);
      await app.lockForm().getByRole('button', { name: 'Unlock' }).click();
      await page.getByRole('alert').filter({ hasText: `That PIN or passphrase is not right. ${left} tries left before this device erases its data.` }).waitFor({ timeout: 30_000 });
    };
    await page.getByRole('button', { name: 'Lock now' }).click();
    await tryPin('000000', 9);
    await page.reload();
    await tryPin('111111', 8);
    await app.unlock(NEW_PIN);
    await app.openToday();
    await app.card(names[0]!).waitFor();
  });

  it('says, on copying the daily log, that the copy is outside the PIN’s protection', async () => {
    await tablet.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Daily log' }).click();
    await page.getByRole('button', { name: 'Copy as text' }).click();
    await page.getByRole('status').filter({ hasText: 'It stays on this device’s clipboard, where the PIN does not protect it, until something else is copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(names[0]);
  });

  it('erases itself at the tenth wrong PIN in a row, each wait sat out, and says why', async () => {
    // The waits grow to half an hour: the page's clock is moved on past each one instead of the test waiting.
    await tablet.context.clock.install();
    await page.getByRole('button', { name: 'Lock now' }).click();
    await app.lockForm().waitFor();
    for (let failures = 1; failures <= WRONG_PIN_LIMIT; failures++) {
      await app.lockForm().getByLabel('PIN or passphrase').fill(`00000${failures - 1}`);
      await app.lockForm().getByRole('button', { name: 'Unlock' }).click();
      if (failures === WRONG_PIN_LIMIT) break;
      const left = WRONG_PIN_LIMIT - failures;
      await page.getByRole('alert').filter({ hasText: `not right. ${left} ${left === 1 ? 'try' : 'tries'} left` }).waitFor({ timeout: 30_000 });
      await page.clock.fastForward(delayAfter(failures) + 1_000);
    }
    await page.getByRole('heading', { name: 'This device has been erased' }).waitFor({ timeout: 30_000 });
    await page.getByRole('alert').filter({ hasText: 'Too many wrong PINs were tried' }).waitFor();
    await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)), { timeout: 10_000 }).toEqual([]);
  });
});
