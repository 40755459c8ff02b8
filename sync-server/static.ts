// Serves the built PWA from one folder: hashed assets cached for ever, the shell and service worker never, each
// file as the build precompressed it (Brotli, else gzip) when the browser accepts that.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

function cacheControlFor(relPath: string): string {
  return relPath.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** The encodings a request accepts (q=0 refuses one), from Accept-Encoding. */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/** The precompressed copy to send: Brotli, then gzip, when the build wrote one and the browser takes it. */
async function compressedCopy(filePath: string, accepted: Set<string>): Promise<{ path: string; encoding: string; size: number } | null> {
  for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']] as const) {
    if (!accepted.has(encoding)) continue;
    const info = await stat(filePath + ext).catch(() => null);
    if (info?.isFile()) return { path: filePath + ext, encoding, size: info.size };
  }
  return null;
}

export function createStaticHandler(staticDir: string) {
  const root = path.resolve(staticDir);
  /** `pathname`: the file's path within the app, when not the request's own (a school's app at `/schools/<school>/`). */
  return async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname?: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const urlPath = decodeURIComponent(pathname ?? new URL(req.url ?? '/', 'http://x').pathname);
    let filePath = path.resolve(root, '.' + urlPath);
    if (filePath !== root && !filePath.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    let info = await stat(filePath).catch(() => null);
    if (info?.isDirectory()) {
      filePath = path.join(filePath, 'index.html');
      info = await stat(filePath).catch(() => null);
    }
    if (!info && !path.extname(urlPath)) {
      // An app route: hand back the shell and let the client route it.
      filePath = path.join(root, 'index.html');
      info = await stat(filePath).catch(() => null);
    }
    if (!info) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const rel = path.relative(root, filePath).split(path.sep).join('/');
    const compressed = await compressedCopy(filePath, acceptedEncodings(req.headers['accept-encoding']));
    res.writeHead(200, {
      'Content-Type': contentTypes[path.extname(filePath)] ?? 'application/octet-stream',
      'Content-Length': compressed?.size ?? info.size,
      'Cache-Control': cacheControlFor(rel),
      Vary: 'Accept-Encoding',
      ...(compressed ? { 'Content-Encoding': compressed.encoding } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(compressed?.path ?? filePath).pipe(res);
  };
}
