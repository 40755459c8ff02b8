// The Baseroom server: one HTTP(S) server (one origin, one port) for the built app, the JSON API and the sync relay.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createApiHandler, sendError } from './api.js';
import { loadOrCreateSecret } from './auth/secret.js';
import { scheduleBackups } from './backup-schedule.js';
import type { RelayConfig } from './config.js';
import { RelayHealth } from './health.js';
import { attachRelay, type Relay } from './relay/relay.js';
import { setSecurityHeaders } from './security-headers.js';
import { createStaticHandler } from './static.js';
import { appPath } from './school-path.js';
import { StoreError } from './store/relay-store.js';
import { markRelayRunning } from './store/relay-pid.js';
import { openFanoutBus } from './bus/open-bus.js';
import { openSharedStore } from './store/open-shared-store.js';
import { shareConnectionsByAddress } from './auth/connection-share.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The path of a request, or null when its URL cannot be parsed or percent-decoded. */
function pathnameOf(url: string | undefined): string | null {
  try {
    const pathname = new URL(url ?? '/', 'http://x').pathname;
    decodeURIComponent(pathname);
    return pathname;
  } catch {
    return null;
  }
}

/**
 * Every HTTP request: security headers, then the API, then the built app, at `/` for the default school and at
 * `/schools/<school>/` for each school the relay serves (the API refuses the others first).
 */
export function createRequestListener(
  handleApi: ReturnType<typeof createApiHandler>,
  serveStatic: ReturnType<typeof createStaticHandler>,
  { tls }: { tls: boolean },
): http.RequestListener {
  return (req, res) => {
    setSecurityHeaders(req, res, { tls });
    const pathname = pathnameOf(req.url);
    if (pathname === null) return sendError(res, 400, 'bad-url');
    handleApi(req, res, pathname)
      .then((handled) => (handled ? undefined : serveStatic(req, res, appPath(pathname))))
      .catch((err: unknown) => {
        if (res.headersSent) return void res.end();
        // The store could not answer: the device is told so and tries again; /healthz carries the reason.
        if (err instanceof StoreError) sendError(res, 503, err.reason);
        else sendError(res, 500, 'internal-error');
      });
  };
}

export async function startServer(config: RelayConfig): Promise<RunningServer> {
  const health = new RelayHealth();
  const shared = await openSharedStore(config, health);
  // Several nodes on PostgreSQL hear of each other's commits on the bus (LISTEN/NOTIFY, or Redis with REDIS_URL).
  const bus = config.databaseUrl ? await openFanoutBus({ databaseUrl: config.databaseUrl, redisUrl: config.redisUrl ?? undefined }) : null;
  const secret = config.tokenSecret ?? loadOrCreateSecret(config.dataDir);
  const serveStatic = createStaticHandler(config.staticDir);
  let stats = () => ({ connections: 0, loadedDocs: 0, commits: 0, committedUpdates: 0 });
  let closeRevoked: Relay['closeRevoked'] = () => {};
  let pupilsAttending: Relay['pupilsAttending'] = async () => new Set();
  let erase: Relay['erase'] = () => {
    throw new Error('relay not started');
  };
  const handleApi = createApiHandler({
    shared,
    secret,
    health,
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    stats: () => stats(),
    onRevoked: (school, deviceId) => closeRevoked(school, deviceId),
    pupilsAttending: (school, providers) => pupilsAttending(school, providers),
    connectsPerSecond: config.connectsPerSecond,
    erase: (school, target, by) => erase(school, target, by),
  });
  const tls = config.tls !== null;
  const onRequest = createRequestListener(handleApi, serveStatic, { tls });
  // Headers must arrive within a few seconds, checked every second: half-sent requests cannot pile up.
  const timeouts: http.ServerOptions = {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: 2 * config.headersTimeoutMs,
    connectionsCheckingInterval: 1000,
  };
  const server = config.tls
    ? https.createServer({ ...timeouts, cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, onRequest)
    : http.createServer(timeouts, onRequest);
  server.maxConnections = config.maxConnections;
  if (config.maxConnectionsPerAddress !== null) shareConnectionsByAddress(server, config.maxConnectionsPerAddress);
  const relay = attachRelay(server, config, shared, secret, { bus });
  stats = relay.stats;
  closeRevoked = relay.closeRevoked;
  pupilsAttending = relay.pupilsAttending;
  erase = relay.erase;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  // DATA_DIR holds the store only without DATABASE_URL (PostgreSQL is backed up with pg_dump).
  const unmarkRunning = config.databaseUrl ? () => {} : markRelayRunning(config.dataDir);
  const backups = config.backup && !config.databaseUrl ? scheduleBackups(config.dataDir, config.backup, health) : null;
  const { port } = server.address() as AddressInfo;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `${tls ? 'https' : 'http'}://${hostForUrl}:${port}/`,
    port,
    close: async () => {
      await backups?.stop();
      await relay.close();
      await bus?.close();
      await shared.close();
      unmarkRunning();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
