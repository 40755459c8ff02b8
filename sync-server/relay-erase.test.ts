// Erasure that reaches every copy on the relay: a pupil (their record, roster entry and entries in every day) or a
// whole day is gone from the store's files, refused if a device uploads it again, and audited without content.
// Only a coordinator's device may erase.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { onDocUpdate, TestClient, waitUntil } from './test-support/clients.js';
import { coordinator, mintDevice, type TestDevice } from './test-support/devices.js';
import { closeEvent, openSocket } from './test-support/raw-socket.js';
import { startRelay, type RelayProcess } from './test-support/relay-process.js';
import { removePupil } from './relay/erasure.js';

/** Every byte of every file in the relay's data folder (the store, its WAL and shared memory), as one buffer. */
async function dataFolderBytes(dir: string): Promise<Buffer> {
  const names = await readdir(dir);
  return Buffer.concat(await Promise.all(names.map((n) => readFile(path.join(dir, n)))));
}

const record = (fields: Record<string, unknown>) => new Y.Map<unknown>(Object.entries(fields));

describe('erasing a pupil or a day on the relay', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  let laptop: TestDevice;
  const erase = (token: string | null, body: unknown) =>
    fetch(`${relay.httpUrl}/api/erase`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });

  beforeAll(async () => {
    relay = await startRelay();
    laptop = coordinator(relay.dataDir);
  }, 30_000);
  afterAll(() => relay?.dispose());

  /** A school with two pupils, both on a room's day and at a provider; the one to erase has a record of their own. */
  async function seed(): Promise<{ school: TestClient; pupil: TestClient }> {
    const school = new TestClient(relay.wsUrl, 'school', laptop.token);
    await school.waitSynced();
    school.doc.transact(() => {
      school.doc.getMap('rooms').set('base', record({ id: 'base', name: 'The BASE' }));
      school.doc.getMap('pupils').set('p-gone', record({ id: 'p-gone', legalSurname: 'ROSTER-GONE-4d1e', legalForename: 'Ada' }));
      school.doc.getMap('pupils').set('p-kept', record({ id: 'p-kept', legalSurname: 'ROSTER-KEPT-8b20', legalForename: 'Ben' }));
      school.doc.getMap('providers').set('oak', record({ id: 'oak', name: 'Oak Farm', attends: new Y.Map<unknown>([['p-gone', [1, 3]], ['p-kept', [2]]]) }));
    });
    await school.waitSafe();
    const day = new TestClient(relay.wsUrl, 'room/base/2026-03-02', laptop.token);
    await day.waitSynced();
    day.doc.transact(() => {
      day.doc.getMap('entries').set('p-gone', record({ pupilId: 'p-gone', status: 'present', followUp: 'DAY-ENTRY-GONE-2a9c' }));
      day.doc.getMap('entries').set('p-kept', record({ pupilId: 'p-kept', status: 'present', followUp: 'DAY-ENTRY-KEPT-6f11' }));
      day.doc.getMap('notes').set('n1', record({ pupilId: 'p-gone', text: 'DAY-NOTE-GONE-c07d' }));
    });
    await day.waitSafe();
    day.destroy();
    const offsite = new TestClient(relay.wsUrl, 'provider/oak/2026-03-03', laptop.token);
    await offsite.waitSynced();
    offsite.doc.getMap('incidents').set('i1', record({ pupilId: 'p-gone', what: 'OFFSITE-GONE-55e3' }));
    await offsite.waitSafe();
    offsite.destroy();
    const pupil = new TestClient(relay.wsUrl, 'pupil/p-gone', laptop.token);
    await pupil.waitSynced();
    pupil.doc.getMap('interviews').set('iv1', record({ pupilId: 'p-gone', answer: 'RECORD-GONE-e81b' }));
    await pupil.waitSafe();
    return { school, pupil };
  }

  it('refuses a room tablet, an off-site phone and a request without a token', async () => {
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const phone = mintDevice(relay.dataDir, 'offsite', { kind: 'providers', providers: ['oak'] });
    for (const device of [tablet, phone]) {
      const refused = await erase(device.token, { kind: 'pupil', pupilId: 'p-gone' });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ status: 'error', reason: 'coordinators-only' });
      expect((await erase(device.token, { kind: 'day', docName: 'room/base/2026-03-02' })).status).toBe(403);
    }
    expect((await erase(null, { kind: 'pupil', pupilId: 'p-gone' })).status).toBe(401);
    // Nothing can be erased by a name the relay does not know as a day: not the school, not a cohort, not a path.
    for (const docName of ['school', 'cohort/x', 'pupil/p-gone', '../school', 'room/base/2026-02-30']) {
      expect((await erase(laptop.token, { kind: 'day', docName })).status).toBe(400);
    }
    expect((await erase(laptop.token, { kind: 'pupil', pupilId: 'P GONE' })).status).toBe(400);
  });

  it('refuses to erase a pupil it does not know, such as an id that is a field name, and changes nothing', async () => {
    const school = new TestClient(relay.wsUrl, 'school', laptop.token);
    await school.waitSynced();
    school.doc.getMap('rooms').set('core', record({ id: 'core', name: 'The CORE' }));
    await school.waitSafe();
    for (const pupilId of ['name', 'p-never-on-roll']) {
      const res = await erase(laptop.token, { kind: 'pupil', pupilId });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ status: 'error', reason: 'unknown-pupil' });
    }
    expect((school.doc.getMap('rooms').get('core') as Y.Map<unknown>).get('name')).toBe('The CORE');
    expect((await dataFolderBytes(relay.dataDir)).includes('The CORE')).toBe(true);
    school.destroy();
  });

  it('erases a pupil from the store’s files, from connected devices, and refuses their record when a device sends it again', async () => {
    const { school, pupil } = await seed();
    const held = Y.encodeStateAsUpdate(pupil.doc);
    const before = await dataFolderBytes(relay.dataDir);
    for (const marker of ['ROSTER-GONE-4d1e', 'DAY-ENTRY-GONE-2a9c', 'DAY-NOTE-GONE-c07d', 'OFFSITE-GONE-55e3', 'RECORD-GONE-e81b']) {
      expect(before.includes(marker), marker).toBe(true);
    }
    const closed = closeEvent(pupil.provider.ws as unknown as import('ws').WebSocket);

    const res = await erase(laptop.token, { kind: 'pupil', pupilId: 'p-gone' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ erased: 'pupil/p-gone', changed: ['provider/oak/2026-03-03', 'room/base/2026-03-02', 'school'] });

    // The device with the record open is told it was erased (a code y-websocket does not reconnect after).
    expect(await closed).toEqual({ code: 4410, reason: 'erased' });
    // The coordinator's open school document loses the pupil as an ordinary update.
    await waitUntil('roster entry deleted', () => !school.doc.getMap('pupils').has('p-gone'), onDocUpdate(school.doc));
    expect(school.doc.getMap('pupils').has('p-kept')).toBe(true);
    expect([...(school.doc.getMap('providers').get('oak') as Y.Map<Y.Map<unknown>>).get('attends')!.keys()]).toEqual(['p-kept']);

    // Raw bytes of every file in the data folder: no trace of the pupil, while the other pupil's data is still there.
    const after = await dataFolderBytes(relay.dataDir);
    for (const marker of ['ROSTER-GONE-4d1e', 'DAY-ENTRY-GONE-2a9c', 'DAY-NOTE-GONE-c07d', 'OFFSITE-GONE-55e3', 'RECORD-GONE-e81b']) {
      expect(after.includes(marker), marker).toBe(false);
    }
    expect(after.includes('ROSTER-KEPT-8b20')).toBe(true);
    expect(after.includes('DAY-ENTRY-KEPT-6f11')).toBe(true);

    // A device that still holds the record reconnects and would upload it: refused at once, nothing stored.
    const stale = new TestClient(relay.wsUrl, 'pupil/p-gone', laptop.token, new Y.Doc(), false);
    Y.applyUpdate(stale.doc, held);
    const refusal = new Promise<{ code: number; reason: string }>((resolve) => stale.provider.once('connection-close', (e) => resolve({ code: e!.code, reason: e!.reason })));
    stale.provider.connect();
    expect(await refusal).toEqual({ code: 4410, reason: 'erased' });
    stale.destroy();
    const socket = await openSocket(relay.wsUrl, 'pupil/p-gone', laptop.token);
    expect(await closeEvent(socket)).toEqual({ code: 4410, reason: 'erased' });
    expect((await dataFolderBytes(relay.dataDir)).includes('RECORD-GONE-e81b')).toBe(false);
    const docs = (await (await fetch(`${relay.httpUrl}/api/docs`, { headers: { Authorization: `Bearer ${laptop.token}` } })).json()) as { docs: string[] };
    expect(docs.docs).not.toContain('pupil/p-gone');

    // The audit log names the action and the opaque document, and nothing that was erased.
    const audit = (await (await fetch(`${relay.httpUrl}/api/audit?doc=pupil/p-gone`, { headers: { Authorization: `Bearer ${laptop.token}` } })).json()) as {
      entries: { action: string; deviceId: string; detail: string }[];
    };
    const erased = audit.entries.find((e) => e.action === 'erased');
    expect(erased).toMatchObject({ deviceId: laptop.deviceId, detail: `by ${laptop.deviceId}; 3 other documents changed` });
    expect(audit.entries.some((e) => e.action === 'refused' && e.detail === 'erased')).toBe(true);
    expect(JSON.stringify(audit.entries)).not.toMatch(/GONE|Ada/);
    school.destroy();
  });

  it('refuses a new entry naming an erased pupil from a device that was offline, even after a restart', async () => {
    // Its own pupils (earlier tests erased p-gone): one to erase, one to keep, on the roster and on a room's day.
    const school = new TestClient(relay.wsUrl, 'school', laptop.token);
    await school.waitSynced();
    school.doc.transact(() => {
      for (const id of ['p-late', 'p-stay']) school.doc.getMap('pupils').set(id, record({ id, legalSurname: `ROSTER-${id}`, legalForename: 'Cy' }));
    });
    await school.waitSafe();
    school.destroy();
    const dayName = 'room/base/2026-03-09';
    // The room's tablet held the day before the erasure and went offline.
    const offline = new TestClient(relay.wsUrl, dayName, laptop.token);
    await offline.waitSynced();
    offline.doc.getMap('entries').set('p-late', record({ pupilId: 'p-late', status: 'present' }));
    await offline.waitSafe();
    const held = Y.encodeStateAsUpdate(offline.doc);
    offline.destroy();
    expect(await (await erase(laptop.token, { kind: 'pupil', pupilId: 'p-late' })).json()).toMatchObject({ changed: [dayName, 'school'] });

    /** The tablet comes back with entries it added offline: what the relay says, and what it then holds of the day. */
    const comeBack = async (add: (doc: Y.Doc) => void) => {
      const tablet = new TestClient(relay.wsUrl, dayName, laptop.token, new Y.Doc(), false);
      Y.applyUpdate(tablet.doc, held);
      add(tablet.doc);
      // (Destroying the stored tablet below closes it too, with no event.)
      const closed = new Promise<{ code: number; reason: string }>((resolve) => tablet.provider.once('connection-close', (e) => resolve({ code: e?.code ?? 0, reason: e?.reason ?? '' })));
      tablet.provider.connect();
      // Whichever comes first; the other is settled too (a refused tablet is never acknowledged), so nothing is left to fail later.
      const outcome = await Promise.race([closed, tablet.waitSafe().then(() => 'stored' as const, () => 'not acknowledged' as const)]);
      tablet.destroy();
      return outcome;
    };
    const entry = (pupilId: string, marker: string) => (doc: Y.Doc) => doc.getMap('entries').set(pupilId, record({ pupilId, status: 'present', followUp: marker }));
    const note = (pupilId: string, marker: string) => (doc: Y.Doc) => doc.getMap('notes').set('n-offline', record({ pupilId, text: marker }));
    expect(await comeBack(entry('p-late', 'OFFLINE-ENTRY-GONE-91aa'))).toEqual({ code: 4422, reason: 'erased-pupil:p-late' });
    expect(await comeBack(note('p-late', 'OFFLINE-NOTE-GONE-3c2b'))).toEqual({ code: 4422, reason: 'erased-pupil:p-late' });
    await relay.restart();
    expect(await comeBack(entry('p-late', 'OFFLINE-ENTRY-GONE-91aa'))).toEqual({ code: 4422, reason: 'erased-pupil:p-late' });
    // The tablet drops the pupil (as it does for the erase notice): its entries go as deletions, and the rest is stored.
    expect(
      await comeBack((doc) => {
        entry('p-late', 'OFFLINE-ENTRY-GONE-91aa')(doc);
        entry('p-stay', 'OFFLINE-ENTRY-KEPT-0d4e')(doc);
        removePupil(doc, 'p-late', null);
      }),
    ).toBe('stored');

    const reader = new TestClient(relay.wsUrl, dayName, laptop.token);
    await reader.waitSynced();
    expect([...reader.doc.getMap('entries').keys()]).toEqual(['p-stay']);
    expect(reader.doc.getMap('notes').size).toBe(0);
    reader.destroy();
    const files = await dataFolderBytes(relay.dataDir);
    expect(files.includes('OFFLINE-ENTRY-GONE-91aa') || files.includes('OFFLINE-NOTE-GONE-3c2b')).toBe(false);
  });

  it('erases a whole day, which stays erased after a restart', async () => {
    const day = new TestClient(relay.wsUrl, 'room/base/2019-09-04', laptop.token);
    await day.waitSynced();
    day.doc.getMap('notes').set('n9', record({ pupilId: 'p-kept', text: 'OLD-DAY-NOTE-3e77' }));
    await day.waitSafe();
    expect((await dataFolderBytes(relay.dataDir)).includes('OLD-DAY-NOTE-3e77')).toBe(true);
    const closed = closeEvent(day.provider.ws as unknown as import('ws').WebSocket);
    expect((await erase(laptop.token, { kind: 'day', docName: 'room/base/2019-09-04' })).status).toBe(200);
    expect(await closed).toEqual({ code: 4410, reason: 'erased' });
    expect((await dataFolderBytes(relay.dataDir)).includes('OLD-DAY-NOTE-3e77')).toBe(false);
    day.destroy();
    await relay.restart();
    const socket = await openSocket(relay.wsUrl, 'room/base/2019-09-04', laptop.token);
    expect(await closeEvent(socket)).toEqual({ code: 4410, reason: 'erased' });
  });
});
