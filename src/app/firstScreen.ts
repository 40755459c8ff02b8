// The moment the device's first screen shows its records: work the screen does not need (opening every stored
// document for sync, the school's 1,000-pupil document) waits for it rather than competing with it at start-up.
import { useEffect, useState } from 'react';

/** User Timing mark for benchmarks and DevTools. */
export const FIRST_SCREEN_MARK = 'baseroom:first-screen';

/** Longest background work waits for the first screen (a screen that never says it is shown, a hidden tab). */
export const FIRST_SCREEN_WAIT_MS = 3_000;

let shown = false;
const waiting = new Set<() => void>();

/** Called once the screen the device opens on has rendered its records (later calls do nothing). */
export function firstScreenShown(): void {
  if (shown) return;
  shown = true;
  performance.mark(FIRST_SCREEN_MARK);
  for (const resume of waiting) resume();
  waiting.clear();
}

/**
 * Resolves a moment after the first screen is shown (once the browser has had a frame to paint it), or after
 * `atMostMs` whatever happens, so a screen that never reports (or a hidden tab) only delays the work.
 */
export function afterFirstScreen(atMostMs = FIRST_SCREEN_WAIT_MS): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, atMostMs);
    function done() {
      clearTimeout(timer);
      waiting.delete(afterPaint);
      resolve();
    }
    function afterPaint() {
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(done, 0));
      else setTimeout(done, 0);
    }
    if (shown) afterPaint();
    else waiting.add(afterPaint);
  });
}

/**
 * False until a moment after the first screen is shown (see afterFirstScreen), then true; with `thenIdle`, only once the
 * browser is idle after that too (1 s at most), for work that would otherwise land in the first taps' frames.
 */
export function useAfterFirstScreen({ thenIdle = false } = {}): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    let live = true;
    let cancel = () => {};
    void afterFirstScreen().then(() => {
      if (!live) return;
      const done = () => live && setAfter(true);
      if (!thenIdle) return done();
      if (typeof requestIdleCallback === 'function') {
        const id = requestIdleCallback(done, { timeout: 1000 });
        cancel = () => cancelIdleCallback(id);
      } else {
        const id = setTimeout(done, 200);
        cancel = () => clearTimeout(id);
      }
    });
    return () => {
      live = false;
      cancel();
    };
  }, [thenIdle]);
  return after;
}
