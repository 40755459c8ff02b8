// Pairing backoff as a table: free typos, doubling waits, per address (IPv6 by /64), forgotten after a quiet hour.
import { describe, expect, it } from 'vitest';
import { addressKey, PairingLimits } from './pairing-limits.js';

describe('PairingLimits', () => {
  it('lets five wrong codes through, then doubles the wait with each further one, up to 15 minutes', () => {
    let now = 0;
    const limits = new PairingLimits(() => now);
    const waits: number[] = [];
    for (let i = 0; i < 18; i++) {
      limits.failed('203.0.113.9');
      waits.push(limits.waitFor('203.0.113.9'));
    }
    expect(waits.slice(0, 9)).toEqual([0, 0, 0, 0, 0, 1000, 2000, 4000, 8000]);
    expect(waits.at(-1)).toBe(15 * 60_000);
    expect(limits.waitFor('198.51.100.1')).toBe(0);
    now += 15 * 60_000;
    expect(limits.waitFor('203.0.113.9')).toBe(0);
  });

  it('forgets an address after an hour without wrong codes', () => {
    let now = 0;
    const limits = new PairingLimits(() => now);
    for (let i = 0; i < 7; i++) limits.failed('a');
    now += 61 * 60_000;
    limits.failed('a');
    expect(limits.waitFor('a')).toBe(0);
  });
});

describe('addressKey', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s is kept as %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});
