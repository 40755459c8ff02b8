// A placement's life in Chromium: referral, scheduling onto school days, the room register, review, reintegration and a follow-up visit.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { disposeAll, launchBrowser, newTabletPage, startAppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';
import { CoordinatorPage } from './pages/coordinator.js';
import { PupilRecordPage } from './pages/pupilRecord.js';

/** The first weekday on or after a date, as the app's date inputs take it. */
function weekdayFrom(d: Date): string {
  while (d.getDay() === 0 || d.getDay() === 6) d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe('placements', () => {
  let page: Page;
  let app: BaseroomApp;
  let coordinator: CoordinatorPage;
  let record: PupilRecordPage;
  let name = '';
  // The first weekday from today is an INSET day, so the placement starts on the weekday after it.
  const inset = weekdayFrom(new Date());
  const day = weekdayFrom(new Date(new Date(`${inset}T12:00`).getTime() + 86_400_000));
  // A half term round today, so the coordinator can schedule (Baseroom schedules nothing without term dates).
  const term = [weekdayFrom(new Date(Date.now() - 30 * 86_400_000)), weekdayFrom(new Date(Date.now() + 120 * 86_400_000))];

  beforeAll(async () => {
    const server = await startAppServer();
    ({ page } = await newTabletPage(await launchBrowser()));
    app = new BaseroomApp(page);
    coordinator = new CoordinatorPage(page);
    record = new PupilRecordPage(page);
    await app.openNewDevice(server.url);
    await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms R. Patel' });
  });
  afterAll(disposeAll);

  it('takes a referral and schedules it round a closure, so the pupil is expected on the register that day', async () => {
    await app.openSettings();
    await app.importCalendar([`${term[0]},${term[1]},Autumn 1`]);
    const closure = page.getByRole('form', { name: 'Add a closure' });
    await closure.getByLabel('Closed from').fill(inset);
    await closure.getByLabel('Closure', { exact: true }).fill('INSET');
    await closure.getByRole('button', { name: 'Add closure' }).click();
    await page.getByRole('list', { name: 'Closures' }).getByText(/^INSET: /).waitFor();

    await coordinator.open();
    name = await coordinator.takeReferral('9X', {
      referredBy: 'Ms Hale', lesson: 'P2', subject: 'Science', reason: 'defiance', description: 'Refused to move seats, left the lab', days: 2,
    });
    await coordinator.waitingReferral(name).getByText('Requested').waitFor();
    await coordinator.acceptAndSchedule(name, 'The BASE', inset, 2);

    await app.openToday();
    await page.getByLabel('Register date').fill(inset);
    await page.getByText('Nobody is on this register yet').waitFor();
    await page.getByLabel('Register date').fill(day);
    const card = app.card(name);
    await card.getByText('Expected').waitFor();
    await card.getByRole('button', { name: 'Arrived', exact: true }).click();
    await card.getByText('In the room').waitFor();
  });

  it('runs the placement, reviews it, reintegrates and records a follow-up visit', async () => {
    await record.open(app.card(name), name);
    const start = page.getByRole('form', { name: 'Start the placement' });
    await start.getByLabel('Kind of placement').selectOption({ label: 'BASE pathway — short term' });
    await start.getByLabel('Entry needs assessment').fill('Reading age 9; struggles in large groups');
    await start.getByLabel('Targets').fill('Follow instructions first time; bring equipment');
    await start.getByLabel('Outcome agreed with the pupil and parent').fill('Back in science by half term');
    await start.getByRole('button', { name: 'Start placement' }).click();
    const placement = page.getByRole('article', { name: /^BASE pathway — short term from / });
    await placement.getByLabel('Week 1 P1').selectOption({ label: 'In lessons' });
    // The cell shows what is stored: wait for the projection to bring the choice back.
    await expect.poll(() => placement.getByLabel('Week 1 P1').inputValue()).toBe('lessons');

    const review = placement.getByRole('form', { name: 'Review the placement' });
    await review.getByLabel('Review date').fill(day);
    await review.getByText(/^Attended 1 of 1 day/).waitFor();
    await review.getByLabel('Decision').selectOption({ label: 'Move to reintegration' });
    await review.getByLabel('Review notes').fill('Settled well; ready for some lessons');
    await review.getByRole('button', { name: 'Save review' }).click();
    await placement.getByRole('list', { name: 'Reviews' }).getByText('Move to reintegration').waitFor();

    const plan = placement.getByRole('form', { name: 'Reintegration plan' });
    await plan.getByLabel('Lessons returning to').fill('Maths, English');
    await plan.getByLabel('Teachers informed').fill('Mr Ode, Ms Lin');
    await plan.getByLabel('Reintegration targets').fill('On time with equipment');
    await plan.getByRole('button', { name: 'Save reintegration plan' }).click();
    await placement.getByText('In reintegration').waitFor();

    const visit = placement.getByRole('form', { name: 'Record a follow-up visit' });
    await visit.getByLabel('Lesson visited').fill('Maths');
    await visit.getByLabel('Teacher').fill('Mr Ode');
    await visit.getByLabel('What was seen').fill('On task for the whole lesson');
    await visit.getByLabel('Rating').selectOption('1');
    await visit.getByRole('button', { name: 'Add visit' }).click();
    await placement.getByRole('list', { name: 'Follow-up visits' }).getByText(/Maths with Mr Ode: rated 1/).waitFor();
    await record.timeline().getByText('Follow-up visit: Maths (rated 1)').waitFor();

    await coordinator.open();
    await coordinator.list('Reintegrations in follow-up').getByText(/1 visit, last rated 1/).waitFor();
    await expect(coordinator.list('Referrals waiting').count()).resolves.toBe(0);
  });

  it('counts the referral in the reports and leaves the future register day out of the MIS export', async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('radiogroup', { name: 'Period' }).getByRole('radio', { name: 'Choose dates' }).click();
    await page.getByLabel('From', { exact: true }).fill(`${new Date().getFullYear() - 1}-09-01`);
    await page.getByLabel('To', { exact: true }).fill(day);
    const byReason = page.getByRole('table', { name: 'Referrals by reason', exact: true });
    await byReason.getByRole('row', { name: 'Defiance or refusal to follow instructions 1' }).waitFor();
    await page.getByRole('table', { name: 'Referrals by DfE reason code' }).getByRole('row', { name: /^DB — .* 1$/ }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the register as CSV for the MIS' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    // The placement day is after today (the register was kept ahead): the MIS gets no day that has not happened yet.
    const [y, m, d] = day.split('-');
    expect(csv.startsWith('\uFEFFUPN,Legal Surname,Legal Forename,Year,Reg Group,Date,Session,Mark')).toBe(true);
    expect(csv).not.toContain(`${d}/${m}/${y}`);
  });
});
