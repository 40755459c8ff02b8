// A relay in this process over a given store, on a free loopback port, with coordinator devices paired for the test.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signToken, tokenLifetimeMs } from '../auth/tokens.js';
import { loadConfig, type RelayConfig } from '../config.js';
import { attachRelay, type RelayOptions } from '../relay/relay.js';
import type { RelayStore } from '../store/relay-store.js';
import { adaptSyncStore } from '../store/sync-store-adapter.js';

/** Listens once the devices are in the store; `tokens` are theirs, in order. `close` ends the relay and every socket. */
export async function inProcessRelay(store: RelayStore, deviceIds: string[], config: RelayConfig = loadConfig({}), options: RelayOptions = {}) {
  const secret = randomBytes(32);
  const now = Date.now();
  const tokens = deviceIds.map((deviceId) => {
    store.addDevice({ deviceId, role: 'coordinator', scope: { kind: 'all' }, name: null, createdAt: now, pairedAt: now, revokedAt: null });
    return signToken(secret, { v: 1, deviceId, role: 'coordinator', scope: { kind: 'all' }, issuedAt: now, expiresAt: now + tokenLifetimeMs });
  });
  const server = http.createServer();
  const relay = attachRelay(server, config, adaptSyncStore(() => store), secret, options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/sync`;
  const close = () => {
    void relay.close();
    server.closeAllConnections();
    server.close();
  };
  return { wsUrl, tokens, close };
}
