// Erasure that reaches every copy, in Chromium with two devices: the coordinator's laptop erases a leaver past the
// school's retention period from its review list; the relay's files and the room's tablet keep no trace of them.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { TestClient } from '../../sync-server/test-support/clients.js';
import { coordinator } from '../../sync-server/test-support/devices.js';
import { enrolDevice } from '../../sync-server/test-support/relay-process.js';
import { disposeAll, launchBrowser, newTabletPage, startAppServer, type AppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';
import { PupilRecordPage } from './pages/pupilRecord.js';

const roomId = 'the-base';
const noteText = 'ERASE-E2E-NOTE-b41c threw a chair in P2';
const answerText = 'ERASE-E2E-ANSWER-7d0e because of the fight at lunch';

const enrol = async (dataDir: string, role: 'coordinator' | 'supervisor') =>
  (await enrolDevice(dataDir, ['--role', role, ...(role === 'supervisor' ? ['--room', roomId] : [])])).code;

async function dataFolderBytes(dir: string): Promise<Buffer> {
  const names = await readdir(dir);
  return Buffer.concat(await Promise.all(names.map((n) => readFile(path.join(dir, n)).catch(() => Buffer.alloc(0)))));
}

/**
 * What the device's IndexedDB holds under the pupil's opaque id, read from outside the app: rows are sealed, but keys
 * and index fields (document names, pupil ids) are in clear, so their absence is checked here directly.
 */
function storedTraces(page: Page, pupilId: string) {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('baseroom-sealed');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const ask = <T,>(req: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = () => reject(req.error))));
    const tx = db.transaction([...db.objectStoreNames], 'readonly');
    const docName = `pupil/${id}`;
    const out = {
      docRow: (await ask(tx.objectStore('docs').count(docName))) > 0,
      updateRows: await ask(tx.objectStore('$docs.content_updates').index('k').count(docName)),
      registerRows: await ask(tx.objectStore('registerEntries').index('pupilId').count(id)),
      noteRows: await ask(tx.objectStore('behaviourNotes').index('pupilId').count(id)),
      interviewRows: await ask(tx.objectStore('interviews').index('pupilId').count(id)),
      rosterRow: (await ask(tx.objectStore('pupils').count(id))) > 0,
      ackRow: (await ask(tx.objectStore('syncAcks').count(docName))) > 0,
    };
    db.close();
    return out;
  }, pupilId);
}

describe('erasing a leaver reaches every copy', () => {
  let server: AppServer;
  let laptop: BaseroomApp;
  let tablet: BaseroomApp;
  let pageA: Page;
  let pageB: Page;
  let name = '';
  let pupilId = '';

  beforeAll(async () => {
    server = await startAppServer();
    const browser = await launchBrowser();
    ({ page: pageA } = await newTabletPage(browser));
    laptop = new BaseroomApp(pageA);
    await laptop.openNewDevice(server.url);
    await laptop.setUpDemoSchool({ school: 'Ashbrook Academy', room: 'The BASE', staff: 'Ms R. Patel' });
    await laptop.pairAndSync(await enrol(server.dataDir, 'coordinator'));
    // A pupil with a note on today's register and an interview in their own record.
    await laptop.openToday();
    name = await laptop.addPupil('9X1', 0);
    await laptop.addNote(name, 'Incident', 'P2', noteText);
    const record = new PupilRecordPage(pageA);
    await record.open(laptop.card(name), name);
    pupilId = /#\/pupil\/([a-z0-9-]+)/.exec(pageA.url())![1]!;
    await record.startInterview('entry interview');
    await record.answer('Why do you think you are here today?', answerText);
    await laptop.allSafe().waitFor({ timeout: 30_000 });
    // Another coordinator's device marked them as having left in July 2019 (a roster import there), through the relay.
    const other = new TestClient(`ws://127.0.0.1:${server.port}/sync`, 'school', coordinator(server.dataDir).token);
    await other.waitSynced();
    (other.doc.getMap('pupils').get(pupilId) as Y.Map<unknown>).set('leftOn', '2019-07-19');
    await other.waitSafe();
    other.destroy();

    // The room's tablet pairs and holds everything about the pupil.
    ({ page: pageB } = await newTabletPage(browser));
    tablet = new BaseroomApp(pageB);
    await tablet.openNewDevice(server.url);
    await pageB.getByRole('heading', { name: 'Set up Baseroom' }).waitFor();
    await tablet.pairDevice(await enrol(server.dataDir, 'supervisor'));
    await pageB.getByLabel('Using this tablet').selectOption({ label: 'Ms R. Patel' });
    await tablet.card(name).waitFor({ timeout: 30_000 });
    await tablet.allSafe().waitFor({ timeout: 30_000 });
  }, 240_000);
  afterAll(disposeAll);

  it('the tablet holds the pupil, and the relay’s files hold their note and answer, before the erasure', async () => {
    await pageB.goto(`${server.url}#/pupil/${pupilId}`);
    await pageB.getByRole('heading', { level: 1, name }).waitFor();
    await pageB.getByText(/Left the school’s roll on/).waitFor();
    const before = await storedTraces(pageB, pupilId);
    expect(before).toMatchObject({ docRow: true, rosterRow: true, registerRows: 1, noteRows: 1, interviewRows: 1 });
    expect(before.updateRows).toBeGreaterThan(0);
    const bytes = await dataFolderBytes(server.dataDir);
    expect(bytes.includes('ERASE-E2E-NOTE-b41c')).toBe(true);
    expect(bytes.includes('ERASE-E2E-ANSWER-7d0e')).toBe(true);
  });

  it('the coordinator’s review list gives the reason, and erases only after a confirmation naming what goes', async () => {
    await pageA.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Coordinator' }).click();
    const due = pageA.getByRole('list', { name: 'Due to be erased' });
    const item = due.getByRole('listitem').filter({ hasText: name });
    await item.getByText('Left on Friday 19 July 2019; leavers’ records are kept 6 years after leaving (until Saturday 19 July 2025).').waitFor();
    await item.getByRole('button', { name: `Erase ${name}…` }).click();
    const dialog = pageA.getByRole('dialog', { name: `Erase ${name}’s records for good?` });
    await dialog.getByRole('list', { name: 'What will be erased' }).getByText(`${name}’s entry on the school’s roll, and the providers they attend.`).waitFor();
    await dialog.getByText(/Their entries in 1 day on this device/).waitFor();
    // Keeping changes nothing.
    await dialog.getByRole('button', { name: 'Keep' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await storedTraces(pageA, pupilId)).toMatchObject({ docRow: true, rosterRow: true });

    await item.getByRole('button', { name: `Erase ${name}…` }).click();
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await item.waitFor({ state: 'detached', timeout: 30_000 });
    await pageA.goto(`${server.url}#/pupil/${pupilId}`);
    await pageA.getByRole('status').filter({ hasText: 'This pupil’s records were erased' }).waitFor();
  });

  it('the relay’s files no longer hold the pupil’s note or answer', async () => {
    const bytes = await dataFolderBytes(server.dataDir);
    expect(bytes.includes('ERASE-E2E-NOTE-b41c')).toBe(false);
    expect(bytes.includes('ERASE-E2E-ANSWER-7d0e')).toBe(false);
  });

  it('the room’s tablet loses the pupil at its sync: gone from the register, the pupil URL says erased, no stored rows', async () => {
    await pageB.getByRole('status').filter({ hasText: 'This pupil’s records were erased' }).waitFor({ timeout: 30_000 });
    await tablet.openToday();
    await tablet.card(name).waitFor({ state: 'detached', timeout: 30_000 });
    await expect
      .poll(() => storedTraces(pageB, pupilId), { timeout: 15_000 })
      .toEqual({ docRow: false, updateRows: 0, registerRows: 0, noteRows: 0, interviewRows: 0, rosterRow: false, ackRow: false });
    // And it stays so after a restart: the tablet does not upload the record again.
    await tablet.reloadAndUnlock();
    await pageB.goto(`${server.url}#/pupil/${pupilId}`);
    await pageB.getByRole('status').filter({ hasText: 'This pupil’s records were erased' }).waitFor();
    expect((await storedTraces(pageB, pupilId)).docRow).toBe(false);
  });
});
