// The built app is sent as the build precompressed it: Brotli or gzip by Accept-Encoding, the same bytes once decoded.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../scripts/precompress.js';
import { acceptedEncodings, createStaticHandler } from './static.js';
import { httpGet } from './test-support/http-get.js';

describe('serving the built app', () => {
  let dir: string;
  let server: http.Server;
  let base: string;
  const script = `export const register = ${JSON.stringify('x'.repeat(5000))};\n`;
  const get = (file: string, encoding?: string) => httpGet(`${base}${file}`, encoding);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-static-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'assets', 'app-1a2b.js'), script);
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Baseroom</title>');
    expect(precompress(dir)).toBe(1);
    const serve = createStaticHandler(dir);
    server = http.createServer((req, res) => void serve(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('sends Brotli to a browser that takes it, gzip to one that takes only gzip, and the file itself otherwise', async () => {
    const br = await get('assets/app-1a2b.js', 'gzip, deflate, br');
    expect([br.headers['content-encoding'], br.headers.vary, br.headers['cache-control']]).toEqual(['br', 'Accept-Encoding', 'public, max-age=31536000, immutable']);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    expect(br.body.length).toBeLessThan(script.length / 10);
    const gz = await get('assets/app-1a2b.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get('assets/app-1a2b.js', 'br;q=0, identity');
    expect([plain.headers['content-encoding'], plain.body.toString()]).toEqual([undefined, script]);
  });

  it('never caches the shell, and sends small files as they are', async () => {
    const shell = await get('', 'br');
    expect([shell.status, shell.headers['cache-control'], shell.headers['content-encoding']]).toEqual([200, 'no-cache', undefined]);
  });

  it('reads Accept-Encoding as browsers write it', () => {
    expect([...acceptedEncodings('gzip, deflate, br;q=1.0, zstd')]).toEqual(['gzip', 'deflate', 'br', 'zstd']);
    expect([...acceptedEncodings('br;q=0, gzip;q=0.5')]).toEqual(['gzip']);
    expect(acceptedEncodings(undefined).size).toBe(0);
  });
});
