// The sync relay on an existing HTTP server: upgrades on /sync/<doc> (and /schools/<school>/sync/<doc>), connections,
// liveness and revocation sweeps, and (several nodes on one store) following the other nodes' commits.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RelayConfig } from '../config.js';
import { parseDocName, scopeAllows, type DeviceRole, type DeviceScope } from '../doc-names.js';
import { DocFollower } from '../bus/follower.js';
import type { FanoutBus } from '../bus/bus.js';
import type { UpdateCommitter } from '../store/group-commit.js';
import { StoreError } from '../store/relay-store.js';
import { defaultSchool, type SchoolStore, type SharedStore } from '../store/shared-store.js';
import { DocRegistry } from './doc-registry.js';
import type { EraseTarget } from '../erase-api.js';
import { closeCodes, RelayConnection } from './connection.js';
import { DeviceBudgets } from './device-budget.js';
import { AddressLimits, refusedUpgradeRate } from '../auth/address-limits.js';
import { clientAddress } from '../auth/pairing-limits.js';
import { logRelayEvent } from './log.js';
import { decideUpgrade, subprotocol, type UpgradeDecision, type UpgradeRefusal } from './upgrade.js';

export interface Relay {
  stats(): { connections: number; loadedDocs: number; commits: number; committedUpdates: number };
  /** Closes every socket of a device just revoked through this node (the API), at once. */
  closeRevoked(school: string, deviceId: string): void;
  /** Pupils who attend any of these providers, as the upgrade decides scope. */
  pupilsAttending(school: string, providers: readonly string[]): Promise<ReadonlySet<string>>;
  /** Erases a pupil or a day everywhere the relay holds it (see erase-api.ts); returns the documents changed. */
  /** Null for a pupil the relay does not know (nothing is changed). */
  erase(school: string, target: EraseTarget, byDeviceId: string): Promise<{ erased: string; changed: string[] } | null>;
  close(): Promise<void>;
}

export interface RelayOptions {
  /** The default school's committer (tests hold commits open); otherwise the store's, per school. */
  committer?: UpdateCommitter;
  /** Several nodes on one store: hints of each other's commits. */
  bus?: FanoutBus | null;
}

const statusText: Record<UpgradeRefusal['status'] | 429 | 503, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** How often the relay looks for revocations made by another process (the CLI, another node). */
const revocationPollMs = 250;

function refuse(socket: Duplex, refusal: { status: keyof typeof statusText; reason: string }, retryAfter?: number): void {
  const body = JSON.stringify({ status: 'error', reason: refusal.reason });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${statusText[refusal.status]}\r\nContent-Type: application/json\r\n` +
      (retryAfter ? `Retry-After: ${retryAfter}\r\n` : '') +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** One school's part of the relay: its view of the store, its loaded documents and where its writes are committed. */
interface SchoolRelay {
  store: SchoolStore;
  registry: DocRegistry;
  committer: UpdateCommitter;
  /** Devices of this school with sockets here that are revoked: they write nothing more. */
  revoked: Set<string>;
  seenChanges: number | null;
  /** When each kind of audit line (action, device, document, detail) was last written. */
  lastLines: Map<string, number>;
  lastTouched: Map<string, number>;
}

export function attachRelay(server: Server, config: RelayConfig, shared: SharedStore, secret: Buffer, options: RelayOptions = {}): Relay {
  const connections = new Set<RelayConnection & { school: string; scope: DeviceScope }>();
  const budgets = new DeviceBudgets(config);
  const refusedUpgrades = new AddressLimits(refusedUpgradeRate);
  const bus = options.bus ?? null;
  const schools = new Map<string, SchoolRelay>();
  // Other nodes' commits reach documents loaded here: a hint, then the rows read from the store by seq.
  const follower = bus ? new DocFollower(shared, bus, (school, docName, rows) => schools.get(school)?.registry.followed(docName, rows)) : null;
  // An erasure through another node: this node's copy goes at once (a lost hint leaves it until a device writes to it,
  // which the store refuses).
  const stopHearingErasures = bus?.onHint((hint) => {
    if ('erased' in hint) schools.get(hint.school)?.registry.erasedElsewhere(hint.docName);
  });
  const schoolRelay = (school: string): SchoolRelay => {
    let relay = schools.get(school);
    if (!relay) {
      const store = shared.forSchool(school);
      const committer =
        school === defaultSchool && options.committer
          ? options.committer
          : shared.committerFor(school, {
              // SQLite writes each message's updates at once and shares one fsync, off the event loop, among all
              // written meanwhile (forwarded once written, acknowledged once durable); PostgreSQL has no such stage and
              // groups a turn's updates into one COMMIT.
              perTurn: config.storeSync === 'full' && shared.multiNode,
              deferSync: config.storeSync === 'full',
              onCommitted: bus ? (docName, seq) => void bus.publish({ school, docName, seq }) : undefined,
            });
      const registry = new DocRegistry(store, config, committer, follower);
      registry.onSchoolChanged = () => void quietly(closeOutOfScope(school));
      schools.set(school, (relay = { store, registry, committer, revoked: new Set(), seenChanges: null, lastLines: new Map(), lastTouched: new Map() }));
    }
    return relay;
  };
  /**
   * Only the default school, unless the store is shared (PostgreSQL). Only a view (nothing is kept for a school a
   * request merely names): a school's part of the relay is set up once a device of it has been let in.
   */
  const servedSchool = (school: string) => (school === defaultSchool || shared.multiNode ? (schools.get(school)?.store ?? shared.forSchool(school)) : null);
  // Coordinators import rosters; room tablets and off-site phones never send so much in one update.
  const writeLimitsFor = (role: DeviceRole) => ({
    maxStructs: role === 'coordinator' ? config.maxStructsPerUpdate : Math.min(config.maxStructsPerUpdate, config.maxStructsPerUpdateTablet),
    maxNewClients: config.maxNewClientsPerUpdate,
    maxClockSpan: 4 * config.maxMessageBytes,
    maxClientsPerDevice: config.maxClientsPerDevice,
    maxInsertScan: config.maxInsertScanPerUpdate,
  });
  // The audit log: a device's opening of, changes to, or refusal (for each reason) on a document, each at most once per
  // 10 minutes (a line is kept for years: a device reconnecting over and over must not add one per socket); every erasure.
  // A refusal's reason counts, not what follows it: a part name after "not-permitted:" is the device's to choose.
  const audit = (school: SchoolRelay, deviceId: string, docName: string, action: 'opened' | 'changed' | 'refused' | 'erased', detail = '') => {
    // Whatever a device does here is also its last contact.
    contact(school, deviceId);
    const at = Date.now();
    if (action !== 'erased') {
      const key = `${action} ${deviceId} ${docName} ${detail.split(':', 1)[0]}`;
      if (at - (school.lastLines.get(key) ?? 0) < 10 * 60_000) return;
      school.lastLines.set(key, at);
    }
    // Committed with the next batch of updates, not on its own (one fsync fewer on a device's first write).
    school.committer.appendAudit({ at, deviceId, docName, action, detail });
  };
  let lastPrune = 0;
  // Last contact per device, written at most once a minute each: the coordinator's list shows it.
  const contact = (school: SchoolRelay, deviceId: string) => {
    const now = Date.now();
    if (now - (school.lastTouched.get(deviceId) ?? 0) < 60_000) return;
    school.lastTouched.set(deviceId, now);
    school.committer.touchDevice(deviceId, now);
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
    // An address whose upgrades were refused too often is refused before its token is even checked (an HMAC each),
    // with one log line when it starts, not one per attempt.
    const address = clientAddress(req, config.trustProxy);
    const retryAfter = refusedUpgrades.retryAfter(address);
    if (retryAfter > 0) return refuse(socket, { status: 429, reason: 'too-many-refused-upgrades' }, retryAfter);
    // The device lookup may wait on the store: the socket says nothing until it is decided.
    const decided = async () => {
      const decision = await decideUpgrade(req, secret, servedSchool, (school, providers) => schoolRelay(school).registry.pupilsAttending(providers));
      // Asked before the handshake: once the socket is open, its first messages must find the connection listening.
      const erased = decision.ok && (await schoolRelay(decision.school).store.erasedAt(decision.docName)) !== null;
      return { decision, erased };
    };
    decided().then(
      ({ decision, erased }) => upgrade(req, socket, head, decision, erased),
      (err: unknown) => {
        // The store could not answer (a full disk, a damaged file, PostgreSQL away): say so, and the device retries later.
        if (err instanceof StoreError) refuse(socket, { status: 503, reason: err.reason });
        else socket.destroy();
      },
    );
  });

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, decision: UpgradeDecision, erased: boolean) => {
    if (socket.destroyed) return;
    if (!decision.ok) {
      if (decision.status !== 404) {
        logRelayEvent('upgrade-refused', { reason: decision.reason, code: decision.status });
        const address = clientAddress(req, config.trustProxy);
        if (!refusedUpgrades.take(address) || refusedUpgrades.retryAfter(address) > 0) {
          logRelayEvent('address-limited', { reason: 'too-many-refused-upgrades' });
        }
      }
      refuse(socket, decision);
      return;
    }
    const { docName, claims } = decision;
    const school = schoolRelay(decision.school);
    const budget = budgets.get(budgetKey(decision.school, claims.deviceId));
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
      if (erased) {
        audit(school, claims.deviceId, docName, 'refused', 'erased');
        ws.close(closeCodes.erased, 'erased');
        return;
      }
      const identity = {
        deviceId: claims.deviceId,
        role: claims.role,
        tokenExpiresAt: claims.expiresAt,
        // Asked of the store before every write (a revocation through another node or the CLI counts at once).
        isRevoked: () => school.revoked.has(claims.deviceId) || school.store.isRevoked(claims.deviceId),
        audit: (doc: string, action: 'opened' | 'changed' | 'refused', detail?: string) => audit(school, claims.deviceId, doc, action, detail),
        // The sweep forgets a budget once its device has no socket: work charged after this one closed goes to the one
        // held now.
        budgetNow: () => budgets.get(budgetKey(decision.school, claims.deviceId)),
      };
      const connection = Object.assign(new RelayConnection(ws, identity, budget, school.registry, docName, { writeLimits: writeLimitsFor(claims.role) }), {
        school: decision.school,
        scope: claims.scope,
      });
      connections.add(connection);
      ws.on('close', () => connections.delete(connection));
    });
  };

  /**
   * Closes the sockets an off-site device holds on pupil records it may no longer open: scope is decided at the upgrade,
   * and a pupil who has left the device's providers (the school document changed) must not be followed on a socket
   * kept open. 1008, not a 44xx: the device may retry, and the upgrade refuses it (403) as for any record out of scope.
   */
  const closeOutOfScope = async (schoolId: string) => {
    const school = schools.get(schoolId);
    if (!school) return;
    for (const connection of connections) {
      if (connection.school !== schoolId || connection.scope.kind !== 'providers') continue;
      const doc = parseDocName(connection.docName);
      if (doc?.kind !== 'pupil') continue;
      const attending = await school.registry.pupilsAttending(connection.scope.providers);
      if (!scopeAllows(connection.scope, doc, connection.deviceId, () => attending)) connection.close(closeCodes.policyViolation, 'out-of-scope');
    }
  };

  /** Closes every socket of every revoked device (asking the store once per device connected here). */
  const closeRevoked = async () => {
    const checked = new Map<string, Promise<boolean>>();
    await Promise.all(
      [...connections].map(async (connection) => {
        const school = schoolRelay(connection.school);
        const key = budgetKey(connection.school, connection.deviceId);
        let is = checked.get(key);
        if (!is) checked.set(key, (is = school.store.getDevice(connection.deviceId).then((d) => d?.revokedAt != null)));
        if (!(await is)) return;
        school.revoked.add(connection.deviceId);
        connection.close(closeCodes.revoked, 'revoked');
      }),
    );
  };
  const quietly = (work: Promise<unknown>) =>
    work.catch((err: unknown) => {
      // The store's failure is on /healthz already; the next poll tries again.
      if (!(err instanceof StoreError)) throw err;
    });
  // A revocation from the CLI (or another node) commits to the store from another process: notice it within a moment.
  let polling = false;
  const revocationPoll = setInterval(() => {
    if (polling) return;
    polling = true;
    void quietly(
      (async () => {
        let changed = false;
        for (const school of schools.values()) {
          const changes = await school.store.externalChanges();
          if (school.seenChanges !== null && changes !== school.seenChanges) changed = true;
          school.seenChanges = changes;
        }
        if (changed) await closeRevoked();
      })(),
    ).finally(() => (polling = false));
  }, revocationPollMs);
  revocationPoll.unref();
  // The default school's changes counted from the start, so a revocation made just after starting is not missed.
  void quietly(schoolRelay(defaultSchool).store.externalChanges().then((n) => (schoolRelay(defaultSchool).seenChanges ??= n)));

  // One sweep does liveness (a missed pong ends the socket), token expiry and forgetting idle budgets.
  const sweep = setInterval(() => {
    const now = Date.now();
    void quietly(closeRevoked());
    for (const connection of connections) {
      if (connection.tokenExpiresAt <= now) connection.close(closeCodes.expired, 'expired');
      else if (!connection.alive) connection.terminate('no-pong');
      else connection.ping();
    }
    budgets.sweep();
    for (const school of schools.values()) {
      for (const [id, at] of school.lastTouched) if (Date.now() - at > 60_000) school.lastTouched.delete(id);
      for (const [key, at] of school.lastLines) if (now - at > 10 * 60_000) school.lastLines.delete(key);
      // Revoked devices are kept only while they still have a socket here (a new one is refused at the upgrade).
      const connected = new Set([...connections].filter((c) => schoolRelay(c.school) === school).map((c) => c.deviceId));
      for (const id of school.revoked) if (!connected.has(id)) school.revoked.delete(id);
    }
    if (now - lastPrune > 60 * 60_000) {
      lastPrune = now;
      // Tried again within the hour.
      for (const school of schools.values()) school.store.pruneAudit(now - config.auditKeepDays * 24 * 60 * 60_000).catch(() => undefined);
    }
  }, config.pingIntervalMs);
  sweep.unref();

  const committers = () => [...schools.values()].map((s) => s.committer);
  return {
    stats: () => ({
      connections: connections.size,
      loadedDocs: [...schools.values()].reduce((n, s) => n + s.registry.loadedCount, 0),
      commits: committers().reduce((n, c) => n + c.commits, 0),
      committedUpdates: committers().reduce((n, c) => n + c.committedUpdates, 0),
    }),
    closeRevoked(school, deviceId) {
      // Nothing more is written for it from this moment, before its sockets are even found.
      schoolRelay(school).revoked.add(deviceId);
      for (const connection of connections) if (connection.school === school && connection.deviceId === deviceId) connection.close(closeCodes.revoked, 'revoked');
    },
    pupilsAttending: (school, providers) => schoolRelay(school).registry.pupilsAttending(providers),
    async erase(schoolId, target, byDeviceId) {
      const school = schoolRelay(schoolId);
      const registry = school.registry;
      // An id the relay holds no pupil under is refused: every map key equal to it would be deleted everywhere
      // (an id such as "name" is a field of every record).
      if (target.kind === 'pupil' && !(await registry.knowsPupil(target.pupilId))) return null;
      const at = Date.now();
      const name = target.kind === 'pupil' ? `pupil/${target.pupilId}` : target.docName;
      // A pupil's entries elsewhere go first: should that fail, their own document is still there to erase again.
      let changed: string[] = [];
      if (target.kind === 'pupil') changed = await registry.erasePupil(target.pupilId, at);
      else await registry.eraseDoc(name, at);
      // The audit line names the action and the opaque document name, never anything that was erased.
      audit(school, byDeviceId, name, 'erased', `by ${byDeviceId}; ${changed.length} other documents changed`);
      void bus?.publish({ school: schoolId, docName: name, erased: true });
      return { erased: name, changed };
    },
    async close() {
      clearInterval(sweep);
      clearInterval(revocationPoll);
      stopHearingErasures?.();
      for (const connection of connections) connection.close(1001, 'relay-stopping');
      wss.close();
      await Promise.all([...schools.values()].map((s) => s.registry.unloadAll()));
      // Only now: each document's compaction on the way out covers the rows up to its follower's cursor.
      follower?.close();
    },
  };
}

/** Budgets are per device; two schools' device ids never share one. */
const budgetKey = (school: string, deviceId: string) => (school === defaultSchool ? deviceId : `${school}/${deviceId}`);
