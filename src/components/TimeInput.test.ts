import { describe, expect, it } from 'vitest';
import { normaliseTime } from './TimeInput';

describe('normaliseTime', () => {
  it.each([
    ['852', '08:52'],
    ['0852', '08:52'],
    ['8:52', '08:52'],
    ['14.05', '14:05'],
    [' 15:00 ', '15:00'],
    ['2460', '2460'],
    ['25:00', '25:00'],
    ['9am', '9am'],
  ])('%s → %s', (raw, tidy) => {
    expect(normaliseTime(raw)).toBe(tidy);
  });
});
