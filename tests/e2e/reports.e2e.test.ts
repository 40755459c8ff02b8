// Reports in Chromium: the charts load only on Reports, each is found by its name with its table, prints on A4, and the CSV holds no future day.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { disposeAll, launchBrowser, newTabletPage, startAppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';
import { CoordinatorPage } from './pages/coordinator.js';

const CHARTS = [
  'Referrals week by week',
  'Referrals by reason',
  'Referrals by year group and lesson period',
  'Repeat rate and reintegration success by half term',
];
/** Today in the school's time zone, as yyyy-mm-dd. */
const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

/** The time now in London, as hh:mm. */
const nowInLondon = () => new Date().toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });

/**
 * The day whose register the CSV test keeps: today once its morning register has opened (08:45, after the demo
 * school's 08:40 registration), else the school day before. The MIS gets no marks for weekends, nor for a session
 * whose register has not opened yet, and this test runs on any day at any hour.
 */
function schoolDay(): string {
  const d = new Date(`${today()}T12:00:00Z`);
  if (nowInLondon() < '08:45') d.setUTCDate(d.getUTCDate() - 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The first weekday after today, as the app's date inputs take it. */
function nextWeekday(): string {
  const d = new Date(`${today()}T12:00:00Z`);
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
  return d.toISOString().slice(0, 10);
}

const chartsLoaded = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType('resource').some((e) => /ReportCharts/.test(e.name)));

describe('reports', () => {
  let page: Page;
  let app: BaseroomApp;
  let inRoom = '';

  beforeAll(async () => {
    const server = await startAppServer();
    ({ page } = await newTabletPage(await launchBrowser()));
    app = new BaseroomApp(page);
    await app.openNewDevice(server.url);
    await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms R. Patel' });
    // A half term round today, so the coordinator can schedule (Baseroom schedules nothing without term dates).
    const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
    await app.openSettings();
    await app.importCalendar([`${iso(-30)},${iso(120)},Autumn 1`]);
    await app.openToday();
  });
  afterAll(disposeAll);

  it('has a pupil in the room today and a referral scheduled onto days still to come', async () => {
    // The arrival is corrected to 08:45, inside the morning register: stamped with the clock, it could fall after the
    // day ends at 16:00 and rightly get no mark.
    if (schoolDay() !== today()) await page.getByLabel('Register date').fill(schoolDay());
    inRoom = await app.addPupil('10Y');
    await app.card(inRoom).getByRole('button', { name: 'Arrived', exact: true }).click();
    await app.card(inRoom).getByText('In the room').waitFor();
    await app.setArrivalTime(inRoom, '08:45');

    const coordinator = new CoordinatorPage(page);
    await coordinator.open();
    const referred = await coordinator.takeReferral('9X', {
      referredBy: 'Ms Hale', lesson: 'P2', subject: 'Science', reason: 'defiance', description: 'Refused to move seats', days: 3,
    });
    await coordinator.acceptAndSchedule(referred, 'The BASE', nextWeekday(), 3);
    expect(await chartsLoaded(page)).toBe(false);
  });

  it('draws each chart as SVG, named, with its data as a table, loading the chart code only now', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    for (const title of CHARTS) {
      const figure = page.getByRole('figure', { name: title, exact: true });
      await figure.locator('svg').first().waitFor();
      // The drawing is one image with a text summary; the SVG's own parts are not read out.
      await expect(figure.getByRole('img', { name: /^(Bar|Stacked bar|Line) chart / }).count()).resolves.toBe(1);
      await expect(figure.getByRole('table', { name: `Data for the chart: ${title}` }).count()).resolves.toBe(1);
    }
    await page.getByRole('figure', { name: 'Referrals by reason', exact: true })
      .getByRole('row', { name: 'Defiance or refusal to follow instructions 1' }).waitFor({ state: 'attached' });
    expect(await chartsLoaded(page)).toBe(true);
  });

  it('fits every chart within the A4 text width when printed', async () => {
    await page.emulateMedia({ media: 'print' });
    for (const title of CHARTS) {
      const box = await page.getByRole('figure', { name: title, exact: true }).locator('.recharts-wrapper > svg').boundingBox();
      // 180 mm (A4 less 15 mm margins) is 680 CSS px.
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.width).toBeLessThanOrEqual(681);
    }
    await page.emulateMedia({ media: 'screen' });
  });

  it('downloads a register CSV with today’s pupil and no day after today', async () => {
    // Before the file lands in Downloads, outside the PIN's protection, staff are told what it holds.
    await page.getByText(/^The CSV file holds the name, UPN, year, tutor group and attendance of every pupil .* in clear: the PIN does not protect it\. .* then delete it from this device’s Downloads\.$/).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the register as CSV for the MIS' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    const [header, ...rows] = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(header!.slice(0, 8)).toEqual(['UPN', 'Legal Surname', 'Legal Forename', 'Year', 'Reg Group', 'Date', 'Session', 'Mark']);
    const date = header!.indexOf('Date');
    const isoDates = rows.map((r) => r[date]!.split('/').reverse().join('-'));
    expect(isoDates.length).toBeGreaterThan(0);
    for (const d of isoDates) expect(d <= today(), `${d} is after today`).toBe(true);
    const surname = inRoom.split(' ').at(-1)!;
    expect(rows.some((r) => r[header!.indexOf('Legal Surname')] === surname && r[header!.indexOf('Attendance')] === 'Present in the room')).toBe(true);
    const col = (name: string) => header!.indexOf(name);
    const dayGb = schoolDay().split('-').reverse().join('/');
    const morning = rows.find((r) => r[col('Legal Surname')] === surname && r[col('Date')] === dayGb && r[col('Session')] === 'AM');
    expect(morning?.[col('Mark')]).toBe('/');
  });
});
