// A token bucket: `ratePerSecond` sustained with bursts up to `burst`, used for each device's budgets.
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

  /** Milliseconds until the bucket holds `amount` tokens (0: it does now). */
  msUntil(amount = 1): number {
    this.refill();
    return this.tokens >= amount ? 0 : ((amount - this.tokens) / this.ratePerSecond) * 1000;
  }

  /** Whether the bucket is back to its burst (nothing of it has been used lately). */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.burst;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
  }
}
