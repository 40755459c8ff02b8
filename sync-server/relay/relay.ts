// The sync relay on an existing HTTP server: upgrades on /sync/<doc>, connections, liveness and revocation sweeps.
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RelayConfig } from '../config.js';
import type { RelayStore } from '../store/relay-store.js';
import { DocRegistry } from './doc-registry.js';
import { closeCodes, RelayConnection } from './connection.js';
import { logRelayEvent } from './log.js';
import { decideUpgrade, subprotocol, type UpgradeRefusal } from './upgrade.js';

export interface Relay {
  stats(): { connections: number; loadedDocs: number };
  close(): void;
}

const statusText: Record<UpgradeRefusal['status'], string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
};

function refuse(socket: Duplex, refusal: UpgradeRefusal): void {
  const body = JSON.stringify({ status: 'error', reason: refusal.reason });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${statusText[refusal.status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function attachRelay(server: Server, config: RelayConfig, store: RelayStore, secret: Buffer): Relay {
  const registry = new DocRegistry(store, config);
  const connections = new Set<RelayConnection>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxMessageBytes,
    perMessageDeflate: false,
    // Answer with our protocol name only: the token offered beside it must never be echoed back.
    handleProtocols: (offered) => (offered.has(subprotocol) ? subprotocol : false),
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    let decision;
    try {
      decision = decideUpgrade(req, secret, store);
    } catch {
      socket.destroy();
      return;
    }
    if (!decision.ok) {
      if (decision.status !== 404) logRelayEvent('upgrade-refused', { reason: decision.reason, code: decision.status });
      refuse(socket, decision);
      return;
    }
    const { docName, claims } = decision;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new RelayConnection(ws, claims.deviceId, claims.expiresAt, registry, docName, config);
      connections.add(connection);
      ws.on('close', () => connections.delete(connection));
    });
  });

  // One sweep does liveness (a missed pong ends the socket), revocation and token expiry.
  const sweep = setInterval(() => {
    const now = Date.now();
    const revoked = new Map<string, boolean>();
    for (const connection of connections) {
      let isRevoked = revoked.get(connection.deviceId);
      if (isRevoked === undefined) {
        isRevoked = store.getDevice(connection.deviceId)?.revokedAt != null;
        revoked.set(connection.deviceId, isRevoked);
      }
      if (isRevoked) connection.close(closeCodes.revoked, 'revoked');
      else if (connection.tokenExpiresAt <= now) connection.close(closeCodes.expired, 'expired');
      else if (!connection.alive) connection.terminate('no-pong');
      else connection.ping();
    }
  }, config.pingIntervalMs);
  sweep.unref();

  return {
    stats: () => ({ connections: connections.size, loadedDocs: registry.loadedCount }),
    close() {
      clearInterval(sweep);
      for (const connection of connections) connection.close(1001, 'relay-stopping');
      wss.close();
      registry.unloadAll();
    },
  };
}
