// The relay's token-signing secret: generated once, kept in DATA_DIR readable by its owner only (0600).
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makePrivateDir } from '../store/private-files.js';

export const secretFileName = 'token-secret';

export function loadOrCreateSecret(dataDir: string): Buffer {
  makePrivateDir(dataDir);
  const file = path.join(dataDir, secretFileName);
  try {
    // 'wx' fails if the file exists, so two processes starting at once cannot overwrite each other.
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  chmodSync(file, 0o600);
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (secret.length < 32) throw new Error(`${file} does not hold a 32-byte hex secret`);
  return secret;
}
