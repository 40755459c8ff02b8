// The Baseroom server: one HTTP server (one origin, one port) for the built app, the JSON API and the sync relay.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler } from './api.js';
import { loadOrCreateSecret } from './auth/secret.js';
import type { RelayConfig } from './config.js';
import { attachRelay } from './relay/relay.js';
import { createStaticHandler } from './static.js';
import { openSqliteStore } from './store/sqlite-store.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(config: RelayConfig): Promise<RunningServer> {
  const store = openSqliteStore(config.dataDir, { synchronous: config.storeSync });
  const secret = loadOrCreateSecret(config.dataDir);
  const serveStatic = createStaticHandler(config.staticDir);
  let stats = () => ({ connections: 0, loadedDocs: 0 });
  let closeRevoked = () => {};
  let pupilsAttending = (_providers: readonly string[]): ReadonlySet<string> => new Set();
  const handleApi = createApiHandler({
    store,
    secret,
    stats: () => stats(),
    onRevoked: () => closeRevoked(),
    pupilsAttending: (providers) => pupilsAttending(providers),
  });
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    handleApi(req, res, pathname)
      .then((handled) => (handled ? undefined : serveStatic(req, res)))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'error', reason: 'internal-error' }));
      });
  });
  const relay = attachRelay(server, config, store, secret);
  stats = relay.stats;
  closeRevoked = relay.closeRevoked;
  pupilsAttending = relay.pupilsAttending;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${hostForUrl}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        relay.close();
        store.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
