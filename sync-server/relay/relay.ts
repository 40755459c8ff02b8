// The sync relay on an existing HTTP server: upgrades on /sync/<doc>, connections, liveness and revocation sweeps.
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RelayConfig } from '../config.js';
import type { DeviceRole } from '../doc-names.js';
import { GroupCommitter, type UpdateCommitter } from '../store/group-commit.js';
import { StoreError, type RelayStore } from '../store/relay-store.js';
import { DocRegistry } from './doc-registry.js';
import type { EraseTarget } from '../erase-api.js';
import { closeCodes, RelayConnection } from './connection.js';
import { DeviceBudgets } from './device-budget.js';
import { logRelayEvent } from './log.js';
import { decideUpgrade, subprotocol, type UpgradeRefusal } from './upgrade.js';

export interface Relay {
  stats(): { connections: number; loadedDocs: number; commits: number; committedUpdates: number };
  /** Closes every socket of a device just revoked in this process (the API), at once. */
  closeRevoked(): void;
  /** Pupils who attend any of these providers, as the upgrade decides scope. */
  pupilsAttending(providers: readonly string[]): ReadonlySet<string>;
  /** Erases a pupil or a day everywhere the relay holds it (see erase-api.ts); returns the documents changed. */
  /** Null for a pupil the relay does not know (nothing is changed). */
  erase(target: EraseTarget, byDeviceId: string): { erased: string; changed: string[] } | null;
  close(): void;
}

const statusText: Record<UpgradeRefusal['status'] | 429 | 503, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** How often the relay looks for revocations made by another process (the CLI). */
const revocationPollMs = 250;

function refuse(socket: Duplex, refusal: { status: keyof typeof statusText; reason: string }): void {
  const body = JSON.stringify({ status: 'error', reason: refusal.reason });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${statusText[refusal.status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function attachRelay(
  server: Server,
  config: RelayConfig,
  store: RelayStore,
  secret: Buffer,
  /** Where documents' updates are committed: group commit over `store` unless given (tests hold commits open). */
  committer: UpdateCommitter = new GroupCommitter(store, { perTurn: false, deferSync: config.storeSync === 'full' }),
): Relay {
  const registry = new DocRegistry(store, config, committer);
  const connections = new Set<RelayConnection>();
  const budgets = new DeviceBudgets(config);
  // Coordinators import rosters; room tablets and off-site phones never send so much in one update.
  const writeLimitsFor = (role: DeviceRole) => ({
    maxStructs: role === 'coordinator' ? config.maxStructsPerUpdate : Math.min(config.maxStructsPerUpdate, config.maxStructsPerUpdateTablet),
    maxNewClients: config.maxNewClientsPerUpdate,
    maxClockSpan: 4 * config.maxMessageBytes,
    maxClientsPerDevice: config.maxClientsPerDevice,
  });
  const isRevoked = (deviceId: string) => store.getDevice(deviceId)?.revokedAt != null;
  // The audit log: every opening and refusal, and a device's changes to a document at most once per 10 minutes.
  const lastChanged = new Map<string, number>();
  const audit = (deviceId: string, docName: string, action: 'opened' | 'changed' | 'refused' | 'erased', detail = '') => {
    // Whatever a device does here is also its last contact.
    contact(deviceId);
    const at = Date.now();
    if (action === 'changed') {
      const key = `${deviceId} ${docName}`;
      if (at - (lastChanged.get(key) ?? 0) < 10 * 60_000) return;
      lastChanged.set(key, at);
    }
    // Committed with the next batch of updates, not on its own (one fsync fewer on a device's first write).
    registry.committer.appendAudit({ at, deviceId, docName, action, detail });
  };
  let lastPrune = 0;
  // Last contact per device, written at most once a minute each: the coordinator's list shows it.
  const lastTouched = new Map<string, number>();
  const contact = (deviceId: string) => {
    const now = Date.now();
    if (now - (lastTouched.get(deviceId) ?? 0) < 60_000) return;
    lastTouched.set(deviceId, now);
    registry.committer.touchDevice(deviceId, now);
  };
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
      decision = decideUpgrade(req, secret, store, (providers) => registry.pupilsAttending(providers));
    } catch (err) {
      // The store could not answer (a full disk, a damaged file): say so, and the device retries later.
      if (err instanceof StoreError) refuse(socket, { status: 503, reason: err.reason });
      else socket.destroy();
      return;
    }
    if (!decision.ok) {
      if (decision.status !== 404) logRelayEvent('upgrade-refused', { reason: decision.reason, code: decision.status });
      refuse(socket, decision);
      return;
    }
    const { docName, claims } = decision;
    const budget = budgets.get(claims.deviceId);
    const overCap = budget.blocked || budget.sockets >= config.maxSocketsPerDevice;
    if (overCap || !budget.admitConnection()) {
      const reason = budget.blocked ? 'cooling-down' : overCap ? 'too-many-connections' : 'connecting-too-fast';
      logRelayEvent('upgrade-refused', { deviceId: claims.deviceId, reason, code: 429 });
      refuse(socket, { status: 429, reason });
      return;
    }
    // Counted now, so upgrades still in flight cannot pass the cap together; uncounted when the handshake ends either way.
    budget.sockets++;
    let handshaking = true;
    const handshakeOver = () => {
      if (handshaking) budget.sockets--;
      handshaking = false;
    };
    socket.once('close', handshakeOver);
    wss.handleUpgrade(req, socket, head, (ws) => {
      handshakeOver();
      // An erased document is refused after the handshake, so the device hears why (a close code, not a failed
      // upgrade) and deletes its copy rather than uploading it again.
      let erased: boolean;
      try {
        erased = store.erasedAt(docName) !== null;
      } catch (err) {
        ws.close(closeCodes.internalError, err instanceof StoreError ? err.reason : 'open-failed');
        return;
      }
      if (erased) {
        audit(claims.deviceId, docName, 'refused', 'erased');
        ws.close(closeCodes.erased, 'erased');
        return;
      }
      const identity = {
        deviceId: claims.deviceId,
        role: claims.role,
        tokenExpiresAt: claims.expiresAt,
        isRevoked: () => isRevoked(claims.deviceId),
        audit: (doc: string, action: 'opened' | 'changed' | 'refused', detail?: string) => audit(claims.deviceId, doc, action, detail),
      };
      let connection: RelayConnection;
      try {
        connection = new RelayConnection(ws, identity, budget, registry, docName, { writeLimits: writeLimitsFor(claims.role) });
      } catch (err) {
        const reason = err instanceof StoreError ? err.reason : 'open-failed';
        logRelayEvent('open-failed', { deviceId: claims.deviceId, docName, reason });
        ws.close(closeCodes.internalError, reason);
        return;
      }
      connections.add(connection);
      ws.on('close', () => connections.delete(connection));
    });
  });

  /** Closes every socket of every revoked device. */
  const closeRevoked = () => {
    const revoked = new Map<string, boolean>();
    for (const connection of connections) {
      let is = revoked.get(connection.deviceId);
      if (is === undefined) revoked.set(connection.deviceId, (is = isRevoked(connection.deviceId)));
      if (is) connection.close(closeCodes.revoked, 'revoked');
    }
  };
  // A revocation from the CLI commits to the store from another process: notice it within a moment.
  let seenChanges = store.externalChanges();
  const revocationPoll = setInterval(() => {
    try {
      const changes = store.externalChanges();
      if (changes === seenChanges) return;
      seenChanges = changes;
      closeRevoked();
    } catch (err) {
      // The store's failure is on /healthz already; the next poll tries again.
      if (!(err instanceof StoreError)) throw err;
    }
  }, revocationPollMs);
  revocationPoll.unref();

  // One sweep does liveness (a missed pong ends the socket), token expiry and forgetting idle budgets.
  const sweep = setInterval(() => {
    const now = Date.now();
    try {
      closeRevoked();
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
    }
    for (const connection of connections) {
      if (connection.tokenExpiresAt <= now) connection.close(closeCodes.expired, 'expired');
      else if (!connection.alive) connection.terminate('no-pong');
      else connection.ping();
    }
    budgets.sweep();
    for (const [id, at] of lastTouched) if (Date.now() - at > 60_000) lastTouched.delete(id);
    for (const [key, at] of lastChanged) if (now - at > 10 * 60_000) lastChanged.delete(key);
    if (now - lastPrune > 60 * 60_000) {
      lastPrune = now;
      try {
        store.pruneAudit(now - config.auditKeepDays * 24 * 60 * 60_000);
      } catch {
        // Tried again within the hour.
      }
    }
  }, config.pingIntervalMs);
  sweep.unref();

  return {
    stats: () => ({ connections: connections.size, loadedDocs: registry.loadedCount, commits: committer.commits, committedUpdates: committer.committedUpdates }),
    closeRevoked,
    pupilsAttending: (providers) => registry.pupilsAttending(providers),
    erase(target, byDeviceId) {
      // An id the relay holds no pupil under is refused: every map key equal to it would be deleted everywhere
      // (an id such as "name" is a field of every record).
      if (target.kind === 'pupil' && !registry.knowsPupil(target.pupilId)) return null;
      const at = Date.now();
      const name = target.kind === 'pupil' ? `pupil/${target.pupilId}` : target.docName;
      // A pupil's entries elsewhere go first: should that fail, their own document is still there to erase again.
      const changed = target.kind === 'pupil' ? registry.removePupilEverywhere(target.pupilId) : [];
      registry.eraseDoc(name, at);
      // The audit line names the action and the opaque document name, never anything that was erased.
      audit(byDeviceId, name, 'erased', `by ${byDeviceId}; ${changed.length} other documents changed`);
      return { erased: name, changed };
    },
    close() {
      clearInterval(sweep);
      clearInterval(revocationPoll);
      for (const connection of connections) connection.close(1001, 'relay-stopping');
      wss.close();
      registry.unloadAll();
    },
  };
}
