// The relay's health as /healthz reports it: ok, or degraded with the reason (a full disk, a failed backup).
import { logRelayEvent } from './relay/log.js';

export type HealthSource = 'store' | 'backup';

export interface HealthReport {
  status: 'ok' | 'degraded';
  reason?: string;
}

export class RelayHealth {
  private readonly problems = new Map<HealthSource, string>();

  /** Records a problem; logged once when it starts or changes, not on every repeat. */
  degrade(source: HealthSource, reason: string): void {
    if (this.problems.get(source) === reason) return;
    this.problems.set(source, reason);
    logRelayEvent('degraded', { reason: `${source}:${reason}` });
  }

  recover(source: HealthSource): void {
    if (!this.problems.delete(source)) return;
    logRelayEvent('recovered', { reason: source });
  }

  report(): HealthReport {
    const [first] = this.problems.values();
    return first === undefined ? { status: 'ok' } : { status: 'degraded', reason: first };
  }
}
