// Build step: writes a Brotli (.br) and a gzip (.gz) copy beside every text asset, so the server never compresses per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const compressible = /\.(js|css|html|svg|json|webmanifest|txt)$/;
/** Smaller files gain less than the headers cost. */
const minBytes = 1024;

export function precompress(outDir: string): number {
  let written = 0;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (compressible.test(name) && statSync(file).size >= minBytes) {
        const bytes = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
        written++;
      }
    }
  };
  walk(outDir);
  return written;
}

/** Vite plugin: precompresses the finished build (after the service worker is written). */
export function precompressPlugin(): Plugin {
  let outDir = 'dist';
  return {
    name: 'baseroom-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      handler() {
        precompress(outDir);
      },
    },
  };
}
