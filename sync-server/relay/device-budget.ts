// What one device may cost the relay, shared by all its sockets: messages, bytes and time spent applying its writes.
import { TokenBucket } from '../auth/rate-limit.js';

export interface BudgetLimits {
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Bytes per second a device may send, with a burst of `maxMessageBytes` × 4 above it. */
  bytesPerSecond: number;
  /** Bytes a device may send in a day (refilled over 24 hours): what its writes may add to the store. */
  bytesPerDay: number;
  maxMessageBytes: number;
  /** Milliseconds per second the relay may spend checking and applying one device's writes, burst 10×. */
  applyMsPerSecond: number;
  /** How long a device that ran over its budget is kept off the relay. */
  coolDownMs: number;
  /** Sockets a device may open per second (bursts of 3×). */
  connectsPerSecond: number;
}

export type OverBudget = 'rate-limited' | 'too-many-bytes' | 'too-many-bytes-today' | 'too-costly';

export class DeviceBudget {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  private readonly bytesToday: TokenBucket;
  private readonly applyMs: TokenBucket;
  private readonly connects: TokenBucket;
  private blockedUntil = 0;
  sockets = 0;
  /** The device's open sockets, each with the bytes of replies it still has to take: capped together (connection.ts). */
  readonly outgoing = new Set<{ readonly bufferedAmount: number }>();

  constructor(private readonly limits: BudgetLimits) {
    this.messages = new TokenBucket(limits.rateLimitPerSecond, limits.rateLimitBurst);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.maxMessageBytes * 4);
    this.bytesToday = new TokenBucket(limits.bytesPerDay / 86_400, limits.bytesPerDay);
    this.applyMs = new TokenBucket(limits.applyMsPerSecond, limits.applyMsPerSecond * 10);
    this.connects = new TokenBucket(limits.connectsPerSecond, limits.connectsPerSecond * 3);
  }

  /** Takes one socket opening; false when the device opens sockets faster than it may. */
  admitConnection(): boolean {
    return this.connects.take();
  }

  get blocked(): boolean {
    return performance.now() < this.blockedUntil;
  }

  /** Charges one message of `size` bytes; the reason when the device is over its budget. */
  admit(size: number): OverBudget | null {
    if (!this.messages.take()) return this.block('rate-limited');
    if (!this.bytes.take(size)) return this.block('too-many-bytes');
    if (!this.bytesToday.take(size)) return this.block('too-many-bytes-today');
    return null;
  }

  /** Nothing to remember: no socket, not cooling down, and a full day's bytes to spend (a new budget would be the same). */
  get forgettable(): boolean {
    return this.sockets === 0 && !this.blocked && this.bytesToday.full;
  }

  /** Bytes of replies waiting to be sent on all of the device's sockets. */
  get bufferedBytes(): number {
    let total = 0;
    for (const socket of this.outgoing) total += socket.bufferedAmount;
    return total;
  }

  /** Charges what a write adds to the store beyond its own bytes (already charged) to the day's bytes. */
  stored(bytes: number): OverBudget | null {
    return this.bytesToday.spend(bytes) ? null : this.block('too-many-bytes-today');
  }

  /** Charges time already spent on the device's write. */
  spent(ms: number): OverBudget | null {
    return this.applyMs.spend(ms) ? null : this.block('too-costly');
  }

  private block(reason: OverBudget): OverBudget {
    this.blockedUntil = performance.now() + this.limits.coolDownMs;
    return reason;
  }
}

/** One budget per device while it has sockets (while it is cooling down, and until its day's bytes have refilled). */
export class DeviceBudgets {
  private readonly budgets = new Map<string, DeviceBudget>();

  constructor(private readonly limits: BudgetLimits) {}

  get(deviceId: string): DeviceBudget {
    let budget = this.budgets.get(deviceId);
    if (!budget) {
      budget = new DeviceBudget(this.limits);
      this.budgets.set(deviceId, budget);
    }
    return budget;
  }

  /**
   * Forgets devices with no sockets that are not cooling down and have spent none of the day's bytes lately (kept
   * otherwise, so a device cannot start the day afresh by closing its sockets; one entry per enrolled device at most).
   */
  sweep(): void {
    for (const [id, budget] of this.budgets) if (budget.forgettable) this.budgets.delete(id);
  }
}
