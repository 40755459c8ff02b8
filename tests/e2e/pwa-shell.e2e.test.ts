// The PWA shell in real Chromium: served, installable manifest and icons, service worker control, and a reload with the server gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { disposeAll, launchBrowser, newTabletPage, startAppServer, waitForServiceWorkerControl, type AppServer } from './harness.js';

const fetchHealth = (page: Page) =>
  page.evaluate(() =>
    fetch('/healthz', { cache: 'no-store' }).then(
      async (r) => `${r.status} ${((await r.json()) as { status?: string }).status}`,
      (e: unknown) => `failed: ${String(e)}`,
    ),
  );

const pngSize = (page: Page, src: string) =>
  page.evaluate(async (url) => {
    const img = new Image();
    img.src = url;
    await img.decode();
    return `${img.naturalWidth}x${img.naturalHeight}`;
  }, src);

describe('PWA shell', () => {
  let server: AppServer;
  let page: Page;

  beforeAll(async () => {
    server = await startAppServer();
    ({ page } = await newTabletPage(await launchBrowser()));
  });
  afterAll(disposeAll);

  it('serves the app and the health check', async () => {
    const res = await page.goto(server.url);
    expect(res?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Baseroom');
    await page.locator('#root > *').first().waitFor();
    expect(await fetchHealth(page)).toBe('200 ok');
  });

  it('links a manifest for an installable standalone app with 192 and 512 PNG icons', async () => {
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const manifestUrl = new URL(href!, server.url).href;
    const res = await page.request.get(manifestUrl);
    expect(res.ok()).toBe(true);
    const manifest = (await res.json()) as { name: string; display: string; icons: { src: string; sizes: string; type: string }[] };
    expect(manifest.name).toBe('Baseroom');
    expect(manifest.display).toBe('standalone');
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((i) => i.sizes === size && i.type === 'image/png');
      expect(icon, `a ${size} PNG icon`).toBeDefined();
      const iconUrl = new URL(icon!.src, manifestUrl).href;
      const iconRes = await page.request.get(iconUrl);
      expect(iconRes.headers()['content-type']).toBe('image/png');
      expect(await pngSize(page, iconUrl)).toBe(size);
    }
  });

  it('installs a service worker that controls the page', async () => {
    const scriptUrl = await waitForServiceWorkerControl(page);
    expect(new URL(scriptUrl).origin).toBe(new URL(server.url).origin);
  });

  it('still loads after a reload with the server stopped', async () => {
    await server.stop();
    await page.reload();
    await expect(page.title()).resolves.toBe('Baseroom');
    await page.locator('#root > *').first().waitFor();
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    expect(await fetchHealth(page)).toMatch(/^failed/);
  });

  it('reaches the server again once it restarts on the same port', async () => {
    const port = server.port;
    await server.restart();
    expect(server.port).toBe(port);
    expect(await fetchHealth(page)).toBe('200 ok');
  });
});
