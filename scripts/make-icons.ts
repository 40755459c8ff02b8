// Renders public/icons/icon.svg to the opaque 192/512 PNG app icons with headless Chromium (npx tsx scripts/make-icons.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const iconsDir = fileURLToPath(new URL('../public/icons/', import.meta.url));
const svg = await readFile(`${iconsDir}icon.svg`, 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    // The page is the mark's colour so the PNG is full-bleed and opaque: right for maskable and apple-touch icons.
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<body style="margin:0;background:#1f4e5f"><img id="i" src="${src}" width="${size}" height="${size}" style="display:block"></body>`,
    );
    await page.locator('#i').evaluate((img: HTMLImageElement) => img.decode());
    const png = await page.screenshot({ type: 'png', omitBackground: false, clip: { x: 0, y: 0, width: size, height: size } });
    await writeFile(`${iconsDir}icon-${size}.png`, png);
    console.log(`wrote public/icons/icon-${size}.png (${png.length} bytes)`);
    await page.close();
  }
} finally {
  await browser.close();
}
