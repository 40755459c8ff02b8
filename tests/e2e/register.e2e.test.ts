// The room register end to end in Chromium: set up, record three pupils, lose the server, reload, carry on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { disposeAll, earlierToday, launchBrowser, newTabletPage, startAppServer, type AppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';

/** Whether the page can reach the server right now (the service worker never answers /healthz). */
const serverAnswers = (page: Page) =>
  page.evaluate(() => fetch('/healthz', { cache: 'no-store' }).then((r) => r.ok, () => false));

const arrival = earlierToday();

describe('room register offline', () => {
  let server: AppServer;
  let page: Page;
  let app: BaseroomApp;
  const names: string[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    ({ page } = await newTabletPage(await launchBrowser()));
    app = new BaseroomApp(page);
    await app.openNewDevice(server.url);
  });
  afterAll(disposeAll);

  it('sets up the demo school and opens the BASE register', async () => {
    await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms R. Patel' });
    await expect(app.registerHeading().textContent()).resolves.toMatch(/^The BASE register — \w+day \d{1,2} \w+ \d{4}$/);
    await app.waitForServiceWorker();
  });

  it('registers three pupils with arrivals, period marks and a note', async () => {
    names.push(await app.addPupil('9X1', 0), await app.addPupil('9X1', 0), await app.addPupil('10Y2', 0));
    expect(new Set(names).size).toBe(3);
    const [first, second, third] = names as [string, string, string];

    await app.card(first).getByRole('button', { name: 'Arrived', exact: true }).click();
    await app.card(second).getByRole('button', { name: 'Arrived late' }).click();
    await app.card(third).getByRole('button', { name: 'Absent' }).click();
    await app.card(third).getByLabel('Absence follow-up').fill('Phoned home, mum says unwell');
    await app.card(third).getByRole('button', { name: 'Mark absent' }).click();

    await app.card(first).getByLabel('Arrival time').fill(arrival);
    const card = await app.openDetails(first);
    await card.getByRole('radiogroup', { name: 'P1 attendance' }).getByRole('radio', { name: 'Present' }).click();
    await card.getByLabel('P1 effort').selectOption('2');
    await card.getByLabel('P1 behaviour').selectOption('1');
    await app.addNote(first, 'Praise', 'P1', 'Settled quickly and finished the maths task');

    await app.card(first).getByText('In the room', { exact: true }).waitFor();
    await page.getByText('3 pupils on the register: 2 in the room, 0 expected, 1 absent, 0 left').waitFor();
  });

  it('keeps everything after the server stops and the page reloads, and still records', async () => {
    const [first, second, third] = names as [string, string, string];
    await server.stop();
    await app.reloadAndUnlock();
    await expect(serverAnswers(page)).resolves.toBe(false);
    await page.getByRole('status', { name: 'Sync status' }).filter({ hasText: 'Not paired — saved on this device only' }).waitFor();
    await page.getByText('3 pupils on the register: 2 in the room, 0 expected, 1 absent, 0 left').waitFor();

    await expect(app.card(first).getByLabel('Arrival time').inputValue()).resolves.toBe(arrival);
    await expect(app.card(second).getByLabel('Late').isChecked()).resolves.toBe(true);
    await expect(app.card(third).getByLabel('Absence follow-up').inputValue()).resolves.toBe('Phoned home, mum says unwell');
    const card = await app.openDetails(first);
    await expect(
      card.getByRole('radiogroup', { name: 'P1 attendance' }).getByRole('radio', { name: 'Present' }).getAttribute('aria-checked'),
    ).resolves.toBe('true');
    await expect(card.getByLabel('P1 effort').inputValue()).resolves.toBe('2');
    await expect(card.getByLabel('P1 behaviour').inputValue()).resolves.toBe('1');
    await card.getByRole('list', { name: 'Notes' }).getByText('Settled quickly and finished the maths task').waitFor();
    await card.getByText(/Last change by Ms R\. Patel at \d\d:\d\d/).waitFor();

    const fourth = await app.addPupil('11X3', 0);
    await app.card(fourth).getByRole('button', { name: 'Arrived', exact: true }).click();
    await page.getByText('4 pupils on the register: 3 in the room, 0 expected, 1 absent, 0 left').waitFor();

    await server.restart();
    await app.reloadAndUnlock();
    await expect(serverAnswers(page)).resolves.toBe(true);
    await page.getByText('4 pupils on the register: 3 in the room, 0 expected, 1 absent, 0 left').waitFor();
  });

  it('starts another day empty and keeps yesterday readable', async () => {
    await page.getByRole('button', { name: 'Next day' }).click();
    await page.getByText('Nobody is on this register yet.').waitFor();
    await page.getByRole('button', { name: 'Previous day' }).click();
    await page.getByText('4 pupils on the register: 3 in the room, 0 expected, 1 absent, 0 left').waitFor();
  });

  it('writes the day up as a daily log for staff', async () => {
    const [first, , third] = names as [string, string, string];
    await page.getByRole('link', { name: 'Daily log' }).click();
    await page.getByRole('heading', { name: /^The BASE daily log — / }).waitFor();
    const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
    await row(first).getByText(`Arrived ${arrival}, still in the room`).waitFor();
    await row(first).getByText('Praise: Settled quickly and finished the maths task (Ms R. Patel)').waitFor();
    await expect(row(first).getByRole('cell').nth(1).textContent()).resolves.toContain('P1 present E2/B1');
    await row(third).getByText('Absent — follow-up: Phoned home, mum says unwell').waitFor();
  });

  it('keeps a tap made in the same moment as "Lock now", on the register and in the daily log behind it', async () => {
    await app.openToday();
    const fifth = await app.addPupil('7X2', 0);
    const arrived = await app.card(fifth).getByRole('button', { name: 'Arrived', exact: true }).elementHandle();
    const lockNow = await page.getByRole('button', { name: 'Lock now' }).elementHandle();
    // Both in one task: the tap's write is still on its way to IndexedDB when locking stops the stores and reloads.
    await page.evaluate(([tap, lock]) => {
      (tap as HTMLElement).click();
      (lock as HTMLElement).click();
    }, [arrived, lockNow] as const);
    await app.lockForm().waitFor();
    await app.unlock();
    await app.card(fifth).getByText('In the room', { exact: true }).waitFor();
    await page.getByText('5 pupils on the register: 4 in the room, 0 expected, 1 absent, 0 left').waitFor();
    // The daily log reads the rows projected from the document: they hold the tap too.
    await page.getByRole('link', { name: 'Daily log' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${fifth}`) }) });
    await row.getByText(/^Arrived \d\d:\d\d, still in the room$/).waitFor();
  });
});
