// Device tokens: compact HMAC-SHA256-signed claims (base64url(payload).base64url(mac)), checked on every upgrade.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { idPattern } from '../doc-names.js';
import { defaultSchool } from '../store/shared-store.js';

export const tokenLifetimeMs = 365 * 24 * 60 * 60 * 1000;

const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('room'), room: z.string().regex(idPattern) }),
  z.object({ kind: z.literal('providers'), providers: z.array(z.string().regex(idPattern)).min(1) }),
  z.object({ kind: z.literal('all') }),
]);

export const tokenClaimsSchema = z.object({
  v: z.literal(1),
  deviceId: z.string().regex(idPattern),
  role: z.enum(['supervisor', 'offsite', 'coordinator']),
  scope: scopeSchema,
  issuedAt: z.number().int(),
  expiresAt: z.number().int(),
  /** The school (tenant) the device belongs to; absent for the default school, so its tokens stay as they were. */
  school: z.string().regex(idPattern).optional(),
});

export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

/** The school a token's device belongs to. */
export const schoolOf = (claims: TokenClaims): string => claims.school ?? defaultSchool;

export type TokenFailure = 'missing' | 'malformed' | 'bad-signature' | 'expired';

export class TokenError extends Error {
  constructor(readonly reason: TokenFailure) {
    super(`Device token refused: ${reason}`);
    this.name = 'TokenError';
  }
}

const mac = (secret: Buffer, payload: string) => createHmac('sha256', secret).update(payload).digest();

export function signToken(secret: Buffer, claims: TokenClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** Verifies signature, shape and expiry. Revocation is the caller's job (it needs the store). */
export function verifyToken(secret: Buffer, token: string | undefined, now = Date.now()): TokenClaims {
  if (!token) throw new TokenError('missing');
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new TokenError('malformed');
  const [payload, signature] = parts as [string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenError('bad-signature');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('malformed');
  }
  const parsed = tokenClaimsSchema.safeParse(json);
  if (!parsed.success) throw new TokenError('malformed');
  if (parsed.data.expiresAt <= now) throw new TokenError('expired');
  return parsed.data;
}
