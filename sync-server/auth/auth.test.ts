// Tokens (sign, verify, tamper, expiry) and pairing codes (shape, single use), against the in-memory store.
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.js';
import { adaptSyncStore } from '../store/sync-store-adapter.js';
import { enrolDevice, normaliseCode, pairingCodeLifetimeMs, PairingError, redeemCode } from './pairing.js';
import { TokenBucket } from './rate-limit.js';
import { signToken, TokenError, verifyToken, type TokenClaims } from './tokens.js';

const secret = Buffer.alloc(32, 1);
const claims: TokenClaims = { v: 1, deviceId: 'd-1', role: 'supervisor', scope: { kind: 'room', room: 'base' }, issuedAt: 0, expiresAt: 1_000 };
const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof TokenError || err instanceof PairingError ? err.reason : String(err);
  }
  return 'accepted';
};

describe('device tokens', () => {
  it('round-trips the claims', () => expect(verifyToken(secret, signToken(secret, claims), 999)).toEqual(claims));
  it.each([
    ['missing', undefined],
    ['malformed', 'abc'],
    ['malformed', 'a.b.c'],
    ['bad-signature', signToken(Buffer.alloc(32, 2), claims)],
    ['bad-signature', `${Buffer.from(JSON.stringify({ ...claims, scope: { kind: 'all' } })).toString('base64url')}.${signToken(secret, claims).split('.')[1]}`],
  ])('refuses as %s', (reason, token) => expect(reasonOf(() => verifyToken(secret, token, 0))).toBe(reason));
  it('refuses an expired token', () => expect(reasonOf(() => verifyToken(secret, signToken(secret, claims), 1_000))).toBe('expired'));
  it('refuses a well-signed token with the wrong shape', () => {
    const odd = signToken(secret, { ...claims, role: 'head' } as unknown as TokenClaims);
    expect(reasonOf(() => verifyToken(secret, odd, 0))).toBe('malformed');
  });
});

describe('pairing codes', () => {
  const schoolStore = (school = 'default') => adaptSyncStore(() => createMemoryStore()).forSchool(school);
  const refusal = (pending: Promise<unknown>) => pending.then(() => 'redeemed', (err: unknown) => (err as PairingError).reason);
  it('are 8 unambiguous characters, redeemed once for a token naming role and scope', async () => {
    const store = schoolStore();
    const { code, device } = await enrolDevice(store, { role: 'offsite', scope: { kind: 'providers', providers: ['oakfield'] } }, 0);
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const pairing = await redeemCode(store, secret, ` ${code.toLowerCase()} `, 10);
    expect(pairing).toMatchObject({ deviceId: device.deviceId, role: 'offsite', scope: { kind: 'providers', providers: ['oakfield'] } });
    const claims = verifyToken(secret, pairing.token, 11);
    expect(claims.deviceId).toBe(device.deviceId);
    // The default school's tokens stay exactly as they were: no school claim.
    expect(claims).not.toHaveProperty('school');
    expect(await refusal(redeemCode(store, secret, code, 12))).toBe('invalid-code');
  });
  it("name their school in the token when it is not the default one", async () => {
    const store = schoolStore('oak-academy');
    const { code } = await enrolDevice(store, { role: 'coordinator', scope: { kind: 'all' } }, 0);
    expect(verifyToken(secret, (await redeemCode(store, secret, code, 10)).token, 11).school).toBe('oak-academy');
  });
  it('expire after 24 hours', async () => {
    const store = schoolStore();
    const { code } = await enrolDevice(store, { role: 'coordinator', scope: { kind: 'all' } }, 0);
    expect(await refusal(redeemCode(store, secret, code, pairingCodeLifetimeMs))).toBe('invalid-code');
  });
  it('normalise spacing, dashes and case', () => expect(normaliseCode('ab2c - d3ef')).toBe('AB2CD3EF'));
});

describe('TokenBucket', () => {
  it('allows the burst, then the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 100;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
  });
});
