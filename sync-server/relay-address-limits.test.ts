// Requests anyone may make that cost the relay an HMAC before it knows who sent them (a refused sync upgrade, an erase
// check) are limited per address, through the real relay: 429 with Retry-After, and other addresses unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseCheckRate, refusedUpgradeRate } from './auth/address-limits.js';
import { coordinator } from './test-support/devices.js';
import { tryUpgrade, type UpgradeOutcome } from './test-support/raw-socket.js';
import { startRelay, type RelayProcess } from './test-support/relay-process.js';

const docName = 'room/base/2026-12-02';
const forged = 'eyJ2IjoxfQ.not-a-signature';

describe('limits per address on requests that cost the relay work', { timeout: 60_000 }, () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    // Behind a proxy: each test speaks from addresses of its own (X-Forwarded-For), as devices behind it would.
    relay = await startRelay({ TRUST_PROXY: 'true' });
  }, 30_000);
  afterAll(() => relay?.dispose());

  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const closeIfOpen = (outcome: UpgradeOutcome) => {
    if (outcome.opened) outcome.socket.close();
    return outcome;
  };

  it('refuses upgrades from an address after too many refused ones, before checking its token (429, Retry-After)', async () => {
    const attacker = from('198.51.100.7');
    const genuine = coordinator(relay.dataDir).token;
    const statuses: number[] = [];
    let limited: UpgradeOutcome | undefined;
    // The bucket refills as the test runs: a little more than the burst gets through.
    for (let i = 0; i < refusedUpgradeRate.burst * 3 && !limited; i++) {
      const outcome = await tryUpgrade(relay.wsUrl, docName, ['baseroom', forged], attacker);
      if (!outcome.opened && outcome.status === 429) limited = outcome;
      else statuses.push(outcome.opened ? 101 : outcome.status);
    }
    expect(statuses.length).toBeGreaterThanOrEqual(refusedUpgradeRate.burst);
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(limited).toMatchObject({ opened: false, status: 429, reason: 'too-many-refused-upgrades' });
    expect(Number((limited as { retryAfter?: string }).retryAfter)).toBeGreaterThanOrEqual(1);
    // The token is not even looked at: a genuine one from that address waits too (as a device behind the same NAT would).
    expect(closeIfOpen(await tryUpgrade(relay.wsUrl, docName, ['baseroom', genuine], attacker))).toMatchObject({ opened: false, status: 429 });
    // Every other address is served as before.
    expect(closeIfOpen(await tryUpgrade(relay.wsUrl, docName, ['baseroom', genuine], from('203.0.113.20')))).toMatchObject({ opened: true });
    expect(closeIfOpen(await tryUpgrade(relay.wsUrl, docName, ['baseroom', forged], from('203.0.113.21')))).toMatchObject({ opened: false, status: 401 });
    // One log line when the address is limited, not one per refused attempt.
    expect(relay.log().match(/address-limited/g)).toHaveLength(1);
  });

  it('answers erase checks from an address 429 with Retry-After beyond its rate, and other addresses as before', async () => {
    const check = (address: string) =>
      fetch(`${relay.httpUrl}/api/erase-check`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...from(address) },
        body: JSON.stringify({ deviceId: 'd-0123456789ab', ticket: 'not-the-ticket' }),
      });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < eraseCheckRate.burst * 3 && !limited; i++) {
      const res = await check('198.51.100.8');
      if (res.status === 429) limited = res;
      else statuses.push(res.status);
      await res.body?.cancel();
    }
    expect(statuses.length).toBeGreaterThanOrEqual(eraseCheckRate.burst);
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await check('203.0.113.30')).status).toBe(401);
  });
});
