// The off-site assistant on a phone with no signal: mark each session at a provider, flag a concern, log an incident, reload, see it on the pupil view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { disposeAll, launchBrowser, londonDate, newPhonePage, startAppServer, weekdayClock, type AppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';
import { OffsitePage } from './pages/offsite.js';
import { smallTargets, unnamedControls } from './audit.js';

const PROVIDER = 'Oak Farm Project';
/** The pages' clock: a school day, whatever day it really is (the phone expects nobody at a weekend). */
const pinned = weekdayClock();
const today = () => pinned.toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'Europe/London' });
/** The Saturday after the pinned day. */
const saturday = (() => {
  const day = new Date(pinned);
  day.setUTCDate(day.getUTCDate() + ((6 - day.getUTCDay() + 7) % 7));
  return londonDate(day);
})();

describe('off-site check-in on a phone', () => {
  let server: AppServer;
  let page: Page;
  let offsite: OffsitePage;
  let app: BaseroomApp;
  const names: string[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    ({ page } = await newPhonePage(await launchBrowser()));
    await page.clock.setSystemTime(pinned);
    app = new BaseroomApp(page);
    offsite = new OffsitePage(page);
    await app.openNewDevice(server.url);
    await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Mr D. Osei' });
    await app.waitForServiceWorker();
  });
  afterAll(disposeAll);

  it('adds a provider in Settings with two pupils on today’s weekday', async () => {
    await new BaseroomApp(page).openSettings();
    await offsite.addProvider(PROVIDER, 'Sam Reid', '01632 960123');
    names.push(await offsite.addPupilToProvider(PROVIDER, '10Y1'), await offsite.addPupilToProvider(PROVIDER, '10Y1'));
    for (const name of names) await offsite.attendsOn(name, today());
    await page.getByRole('list', { name: 'Providers' }).getByText('No safeguarding policy date recorded').waitFor();
  });

  it('checks pupils in with no server: sessions coded by the arrangement, times, a welfare flag, a missed session and an incident', async () => {
    const [first, second] = names as [string, string];
    await offsite.open();
    await page.getByText('0 of 2 checked in').waitFor();
    await server.stop();
    // A Saturday has no school session: nobody is expected, and the phone says why.
    await page.getByLabel('Day', { exact: true }).fill(saturday);
    await page.getByText('Saturday: not a school day, so no pupil is expected and no session goes to the school register.', { exact: false }).waitFor();
    await page.getByText('0 of 0 checked in').waitFor();
    await page.getByLabel('Day', { exact: true }).fill(londonDate(pinned));
    await page.getByText('0 of 2 checked in').waitFor();

    await offsite.session(first, 'Morning (AM)', true).click();
    await offsite.session(first, 'Afternoon (PM)', true).click();
    await offsite.card(first).getByRole('group', { name: 'Afternoon (PM)' }).getByText('B — Attending any other approved educational activity').waitFor();
    await offsite.card(first).getByLabel('Arrived', { exact: true }).fill('09:05');
    await offsite.card(first).getByLabel('Left', { exact: true }).fill('14:30');
    await offsite.card(first).getByLabel('How did they seem?').selectOption({ label: 'Low or withdrawn' });
    await offsite.card(first).getByLabel('Safeguarding concern').check();
    await offsite.card(first).getByText(/Log the concern on CPOMS now/).waitFor();
    await offsite.save(first);

    await offsite.session(second, 'Morning (AM)', false).click();
    await offsite.card(second).getByRole('button', { name: 'Save check-in' }).click();
    await offsite.card(second).getByRole('alert').filter({ hasText: 'Not present in the morning (am): write the follow-up' }).waitFor();
    await offsite.card(second).getByLabel('Follow-up').fill('Not at the farm by 09:30; rang mum, no answer; told Ms Patel');
    await offsite.save(second);

    await offsite.reportIncident(first, { at: '11:40', by: 'Sam Reid', what: 'Walked off the site at break', decided: 'Brought back by Sam; coordinator rang home' });
    await page.getByText('2 of 2 checked in').waitFor();
  });

  it('keeps everything through a reload with the server still down, on a screen fit for a phone', async () => {
    const [first, second] = names as [string, string];
    await app.reloadAndUnlock();
    await page.getByRole('heading', { name: 'Off-site check-in' }).waitFor();
    await page.getByText('2 of 2 checked in').waitFor();
    await expect(offsite.session(first, 'Morning (AM)', true).isChecked()).resolves.toBe(true);
    await expect(offsite.session(first, 'Afternoon (PM)', true).isChecked()).resolves.toBe(true);
    await expect(offsite.card(first).getByLabel('Left', { exact: true }).inputValue()).resolves.toBe('14:30');
    await expect(offsite.card(first).getByLabel('Safeguarding concern').isChecked()).resolves.toBe(true);
    await offsite.card(first).getByRole('list', { name: `Incidents for ${first}` }).getByText(/Walked off the site at break/).waitFor();
    await expect(offsite.session(second, 'Morning (AM)', false).isChecked()).resolves.toBe(true);
    await offsite.card(second).getByText('Not present: the attendance officer decides the code').waitFor();
    await expect(offsite.card(second).getByLabel('Follow-up').inputValue()).resolves.toMatch(/^Not at the farm by 09:30/);
    // Phone first: every control named, every target at least 44 px, nothing wider than the screen.
    await expect(unnamedControls(page)).resolves.toEqual([]);
    await expect(smallTargets(page)).resolves.toEqual([]);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBe(360);
  });

  it('shows the off-site day and the incident on the pupil view, the flag for the coordinator and the missed session for the attendance officer', async () => {
    const [first, second] = names as [string, string];
    await offsite.card(first).getByRole('link', { name: first, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: first }).waitFor();
    await page.getByRole('radiogroup', { name: 'Show' }).getByRole('radio', { name: 'Off-site' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText(`At ${PROVIDER}`, { exact: true }).waitFor();
    await timeline.getByText(/AM B — Attending any other approved educational activity; PM B — Attending any other approved educational activity, arrived 09:05, left 14:30/).waitFor();
    await timeline.getByText(`Incident at ${PROVIDER}`).waitFor();
    await expect(timeline.getByRole('listitem').count()).resolves.toBe(2);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Coordinator' }).click();
    await page.getByRole('list', { name: 'Off-site safeguarding concerns' })
      .getByRole('button', { name: `Confirm ${first}’s off-site concern is logged on CPOMS` }).click();
    await page.getByText('No off-site concerns waiting.').waitFor();

    // The attendance officer, not the assistant, settles the code of the session the second pupil missed.
    const missed = page.getByRole('list', { name: 'Off-site sessions to code' }).getByRole('form', { name: new RegExp(`^Settle ${second}, .* morning \\(am\\)$`) });
    await missed.getByLabel(/^Code for /).selectOption({ label: 'O — Absent in other or unknown circumstances' });
    await missed.getByRole('button', { name: 'Settle the code' }).click();
    await page.getByText('No off-site sessions waiting for a code.').waitFor();
    await page.getByRole('list', { name: 'Providers needing the safeguarding policy' }).getByText(PROVIDER).waitFor();
  });
});
