// y-dexie's compaction of the Y.Doc update logs, run when nobody is using the screen rather than on a bare timer.
import type { Dexie } from 'dexie';
import { compressYDocs } from 'y-dexie';

/** As y-dexie's own timer: the first pass 10 s after opening, then every 5 minutes. */
export const FIRST_PASS_MS = 10_000;
export const EVERY_MS = 5 * 60_000;
/** A pass waits until the screen has had no tap, key or scroll for this long… */
export const QUIET_MS = 3_000;
/** …but is never put off for longer than this, however busy the room. */
export const AT_MOST_MS = EVERY_MS;

const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/**
 * Compacts the database's Y.Doc update logs every few minutes, each pass started only once input has been quiet for
 * a while. A pass merges each changed document's updates on the main thread: the school's (1,000 pupils) takes
 * 70-100 ms on the test machine, several hundred on a slow tablet, a pause the register must not have mid-tap.
 * The database is opened with `yDexie({ gc: false })`, so y-dexie's own timer does not run as well. Returns a stop
 * function; closing the database stops it too.
 */
export function compactWhenQuiet(db: Dexie, onError: (err: unknown) => void, input: EventTarget = window, now = () => performance.now()): () => void {
  let lastInput = -Infinity;
  let dueSince: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const onInput = () => {
    lastInput = now();
  };
  for (const type of INPUT_EVENTS) input.addEventListener(type, onInput, { capture: true, passive: true });

  const later = (ms: number) => {
    if (!stopped) timer = setTimeout(pass, ms);
  };
  const pass = () => {
    if (stopped || !db.isOpen()) return;
    const t = now();
    dueSince ??= t;
    const quietFor = t - lastInput;
    if (quietFor < QUIET_MS && t - dueSince < AT_MOST_MS) return later(Math.min(QUIET_MS - quietFor, AT_MOST_MS - (t - dueSince)));
    dueSince = null;
    // Skipped if another tab compacted within the interval (y-dexie keeps the time of the last pass in the database).
    compressYDocs(db, EVERY_MS)
      .catch((err: unknown) => {
        if ((err as Error | undefined)?.name !== 'DatabaseClosedError') onError(err);
      })
      .finally(() => later(EVERY_MS));
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    for (const type of INPUT_EVENTS) input.removeEventListener(type, onInput, { capture: true });
  };
  db.on('close', stop);
  later(FIRST_PASS_MS);
  return stop;
}
