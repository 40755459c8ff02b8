// JSON endpoints beside the relay: POST /api/pair, GET /api/whoami, GET /api/docs, /api/devices, /api/audit, POST /api/erase,
// POST /api/erase-check, GET /metrics, GET /healthz. Errors are {status:'error', reason}.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { clientAddress, PairingLimits, type PairingAttempts } from './auth/pairing-limits.js';
import { AddressLimits, eraseCheckRate } from './auth/address-limits.js';
import { PairingError, redeemCode } from './auth/pairing.js';
import { schoolOf, TokenError, verifyToken, type TokenClaims } from './auth/tokens.js';
import { parseDocName, scopeAllows } from './doc-names.js';
import type { RelayHealth } from './health.js';
import { splitSchoolPath } from './school-path.js';
import { defaultSchool, type SchoolStore, type SharedStore } from './store/shared-store.js';
import { createDeviceRoutes } from './device-api.js';
import { createEraseRoute, type EraseTarget } from './erase-api.js';
import { readBody, sendError, sendJson } from './http-json.js';

export { sendError };

const pairRequestSchema = z.object({ code: z.string().min(1).max(32) });
const eraseCheckSchema = z.object({ deviceId: z.string().regex(/^[a-z0-9-]{1,64}$/), ticket: z.string().min(1).max(100) });

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Listing a device's documents reads every document's version and keys a tag for each: a device's background
 * catch-up asks once per pass (a minute apart, or on an event; tests run passes every 200 ms), so five a second is plenty.
 */
const listingsPerSecond = 5;
const listingsBurst = 20;

export interface ApiDeps {
  /** Every school's state; each request reaches only its own school's view. */
  shared: SharedStore;
  secret: Buffer;
  health: RelayHealth;
  /** Take the client's address from X-Forwarded-For (set by the school's reverse proxy). */
  trustProxy: boolean;
  /** /metrics answers only a request bearing this token; null: /metrics is not served. */
  metricsToken: string | null;
  stats(): { connections: number; loadedDocs: number; commits: number; committedUpdates: number };
  /** Closes the sockets of a device revoked a moment ago (the relay's). */
  onRevoked?(school: string, deviceId: string): void;
  /** Pupils who attend any of these providers (the relay's index of the school document). */
  pupilsAttending?(school: string, providers: readonly string[]): Promise<ReadonlySet<string>>;
  /** Sockets one device may open per second: told to devices so their background catch-up keeps under it. */
  connectsPerSecond?: number;
  /** Erases a pupil or a day everywhere on the relay (the relay's). */
  erase?(school: string, target: EraseTarget, byDeviceId: string): Promise<{ erased: string; changed: string[] } | null>;
}

/**
 * The schools a trust's relay serves: those with a device enrolled (a school exists from its first `enrol --school`,
 * and a device is never deleted, only revoked, so a school once known stays known). Only the yes answers are kept, so a
 * newly enrolled school is served at once, and only so many, so addresses naming made-up schools grow nothing.
 */
class KnownSchools {
  private readonly known = new Set<string>();

  async has(store: SchoolStore): Promise<boolean> {
    if (store.school === defaultSchool || this.known.has(store.school)) return true;
    const enrolled = (await store.listDevices()).length > 0;
    if (enrolled && this.known.size < 10_000) this.known.add(store.school);
    return enrolled;
  }
}

/** Returns a handler that answers its routes and returns false for everything else. */
const noRelay = (): never => {
  throw new Error('no relay to erase from');
};

export function createApiHandler({ shared, secret, health, trustProxy, metricsToken, stats, onRevoked = () => {}, pupilsAttending = async () => new Set(), erase = noRelay, connectsPerSecond }: ApiDeps) {
  const deviceRoutes = createDeviceRoutes({ onRevoked });
  const eraseRoute = createEraseRoute({ erase });
  // Guessing one of a school's live codes (8 characters from 31 symbols) is hopeless at a handful of tries per
  // address; wrong codes back the address off, and nothing is shared between addresses that guessers could exhaust.
  // Shared by every node when the store is (PostgreSQL); otherwise this process's own.
  const local = new PairingLimits();
  const limits: PairingAttempts = shared.pairingAttempts ?? { waitFor: async (a) => local.waitFor(a), failed: async (a) => local.failed(a) };
  const startedAt = Date.now();
  // Per device (school and id), bounded like the per-address limits.
  const listings = new AddressLimits({ perSecond: listingsPerSecond, burst: listingsBurst });
  const eraseChecks = new AddressLimits(eraseCheckRate);
  const schools = new KnownSchools();

  async function pair(req: IncomingMessage, res: ServerResponse, store: SchoolStore): Promise<void> {
    const address = clientAddress(req, trustProxy);
    // The code first, then the back-off as it stands now: checked when the headers came, it let an address hold
    // thousands of requests open and send their codes together, every one of them already past the check.
    const body = await readBody(req, res, pairRequestSchema);
    if (!body) return;
    const waitMs = await limits.waitFor(address);
    if (waitMs > 0) return sendError(res, 429, 'too-many-attempts', { 'Retry-After': String(Math.ceil(waitMs / 1000)) });
    try {
      const paired = await redeemCode(store, secret, body.code);
      sendJson(res, 200, { ...paired, eraseCheck: eraseTicket(store.school, paired.deviceId) });
    } catch (err) {
      if (!(err instanceof PairingError)) throw err;
      await limits.failed(address);
      return sendError(res, 401, err.reason);
    }
  }

  /**
   * The calling device's identity from its Bearer token, or null after answering 401 (or 403 for a device of
   * another school than the path's: a token never reaches another school's routes).
   */
  async function authenticate(req: IncomingMessage, res: ServerResponse, store: SchoolStore): Promise<TokenClaims | null> {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    try {
      const claims = verifyToken(secret, token);
      if (schoolOf(claims) !== store.school) return sendError(res, 403, 'wrong-school'), null;
      const device = await store.getDevice(claims.deviceId);
      if (!device) return sendError(res, 401, 'unknown-device'), null;
      if (device.revokedAt !== null) return sendError(res, 401, 'revoked'), null;
      return claims;
    } catch (err) {
      if (err instanceof TokenError) return sendError(res, 401, err.reason), null;
      throw err;
    }
  }

  async function whoami(req: IncomingMessage, res: ServerResponse, store: SchoolStore): Promise<void> {
    const claims = await authenticate(req, res, store);
    if (claims) sendJson(res, 200, { deviceId: claims.deviceId, role: claims.role, scope: claims.scope, eraseCheck: eraseTicket(store.school, claims.deviceId) });
  }

  /**
   * A device's erase-check ticket: it may ask whether it was signed out, and nothing else. The device keeps it outside
   * its encrypted records (the token is inside them), so a device that stays locked can still learn it must erase.
   */
  const eraseTicket = (school: string, deviceId: string) =>
    createHmac('sha256', secret).update(`erase-check\0${school}\0${deviceId}`).digest('base64url');

  /**
   * POST /api/erase-check {deviceId, ticket}: 200 {erase} (true once the device is revoked), 401 for a wrong ticket.
   * Anyone may ask and each question costs an HMAC: so many a second per address (429 with Retry-After beyond).
   */
  async function eraseCheck(req: IncomingMessage, res: ServerResponse, store: SchoolStore): Promise<void> {
    const address = clientAddress(req, trustProxy);
    if (!eraseChecks.take(address)) return sendError(res, 429, 'too-many-requests', { 'Retry-After': String(eraseChecks.retryAfter(address)) });
    const body = await readBody(req, res, eraseCheckSchema);
    if (!body) return;
    if (!timingSafeEqual(digest(body.ticket), digest(eraseTicket(store.school, body.deviceId)))) return sendError(res, 401, 'wrong-ticket');
    const device = await store.getDevice(body.deviceId);
    sendJson(res, 200, { erase: device?.revokedAt != null });
  }

  /**
   * The documents on the relay this device may open, so a newly paired device can fetch them all, each with a
   * version tag that changes whenever the relay's copy changes: a device opens only those whose tag moved since it
   * last caught up. Tags are keyed with the relay's secret, so they say nothing about writes to other documents.
   */
  async function docs(req: IncomingMessage, res: ServerResponse, store: SchoolStore): Promise<void> {
    const claims = await authenticate(req, res, store);
    if (!claims) return;
    const device = `${store.school}\0${claims.deviceId}`;
    if (!listings.take(device)) return sendError(res, 429, 'listing-too-often', { 'Retry-After': String(listings.retryAfter(device)) });
    const scope = claims.scope;
    const pupils = scope.kind === 'providers' ? await pupilsAttending(store.school, scope.providers) : new Set<string>();
    const attending = () => pupils;
    const versions: Record<string, string> = {};
    const [generation, stored] = await Promise.all([store.generation(), store.docVersions()]);
    for (const [name, version] of stored) {
      const parsed = parseDocName(name);
      // Another off-site device's cohort is out of scope; coordinators have no use for cohorts either.
      if (parsed === null || parsed.kind === 'cohort' || !scopeAllows(scope, parsed, claims.deviceId, attending)) continue;
      versions[name] = versionTag(generation, store.school, name, version);
    }
    sendJson(res, 200, { docs: Object.keys(versions).sort(), versions, ...(connectsPerSecond ? { connectsPerSecond } : {}) });
  }

  /**
   * The store's generation ('' until a restore) goes in front: a restored log's versions climb back through numbers
   * devices saw before, with other content, so every tag must change across a restore (and did not before one).
   */
  const versionTag = (generation: string, school: string, name: string, version: number) => {
    const key = school === defaultSchool ? `${name}\0${version}` : `${school}\0${name}\0${version}`;
    return createHmac('sha256', secret).update(generation === '' ? key : `${generation}\0${key}`).digest('base64url').slice(0, 16);
  };

  function metrics(req: IncomingMessage, res: ServerResponse): void {
    if (metricsToken === null) return sendError(res, 404, 'not-found');
    const header = req.headers.authorization ?? '';
    const offered = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (!timingSafeEqual(digest(offered), digest(metricsToken))) {
      return sendError(res, 401, 'missing-or-wrong-metrics-token', { 'WWW-Authenticate': 'Bearer' });
    }
    const memory = process.memoryUsage();
    sendJson(res, 200, {
      ...stats(),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    });
  }

  /** 200 {status:'ok'}, or 503 {status:'degraded', reason} while the store or the backups are failing. */
  function healthz(res: ServerResponse): void {
    const report = health.report();
    sendJson(res, report.status === 'ok' ? 200 : 503, report);
  }

  /**
   * Answers the API (and a school's bare address) and returns true; returns false for a path of the app of a school
   * this relay serves, for the caller to serve the built app at the path within the school (`appPath`).
   */
  return async function handleApi(req: IncomingMessage, res: ServerResponse, fullPathname: string): Promise<boolean> {
    if (`${req.method} ${fullPathname}` === 'GET /metrics') return metrics(req, res), true;
    if (`${req.method} ${fullPathname}` === 'GET /healthz') return healthz(res), true;
    const split = splitSchoolPath(fullPathname);
    // Other schools than the default live only in a shared store (PostgreSQL): a single school's relay has no others.
    const servesSchools = shared.multiNode;
    if (!split || (split.school !== defaultSchool && !servesSchools)) {
      // `/schools/<school>` typed without its last slash: the school's app is at `/schools/<school>/`.
      const bare = servesSchools && (req.method === 'GET' || req.method === 'HEAD') ? splitSchoolPath(`${fullPathname}/`) : null;
      if (bare?.rest === '/') return res.writeHead(308, { Location: `${fullPathname}/` }).end(), true;
      return sendError(res, 404, 'not-found'), true;
    }
    const pathname = split.rest;
    const store = shared.forSchool(split.school);
    // Anything else on a school's path is its app (the same built files at every school's address), for a school
    // this relay serves; a school with no device enrolled answers 404, as an ill-formed id does.
    if (!pathname.startsWith('/api/')) return (await schools.has(store)) ? false : (sendError(res, 404, 'not-found'), true);
    const route = `${req.method} ${pathname}`;
    if (route === 'POST /api/pair') await pair(req, res, store);
    else if (route === 'GET /api/whoami') await whoami(req, res, store);
    else if (route === 'GET /api/docs') await docs(req, res, store);
    else if (route === 'POST /api/erase-check') await eraseCheck(req, res, store);
    else if (pathname === '/api/erase') {
      const caller = await authenticate(req, res, store);
      if (caller) await eraseRoute(req, res, caller);
    }
    else if (pathname.startsWith('/api/devices') || pathname === '/api/audit') {
      const caller = await authenticate(req, res, store);
      if (caller && !(await deviceRoutes(req, res, pathname, caller, store))) sendError(res, 404, 'not-found');
    } else sendError(res, 404, 'not-found');
    return true;
  };
}
