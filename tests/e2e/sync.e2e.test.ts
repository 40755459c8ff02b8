// Sync end to end in Chromium: a paired tablet records offline, the relay returns, a second tablet sees the register.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enrolDevice } from '../../sync-server/test-support/relay-process.js';
import { disposeAll, earlierToday, launchBrowser, newTabletPage, startAppServer, type AppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';

const roomId = 'the-base'; // "The BASE", as the set-up screen names it
const counts = '3 pupils on the register: 2 in the room, 0 expected, 1 absent, 0 left';
const note = 'Settled quickly and finished the maths task';
const arrival = earlierToday();

/** Enrols a device with the relay's admin command and returns its one-time code. */
const enrol = async (dataDir: string, role: 'coordinator' | 'supervisor') =>
  (await enrolDevice(dataDir, ['--role', role, ...(role === 'supervisor' ? ['--room', roomId] : [])])).code;

describe('sync with the school relay', () => {
  let server: AppServer;
  let a: BaseroomApp;
  let pageA: Page;
  let pageB: Page;
  const codes: string[] = [];
  const names: string[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    // The school is set up on the coordinator's device (only coordinators may change it); the room's tablet joins it,
    // enrolled once the school (and so its room) is on the relay.
    codes.push(await enrol(server.dataDir, 'coordinator'));
    ({ page: pageA } = await newTabletPage(await launchBrowser()));
    a = new BaseroomApp(pageA);
    await a.openNewDevice(server.url);
  });
  afterAll(disposeAll);

  it('the coordinator’s device A sets up the school, is not paired, then pairs and gets everything onto the relay', async () => {
    await a.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms R. Patel' });
    await a.syncStatus().filter({ hasText: 'Not paired — saved on this device only' }).waitFor();

    await a.openSettings();
    await pageA.getByRole('form', { name: 'Pair this device' }).getByRole('button', { name: 'Pair this device' }).click();
    await pageA.getByRole('alert').filter({ hasText: 'Enter the 8-character code' }).waitFor();
    await pageA.getByRole('form', { name: 'Pair this device' }).getByLabel('Pairing code').fill('ZZZZ-ZZZZ');
    await pageA.getByRole('button', { name: 'Pair this device' }).click();
    await pageA.getByRole('alert').filter({ hasText: /^That code is not right/ }).waitFor();
    await a.pairDevice(codes[0]!);
    await a.allSafe().waitFor();
    await pageA.getByRole('main').getByText('Coordinator', { exact: true }).waitFor();
    await pageA.getByRole('main').getByText('Every room, pupil and provider').waitFor();
  });

  it('records the register offline and says so, then reaches "all safe" when the relay returns', async () => {
    await a.openToday();
    await server.stop();
    // "All safe" needs a fresh confirmation: with the relay gone, the header says so at once.
    await a.syncStatus().filter({ hasText: /^Offline — can’t reach the school relay since \d\d:\d\d; everything here was on it at \d\d:\d\d$/ }).waitFor({ timeout: 10_000 });
    names.push(await a.addPupil('9X1', 0), await a.addPupil('9X1', 0), await a.addPupil('10Y2', 0));
    const [first, second, third] = names as [string, string, string];
    await a.card(first).getByRole('button', { name: 'Arrived', exact: true }).click();
    await a.card(first).getByLabel('Arrival time').fill(arrival);
    await a.card(second).getByRole('button', { name: 'Arrived late' }).click();
    await a.card(third).getByRole('button', { name: 'Absent' }).click();
    await a.card(third).getByLabel('Absence follow-up').fill('Phoned home, mum says unwell');
    await a.card(third).getByRole('button', { name: 'Mark absent' }).click();
    await a.addNote(first, 'Praise', 'P1', note);
    await pageA.getByText(counts).waitFor();
    await a.syncStatus().filter({ hasText: /^Offline — \d+ documents? saved on this device, not yet on the school relay \(no contact since \d\d:\d\d\)$/ }).waitFor();

    await a.openSettings();
    await pageA.getByRole('button', { name: 'Sign this device out' }).click();
    await pageA.getByRole('alert').filter({ hasText: /^Not signed out: \d+ documents? ha(s|ve) changes that are not yet on the school relay/ }).waitFor();
    await expect(pageA.getByLabel('Sign out anyway and leave unsynced changes on this device only').isChecked()).resolves.toBe(false);

    await server.restart();
    await a.allSafe().waitFor({ timeout: 20_000 });
    await a.openToday();
    codes.push(await enrol(server.dataDir, 'supervisor'));
  });

  it('the room’s tablet pairs on its set-up screen and sees the school and the register', async () => {
    ({ page: pageB } = await newTabletPage(await launchBrowser()));
    const b = new BaseroomApp(pageB);
    await b.openNewDevice(server.url);
    await pageB.getByRole('heading', { name: 'Set up Baseroom' }).waitFor();
    await b.pairDevice(codes[1]!);
    await b.syncStatus().waitFor();
    await pageB.getByLabel('Using this tablet').selectOption({ label: 'Ms R. Patel' });
    await b.registerHeading().waitFor();
    await expect(b.registerHeading().textContent()).resolves.toMatch(/^The BASE register — /);
    await pageB.getByText(counts).waitFor();
    const [first, , third] = names as [string, string, string];
    await expect(b.card(first).getByLabel('Arrival time').inputValue()).resolves.toBe(arrival);
    await expect(b.card(third).getByLabel('Absence follow-up').inputValue()).resolves.toBe('Phoned home, mum says unwell');
    const card = await b.openDetails(first);
    await card.getByRole('list', { name: 'Notes' }).getByText(note).waitFor();
    await b.allSafe().waitFor();
  });

  it('offers the room’s tablet only what its role may do: no Coordinator or Off-site screen, the school’s settings read-only', async () => {
    const nav = pageB.getByRole('navigation', { name: 'Main' }).getByRole('link');
    await expect(nav.allTextContents()).resolves.toEqual(['Today', 'Daily log', 'Reports', 'Settings']);
    // The tablet keeps its own room: there is no room to choose.
    await expect(pageB.getByLabel('Room', { exact: true }).count()).resolves.toBe(0);
    await pageB.goto(`${server.url}#/coordinator`);
    await new BaseroomApp(pageB).registerHeading().waitFor();
    await new BaseroomApp(pageB).openSettings();
    await pageB.getByRole('note').filter({ hasText: 'only the coordinator’s device can change them' }).waitFor();
    await expect(pageB.getByLabel('School name').isDisabled()).resolves.toBe(true);
    await expect(pageB.getByRole('button', { name: 'Sign this device out' }).isEnabled()).resolves.toBe(true);
  });
});
