// A damaged store (truncated, garbage, one zeroed page) is refused at start with a message saying how to restore, and never served.
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from './test-support/clients.js';
import { coordinator } from './test-support/devices.js';
import { runRelayCommand, startRelay } from './test-support/relay-process.js';
import { storeFileName } from './store/sqlite-store.js';

const pageSize = 4096;
const pageOf = (bytes: Buffer, page: number) => bytes.subarray((page - 1) * pageSize, page * pageSize);

const damages: { name: string; damage(bytes: Buffer): Buffer }[] = [
  { name: 'truncated to half', damage: (b) => b.subarray(0, Math.floor(b.length / 2)) },
  { name: 'garbage', damage: (b) => Buffer.from(b.map((_, i) => (i * 7919 + 13) % 256)) },
  {
    name: 'one zeroed page in the middle',
    damage: (b) => {
      const copy = Buffer.from(b);
      // A page in use: compaction and secure_delete leave free pages already zeroed, and zeroing one of those breaks nothing.
      const pages = Math.floor(b.length / pageSize);
      const inUse = Array.from({ length: pages - 1 }, (_, i) => i + 2).filter((n) => pageOf(copy, n).some((byte) => byte !== 0));
      pageOf(copy, inUse[Math.floor(inUse.length / 2)]!).fill(0);
      return copy;
    },
  },
];

describe('a damaged store', { timeout: 60_000 }, () => {
  let intact: Buffer;
  let secret: Buffer;
  const dirs: string[] = [];

  beforeAll(async () => {
    // A real store with some weight: five pupils' documents written through the relay, then a clean stop.
    const relay = await startRelay();
    const token = coordinator(relay.dataDir).token;
    for (let p = 0; p < 5; p++) {
      const client = new TestClient(relay.wsUrl, `pupil/p${p}`, token);
      await client.waitSynced();
      for (let i = 0; i < 10; i++) client.doc.getMap('notes').set(`n${i}`, `note ${i} `.repeat(200));
      await client.waitSafe();
      client.destroy();
    }
    await relay.stop();
    intact = await readFile(path.join(relay.dataDir, storeFileName));
    secret = await readFile(path.join(relay.dataDir, 'token-secret'));
    await relay.dispose();
    expect(intact.length / pageSize).toBeGreaterThan(10);
  }, 60_000);
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  const dataDirWith = async (store: Buffer) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-damaged-'));
    dirs.push(dir);
    await writeFile(path.join(dir, storeFileName), store);
    await writeFile(path.join(dir, 'token-secret'), secret);
    return dir;
  };

  it('starts normally when intact (the control)', async () => {
    const result = await runRelayCommand(await dataDirWith(intact), ['devices']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/coordinator/);
  });

  it.each(damages)('is refused at start when $name, with what to do and no stack trace', async ({ damage }) => {
    const dir = await dataDirWith(damage(intact));
    const result = await runRelayCommand(dir, [], {}, 15_000);
    expect(result.stdout).not.toContain('Baseroom running');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("The relay's store is damaged and the relay will not serve it");
    expect(result.stderr).toContain('npm run relay -- restore <backup file>');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('is not backed up: a backup of it is refused and leaves no file', async () => {
    const dir = await dataDirWith(damages[2]!.damage(intact));
    const target = path.join(dir, 'copy.sqlite');
    const result = await runRelayCommand(dir, ['backup', target]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is damaged');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect((await readdir(dir)).filter((n) => n.startsWith('copy.sqlite'))).toEqual([]);
  });

  it('is refused by the admin commands too, and restoring a backup brings the relay back', async () => {
    const backupDir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-backup-'));
    dirs.push(backupDir);
    const backup = path.join(backupDir, 'good.sqlite');
    await copyFile(path.join(await dataDirWith(intact), storeFileName), backup);
    const dir = await dataDirWith(damages[2]!.damage(intact));
    expect((await runRelayCommand(dir, ['devices'])).stderr).toContain('is damaged');

    const restored = await runRelayCommand(dir, ['restore', backup]);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(/kept as .*before-restore-/);
    const listed = await runRelayCommand(dir, ['devices']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/coordinator/);
  });
});
