import { describe, expect, it } from 'vitest';
import { halfTermStart } from './halfTerm';

describe('halfTermStart', () => {
  it('finds the start of the half term a date falls in, across the new year', () => {
    expect(halfTermStart('2026-11-23')).toBe('2026-10-27');
    expect(halfTermStart('2026-09-01')).toBe('2026-09-01');
    expect(halfTermStart('2027-01-15')).toBe('2027-01-01');
    expect(halfTermStart('2027-07-10')).toBe('2027-06-02');
    expect(halfTermStart('2026-08-20')).toBe('2026-06-02');
  });
});
