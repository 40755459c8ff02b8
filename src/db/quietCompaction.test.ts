// Compaction of the update logs waits for a quiet screen, is never put off for ever, and stops with the database.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dexie } from 'dexie';

const compressYDocs = vi.fn<(db: Dexie, skip?: number) => Promise<void>>(() => Promise.resolve());
vi.mock('y-dexie', () => ({ compressYDocs: (db: Dexie, skip?: number) => compressYDocs(db, skip) }));
const { AT_MOST_MS, EVERY_MS, FIRST_PASS_MS, QUIET_MS, compactWhenQuiet } = await import('./quietCompaction');

function fakeDb() {
  const closers: (() => void)[] = [];
  let open = true;
  const db = { isOpen: () => open, on: (event: string, fn: () => void) => event === 'close' && closers.push(fn) } as unknown as Dexie;
  return { db, close: () => ((open = false), closers.forEach((f) => f())) };
}

beforeEach(() => {
  vi.useFakeTimers();
  compressYDocs.mockClear();
});
afterEach(() => vi.useRealTimers());

describe('compactWhenQuiet', () => {
  it('runs the first pass once the screen is quiet, then every interval, and not while someone taps', async () => {
    const { db, close } = fakeDb();
    const screen = new EventTarget();
    const errors: unknown[] = [];
    compactWhenQuiet(db, (e) => errors.push(e), screen, () => Date.now());
    await vi.advanceTimersByTimeAsync(FIRST_PASS_MS - 1);
    expect(compressYDocs).not.toHaveBeenCalled();
    // Taps every second from just before the first pass is due: it waits for QUIET_MS without one.
    for (let i = 0; i < 5; i++) {
      screen.dispatchEvent(new Event('pointerdown'));
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(compressYDocs).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    expect(compressYDocs).toHaveBeenCalledTimes(1);
    expect(compressYDocs).toHaveBeenLastCalledWith(db, EVERY_MS);
    await vi.advanceTimersByTimeAsync(EVERY_MS);
    expect(compressYDocs).toHaveBeenCalledTimes(2);
    close();
    await vi.advanceTimersByTimeAsync(2 * EVERY_MS);
    expect(compressYDocs).toHaveBeenCalledTimes(2);
    expect(errors).toEqual([]);
  });

  it('runs anyway once a pass has waited AT_MOST_MS, however busy the screen', async () => {
    const { db } = fakeDb();
    const screen = new EventTarget();
    const stop = compactWhenQuiet(db, () => undefined, screen, () => Date.now());
    await vi.advanceTimersByTimeAsync(FIRST_PASS_MS - 500);
    let waited = 0;
    while (compressYDocs.mock.calls.length === 0 && waited <= AT_MOST_MS + 1_000) {
      screen.dispatchEvent(new Event('keydown'));
      await vi.advanceTimersByTimeAsync(500);
      waited += 500;
    }
    expect(compressYDocs).toHaveBeenCalledTimes(1);
    expect(waited).toBeGreaterThanOrEqual(AT_MOST_MS);
    expect(waited).toBeLessThanOrEqual(AT_MOST_MS + 1_000);
    stop();
  });

  it('reports a failed pass, but not the database closing under it, and keeps going', async () => {
    const { db } = fakeDb();
    const errors: unknown[] = [];
    compressYDocs.mockRejectedValueOnce(Object.assign(new Error('closed'), { name: 'DatabaseClosedError' }));
    compressYDocs.mockRejectedValueOnce(new Error('QuotaExceededError'));
    const stop = compactWhenQuiet(db, (e) => errors.push(e), new EventTarget(), () => Date.now());
    await vi.advanceTimersByTimeAsync(FIRST_PASS_MS + EVERY_MS + 10);
    expect(compressYDocs).toHaveBeenCalledTimes(2);
    expect(errors).toEqual([new Error('QuotaExceededError')]);
    await vi.advanceTimersByTimeAsync(EVERY_MS);
    expect(compressYDocs).toHaveBeenCalledTimes(3);
    stop();
  });
});
