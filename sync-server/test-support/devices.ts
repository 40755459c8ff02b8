// Test driver: enrolled devices with tokens signed by the relay's own secret (or deliberately bad ones).
import { loadOrCreateSecret } from '../auth/secret.js';
import { signToken, tokenLifetimeMs, type TokenClaims } from '../auth/tokens.js';
import type { DeviceRole, DeviceScope } from '../doc-names.js';
import { openSqliteStore } from '../store/sqlite-store.js';

let counter = 0;

export interface TestDevice {
  deviceId: string;
  token: string;
  claims: TokenClaims;
}

/** Adds a device straight to the store in dataDir (the relay may be running) and signs its token. */
export function mintDevice(
  dataDir: string,
  role: DeviceRole,
  scope: DeviceScope,
  options: { expiresAt?: number; revoked?: boolean } = {},
): TestDevice {
  const deviceId = `test-${process.pid}-${++counter}`;
  const now = Date.now();
  const store = openSqliteStore(dataDir);
  try {
    store.addDevice({ deviceId, role, scope, name: null, createdAt: now, pairedAt: now, revokedAt: options.revoked ? now : null });
  } finally {
    store.close();
  }
  const claims: TokenClaims = { v: 1, deviceId, role, scope, issuedAt: now, expiresAt: options.expiresAt ?? now + tokenLifetimeMs };
  return { deviceId, token: signToken(loadOrCreateSecret(dataDir), claims), claims };
}

export const coordinator = (dataDir: string) => mintDevice(dataDir, 'coordinator', { kind: 'all' });
