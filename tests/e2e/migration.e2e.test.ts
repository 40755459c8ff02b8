// A tablet used before encryption at rest: its plaintext database moves into the sealed one at the first PIN, then is deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { generateDemoSchool } from '../../src/roster/demoSchool.js';
import { completeSetup, importPupils, projectRoster, savePeriods, saveRoom, saveSchoolSettings, saveStaff } from '../../src/docs/schoolDoc.js';
import { addBehaviourNote, addToRegister } from '../../src/docs/roomDayDoc.js';
import { defaultPeriods } from '../../src/domain/school.js';
import { pupilSortKey } from '../../src/domain/pupil.js';
import { roomDayDocName } from '../../src/docs/names.js';
import { disposeAll, launchBrowser, newTabletPage, startAppServer, type AppServer } from './harness.js';
import { BaseroomApp } from './pages/baseroomApp.js';
import { readAllRecords } from './diskScan.js';

const actor = { staffId: 'staff-patel', at: new Date().toISOString() };
const note = 'Apologised to Mr Hughes before lunch, unprompted';
const roster = generateDemoSchool().pupils.slice(0, 40);

/** The school and today's register as the app before encryption kept them: Yjs updates (V2, as y-dexie stores them). */
function legacyDocs() {
  const school = new Y.Doc();
  saveSchoolSettings(school, { name: 'Ashbrook Academy' }, actor);
  saveRoom(school, { id: 'base', name: 'The BASE', kind: 'base' }, actor);
  savePeriods(school, defaultPeriods.map((p, i) => ({ ...p, id: `period-${i}` })), actor);
  saveStaff(school, { id: 'staff-patel', name: 'Ms R. Patel', role: '' }, actor);
  importPupils(school, { toAdd: roster, toUpdate: [] }, actor);
  completeSetup(school, actor);
  const pupils = projectRoster(school);
  const pupil = pupils[0]!;
  const day = new Y.Doc();
  addToRegister(day, pupil.id, actor);
  addBehaviourNote(day, { pupilId: pupil.id, kind: 'praise', periodId: null, text: note }, actor);
  const update = (doc: Y.Doc) => [...Y.encodeStateAsUpdateV2(doc)];
  return { school: update(school), day: update(day), pupils: pupils.map((p) => ({ ...p, sortKey: pupilSortKey(p) })), name: `${pupil.legalForename} ${pupil.legalSurname}` };
}

/** Writes the legacy plaintext `baseroom` database with IndexedDB itself (Dexie's version 6 is IndexedDB version 60). */
function writeLegacyDatabase(page: Page, legacy: ReturnType<typeof legacyDocs>, dayName: string) {
  return page.evaluate(
    ({ legacy, dayName }) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('baseroom', 60);
        req.onupgradeneeded = () => {
          const db = req.result;
          db.createObjectStore('docs', { keyPath: 'name' }).createIndex('kind', 'kind');
          db.createObjectStore('$docs.content_updates', { keyPath: 'i', autoIncrement: true }).createIndex('k', 'k');
          const pupils = db.createObjectStore('pupils', { keyPath: 'id' });
          for (const index of ['upn', 'misId', 'sortKey', 'tutorGroup']) pupils.createIndex(index, index);
        };
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['docs', '$docs.content_updates', 'pupils'], 'readwrite');
          tx.objectStore('docs').put({ name: 'school', kind: 'school' });
          tx.objectStore('docs').put({ name: dayName, kind: 'room-day' });
          tx.objectStore('$docs.content_updates').add({ k: 'school', u: new Uint8Array(legacy.school), f: 1 });
          tx.objectStore('$docs.content_updates').add({ k: dayName, u: new Uint8Array(legacy.day), f: 1 });
          for (const p of legacy.pupils) tx.objectStore('pupils').put(p);
          tx.oncomplete = () => resolve(db.close());
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      }),
    { legacy, dayName },
  );
}

describe('a device from before encryption at rest', () => {
  let server: AppServer;
  let page: Page;
  let app: BaseroomApp;
  const legacy = legacyDocs();

  beforeAll(async () => {
    server = await startAppServer();
    ({ page } = await newTabletPage(await launchBrowser()));
    app = new BaseroomApp(page);
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Protect this device' }).waitFor();
    // Today as the tablet sees it (Europe/London), YYYY-MM-DD.
    const today = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
    await writeLegacyDatabase(page, legacy, roomDayDocName('base', today));
    await page.evaluate(() => localStorage.setItem('baseroom-ui', JSON.stringify({ state: { roomId: 'base', staffId: 'staff-patel', providerId: null }, version: 0 })));
    await page.reload();
  });
  afterAll(disposeAll);

  it('keeps every record after the first PIN, and the plaintext database is gone', async () => {
    await app.protectDevice();
    await app.registerHeading().waitFor();
    await page.getByText(/^1 pupil on the register:/).waitFor();
    await app.openDetails(legacy.name);
    await app.card(legacy.name).getByRole('list', { name: 'Notes' }).getByText(note).waitFor();
    // The roster came across too: any of the 40 pupils can be added.
    const second = roster[1]!;
    await app.addPupil(second.legalSurname);
    await page.getByText(/^2 pupils on the register:/).waitFor();

    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort())).toEqual(['baseroom-keys', 'baseroom-sealed']);
    const records = await readAllRecords(page);
    const leaks = [...roster.map((p) => p.upn), legacy.name, note].filter((s) => records.includes(s));
    expect(leaks).toEqual([]);
  });

  it('opens again with the PIN after a reload', async () => {
    await app.reloadAndUnlock();
    await page.getByText(/^2 pupils on the register:/).waitFor();
  });
});
