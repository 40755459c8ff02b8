// Backups taken while a device syncs are consistent; restoring one gives identical documents; scheduled backups and file modes.
import { chmod, copyFile, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestClient, waitUntil } from './test-support/clients.js';
import { coordinator } from './test-support/devices.js';
import { runRelayCommand, startRelay, type RelayProcess } from './test-support/relay-process.js';
import { backupNamePattern } from './store/backup.js';
import { openSqliteStore, storeFileName } from './store/sqlite-store.js';

const roomDoc = 'room/base/2026-11-23';
const pupilDoc = 'pupil/p1';
const notes = (doc: Y.Doc) => doc.getMap<string>('notes');
const modeOf = async (file: string) => (await stat(file)).mode & 0o777;
const tempDirs: string[] = [];
const tempDir = async (prefix: string) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};

/** A document as a backup file holds it, read through the relay's own store code. */
async function docInBackup(file: string, docName: string): Promise<Y.Doc> {
  const dir = await tempDir('baseroom-read-backup-');
  await copyFile(file, path.join(dir, storeFileName));
  const store = openSqliteStore(dir);
  const doc = new Y.Doc();
  try {
    for (const update of store.loadDoc(docName)) Y.applyUpdate(doc, update);
  } finally {
    store.close();
  }
  return doc;
}

afterAll(() => Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('backup and restore', { timeout: 60_000 }, () => {
  let relay: RelayProcess;
  let backupDir: string;

  beforeAll(async () => {
    // Budgets wide enough for a test streaming as fast as it can: the limits are not what this test is about.
    relay = await startRelay({ RATE_LIMIT_PER_SECOND: '5000', RATE_LIMIT_BURST: '10000', APPLY_MS_PER_SECOND: '1000', COMPACT_AFTER_UPDATES: '40' });
    backupDir = await tempDir('baseroom-backups-');
  }, 30_000);
  afterAll(() => relay?.dispose());

  it('backs up while a device syncs (a consistent moment), and a restore gives identical documents', async () => {
    const token = coordinator(relay.dataDir).token;
    const writer = new TestClient(relay.wsUrl, roomDoc, token);
    const pupilWriter = new TestClient(relay.wsUrl, pupilDoc, token);
    await Promise.all([writer.waitSynced(), pupilWriter.waitSynced()]);

    let writing = true;
    let written = 0;
    const streaming = (async () => {
      while (writing) {
        notes(writer.doc).set(`note-${written}`, `Sat the maths paper, part ${written}`);
        notes(pupilWriter.doc).set(`note-${written}`, `Pupil note ${written}`);
        written++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await waitUntil('the relay holds some of the stream', () => (writer.relayStateVector.get(writer.doc.clientID) ?? 0) > 20, (recheck) => {
      const timer = setInterval(recheck, 20);
      return () => clearInterval(timer);
    });
    const during = path.join(backupDir, 'during-sync.sqlite');
    const duringResult = await runRelayCommand(relay.dataDir, ['backup', during]);
    writing = false;
    await streaming;
    expect(duringResult.stderr).toBe('');
    expect(duringResult.code).toBe(0);

    // One writer setting note-0, note-1, … in order: a consistent copy holds exactly a prefix of them.
    const copied = [...notes(await docInBackup(during, roomDoc)).keys()];
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.sort()).toEqual(Array.from({ length: copied.length }, (_, i) => `note-${i}`).sort());

    await Promise.all([writer.waitSafe(), pupilWriter.waitSafe()]);
    const quiet = path.join(backupDir, 'quiet.sqlite');
    expect((await runRelayCommand(relay.dataDir, ['backup', quiet])).code).toBe(0);
    expect(await modeOf(quiet)).toBe(0o600);
    const expected = { room: notes(writer.doc).toJSON(), pupil: notes(pupilWriter.doc).toJSON() };
    expect(Object.keys(expected.room)).toHaveLength(written);

    // A change after the backup, which the restore takes away (the writer is gone, so nothing sends it back).
    notes(writer.doc).set('after-backup', 'not in the backup');
    await writer.waitSafe();
    writer.destroy();
    pupilWriter.destroy();

    const refused = await runRelayCommand(relay.dataDir, ['restore', quiet]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/A relay \(process \d+\) is running on .*: stop it first/);

    await relay.stop();
    const restored = await runRelayCommand(relay.dataDir, ['restore', quiet]);
    expect(restored.code).toBe(0);
    const aside = /kept as (\S+) /.exec(restored.stdout)?.[1];
    expect(aside && (await stat(aside)).isFile()).toBe(true);
    expect(await modeOf(path.join(relay.dataDir, storeFileName))).toBe(0o600);
    await relay.restart();

    const reader = new TestClient(relay.wsUrl, roomDoc, token);
    const pupilReader = new TestClient(relay.wsUrl, pupilDoc, token);
    await Promise.all([reader.waitSynced(), pupilReader.waitSynced()]);
    expect({ room: notes(reader.doc).toJSON(), pupil: notes(pupilReader.doc).toJSON() }).toEqual(expected);
    reader.destroy();
    pupilReader.destroy();
  });

  // A restored log's versions climb back through numbers devices saw before the restore, with other content: a device
  // that compared tags alone would skip the document for good. Every tag changes across a restore.
  it('gives every document a version tag it never had before once a backup is restored', async () => {
    const own = await startRelay();
    try {
      const token = coordinator(own.dataDir).token;
      const tags = async () => {
        const res = await fetch(`${own.httpUrl}/api/docs`, { headers: { Authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        return ((await res.json()) as { versions: Record<string, string> }).versions;
      };
      /** The document's version number, read from the store itself (devices see only its tag). */
      const versionNumber = () => {
        const store = openSqliteStore(own.dataDir);
        try {
          return store.docVersions().get(roomDoc) ?? 0;
        } finally {
          store.close();
        }
      };
      const write = async (key: string, value: string) => {
        const device = new TestClient(own.wsUrl, roomDoc, token);
        try {
          await device.waitSynced();
          notes(device.doc).set(key, value);
          await device.waitSafe();
        } finally {
          device.destroy();
        }
      };

      await write('before-backup', 'Sat the maths paper');
      const atBackup = await tags();
      const file = path.join(await tempDir('baseroom-generation-'), 'backup.sqlite');
      expect((await runRelayCommand(own.dataDir, ['backup', file])).code).toBe(0);
      await write('after-backup', 'Went back to English, period 3');
      const seen = { number: versionNumber(), tag: (await tags())[roomDoc] };

      await own.stop();
      expect((await runRelayCommand(own.dataDir, ['restore', file])).code).toBe(0);
      await own.restart();
      // The same numbers as at the backup, but a device that saw them must open the document again (it may hold what
      // the backup lacks): no tag is one it has seen.
      const restored = await tags();
      expect(Object.keys(restored)).toEqual(Object.keys(atBackup));
      for (const name of Object.keys(restored)) expect(restored[name], name).not.toBe(atBackup[name]);
      // Other content under the number a device saw before the restore: the tag differs.
      let written = 0;
      while (versionNumber() < seen.number) await write(`after-restore-${written++}`, 'Reflection with the head of year');
      expect(versionNumber()).toBe(seen.number);
      expect((await tags())[roomDoc]).not.toBe(seen.tag);
      // Without a restore, the tag is as stable as the version: a restart changes nothing.
      const beforeRestart = await tags();
      await own.restart();
      expect(await tags()).toEqual(beforeRestart);
    } finally {
      await own.dispose();
    }
  });

  it('refuses to restore a damaged or foreign file and leaves the store as it was', async () => {
    await relay.stop();
    const garbage = path.join(backupDir, 'garbage.sqlite');
    await writeFile(garbage, Buffer.alloc(8192, 0x5a));
    const result = await runRelayCommand(relay.dataDir, ['restore', garbage]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not a readable Baseroom relay backup');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect((await runRelayCommand(relay.dataDir, ['devices'])).stdout).toMatch(/coordinator/);
    await relay.restart();
  });

  it('keeps the data folder 0700 and its files 0600, tightening ones that were looser', async () => {
    await relay.stop();
    await chmod(relay.dataDir, 0o755);
    for (const name of [storeFileName, 'token-secret']) await chmod(path.join(relay.dataDir, name), 0o644);
    await relay.restart();
    const token = coordinator(relay.dataDir).token;
    const client = new TestClient(relay.wsUrl, roomDoc, token);
    await client.waitSynced();
    notes(client.doc).set('mode-check', 'written while the relay runs, so -wal and -shm exist');
    await client.waitSafe();
    client.destroy();

    expect(await modeOf(relay.dataDir)).toBe(0o700);
    const files = (await readdir(relay.dataDir)).filter((n) => n.startsWith(storeFileName) || n === 'token-secret' || n === 'relay.pid');
    expect(files).toEqual(expect.arrayContaining([storeFileName, `${storeFileName}-wal`, `${storeFileName}-shm`, 'token-secret', 'relay.pid']));
    for (const name of files) expect([name, await modeOf(path.join(relay.dataDir, name))]).toEqual([name, 0o600]);
  });
});

describe('scheduled backups', { timeout: 30_000 }, () => {
  it('writes one at start and then every BACKUP_EVERY minutes, keeping the newest BACKUP_KEEP, each checked and 0600', async () => {
    const dir = path.join(await tempDir('baseroom-scheduled-'), 'backups');
    const relay = await startRelay({ BACKUP_DIR: dir, BACKUP_EVERY: '0.01', BACKUP_KEEP: '2' });
    try {
      const token = coordinator(relay.dataDir).token;
      const client = new TestClient(relay.wsUrl, roomDoc, token);
      await client.waitSynced();
      notes(client.doc).set('n1', 'in the scheduled backups');
      await client.waitSafe();
      client.destroy();
      const backups = async () => (await readdir(dir)).filter((n) => backupNamePattern.test(n));
      await waitUntil('several scheduled backups have run', () => (relay.log().match(/backup-written/g) ?? []).length >= 4, (recheck) => {
        const timer = setInterval(recheck, 100);
        return () => clearInterval(timer);
      });
      const kept = await backups();
      expect(kept).toHaveLength(2);
      expect(await modeOf(dir)).toBe(0o700);
      for (const name of kept) expect(await modeOf(path.join(dir, name))).toBe(0o600);
      expect(notes(await docInBackup(path.join(dir, kept.sort().at(-1)!), roomDoc)).get('n1')).toBe('in the scheduled backups');
      expect(await (await fetch(`${relay.httpUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    } finally {
      await relay.dispose();
    }
  });
});
