// Reads what a finder of the device could: every file of a Chromium profile, and every IndexedDB record through the page.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Where Chromium keeps the app's own code (service worker precache, HTTP cache, compiled scripts): it holds the demo generator's name lists. */
export const CODE_CACHE_DIRS = ['CacheStorage', 'Cache', 'Code Cache', 'ScriptCache', 'GPUCache', 'GrShaderCache', 'ShaderCache', 'DawnCache'];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : Promise.resolve(e.isFile() ? [path.join(dir, e.name)] : []))),
  );
  return nested.flat();
}

/** When any file under `dir` was last written (ms since the epoch; 0 when there is none). */
export async function lastWritten(dir: string): Promise<number> {
  const times = await Promise.all((await filesUnder(dir)).map((f) => stat(f).then((s) => s.mtimeMs, () => 0)));
  return Math.max(0, ...times);
}

/** Which of `needles` appear in clear (as UTF-8 or UTF-16LE bytes) in any file of the profile, and in which file. */
export async function findOnDisk(profileDir: string, needles: string[], opts: { skipCodeCaches?: boolean } = {}): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const file of await filesUnder(profileDir)) {
    if (opts.skipCodeCaches && file.split(path.sep).some((part) => CODE_CACHE_DIRS.includes(part))) continue;
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) continue;
    for (const needle of needles) {
      if (found.has(needle)) continue;
      if (bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le'))) found.set(needle, path.relative(profileDir, file));
    }
  }
  return found;
}

/** Every record of every IndexedDB database of the page's origin, as text (byte arrays read as Latin-1 and as UTF-8). */
export function readAllRecords(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const asText = (v: unknown): unknown => {
      if (v instanceof Uint8Array || v instanceof ArrayBuffer) {
        const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : v;
        return `${new TextDecoder('latin1').decode(bytes)} ${new TextDecoder('utf-8').decode(bytes)}`;
      }
      return v;
    };
    const out: string[] = [];
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        out.push(`${name}/${store}: ${JSON.stringify(rows, (_k, v: unknown) => asText(v))}`);
      }
      db.close();
    }
    out.push(`localStorage: ${JSON.stringify({ ...localStorage })}`);
    return out.join('\n');
  });
}
