// The school's calendar drives the register in Chromium: a 30-day placement across Christmas, a phased timetable, reintegration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { disposeAll, launchBrowser, newTabletPage, startAppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';
import { CoordinatorPage } from './pages/coordinator.js';
import { PupilRecordPage } from './pages/pupilRecord.js';

const year2026 = [
  'First day,Last day,Name',
  '2026-09-02,2026-10-23,Autumn 1',
  '2026-11-02,2026-12-18,Autumn 2',
  '2027-01-04,2027-02-12,Spring 1',
  '2027-02-22,2027-03-25,Spring 2',
  '2027-04-12,2027-05-28,Summer 1',
  '2027-06-07,2027-07-21,Summer 2',
  '2026-12-21,2027-01-01,Christmas holiday',
  '04/01/2027,04/01/2027,INSET',
];

describe('the school calendar drives the register', () => {
  let page: Page;
  let app: BaseroomApp;
  let coordinator: CoordinatorPage;
  let record: PupilRecordPage;
  let name = '';

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

  it('says plainly that nothing can be scheduled before the calendar exists', async () => {
    await coordinator.open();
    name = await coordinator.takeReferral('9X', {
      referredBy: 'Ms Hale', lesson: 'P2', subject: 'Science', reason: 'defiance', description: 'Refused to move seats', days: 30,
    });
    const item = coordinator.waitingReferral(name);
    await item.getByRole('button', { name: 'Accept referral' }).click();
    await item.getByText('Baseroom has no term dates yet: enter the school calendar in Settings before scheduling.').waitFor();
    await expect(item.getByRole('button', { name: 'Schedule' }).count()).resolves.toBe(0);
  });

  it('names each bad import line and saves nothing, then takes a good year', async () => {
    await app.openSettings();
    const form = page.getByRole('form', { name: 'Import term dates' });
    await form.getByLabel(/^Term dates to import/).fill([...year2026, '2026-13-01,2026-13-02,INSET', '2027-02-19,2027-02-15,Half term'].join('\n'));
    await form.getByRole('button', { name: 'Import term dates' }).click();
    const problems = page.getByRole('list', { name: 'Import problems' });
    await problems.getByText('Line 10: “2026-13-01” is not a date (use 2026-10-26 or 26/10/2026)').waitFor();
    await problems.getByText('Line 11: Half term ends before it starts').waitFor();
    await page.getByText('No term dates yet.').waitFor();

    await app.importCalendar(year2026);
    const table = page.getByRole('table', { name: 'Half terms 2026-27' });
    await table.getByRole('row', { name: /^Autumn 2 Mon 2 Nov 2026 to Fri 18 Dec 2026/ }).waitFor();
    await page.getByRole('list', { name: 'Closures' }).getByText(/^Christmas holiday: Mon 21 Dec 2026 to Fri 1 Jan 2027/).waitFor();
    await page.getByRole('button', { name: 'Add bank holidays in 2026-27 term time' }).click();
    await page.getByRole('list', { name: 'Closures' }).getByText(/^Early May bank holiday: Mon 3 May 2027/).waitFor();
  });

  it('schedules a 30-day placement round Christmas and the INSET day, and the register never expects a closed day', async () => {
    await coordinator.open();
    const item = coordinator.waitingReferral(name);
    await item.getByLabel('Room').selectOption({ label: 'The BASE' });
    await item.getByLabel('First day').fill('2026-12-07');
    await item.getByLabel('School days').fill('30');
    await item.getByText(/^30 school days in the room, Mon 7 Dec to Mon 1 Feb:/).waitFor();
    const planned = (await item.getByText(/^30 school days in the room/).textContent()) ?? '';
    expect(planned).not.toMatch(/Mon 21 Dec|Fri 25 Dec|Fri 1 Jan|Mon 4 Jan|Sat |Sun /);
    await item.getByRole('button', { name: 'Schedule' }).click();
    await item.getByText('Scheduled: record the placement').waitFor();

    await app.openToday();
    for (const [date, why] of [['2026-12-25', 'Christmas holiday'], ['2027-01-04', 'INSET'], ['2026-12-12', 'Saturday']] as const) {
      await app.openRegisterOn(date);
      await page.getByText(`Not a school day (${why}): nobody is expected.`).waitFor();
      await expect(app.card(name).count()).resolves.toBe(0);
    }
    await app.openRegisterOn('2027-01-05');
    await app.card(name).getByText('Expected', { exact: true }).waitFor();
    await page.getByText('1 pupil on the register: 0 in the room, 1 expected, 0 absent, 0 left').waitFor();
  });

  it('corrects a mistaken arrival back to expected, keeping who undid it', async () => {
    await app.openRegisterOn('2026-12-07');
    const card = app.card(name);
    await card.getByRole('button', { name: 'Arrived', exact: true }).click();
    await card.getByText('In the room').waitFor();
    await card.getByRole('button', { name: 'Undo arrival' }).click();
    await card.getByText('Expected', { exact: true }).waitFor();
    await card.getByRole('list', { name: 'Corrections' }).getByText(/^Arrival at \d\d:\d\d undone by Ms R\. Patel/).waitFor();
  });

  it('shows a pupil out at the toilet on the closed card and in the room’s count', async () => {
    const card = app.card(name);
    await card.getByRole('button', { name: 'Arrived', exact: true }).click();
    await card.getByText('In the room').waitFor();
    await (await app.openDetails(name)).getByRole('button', { name: 'Toilet: out now' }).click();
    await app.closeDetails(name);
    await card.getByText(/^Out: toilet since \d\d:\d\d$/).waitFor();
    await page.getByText('1 pupil on the register: 1 in the room (1 out: toilet), 0 expected, 0 absent, 0 left').waitFor();
    await (await app.openDetails(name)).getByRole('button', { name: /^Back from toilet/ }).click();
    await page.getByText('1 pupil on the register: 1 in the room, 0 expected, 0 absent, 0 left').waitFor();
    await expect(card.getByText(/^Out: toilet since/).count()).resolves.toBe(0);
  });

  it('shows the phased timetable on Today, and expects nobody from the reintegration date', async () => {
    await record.open(app.card(name), name);
    const start = page.getByRole('form', { name: 'Start the placement' });
    await start.getByLabel('Kind of placement').selectOption({ label: 'BASE pathway — short term' });
    await start.getByLabel('Entry needs assessment').fill('Struggles in large groups');
    await start.getByLabel('Targets').fill('Follow instructions first time');
    await start.getByRole('button', { name: 'Start placement' }).click();
    const placement = page.getByRole('article', { name: 'BASE pathway — short term from Mon 7 Dec' });
    await placement.getByRole('button', { name: 'Add a week' }).click();
    for (const period of ['P1', 'P2']) {
      await placement.getByLabel(`Week 2 ${period}`).selectOption({ label: 'In lessons' });
      await expect.poll(() => placement.getByLabel(`Week 2 ${period}`).inputValue()).toBe('lessons');
    }
    const plan = placement.getByRole('form', { name: 'Reintegration plan' });
    await plan.getByLabel('Lessons returning to').fill('Maths, English');
    await plan.getByLabel('Teachers informed').fill('Mr Ode');
    await plan.getByLabel('Reintegration targets').fill('On time with equipment');
    await plan.getByLabel('Back in lessons from').fill('2027-01-11');
    await plan.getByRole('button', { name: 'Save reintegration plan' }).click();
    await placement.getByText('In reintegration').waitFor();

    await app.openToday();
    await app.openRegisterOn('2026-12-14');
    await app.card(name).getByText('P1-P2 in lessons, back at P3').waitFor();
    await app.openRegisterOn('2027-01-08');
    await app.card(name).getByText('P1-P2 in lessons, back at P3').waitFor();
    await app.openRegisterOn('2027-01-11');
    await page.getByText('Nobody is on this register yet').waitFor();
    await app.openRegisterOn('2027-01-29');
    await page.getByText('Nobody is on this register yet').waitFor();
  });

  it('cuts the placement short from the pupil’s record, and the days after it are no longer expected', async () => {
    await app.openRegisterOn('2027-01-05');
    await record.open(app.card(name), name);
    const placement = page.getByRole('article', { name: 'BASE pathway — short term from Mon 7 Dec' });
    await placement.getByText('Booked for 30 school days, Mon 7 Dec to Mon 1 Feb.').waitFor();
    await placement.getByLabel('Last day in the room').fill('2027-01-06');
    await placement.getByRole('button', { name: 'Cancel 18 days after Wed 6 Jan' }).click();
    await placement.getByText('Booked for 12 school days, Mon 7 Dec to Wed 6 Jan.').waitFor();
    await app.openToday();
    await app.openRegisterOn('2027-01-07');
    await page.getByText('Nobody is on this register yet').waitFor();
  });

  it('flags booked days a later closure covers, and moves them once the coordinator confirms', async () => {
    await app.openSettings();
    const closure = page.getByRole('form', { name: 'Add a closure' });
    await closure.getByLabel('Closed from').fill('2027-01-06');
    await closure.getByLabel('Kind of closure').selectOption({ label: 'School closed' });
    await closure.getByLabel('Closure', { exact: true }).fill('Snow day');
    await closure.getByRole('button', { name: 'Add closure' }).click();
    await page.getByRole('list', { name: 'Closures' }).getByText(/^Snow day: /).waitFor();

    await coordinator.open();
    const flagged = coordinator.list('Booked days now on a closure');
    await flagged.getByText(`${name} — booked on Wed 6 Jan (Snow day): not expected on that day.`).waitFor();
    await flagged.getByRole('button', { name: `Move ${name}’s 1 day to the next school days` }).click();
    await page.getByRole('status').filter({ hasText: `${name} is now booked on Thu 7 Jan instead` }).waitFor();
    await expect.poll(() => coordinator.list('Booked days now on a closure').count()).toBe(0);

    await app.openToday();
    await app.openRegisterOn('2027-01-07');
    await app.card(name).getByText('Expected', { exact: true }).waitFor();
  });

  it('refuses to book the pupil again on a day already booked, and says why', async () => {
    await coordinator.open();
    await coordinator.takeReferral(name, {
      referredBy: 'Mr Ode', lesson: 'P4', subject: 'Maths', reason: 'disruption', description: 'Shouting across the room', days: 2,
    });
    const item = coordinator.waitingReferral(name).filter({ hasText: 'Maths' });
    await item.getByRole('button', { name: 'Accept referral' }).click();
    await item.getByLabel('First day').fill('2026-12-08');
    await item.getByLabel('School days').fill('2');
    await item.getByRole('button', { name: 'Schedule' }).click();
    await page.getByText('Already booked in the room on Tue 8 Dec, Wed 9 Dec by another referral: shorten that one first').waitFor();
    await item.getByText('Accepted').waitFor();
  });
});
