// The relay's files are its user's alone: folders 0700 and files 0600, whatever the umask and however they were made before.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Creates the file empty (0600) when missing and tightens it when it exists, before anything is written to it. */
export function makePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/** Tightens the file if it exists (SQLite's -wal and -shm come and go). */
export function tightenIfPresent(file: string): void {
  if (existsSync(file)) chmodSync(file, 0o600);
}
