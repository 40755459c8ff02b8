// The off-site assistant's own phone (360×740): paired, it opens on its provider's day with a compact header; nothing wider
// than the screen; an incident saved before the decision; an IBEC target rated on two visits, charted on the phone and for the coordinator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enrolDevice } from '../../sync-server/test-support/relay-process.js';
import { disposeAll, launchBrowser, londonDate, newPhonePage, newTabletPage, startAppServer, weekdayClock, type AppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';
import { OffsitePage } from './pages/offsite.js';
import { smallTargets, unnamedControls } from './audit.js';

const PROVIDER = 'Oak Farm Project';
const TARGET = 'Stay on task for 20 minutes';
/** The pages' clock: a school day, whatever day it really is (the phone expects nobody at a weekend). */
const pinned = weekdayClock();
const isoToday = () => londonDate(pinned);
const weekday = () => pinned.toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'Europe/London' });
const weekBefore = (iso: string) => new Date(Date.parse(`${iso}T12:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);

const enrol = async (dataDir: string, args: string[]) => (await enrolDevice(dataDir, args)).code;

/** The page is no wider than the phone: nothing scrolls sideways. */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('the off-site assistant’s phone', () => {
  let server: AppServer;
  let laptop: Page;
  let phone: Page;
  let offsite: OffsitePage;
  let pupil: string;

  beforeAll(async () => {
    server = await startAppServer();
    const browser = await launchBrowser();
    ({ page: laptop } = await newTabletPage(browser));
    await laptop.clock.setSystemTime(pinned);
    const coordinator = new BaseroomApp(laptop);
    await coordinator.openNewDevice(server.url);
    await coordinator.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Mrs K. Ahmed' });
    await coordinator.openSettings();
    await coordinator.pairDevice(await enrol(server.dataDir, ['--role', 'coordinator']));
    const providers = new OffsitePage(laptop);
    await providers.addProvider(PROVIDER, 'Sam Reid', '01632 960123');
    pupil = await providers.addPupilToProvider(PROVIDER, '10Y1');
    await providers.attendsOn(pupil, weekday());
    await coordinator.allSafe().waitFor();

    ({ page: phone } = await newPhonePage(browser));
    await phone.clock.setSystemTime(pinned);
    offsite = new OffsitePage(phone);
  });
  afterAll(disposeAll);

  it('pairs on a fresh phone and lands on its provider’s day, with only Off-site and Settings in a short header', async () => {
    await new BaseroomApp(phone).openNewDevice(server.url);
    await phone.getByRole('heading', { name: 'Set up Baseroom' }).waitFor();
    await new BaseroomApp(phone).pairDevice(await enrol(server.dataDir, ['--role', 'offsite', '--provider', 'oak-farm-project']));
    await phone.getByLabel('Using this phone').selectOption({ label: 'Mrs K. Ahmed' });
    await phone.getByRole('heading', { name: 'Off-site check-in' }).waitFor();
    await offsite.card(pupil).waitFor();
    const nav = phone.getByRole('navigation', { name: 'Main' }).getByRole('link');
    await expect(nav.allTextContents()).resolves.toEqual(['Off-site', 'Settings']);
    await expect(phone.getByLabel('Room', { exact: true }).count()).resolves.toBe(0);
    const header = await phone.locator('header.app-header').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(110);
    // A room's register is not the assistant's: asking for it shows the provider's day instead.
    await phone.goto(`${server.url}#/today`);
    await phone.getByRole('heading', { name: 'Off-site check-in' }).waitFor();
  });

  it('saves an incident before anyone has decided what to do, shown as awaiting a decision', async () => {
    await offsite.reportIncident(pupil, { at: '11:40', by: 'Sam Reid, farm manager', what: 'Walked off the site at break' });
    const incidents = offsite.card(pupil).getByRole('list', { name: `Incidents for ${pupil}` });
    await incidents.getByText('awaiting decision').waitFor();
    await incidents.getByRole('form', { name: `Decision on the 11:40 incident for ${pupil}` }).waitFor();
  });

  it('rates an IBEC target on two visits and charts both', async () => {
    const today = isoToday();
    await offsite.addTarget(pupil, TARGET, 'Sam Reid');
    await offsite.rateTarget(pupil, TARGET, '3');
    await offsite.openDay(weekBefore(today));
    await offsite.card(pupil).waitFor();
    await offsite.rateTarget(pupil, TARGET, '2');
    const ratings = offsite.card(pupil).getByRole('list', { name: `Ratings for ${TARGET}` }).getByRole('listitem');
    await expect.poll(() => ratings.allTextContents()).toEqual([expect.stringMatching(/: 2 Good$/), expect.stringMatching(/: 3 Needs improvement$/)]);
    await expect(offsite.card(pupil).getByRole('figure', { name: `Progress: ${TARGET}` }).locator('circle').count()).resolves.toBe(2);
    await offsite.openDay(today);
    await offsite.card(pupil).waitFor();
  });

  it('fits the phone: nothing scrolls sideways on the day (every part open) or in Settings, every control named and at least 44 px', async () => {
    const card = await offsite.openPlan(pupil);
    await card.getByText('Report an incident').click();
    await phone.getByText(`Contact ${PROVIDER}`).click();
    const call = phone.getByRole('link', { name: 'Call 01632 960123' });
    expect((await call.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await expect(pageWidth(phone)).resolves.toBe(360);
    await expect(unnamedControls(phone)).resolves.toEqual([]);
    await expect(smallTargets(phone)).resolves.toEqual([]);
    await phone.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await phone.getByRole('heading', { name: 'Sync with the school' }).waitFor();
    await expect(pageWidth(phone)).resolves.toBe(360);
    await expect(unnamedControls(phone)).resolves.toEqual([]);
    await expect(smallTargets(phone)).resolves.toEqual([]);
  });

  it('brings the undecided incident to the coordinator and the two ratings to the pupil’s record', async () => {
    await new BaseroomApp(phone).allSafe().waitFor({ timeout: 20_000 });
    // The laptop asks the relay for new documents (the phone's provider-days) every minute and at start: reopen it rather than wait.
    await new BaseroomApp(laptop).reloadAndUnlock();
    await laptop.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Coordinator' }).click();
    const waiting = laptop.getByRole('list', { name: 'Off-site incidents awaiting a decision' });
    await waiting.getByText(/Walked off the site at break/).waitFor({ timeout: 20_000 });
    await waiting.getByRole('link', { name: pupil }).click();
    await laptop.getByRole('heading', { level: 1, name: pupil }).waitFor();
    const ratings = laptop.getByRole('list', { name: `Ratings for ${TARGET}` }).getByRole('listitem');
    await expect.poll(() => ratings.count(), { timeout: 20_000 }).toBe(2);
  });
});
