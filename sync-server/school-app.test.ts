// Each school's app at its own address: a trust's relay serves the built app at `/schools/<school>/` (and any app route
// under it) with the same headers and compression as at `/`, for each school with a device enrolled; a school with
// none, an ill-formed id, or any school but the default on a one-school relay, answers 404.
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../scripts/precompress.js';
import { createApiHandler } from './api.js';
import { RelayHealth } from './health.js';
import { appPath } from './school-path.js';
import { createRequestListener } from './server.js';
import { createStaticHandler } from './static.js';
import { createMemoryStore } from './store/memory-store.js';
import type { SharedStore } from './store/shared-store.js';
import { adaptSyncStore } from './store/sync-store-adapter.js';
import { httpGet } from './test-support/http-get.js';

const shell = '<!doctype html><title>Baseroom</title><link rel="manifest" href="/manifest.webmanifest">';
const manifest = JSON.stringify({ name: 'Baseroom', start_url: './', scope: './' });
const script = `export const app = ${JSON.stringify('y'.repeat(5000))};\n`;


describe('each school’s app at its own address', () => {
  let dir: string;
  const servers: http.Server[] = [];
  const stores: SharedStore[] = [];
  /** Base URLs of a trust's relay (several schools) and a one-school relay, over the same built app. */
  let trust: string;
  let single: string;
  /** Enrols a device (unpaired, as `enrol --school` leaves it) for a school on the trust's store. */
  const enrol = (school: string) =>
    stores[0]!.forSchool(school).addDevice({ deviceId: `d-${school}`, role: 'coordinator', scope: { kind: 'all' }, name: null, createdAt: Date.now(), pairedAt: null, revokedAt: null });

  /** The real request routing of the server (API, then the app) over a store that serves several schools or one. */
  async function listen(multiNode: boolean): Promise<string> {
    const adapted = adaptSyncStore(() => createMemoryStore());
    const shared: SharedStore = {
      forSchool: (school) => adapted.forSchool(school),
      committerFor: (school, options) => adapted.committerFor(school, options),
      multiNode,
      close: () => adapted.close(),
    };
    stores.push(shared);
    const handleApi = createApiHandler({
      shared,
      secret: randomBytes(32),
      health: new RelayHealth(),
      trustProxy: false,
      metricsToken: null,
      stats: () => ({ connections: 0, loadedDocs: 0, commits: 0, committedUpdates: 0 }),
    });
    const server = http.createServer(createRequestListener(handleApi, createStaticHandler(dir), { tls: false }));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-school-app-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'assets', 'app-9f8e.js'), script);
    await writeFile(path.join(dir, 'index.html'), shell);
    await writeFile(path.join(dir, 'manifest.webmanifest'), manifest);
    expect(precompress(dir)).toBe(1);
    trust = await listen(true);
    single = await listen(false);
    await enrol('oak-academy');
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await Promise.all(stores.map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('maps a school’s path to the app’s own, and leaves every other path as it is', () => {
    expect(appPath('/schools/oak-academy/')).toBe('/');
    expect(appPath('/schools/oak-academy/manifest.webmanifest')).toBe('/manifest.webmanifest');
    expect(appPath('/schools/oak-academy/deep/route')).toBe('/deep/route');
    expect(appPath('/')).toBe('/');
    expect(appPath('/assets/app-9f8e.js')).toBe('/assets/app-9f8e.js');
  });

  it('serves the shell at a school’s address and any app route under it, never cached, with the security headers', async () => {
    for (const route of ['/schools/oak-academy/', '/schools/oak-academy/index.html', '/schools/oak-academy/pupil/p-1', '/']) {
      const res = await httpGet(`${trust}${route}`);
      expect([route, res.status, res.body.toString()]).toEqual([route, 200, shell]);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('serves the school’s manifest (relative start_url and scope) at the school’s address', async () => {
    const res = await httpGet(`${trust}/schools/oak-academy/manifest.webmanifest`);
    expect([res.status, res.headers['content-type'], res.body.toString()]).toEqual([200, 'application/manifest+json', manifest]);
    const parsed = JSON.parse(res.body.toString()) as { start_url: string; scope: string };
    const at = `${trust}/schools/oak-academy/manifest.webmanifest`;
    expect([new URL(parsed.start_url, at).pathname, new URL(parsed.scope, at).pathname]).toEqual(['/schools/oak-academy/', '/schools/oak-academy/']);
  });

  it('sends files under a school’s address precompressed, as at `/`', async () => {
    const res = await httpGet(`${trust}/schools/oak-academy/assets/app-9f8e.js`, 'gzip, br');
    expect([res.status, res.headers['content-encoding'], res.headers['cache-control']]).toEqual([200, 'br', 'public, max-age=31536000, immutable']);
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('sends a school’s address typed without its last slash to the app, and keeps the API an API', async () => {
    const bare = await httpGet(`${trust}/schools/oak-academy`);
    expect([bare.status, bare.headers.location]).toEqual([308, '/schools/oak-academy/']);
    const whoami = await httpGet(`${trust}/schools/oak-academy/api/whoami`);
    expect([whoami.status, JSON.parse(whoami.body.toString())]).toEqual([401, { status: 'error', reason: 'missing' }]);
    const noRoute = await httpGet(`${trust}/schools/oak-academy/api/nothing-here`);
    expect(noRoute.status).toBe(404);
  });

  it('answers 404 for a school with no device enrolled, and serves it as soon as one is', async () => {
    for (const route of ['/schools/elm-school/', '/schools/elm-school/manifest.webmanifest']) {
      const res = await httpGet(`${trust}${route}`);
      expect([route, res.status, JSON.parse(res.body.toString())]).toEqual([route, 404, { status: 'error', reason: 'not-found' }]);
    }
    await enrol('elm-school');
    const res = await httpGet(`${trust}/schools/elm-school/`);
    expect([res.status, res.body.toString()]).toEqual([200, shell]);
  });

  it('answers 404 for an ill-formed school id, a missing file, and any other school on a one-school relay', async () => {
    for (const url of [
      `${trust}/schools/Oak_Academy/`,
      `${trust}/schools/${'a'.repeat(65)}/`,
      `${trust}/schools//`,
      `${trust}/schools/oak-academy/missing.js`,
      `${trust}/schools/Oak_Academy`,
      `${single}/schools/oak-academy/`,
      `${single}/schools/oak-academy/manifest.webmanifest`,
      `${single}/schools/oak-academy`,
    ]) {
      const res = await httpGet(url);
      expect([url, res.status]).toEqual([url, 404]);
      expect(res.body.toString()).not.toContain('<title>Baseroom');
    }
    // The default school's app is where it always was.
    const root = await httpGet(`${single}/`);
    expect([root.status, root.body.toString()]).toEqual([200, shell]);
  });
});
