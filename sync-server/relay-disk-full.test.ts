// A full disk (a small tmpfs): writes are refused with 1011 and never acknowledged, the relay stays up and says degraded, and recovers when space returns.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestClient, waitUntil } from './test-support/clients.js';
import { coordinator } from './test-support/devices.js';
import { startRelay } from './test-support/relay-process.js';

/** A 4 MiB tmpfs to fill, or the reason there is none (mounting needs root). */
function mountSmallDisk(): { dir: string } | { skipped: string } {
  if (process.getuid?.() !== 0) return { skipped: 'not running as root, so no tmpfs can be mounted' };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'baseroom-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { skipped: `mount -t tmpfs failed (${(err as Error).message.split('\n')[0]})` };
  }
}

const disk = mountSmallDisk();
const mounted = 'dir' in disk ? disk.dir : null;
if (!mounted) console.warn(`relay-disk-full: skipped: ${(disk as { skipped: string }).skipped}`);

const notes = (doc: Y.Doc) => doc.getMap<string>('notes');
const every = (ms: number) => (recheck: () => void) => {
  const timer = setInterval(recheck, ms);
  return () => clearInterval(timer);
};

/** Writes a filler file until the disk refuses more; returns its path. */
async function fillDisk(dir: string): Promise<string> {
  const file = path.join(dir, 'filler');
  const handle = await open(file, 'w');
  const chunk = Buffer.alloc(16 * 1024, 1);
  try {
    for (;;) await handle.write(chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    await handle.close();
  }
  return file;
}

afterAll(() => {
  if (!mounted) return;
  execFileSync('umount', [mounted]);
  rmSync(mounted, { recursive: true, force: true });
});

describe('a full disk', { timeout: 60_000 }, () => {
  it.skipIf(!mounted)('refuses writes (1011, never acknowledged), stays up through idle compaction, says degraded, and recovers', async () => {
    const dataDir = path.join(mounted!, 'data');
    const relay = await startRelay({ IDLE_UNLOAD_MS: '300', RATE_LIMIT_BURST: '10000', APPLY_MS_PER_SECOND: '1000' }, { dataDir });
    const health = async () => {
      const res = await fetch(`${relay.httpUrl}/healthz`);
      return { code: res.status, body: await res.json() };
    };
    try {
      const token = coordinator(relay.dataDir).token;
      // Another document, written while there is room, then left idle: its unload compacts into a full disk.
      const idle = new TestClient(relay.wsUrl, 'pupil/p1', token);
      await idle.waitSynced();
      for (let i = 0; i < 5; i++) notes(idle.doc).set(`n${i}`, `idle note ${i} `.repeat(2000));
      await idle.waitSafe();

      const writer = new TestClient(relay.wsUrl, 'room/base/2026-11-23', token);
      await writer.waitSynced();
      notes(writer.doc).set('before', 'written while there was room');
      await writer.waitSafe();
      expect(await health()).toEqual({ code: 200, body: { status: 'ok' } });

      const filler = await fillDisk(mounted!);
      const closeCodes: number[] = [];
      writer.provider.on('connection-close', (event) => closeCodes.push(event?.code ?? 0));
      for (let i = 0; i < 4; i++) notes(writer.doc).set(`big-${i}`, `a long reflection ${i} `.repeat(10_000));
      await waitUntil('the relay refuses the write with 1011', () => closeCodes.includes(1011), every(50));
      expect(writer.isSafe()).toBe(false);
      expect(await health()).toEqual({ code: 503, body: { status: 'degraded', reason: 'store-full' } });

      idle.destroy();
      writer.provider.disconnect();
      await waitUntil('the idle document is unloaded and its compaction fails', () => relay.log().includes('compaction-failed'), every(50));
      await new Promise((r) => setTimeout(r, 500));
      expect(await health()).toEqual({ code: 503, body: { status: 'degraded', reason: 'store-full' } });
      expect(relay.log()).toContain('store-write-failed');

      await rm(filler);
      writer.provider.connect();
      await writer.waitSafe(15_000);
      expect(await health()).toEqual({ code: 200, body: { status: 'ok' } });
      const reader = new TestClient(relay.wsUrl, 'room/base/2026-11-23', token);
      await reader.waitSynced();
      expect(notes(reader.doc).toJSON()).toEqual(notes(writer.doc).toJSON());
      reader.destroy();
      writer.destroy();
    } finally {
      await relay.dispose();
    }
  });
});
