// Relay configuration from environment variables, validated so a bad value fails loudly at start.
import { z } from 'zod';
import path from 'node:path';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const configSchema = z.object({
  HOST: z.string().min(1).default('localhost'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATA_DIR: z.string().min(1).default('data'),
  STATIC_DIR: z.string().min(1).default('dist'),
  /** Largest WebSocket message accepted; bigger ones close the connection with 1009. */
  MAX_MESSAGE_BYTES: positiveInt(2 * 1024 * 1024).pipe(z.number().max(64 * 1024 * 1024)),
  /** Sustained messages per second per device (all its sockets together), and the burst allowed above it. */
  RATE_LIMIT_PER_SECOND: positiveInt(200),
  RATE_LIMIT_BURST: positiveInt(400),
  /** Bytes per second one device may send, all its sockets together (bursts of 4 × MAX_MESSAGE_BYTES above it). */
  BYTES_PER_SECOND: positiveInt(1024 * 1024),
  /**
   * Bytes one device may send in a day (a bucket that refills over 24 hours): a room's whole day is under 1 MiB, so this
   * only stops a device filling the disk at BYTES_PER_SECOND (some 90 GB a day) until every device is refused.
   */
  BYTES_PER_DAY: positiveInt(256 * 1024 * 1024),
  /** Milliseconds per second the relay may spend checking and applying one device's writes (bursts of 10×). */
  APPLY_MS_PER_SECOND: positiveInt(100),
  /** A device that goes over its budget is kept off the relay this long. */
  COOL_DOWN_MS: positiveInt(60_000),
  /** Sockets one device may hold at once (the app uses at most 24). */
  MAX_SOCKETS_PER_DEVICE: positiveInt(48),
  /**
   * Sockets one device may open per second (bursts of 3×): each opens a document, so a device opening thousands of
   * names cannot fill the relay's memory. The app's pool of 24 catches up about this fast at most.
   */
  CONNECTS_PER_SECOND: positiveInt(30),
  /** Structs (items and deleted ranges) one update may carry: a roster of 2,000 pupils is about 25,000. */
  MAX_STRUCTS_PER_UPDATE: positiveInt(40_000),
  /**
   * The same for room tablets and off-site phones, which never import a roster: a full day in the room offline is
   * about 4,500. Kept low so that no message from a lost tablet can hold the relay for more than tens of ms.
   */
  MAX_STRUCTS_PER_UPDATE_TABLET: positiveInt(10_000),
  /** Yjs client ids never seen before that one update may bring (the app uses one per document per session). */
  MAX_NEW_CLIENTS_PER_UPDATE: positiveInt(256),
  /** Client ids one device may own in one document. */
  MAX_CLIENTS_PER_DEVICE: positiveInt(4096),
  /**
   * Items Yjs may walk past, in all, to place one update's items among concurrent ones. Honest sends walk only what
   * another device wrote at the same place meanwhile; a crafted update can make the walks grow with the square of its
   * size. 50,000 is about 25 ms on a 2-core machine (counting included).
   */
  MAX_INSERT_SCAN_PER_UPDATE: positiveInt(50_000),
  /** Days the audit log (which device opened or changed which document, never content) is kept: 6 years by default. */
  AUDIT_KEEP_DAYS: positiveInt(6 * 365),
  /** How often every socket is pinged; one missing pong and it is terminated. */
  PING_INTERVAL_MS: positiveInt(30_000),
  /** A document with no connections for this long is compacted and dropped from memory. */
  IDLE_UNLOAD_MS: positiveInt(30_000),
  /**
   * full: every acknowledged update survives a power cut (an fsync off the event loop, shared by every update written
   * meanwhile; devices are acknowledged after it, other devices get the change before it). normal: it survives the relay
   * crashing but a power cut may lose the last moments — faster, and devices still hold and resend those changes.
   */
  STORE_SYNC: z.enum(['full', 'normal']).default('full'),
  /** A document's update log is merged into one row once it holds more rows than this. */
  COMPACT_AFTER_UPDATES: positiveInt(500),
  /** Where scheduled backups go (none when unset), how often in minutes, and how many of the newest to keep. */
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_EVERY: z.coerce.number().positive().default(60),
  BACKUP_KEEP: positiveInt(48),
  /** PEM files to serve HTTPS (and wss) directly; both or neither. */
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  /** Behind a reverse proxy: take the client's address from the last X-Forwarded-For entry (for pairing limits). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** The Bearer token /metrics asks for; without one /metrics answers 404. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Open HTTP connections (WebSockets included) beyond which new ones are dropped at once. */
  MAX_CONNECTIONS: positiveInt(4000),
  /**
   * Connections one address (an IPv6 /64) may hold other than devices' sync WebSockets, beyond which its new ones are
   * dropped at once; not applied with TRUST_PROXY=true (every connection then comes from the proxy).
   */
  MAX_CONNECTIONS_PER_ADDRESS: positiveInt(256),
  /** A request's headers must arrive within this, and the whole request within twice it. */
  HEADERS_TIMEOUT_MS: positiveInt(5000),
  /**
   * Signs device tokens instead of DATA_DIR/token-secret: 64 or more hex characters (`openssl rand -hex 32`). Several
   * relays given the same one accept each other's tokens. Required with DATABASE_URL.
   */
  TOKEN_SECRET: z.string().regex(/^(?:[0-9a-fA-F]{2}){32,}$/, 'must be 64 or more hex characters (openssl rand -hex 32)').optional(),
  /** The shared store on PostgreSQL (several relay nodes, several schools), and Redis for the fan-out bus between nodes. */
  DATABASE_URL: z.string().min(1).optional(),
  REDIS_URL: z.string().min(1).optional(),
})
  .refine((c) => (c.TLS_CERT === undefined) === (c.TLS_KEY === undefined), {
    message: 'set both TLS_CERT and TLS_KEY, or neither',
    path: ['TLS_CERT'],
  })
  .refine((c) => c.DATABASE_URL === undefined || c.TOKEN_SECRET !== undefined, {
    message: 'set TOKEN_SECRET too: every relay on the shared store must sign tokens with the same secret',
    path: ['TOKEN_SECRET'],
  })
  .refine((c) => c.REDIS_URL === undefined || c.DATABASE_URL !== undefined, {
    message: 'REDIS_URL only carries the bus between relays on a shared store: set DATABASE_URL too',
    path: ['REDIS_URL'],
  });

export interface RelayConfig {
  host: string;
  port: number;
  dataDir: string;
  staticDir: string;
  maxMessageBytes: number;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  bytesPerSecond: number;
  bytesPerDay: number;
  applyMsPerSecond: number;
  coolDownMs: number;
  maxSocketsPerDevice: number;
  connectsPerSecond: number;
  maxStructsPerUpdate: number;
  maxStructsPerUpdateTablet: number;
  maxNewClientsPerUpdate: number;
  maxClientsPerDevice: number;
  maxInsertScanPerUpdate: number;
  auditKeepDays: number;
  pingIntervalMs: number;
  idleUnloadMs: number;
  compactAfterUpdates: number;
  storeSync: 'full' | 'normal';
  backup: { dir: string; everyMs: number; keep: number } | null;
  tls: { certFile: string; keyFile: string } | null;
  trustProxy: boolean;
  metricsToken: string | null;
  maxConnections: number;
  /** null: not applied (behind a proxy). */
  maxConnectionsPerAddress: number | null;
  headersTimeoutMs: number;
  /** From TOKEN_SECRET; null: the relay keeps its own in DATA_DIR/token-secret. */
  tokenSecret: Buffer | null;
  /** PostgreSQL for the shared state (DATA_DIR then holds nothing shared); null: the SQLite file in DATA_DIR. */
  databaseUrl: string | null;
  /** Redis pub/sub for the hints between nodes; null: LISTEN/NOTIFY on DATABASE_URL. */
  redisUrl: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid relay configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  return {
    host: c.HOST,
    port: c.PORT,
    dataDir: path.resolve(c.DATA_DIR),
    staticDir: path.resolve(c.STATIC_DIR),
    maxMessageBytes: c.MAX_MESSAGE_BYTES,
    rateLimitPerSecond: c.RATE_LIMIT_PER_SECOND,
    rateLimitBurst: c.RATE_LIMIT_BURST,
    bytesPerSecond: c.BYTES_PER_SECOND,
    bytesPerDay: c.BYTES_PER_DAY,
    applyMsPerSecond: c.APPLY_MS_PER_SECOND,
    coolDownMs: c.COOL_DOWN_MS,
    maxSocketsPerDevice: c.MAX_SOCKETS_PER_DEVICE,
    connectsPerSecond: c.CONNECTS_PER_SECOND,
    maxStructsPerUpdate: c.MAX_STRUCTS_PER_UPDATE,
    maxStructsPerUpdateTablet: c.MAX_STRUCTS_PER_UPDATE_TABLET,
    maxNewClientsPerUpdate: c.MAX_NEW_CLIENTS_PER_UPDATE,
    maxClientsPerDevice: c.MAX_CLIENTS_PER_DEVICE,
    maxInsertScanPerUpdate: c.MAX_INSERT_SCAN_PER_UPDATE,
    auditKeepDays: c.AUDIT_KEEP_DAYS,
    pingIntervalMs: c.PING_INTERVAL_MS,
    idleUnloadMs: c.IDLE_UNLOAD_MS,
    compactAfterUpdates: c.COMPACT_AFTER_UPDATES,
    storeSync: c.STORE_SYNC,
    backup: c.BACKUP_DIR ? { dir: path.resolve(c.BACKUP_DIR), everyMs: c.BACKUP_EVERY * 60_000, keep: c.BACKUP_KEEP } : null,
    tls: c.TLS_CERT && c.TLS_KEY ? { certFile: path.resolve(c.TLS_CERT), keyFile: path.resolve(c.TLS_KEY) } : null,
    trustProxy: c.TRUST_PROXY === 'true',
    metricsToken: c.METRICS_TOKEN ?? null,
    maxConnections: c.MAX_CONNECTIONS,
    maxConnectionsPerAddress: c.TRUST_PROXY === 'true' ? null : c.MAX_CONNECTIONS_PER_ADDRESS,
    headersTimeoutMs: c.HEADERS_TIMEOUT_MS,
    tokenSecret: c.TOKEN_SECRET ? Buffer.from(c.TOKEN_SECRET, 'hex') : null,
    databaseUrl: c.DATABASE_URL ?? null,
    redisUrl: c.REDIS_URL ?? null,
  };
}
