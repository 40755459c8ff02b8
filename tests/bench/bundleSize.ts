// 1. JS shipped for the first screen: the entry script and its static imports (modulepreloads), gzip level 9.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { kb, type BenchResult } from './util.js';

const GOAL_BYTES = 150 * 1024;

/** Relative static imports of an ES module chunk (`import … from "./x.js"`, `import "./x.js"`, `export … from`), not `import("…")`. */
export function staticImports(code: string): string[] {
  const out = new Set<string>();
  const re = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["'`]([^"'`]+\.js)["'`]/g;
  for (const m of code.matchAll(re)) out.add(m[1]!);
  return [...out];
}

export async function bundleSize(distDir: string): Promise<BenchResult> {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const entryScripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  const toFile = (url: string) => path.join(distDir, url.replace(/^\//, ''));

  // Walk the static import graph from the entry (and the preloads the HTML names).
  const firstScreen = new Set<string>();
  const queue = [...entryScripts, ...preloads].map(toFile);
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (firstScreen.has(file)) continue;
    firstScreen.add(file);
    const code = await readFile(file, 'utf8');
    for (const spec of staticImports(code)) {
      if (spec.startsWith('.') || spec.startsWith('/')) queue.push(spec.startsWith('/') ? toFile(spec) : path.resolve(path.dirname(file), spec));
    }
  }

  const assets = path.join(distDir, 'assets');
  const all = (await readdir(assets)).filter((f) => f.endsWith('.js') || f.endsWith('.css')).map((f) => path.join(assets, f));
  for (const extra of ['sw.js', ...(await readdir(distDir)).filter((f) => /^workbox-.*\.js$/.test(f))]) {
    if (!all.includes(path.join(distDir, extra))) all.push(path.join(distDir, extra));
  }
  const cssFirst = new Set(css.map(toFile));
  const rows = [];
  let jsGzip = 0;
  let jsRaw = 0;
  let cssGzip = 0;
  for (const file of all.sort()) {
    const buf = await readFile(file);
    const gz = gzipSync(buf, { level: 9 }).length;
    const isJs = file.endsWith('.js');
    const inFirst = firstScreen.has(file) || cssFirst.has(file);
    if (inFirst && isJs) (jsGzip += gz), (jsRaw += buf.length);
    if (inFirst && !isJs) cssGzip += gz;
    const kind = file.endsWith('sw.js') || path.basename(file).startsWith('workbox-') && !file.includes('/assets/')
      ? 'service worker'
      : inFirst ? 'first screen' : isJs ? 'lazy' : 'other';
    rows.push({ file: path.relative(distDir, file), kind, raw: buf.length, gzip: gz });
  }
  const met = jsGzip <= GOAL_BYTES;
  return {
    id: 'bundle',
    title: '1. JS for the first screen (gzip)',
    rows: [
      { metric: 'First-screen JS, gzip -9', goal: '≤ 150 KB', value: kb(jsGzip), met, raw: jsGzip },
      { metric: 'First-screen JS, uncompressed', value: kb(jsRaw), raw: jsRaw },
      { metric: 'First-screen CSS, gzip -9 (not in the goal)', value: kb(cssGzip), raw: cssGzip },
    ],
    tables: [
      {
        caption: 'Every chunk in dist/',
        headers: ['File', 'Loaded', 'Raw', 'gzip -9'],
        rows: rows.map((r) => [r.file, r.kind, kb(r.raw), kb(r.gzip)]),
      },
    ],
    notes: [
      'First screen = the module script in dist/index.html, its modulepreload links, and every chunk reachable from them by static import; chunks reached only through import() are "lazy".',
      'The service worker and Workbox runtime are listed but not counted: they load after the first screen.',
      'Since encryption at rest the first screen is the lock screen (PIN entry, key derivation, the row cipher); the register\'s code (App, Yjs, the database schema) is lazy, fetched while the PIN is typed.',
    ],
    data: { firstScreenFiles: [...firstScreen].map((f) => path.relative(distDir, f)), chunks: rows },
  };
}
