// Per-address token buckets for requests that cost the relay work before it knows who sent them (a refused sync
// upgrade, an erase check: an HMAC each): an address over its rate is answered 429 with Retry-After. The table of
// addresses is bounded: addresses idle long enough to be full again go first, then the longest unheard-of.
import { TokenBucket } from './rate-limit.js';

export interface AddressRate {
  perSecond: number;
  burst: number;
}

/** Refused sync upgrades (bad or expired tokens, bad names, out of scope) per address: a device hardly ever has one. */
export const refusedUpgradeRate: AddressRate = { perSecond: 10, burst: 100 };
/** Erase checks per address: a locked device asks once a minute, and a school's devices may share one address (NAT). */
export const eraseCheckRate: AddressRate = { perSecond: 20, burst: 200 };
const defaultMaxAddresses = 10_000;

interface AddressEntry {
  bucket: TokenBucket;
  /** Once over its rate, an address waits the whole seconds its Retry-After said, not only until the next token. */
  blockedUntil: number;
}

export class AddressLimits {
  /** In the order each address was last counted (re-inserted on every use), the longest unheard-of first. */
  private readonly buckets = new Map<string, AddressEntry>();

  constructor(
    private readonly rate: AddressRate,
    private readonly maxAddresses = defaultMaxAddresses,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  /** Whole seconds this address must wait before it is served again; 0 when it may be now. Counts nothing. */
  retryAfter(address: string): number {
    const entry = this.buckets.get(address);
    return entry ? this.wait(entry) : 0;
  }

  /** Counts one request from the address; false (counting nothing) when it is over its rate. */
  take(address: string): boolean {
    let entry = this.buckets.get(address);
    if (entry) this.buckets.delete(address);
    else {
      if (this.buckets.size >= this.maxAddresses) this.makeRoom();
      entry = { bucket: new TokenBucket(this.rate.perSecond, this.rate.burst, this.now), blockedUntil: 0 };
    }
    this.buckets.set(address, entry);
    if (this.wait(entry) > 0) return false;
    if (entry.bucket.take()) return true;
    this.wait(entry);
    return false;
  }

  /** Whole seconds left to wait: a bucket found empty blocks the address until its next token, rounded up to a second. */
  private wait(entry: AddressEntry): number {
    const now = this.now();
    if (entry.blockedUntil <= now) {
      const ms = entry.bucket.msUntil(1);
      if (ms === 0) return 0;
      entry.blockedUntil = now + Math.ceil(ms / 1000) * 1000;
    }
    return Math.ceil((entry.blockedUntil - now) / 1000);
  }

  private makeRoom(): void {
    // A full bucket is the same as a new one: forgetting it changes nothing.
    for (const [address, entry] of this.buckets) if (entry.bucket.full) this.buckets.delete(address);
    // Still full (as many addresses busy at once): the longest unheard-of go, down to nine tenths.
    for (const address of this.buckets.keys()) {
      if (this.buckets.size < this.maxAddresses * 0.9) break;
      this.buckets.delete(address);
    }
  }
}
