// A trust's relay on PostgreSQL in Chromium: a school's staff use Baseroom at `/schools/<school>/`, its devices sync
// with each other there, a device of the default school (even in the same browser, with the same room id) never sees
// that school's register, and an offline reload at the school's address still opens the app and its records.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPostgres, type PgServer } from '../../sync-server/test-support/pg-server.js';
import { enrolDevice, runRelayCommand } from '../../sync-server/test-support/relay-process.js';
import { disposeAll, earlierToday, launchBrowser, newTabletPage, startAppServer, type AppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';

const school = 'oak-academy';
const roomId = 'the-base'; // "The BASE", as the set-up screen names it: the same room id in both schools
const arrival = earlierToday();

/** Every database this page's origin holds (IndexedDB is per origin: both schools' apps share one browser profile). */
const databaseNames = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort());

describe('each school of a trust’s relay in the browser', () => {
  let pg: PgServer;
  let env: Record<string, string>;
  let server: AppServer;
  let schoolUrl: string;
  let page: Page;
  let a: BaseroomApp;
  let pupil: string;
  let coordinatorCode: string;

  /** A one-time code from the relay's CLI, for `--school` or (without it) the default school. */
  const enrol = async (args: string[], forSchool?: string) =>
    (await enrolDevice(server.dataDir, [...args, ...(forSchool ? ['--school', forSchool] : [])], env)).code;

  beforeAll(async () => {
    pg = await startPostgres();
    env = { DATABASE_URL: pg.url, TOKEN_SECRET: randomBytes(32).toString('hex') };
    server = await startAppServer({ env });
    schoolUrl = new URL(`schools/${school}/`, server.url).href;
    // A school is served from its first enrolment: before it, its address is 404 like any unknown school's.
    expect((await fetch(schoolUrl)).status).toBe(404);
    const enrolled = await runRelayCommand(server.dataDir, ['enrol', '--role', 'coordinator', '--school', school], env);
    // The CLI tells the trust's administrator which address the device must open.
    expect(enrolled.stdout).toContain(`Pair at the school's own Baseroom address: the relay's /schools/${school}/`);
    coordinatorCode = /Pairing code: (\S+)/.exec(enrolled.stdout)![1]!;
    expect((await fetch(schoolUrl)).status).toBe(200);
    ({ page } = await newTabletPage(await launchBrowser()));
    a = new BaseroomApp(page);
    await a.openNewDevice(schoolUrl);
  }, 120_000);
  afterAll(async () => {
    await disposeAll();
    await pg?.dispose();
  });

  it('the school’s coordinator sets up at the school’s address; a default-school code is refused there, its own pairs', async () => {
    await a.setUpDemoSchool({ school: 'Oak Academy', room: 'The BASE', staff: 'Ms R. Patel' });
    await a.waitForServiceWorker();
    // The installed app opens this school: its manifest is the school's, start_url and scope the school's address.
    await expect(page.locator('link[rel="manifest"]').getAttribute('href')).resolves.toBe(`/schools/${school}/manifest.webmanifest`);
    const cdp = await page.context().newCDPSession(page);
    const { url: manifestUrl, data } = (await cdp.send('Page.getAppManifest')) as { url: string; data?: string };
    await cdp.detach();
    const manifest = JSON.parse(data ?? '{}') as { start_url: string; scope: string };
    expect([manifestUrl, new URL(manifest.start_url, manifestUrl).href, new URL(manifest.scope, manifestUrl).href]).toEqual([
      new URL('manifest.webmanifest', schoolUrl).href, schoolUrl, schoolUrl,
    ]);

    await a.openSettings();
    const defaultCode = await enrol(['--role', 'coordinator']);
    await page.getByRole('form', { name: 'Pair this device' }).getByLabel('Pairing code').fill(defaultCode);
    await page.getByRole('button', { name: 'Pair this device' }).click();
    await page.getByRole('alert').filter({ hasText: /^That code is not right.* This is the Baseroom address of school “oak-academy”: a code works only at the address of the school it was made for\.$/ }).waitFor();
    await a.pairDevice(coordinatorCode);
    await a.allSafe().waitFor({ timeout: 30_000 });

    await a.openToday();
    pupil = await a.addPupil('9X1', 0);
    await a.card(pupil).getByRole('button', { name: 'Arrived', exact: true }).click();
    await a.card(pupil).getByLabel('Arrival time').fill(arrival);
    await a.card(pupil).getByLabel('Arrival time').blur();
    await page.getByText('1 pupil on the register: 1 in the room, 0 expected, 0 absent, 0 left').waitFor();
    await a.allSafe().waitFor({ timeout: 30_000 });
    // Its records are in databases of its own: nothing under the default school's names.
    const names = await databaseNames(page);
    expect(names).toContain(`baseroom-sealed@${school}`);
    expect(names).toContain(`baseroom-keys@${school}`);
    expect(names).not.toContain('baseroom-sealed');
  });

  it('the room’s tablet paired at the school’s address sees the register after sync', async () => {
    const { page: pageB } = await newTabletPage(await launchBrowser());
    const b = new BaseroomApp(pageB);
    await b.openNewDevice(schoolUrl);
    await pageB.getByRole('heading', { name: 'Set up Baseroom' }).waitFor();
    await b.pairDevice(await enrol(['--role', 'supervisor', '--room', roomId], school));
    await pageB.getByLabel('Using this tablet').selectOption({ label: 'Ms R. Patel' });
    await expect(b.registerHeading().textContent()).resolves.toMatch(/^The BASE register — /);
    await expect(b.card(pupil).getByLabel('Arrival time').inputValue()).resolves.toBe(arrival);
    await b.allSafe().waitFor();
  });

  it('a default-school device in the same browser starts apart, with the same room, and never sees the school’s register', async () => {
    const d = new BaseroomApp(page);
    // A new device at `/`: the school's PIN and records are not this school's.
    await d.openNewDevice(server.url);
    await d.setUpDemoSchool({ school: 'Beech School', room: 'The BASE', staff: 'Mr T. Okoro' });
    await d.pairAndSync(await enrol(['--role', 'coordinator']));
    await d.openToday();
    await page.getByText('0 pupils on the register: 0 in the room, 0 expected, 0 absent, 0 left').waitFor();
    await expect(d.card(pupil).count()).resolves.toBe(0);
    // Its records went into the default school's databases, beside (not into) the school's.
    const names = await databaseNames(page);
    expect(names).toEqual(expect.arrayContaining(['baseroom-sealed', 'baseroom-keys', `baseroom-sealed@${school}`, `baseroom-keys@${school}`]));
  });

  it('reloads at the school’s address with the relay gone: the app opens from the service worker with the school’s records', async () => {
    await page.goto(schoolUrl);
    await a.unlock();
    await a.openToday();
    await expect(a.card(pupil).getByLabel('Arrival time').inputValue()).resolves.toBe(arrival);
    await server.stop();
    await a.reloadAndUnlock();
    await a.openToday();
    await expect(page.evaluate(() => !!navigator.serviceWorker.controller)).resolves.toBe(true);
    await expect(page.evaluate(() => location.pathname)).resolves.toBe(`/schools/${school}/`);
    await expect(a.registerHeading().textContent()).resolves.toMatch(/^The BASE register — /);
    await expect(a.card(pupil).getByLabel('Arrival time').inputValue()).resolves.toBe(arrival);
    await a.syncStatus().filter({ hasText: /^Offline/ }).waitFor({ timeout: 10_000 });
  });

  it('offline, an address under /schools/ with an ill-formed id gets the shell but opens no school', async () => {
    await page.goto(new URL('schools/Oak_Academy/', server.url).href);
    await page.getByRole('heading', { name: 'No school at this address' }).waitFor();
    await expect(a.lockForm().count()).resolves.toBe(0);
  });
});
