import { describe, expect, it } from 'vitest';
import { refusedRetryDelay } from './syncEngine';

describe('offering a refused document again', () => {
  it('waits twice as long after each refusal, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempts) => refusedRetryDelay(attempts, 5_000, 60_000))).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(refusedRetryDelay(10_000, 5_000, 600_000)).toBe(600_000);
  });
});
