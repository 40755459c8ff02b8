// Build of the Baseroom PWA and the test projects that run against it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { precompressPlugin } from './scripts/precompress.js';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  // Shown in Settings; BASEROOM_VERSION lets a test build a "next" release of the same code.
  define: { __APP_VERSION__: JSON.stringify(process.env.BASEROOM_VERSION ?? pkg.version) },
  // Every schema module gets zod through this wrapper, so zod never probes `new Function` (the CSP forbids eval).
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./src/zodWithoutEval.ts', import.meta.url)) }] },
  plugins: [
    react(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.svg', 'icons/*.png'],
      manifest: {
        name: 'Baseroom',
        short_name: 'Baseroom',
        description: 'Registers, interviews and notes for isolation, BASE and CORE rooms — works offline.',
        lang: 'en-GB',
        theme_color: '#1f4e5f',
        background_color: '#f6f4ef',
        display: 'standalone',
        orientation: 'any',
        // Relative to the manifest's own address: the relay serves this same file at `/schools/<school>/manifest.webmanifest`
        // for a trust's school (the app links that one), so an installed app opens, and stays in, its own school.
        start_url: './',
        scope: './',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        // Every school's address (`/schools/<school>/…`) gets the same shell; its data is that school's own IndexedDB.
        navigateFallbackDenylist: [/^\/(api|healthz|metrics|sync)/, /^\/schools\/[^/]+\/(api|sync)\//],
        cleanupOutdatedCaches: true,
      },
    }),
    precompressPlugin(),
  ],
  build: { target: 'es2022', sourcemap: false },
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'sync-server/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          include: ['src/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['tests/setup-dom.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/**/*.e2e.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
