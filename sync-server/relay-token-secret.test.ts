// TOKEN_SECRET: relays given the same secret accept each other's device tokens, and none keeps a secret file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretFileName } from './auth/secret.js';
import { signToken, tokenLifetimeMs, type TokenClaims } from './auth/tokens.js';
import { openSqliteStore } from './store/sqlite-store.js';
import { startRelay, type RelayProcess } from './test-support/relay-process.js';

describe('TOKEN_SECRET', { timeout: 30_000 }, () => {
  const secretHex = 'c0ffee'.repeat(11).slice(0, 64);
  let nodes: RelayProcess[] = [];
  beforeAll(async () => {
    nodes = await Promise.all([startRelay({ TOKEN_SECRET: secretHex }), startRelay({ TOKEN_SECRET: secretHex })]);
  }, 60_000);
  afterAll(() => Promise.all(nodes.map((n) => n.dispose())));

  it('signs for every relay that shares it: a token one would issue is accepted by both, one signed otherwise by neither', async () => {
    const now = Date.now();
    const claims: TokenClaims = { v: 1, deviceId: 'tablet-1', role: 'coordinator', scope: { kind: 'all' }, issuedAt: now, expiresAt: now + tokenLifetimeMs };
    // Until the relays share a store, the device is enrolled in each one's own.
    for (const node of nodes) {
      const store = openSqliteStore(node.dataDir);
      store.addDevice({ deviceId: claims.deviceId, role: claims.role, scope: claims.scope, name: null, createdAt: now, pairedAt: now, revokedAt: null });
      store.close();
    }
    const whoami = (node: RelayProcess, token: string) => fetch(`${node.httpUrl}/api/whoami`, { headers: { Authorization: `Bearer ${token}` } });
    const token = signToken(Buffer.from(secretHex, 'hex'), claims);
    for (const node of nodes) {
      const res = await whoami(node, token);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ deviceId: 'tablet-1' });
      expect((await whoami(node, signToken(Buffer.alloc(32, 1), claims))).status).toBe(401);
      expect(existsSync(path.join(node.dataDir, secretFileName))).toBe(false);
    }
  });
});
