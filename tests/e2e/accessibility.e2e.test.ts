// Every screen a supervisor uses, audited in Chromium: named controls (as a screen reader finds them) and 44 px touch targets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { disposeAll, launchBrowser, newTabletPage, startAppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';
import { smallTargets, unnamedControls } from './audit.js';

describe('accessibility and touch targets', () => {
  let page: Page;
  let app: BaseroomApp;
  let name = '';

  beforeAll(async () => {
    const server = await startAppServer();
    ({ page } = await newTabletPage(await launchBrowser()));
    app = new BaseroomApp(page);
    await page.goto(server.url);
  });
  afterAll(disposeAll);

  const audit = async (screen: string) => {
    expect({ screen, unnamed: await unnamedControls(page) }).toEqual({ screen, unnamed: [] });
    expect({ screen, small: await smallTargets(page) }).toEqual({ screen, small: [] });
  };

  it('PIN set-up on a new device', async () => {
    await page.getByRole('heading', { name: 'Protect this device' }).waitFor();
    await audit('PIN set-up');
    await app.protectDevice();
  });

  it('set-up', async () => {
    await page.getByRole('heading', { name: 'Set up Baseroom' }).waitFor();
    await audit('set-up');
  });

  it('today, with a pupil’s card open', async () => {
    await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms R. Patel' });
    name = await app.addPupil('9X1');
    await app.card(name).getByRole('button', { name: 'Arrived', exact: true }).click();
    await app.openDetails(name);
    await app.card(name).getByRole('form', { name: 'Add a behaviour note' }).waitFor();
    await audit('today');
  });

  it('pupil record and an interview', async () => {
    await app.card(name).getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await audit('pupil record');
    await page.getByRole('button', { name: 'Start 1-1 reflection' }).click();
    await page.getByText(/^Question 1 of \d+$/).waitFor();
    await audit('interview');
  });

  it('daily log, coordinator, reports and settings', async () => {
    for (const [link, heading] of [
      ['Daily log', /daily log —/],
      ['Coordinator', /Coordinator/],
      ['Reports', /^Reports$/],
    ] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await audit(link);
    }
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Sync with the school' }).waitFor();
    await audit('settings');
  });

  it('the lock screen', async () => {
    await page.getByRole('button', { name: 'Lock now' }).click();
    await app.lockForm().waitFor();
    await audit('lock screen');
    await app.unlock();
    await page.getByRole('heading', { name: 'Sync with the school' }).waitFor();
  });
});
