// Backoff for wrong pairing codes, per client address (an IPv6 /64 counts as one): a guesser slows only itself, and no
// number of guessers can lock the school's genuine codes out, because there is no shared limit to exhaust.
import type { IncomingMessage } from 'node:http';

/** Typos are free: backoff starts after this many wrong codes. */
const freeFailures = 5;
const maxBlockMs = 15 * 60_000;
/** An address with no wrong code for this long starts afresh. */
export const forgetAfterMs = 60 * 60_000;

/** After this many wrong codes in a row, how long an address waits: 0 for the free ones, then 1 s, 2 s, 4 s … 15 min. */
export const blockAfter = (failures: number): number =>
  failures > freeFailures ? Math.min(maxBlockMs, 1000 * 2 ** (failures - freeFailures - 1)) : 0;

/**
 * Pairing attempts per address, as the pairing route asks them. One relay keeps them in memory (PairingLimits);
 * several nodes on one store keep them in the store, so an address cannot spread its guesses over the nodes.
 */
export interface PairingAttempts {
  /** Milliseconds this address must still wait before trying a code, 0 when it may try now. */
  waitFor(address: string): Promise<number>;
  /** A wrong code from this address. */
  failed(address: string): Promise<void>;
}
const maxTrackedAddresses = 50_000;

/** The address pairing limits are kept for: the socket's, or behind a trusted proxy the one it forwarded. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',').at(-1)?.trim() : undefined;
  return addressKey(forwarded || req.socket.remoteAddress || 'unknown');
}

/** IPv4 as is (also when mapped into IPv6); IPv6 by its /64, which one household or attacker holds whole. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const groups = [...head.split(':').filter(Boolean)];
  const tailGroups = tail.split(':').filter(Boolean);
  while (groups.length + tailGroups.length < 8) groups.push('0');
  return [...groups, ...tailGroups].slice(0, 4).join(':') + '::/64';
}

interface AddressRecord {
  failures: number;
  blockedUntil: number;
  lastFailure: number;
}

export class PairingLimits {
  private readonly addresses = new Map<string, AddressRecord>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Milliseconds this address must still wait before trying a code, 0 when it may try now. */
  waitFor(address: string): number {
    const record = this.current(address);
    return record ? Math.max(0, record.blockedUntil - this.now()) : 0;
  }

  /** A wrong code: after the free ones each doubles the wait (1 s, 2 s, 4 s … up to 15 minutes). */
  failed(address: string): void {
    const now = this.now();
    const record = this.current(address) ?? { failures: 0, blockedUntil: 0, lastFailure: now };
    record.failures++;
    record.lastFailure = now;
    const block = blockAfter(record.failures);
    if (block > 0) record.blockedUntil = now + block;
    this.addresses.delete(address);
    this.addresses.set(address, record);
    // Oldest first in insertion order: drop the longest-quiet addresses when too many are tracked.
    for (const key of this.addresses.keys()) {
      if (this.addresses.size <= maxTrackedAddresses) break;
      this.addresses.delete(key);
    }
  }

  private current(address: string): AddressRecord | undefined {
    const record = this.addresses.get(address);
    if (record && this.now() - record.lastFailure > forgetAfterMs && record.blockedUntil <= this.now()) {
      this.addresses.delete(address);
      return undefined;
    }
    return record;
  }
}
