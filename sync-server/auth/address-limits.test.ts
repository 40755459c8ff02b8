// The per-address limits' table stays bounded however many addresses ask, forgetting idle ones first.
import { describe, expect, it } from 'vitest';
import { AddressLimits } from './address-limits.js';

describe('AddressLimits', () => {
  it('limits an address to its burst, then to its rate, with the wait in whole seconds', () => {
    let now = 0;
    const limits = new AddressLimits({ perSecond: 2, burst: 3 }, 100, () => now);
    expect([1, 2, 3, 4].map(() => limits.take('a'))).toEqual([true, true, true, false]);
    expect(limits.retryAfter('a')).toBe(1);
    expect(limits.retryAfter('b')).toBe(0);
    // A token is back after half a second, but the address was told to wait a second: it does.
    now += 500;
    expect(limits.take('a')).toBe(false);
    now += 500;
    expect(limits.retryAfter('a')).toBe(0);
    expect(limits.take('a')).toBe(true);
  });

  it('keeps at most its number of addresses, forgetting idle ones before busy ones', () => {
    let now = 0;
    const limits = new AddressLimits({ perSecond: 1, burst: 2 }, 100, () => now);
    for (let i = 0; i < 99; i++) limits.take(`idle-${i}`);
    now += 1_500;
    // The idle addresses' buckets are full again; the busy one has just spent most of its own.
    expect(limits.take('busy')).toBe(true);
    expect(limits.take('busy')).toBe(true);
    limits.take('new-0');
    limits.take('new-1');
    expect(limits.size).toBeLessThanOrEqual(100);
    // Still counted (a bucket forgotten would be full again).
    expect(limits.take('busy')).toBe(false);
    for (let i = 0; i < 10_000; i++) limits.take(`many-${i}`);
    expect(limits.size).toBeLessThanOrEqual(100);
  });
});
