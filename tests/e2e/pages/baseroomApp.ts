// Page object for Baseroom in the browser: the user's tasks, found by role and accessible name.
import type { Locator, Page } from 'playwright-core';
import { formatLongDate } from '../../../src/domain/time.js';
import { waitForServiceWorkerControl } from '../harness.js';

export interface SchoolSetup {
  school: string;
  room: string;
  staff: string;
}

/** The PIN the tests' member of staff sets on every device (6 digits: the shortest the app accepts). */
export const STAFF_PIN = '482913';

export class BaseroomApp {
  constructor(readonly page: Page) {}

  /** First run on a device: set its first PIN (twice), which unlocks it. */
  async protectDevice(pin = STAFF_PIN): Promise<void> {
    const p = this.page;
    await p.getByRole('heading', { name: 'Protect this device' }).waitFor();
    const form = p.getByRole('form', { name: 'Set a PIN for this device' });
    await form.getByLabel('New PIN or passphrase').fill(pin);
    await form.getByLabel('Type it again').fill(pin);
    await form.getByRole('button', { name: 'Set PIN and continue' }).click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
  }

  /** Opens the app on a new device: its first screen asks for a PIN before anything else. */
  async openNewDevice(url: string, pin = STAFF_PIN): Promise<void> {
    await this.page.goto(url);
    await this.protectDevice(pin);
  }

  lockForm(): Locator {
    return this.page.getByRole('form', { name: 'Unlock Baseroom' });
  }

  /** Enters a PIN on the lock screen and waits for it to go (PBKDF2 takes a moment on a slow machine). */
  async unlock(pin = STAFF_PIN): Promise<void> {
    const form = this.lockForm();
    await form.getByLabel('PIN or passphrase').fill(pin);
    await form.getByRole('button', { name: 'Unlock' }).click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
  }

  /** A reload opens on the lock screen, as every start does. */
  async reloadAndUnlock(pin = STAFF_PIN): Promise<void> {
    await this.page.reload();
    await this.unlock(pin);
  }

  /** Waits until the service worker controls the page; when that took a reload, unlocks the lock screen it opened on. */
  async waitForServiceWorker(): Promise<void> {
    // A mark on this page's window: gone after a reload. (Asking whether the lock form is visible straight after a
    // reload raced the app's start: on a loaded machine the form was not drawn yet, and the test stood locked.)
    await this.page.evaluate(() => Object.assign(window, { baseroomBeforeServiceWorker: true }));
    await waitForServiceWorkerControl(this.page);
    const reloaded = await this.page.evaluate(() => !('baseroomBeforeServiceWorker' in window));
    if (reloaded) await this.unlock();
  }

  async setUpDemoSchool({ school, room, staff }: SchoolSetup): Promise<void> {
    const p = this.page;
    await p.getByRole('heading', { name: 'Set up Baseroom' }).waitFor();
    await p.getByLabel('School name').fill(school);
    await p.getByRole('button', { name: 'Save name' }).click();
    await p.getByLabel('Room name').fill(room);
    await p.getByLabel('Kind of room').selectOption('base');
    await p.getByRole('button', { name: 'Add room' }).click();
    await p.getByRole('list', { name: 'Rooms' }).getByText(room).waitFor();
    await p.getByRole('button', { name: 'Save school day' }).click();
    await p.getByLabel('Staff name').fill(staff);
    await p.getByRole('button', { name: 'Add staff' }).click();
    await p.getByRole('list', { name: 'Staff' }).getByText(staff).waitFor();
    await p.getByRole('button', { name: 'Load demo school' }).click();
    await p.getByRole('status').filter({ hasText: 'Demo school loaded' }).waitFor();
    await p.getByRole('button', { name: 'Finish set-up' }).click();
    await this.registerHeading().waitFor();
    // The one member of staff set up is the one using the tablet: what a test then records is theirs.
    await p.getByLabel('Using this tablet').selectOption({ label: staff });
  }

  registerHeading(): Locator {
    return this.page.getByRole('heading', { name: /register —/ });
  }

  /** Adds the first pupil matching the search and returns the name shown on their card. */
  async addPupil(query: string, nth = 0): Promise<string> {
    const p = this.page;
    await p.getByLabel('Add a pupil').fill(query);
    const choice = p.getByRole('list', { name: 'Matching pupils' }).getByRole('button').nth(nth);
    const label = (await choice.textContent()) ?? '';
    const name = label.replace(/^Add /, '').replace(/, [^,]+$/, '');
    await choice.click();
    await this.card(name).waitFor();
    return name;
  }

  /** Corrects a pupil's arrival time on the register (it is written when the field is left) and waits until it shows. */
  async setArrivalTime(name: string, time: string): Promise<void> {
    const field = this.card(name).getByLabel('Arrival time');
    await field.fill(time);
    await field.press('Enter');
    await this.card(name).getByLabel('Arrival time').and(this.page.locator(`[value="${time}"]`)).waitFor();
  }

  card(name: string): Locator {
    return this.page.getByRole('article', { name });
  }

  async openDetails(name: string): Promise<Locator> {
    const card = this.card(name);
    const toggle = card.getByRole('button', { name: /^Periods, breaks and notes/ });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    return card;
  }

  /**
   * Closes a card's periods, breaks and notes, and waits until it is closed: the toggle renders in a React
   * transition, so an openDetails straight after a bare click could still read the card as open and then see it close.
   */
  async closeDetails(name: string): Promise<void> {
    const card = this.card(name);
    const toggle = card.getByRole('button', { name: /^Periods, breaks and notes/ });
    if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
    await card.getByRole('button', { name: /^Periods, breaks and notes/, expanded: false }).waitFor();
  }

  async addNote(name: string, kind: 'Praise' | 'Concern' | 'Incident', period: string, text: string): Promise<void> {
    const card = await this.openDetails(name);
    const form = card.getByRole('form', { name: 'Add a behaviour note' });
    await form.getByLabel('Note type').selectOption({ label: kind });
    await form.getByLabel('Period').selectOption({ label: period });
    await form.getByLabel('Note', { exact: true }).fill(text);
    await form.getByRole('button', { name: 'Add note' }).click();
    await card.getByRole('list', { name: 'Notes' }).getByText(text).waitFor();
  }

  /** The header's sync indicator (always in view once the school is set up). */
  syncStatus(): Locator {
    return this.page.getByRole('status', { name: 'Sync status' });
  }

  /** The sync status once everything this device holds is safely on the relay. */
  allSafe(): Locator {
    return this.syncStatus().filter({ hasText: /^All safely on the school relay at \d\d:\d\d$/ });
  }

  async openSettings(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await this.page.getByRole('heading', { name: 'Sync with the school' }).waitFor();
  }

  /** Pastes term dates into Settings → School calendar and waits for Baseroom to confirm the import. */
  async importCalendar(lines: string[]): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Import term dates' });
    await form.getByLabel(/^Term dates to import/).fill(lines.join('\n'));
    await form.getByRole('button', { name: 'Import term dates' }).click();
    await this.page.getByRole('status').filter({ hasText: /^Imported / }).waitFor();
  }

  /** Opens the room's register on a date (YYYY-MM-DD). */
  async openRegisterOn(date: string): Promise<void> {
    await this.page.getByLabel('Register date').fill(date);
    await this.page.getByRole('heading', { name: `— ${formatLongDate(date)}` }).waitFor();
  }

  async openToday(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click();
    await this.registerHeading().waitFor();
  }

  /** Pairs from the "Sync with the school" section (in Settings, or on the set-up screen of a new device). */
  async pairDevice(code: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Pair this device' });
    await form.getByLabel('Pairing code').fill(code);
    await form.getByRole('button', { name: 'Pair this device' }).click();
    await form.waitFor({ state: 'detached' });
  }

  /** Pairs from Settings with a code and waits until everything this device holds is safely on the relay. */
  async pairAndSync(code: string): Promise<void> {
    await this.openSettings();
    await this.pairDevice(code);
    await this.allSafe().waitFor({ timeout: 30_000 });
  }
}
