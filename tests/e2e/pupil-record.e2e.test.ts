// The pupil's record in Chromium: an interview survives a reload mid-way, a safeguarding flag is confirmed, work is recorded, all on the pupil view.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { disposeAll, launchBrowser, newTabletPage, startAppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';
import { PupilRecordPage } from './pages/pupilRecord.js';

describe('pupil record', () => {
  let page: Page;
  let app: BaseroomApp;
  let record: PupilRecordPage;
  let name = '';

  beforeAll(async () => {
    const server = await startAppServer();
    ({ page } = await newTabletPage(await launchBrowser()));
    app = new BaseroomApp(page);
    record = new PupilRecordPage(page);
    await app.openNewDevice(server.url);
    await app.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Mr J. Byrne' });
    name = await app.addPupil('8Y2');
    await app.card(name).getByRole('button', { name: 'Arrived', exact: true }).click();
  });
  afterAll(disposeAll);

  it('keeps a half-done entry interview through a reload and finishes it', async () => {
    await record.open(app.card(name), name);
    await record.startInterview('entry interview');
    await record.answer('Why do you think you are here today?', 'I swore at Miss in science');
    await record.next();
    await record.answer('What do you understand about the expectations', 'Work quietly, no phone');
    // No save button: the draft is written as it is typed, and the screen says when it is stored.
    await page.getByRole('status').filter({ hasText: 'Draft — saved on this device' }).waitFor();
    await app.reloadAndUnlock();
    await page.getByText(/^Question 1 of \d+$/).waitFor();
    await expect(page.getByRole('textbox', { name: /^Why do you think you are here today\?/ }).inputValue()).resolves.toBe(
      'I swore at Miss in science',
    );
    await record.next();
    await expect(page.getByRole('textbox', { name: /^What do you understand about the expectations/ }).inputValue()).resolves.toBe(
      'Work quietly, no phone',
    );
    for (let i = 0; i < 3; i++) await record.next();
    await page.getByText('Finishing').waitFor();
    await page.getByRole('button', { name: 'Finish interview' }).click();
    await page.getByRole('alert').filter({ hasText: 'Say why the pupil is in the room' }).waitFor();
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByLabel('Reason for the placement').fill('Defiance and swearing in science, P2');
    await page.getByLabel('The room’s expectations were explained and agreed').check();
    await page.getByRole('button', { name: 'Finish interview' }).click();
    await page.getByRole('status').filter({ hasText: /^Finished by Mr J\. Byrne on \d\d\/\d\d\/\d{4} \d\d:\d\d/ }).waitFor();
  });

  it('records work and a confirmed safeguarding flag, and shows all of it on the pupil view', async () => {
    await page.getByRole('link', { name: 'Back to the pupil’s record' }).click();
    const addWork = page.getByRole('form', { name: 'Add work' });
    await addWork.getByLabel('Subject').fill('Science');
    await addWork.getByLabel('Set by').fill('Ms Hale');
    await addWork.getByLabel('Task').fill('Revise the particle model, p. 42–43');
    await addWork.getByRole('button', { name: 'Add work' }).click();
    const item = page.getByRole('listitem', { name: 'Science: Revise the particle model, p. 42–43' });
    await item.getByLabel('Status').selectOption({ label: 'Done' });
    await item.getByLabel('Effort').selectOption('2');

    await page.getByRole('link', { name: 'Today' }).click();
    await app.card(name).getByText('Work outstanding').waitFor({ state: 'detached' });
    const card = await app.openDetails(name);
    const form = card.getByRole('form', { name: 'Add a behaviour note' });
    await form.getByLabel('Note type').selectOption({ label: 'Safeguarding flag' });
    await form.getByText(/Log the concern on CPOMS/).waitFor();
    await form.getByRole('button', { name: 'Add safeguarding flag' }).click();
    const flags = page.getByRole('list', { name: 'Unconfirmed safeguarding flags' });
    await flags.getByRole('button', { name: `Confirm ${name}’s flag is logged on CPOMS` }).click();
    await flags.waitFor({ state: 'detached' });
    await card.getByText(/logged on CPOMS, confirmed by Mr J\. Byrne/).waitFor();

    await record.open(app.card(name), name);
    const timeline = record.timeline();
    await timeline.getByRole('link', { name: 'Entry interview' }).waitFor();
    await timeline.getByText('Science: Done').waitFor();
    await timeline.getByText('Safeguarding flag').waitFor();
    await timeline.getByText('In The BASE').waitFor();
    await record.showOnly('Work');
    await expect(timeline.getByRole('listitem').count()).resolves.toBe(1);
    await expect(page.getByText('Days in the room this half term').locator('xpath=following-sibling::dd[1]').textContent()).resolves.toMatch(/^1 /);
  });

  it('discards an abandoned reflection draft after asking, and keeps the finished interview', async () => {
    await record.startInterview('1-1 reflection');
    await record.answer('What happened\\?', 'I was');
    await page.getByRole('status').filter({ hasText: 'Draft — saved on this device' }).waitFor();
    await page.getByRole('link', { name: 'Back to the pupil’s record' }).click();
    const timeline = record.timeline();
    await timeline.getByRole('link', { name: '1-1 reflection (draft)' }).click();
    await page.getByRole('button', { name: 'Discard this draft…' }).click();
    await page.getByRole('group', { name: 'Discard this draft?' }).getByRole('button', { name: 'Keep the draft' }).click();
    await page.getByRole('button', { name: 'Discard this draft…' }).click();
    await page.getByRole('button', { name: 'Discard the draft now' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await timeline.getByRole('link', { name: 'Entry interview' }).waitFor();
    // The record's projection follows the document a moment later: wait for the draft to leave the timeline.
    await timeline.getByRole('link', { name: '1-1 reflection (draft)' }).waitFor({ state: 'detached' });
    await timeline.getByRole('link', { name: 'Entry interview' }).click();
    await page.getByRole('status').filter({ hasText: /^Finished by/ }).waitFor();
    await expect(page.getByRole('button', { name: 'Discard this draft…' }).count()).resolves.toBe(0);
  });

  it('gathers everything held about the pupil for a subject access request: readable, and as a file', async () => {
    await page.getByRole('link', { name: 'Back to the pupil’s record' }).click();
    await page.getByRole('link', { name: `Everything held about ${name} (for a subject access request)` }).click();
    await page.getByRole('heading', { level: 1, name: `Everything held about ${name}` }).waitFor();
    const work = page.getByRole('region', { name: 'Work set and done' });
    await work.getByRole('heading', { name: 'Work set and done (1)' }).waitFor();
    await work.getByText('Revise the particle model, p. 42–43').waitFor();
    await page.getByRole('region', { name: 'Interviews' }).getByRole('heading', { name: 'Interviews (1)' }).waitFor();
    await page.getByRole('region', { name: 'Behaviour notes' }).getByText('Mr J. Byrne').first().waitFor();
    await page.getByText(`A PDF saved from here, like the JSON file, holds everything on this page about ${name}, in clear: the PIN does not protect it.`, { exact: false }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download as a machine-readable file/ }).click()]);
    const file = JSON.parse(await readFile((await download.path())!, 'utf8')) as { format: string; records: { work: { task: string }[] } };
    expect(file.format).toBe('baseroom-subject-access');
    expect(file.records.work.map((w) => w.task)).toEqual(['Revise the particle model, p. 42–43']);
  });
});
