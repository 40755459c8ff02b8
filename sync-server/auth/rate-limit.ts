// A token bucket: `ratePerSecond` sustained with bursts up to `burst`, used per device and per pairing client.
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes `amount` tokens (one by default); false, taking none, when the bucket holds fewer. */
  take(amount = 1): boolean {
    this.refill();
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }

  /** Spends what was already used (time measured after the fact); false once the bucket is in debt. */
  spend(amount: number): boolean {
    this.refill();
    this.tokens -= amount;
    return this.tokens >= 0;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
  }
}

/** One bucket per key (e.g. remote address), forgetting keys that have been full for a while. */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, { bucket: TokenBucket; seen: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {}

  take(key: string): boolean {
    const now = performance.now();
    if (this.buckets.size > 10_000) {
      for (const [k, v] of this.buckets) if (now - v.seen > 60_000) this.buckets.delete(k);
    }
    const entry = this.buckets.get(key) ?? { bucket: new TokenBucket(this.ratePerSecond, this.burst), seen: now };
    entry.seen = now;
    this.buckets.set(key, entry);
    return entry.bucket.take();
  }
}
