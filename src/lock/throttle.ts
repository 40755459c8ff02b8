// How long the lock screen makes someone wait after wrong PINs, and when the device gives up and erases itself.

/** After this many wrong PINs in a row the device erases its data and must be paired again by a coordinator. */
export const WRONG_PIN_LIMIT = 10;
export const FREE_TRIES = 3;
const FIRST_DELAY_MS = 30_000;

/** The wait before the next try after `failures` wrong PINs in a row: none for the first few, then doubling from 30 s. */
export function delayAfter(failures: number): number {
  if (failures < FREE_TRIES) return 0;
  return FIRST_DELAY_MS * 2 ** (failures - FREE_TRIES);
}

/** What wrong PINs lead to, in words for staff (Settings and the lock screen say it before anyone finds out). */
export const WRONG_PIN_RULE =
  `After ${FREE_TRIES} wrong PINs in a row, each further try waits longer (${FIRST_DELAY_MS / 1000} seconds, then twice as long each time). ` +
  `After ${WRONG_PIN_LIMIT} wrong PINs in a row this device erases every record it holds and must be paired again; records already on the school relay are safe there.`;

export interface Attempts {
  failures: number;
  /** ms since the epoch before which no PIN is tried. */
  notBefore: number;
}

export const noAttempts: Attempts = { failures: 0, notBefore: 0 };

export function afterWrongPin(attempts: Attempts, now: number): Attempts {
  const failures = attempts.failures + 1;
  return { failures, notBefore: now + delayAfter(failures) };
}

export const triesLeft = (attempts: Attempts) => Math.max(0, WRONG_PIN_LIMIT - attempts.failures);
