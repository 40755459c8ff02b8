// Configuration from the environment: defaults, parsed values, and a clear error (and exit) for bad ones.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { runRelayCommand } from './test-support/relay-process.js';

describe('loadConfig', () => {
  it('fills in defaults', () => {
    expect(loadConfig({})).toMatchObject({
      host: 'localhost',
      port: 8080,
      maxMessageBytes: 2 * 1024 * 1024,
      rateLimitPerSecond: 200,
      pingIntervalMs: 30_000,
      storeSync: 'full',
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({ HOST: '0.0.0.0', PORT: '0', MAX_MESSAGE_BYTES: '1024', RATE_LIMIT_PER_SECOND: '5', RATE_LIMIT_BURST: '9', PING_INTERVAL_MS: '100', IDLE_UNLOAD_MS: '50', COMPACT_AFTER_UPDATES: '10', STORE_SYNC: 'normal' });
    expect(config).toMatchObject({ host: '0.0.0.0', port: 0, maxMessageBytes: 1024, rateLimitPerSecond: 5, rateLimitBurst: 9, pingIntervalMs: 100, idleUnloadMs: 50, compactAfterUpdates: 10, storeSync: 'normal' });
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', 'eighty'],
    ['MAX_MESSAGE_BYTES', '0'],
    ['MAX_MESSAGE_BYTES', String(1024 ** 3)],
    ['RATE_LIMIT_PER_SECOND', '-1'],
    ['PING_INTERVAL_MS', '1.5'],
    ['STORE_SYNC', 'off'],
  ])('rejects %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  it('reads TOKEN_SECRET as the token-signing key, and refuses one too short or not hex', () => {
    const hex = 'ab'.repeat(32);
    expect(loadConfig({ TOKEN_SECRET: hex }).tokenSecret).toEqual(Buffer.alloc(32, 0xab));
    expect(loadConfig({}).tokenSecret).toBeNull();
    for (const bad of ['ab'.repeat(31), 'zz'.repeat(32), `${hex}a`]) expect(() => loadConfig({ TOKEN_SECRET: bad })).toThrow(/TOKEN_SECRET:/);
  });

  it('asks for TOKEN_SECRET with DATABASE_URL, and DATABASE_URL with REDIS_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://relay@db/baseroom' })).toThrow(/TOKEN_SECRET: set TOKEN_SECRET too/);
    expect(() => loadConfig({ REDIS_URL: 'redis://cache:6379' })).toThrow(/REDIS_URL:.*set DATABASE_URL too/);
    expect(loadConfig({ DATABASE_URL: 'postgres://relay@db/baseroom', TOKEN_SECRET: 'ab'.repeat(32), REDIS_URL: 'redis://cache:6379' })).toMatchObject({
      databaseUrl: 'postgres://relay@db/baseroom',
      redisUrl: 'redis://cache:6379',
    });
    expect(loadConfig({})).toMatchObject({ databaseUrl: null, redisUrl: null });
  });

  it('reads the backup, TLS, proxy, metrics and connection settings', () => {
    const config = loadConfig({
      BACKUP_DIR: '/srv/backups', BACKUP_EVERY: '0.5', BACKUP_KEEP: '3', TLS_CERT: 'cert.pem', TLS_KEY: 'key.pem',
      TRUST_PROXY: 'true', METRICS_TOKEN: 'sixteen-chars-ok', MAX_CONNECTIONS: '100', HEADERS_TIMEOUT_MS: '2000',
    });
    expect(config).toMatchObject({
      backup: { dir: '/srv/backups', everyMs: 30_000, keep: 3 },
      tls: { certFile: expect.stringMatching(/cert\.pem$/), keyFile: expect.stringMatching(/key\.pem$/) },
      trustProxy: true, metricsToken: 'sixteen-chars-ok', maxConnections: 100, headersTimeoutMs: 2000,
    });
    expect(loadConfig({})).toMatchObject({ backup: null, tls: null, trustProxy: false, metricsToken: null });
  });

  it.each([
    [{ TLS_CERT: 'cert.pem' }, 'TLS_CERT: set both TLS_CERT and TLS_KEY'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN:'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY:'],
    [{ BACKUP_EVERY: '0' }, 'BACKUP_EVERY:'],
  ])('rejects %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('makes the relay exit with the message instead of starting', async () => {
    const result = await runRelayCommand('/nonexistent-not-used', [], { PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid relay configuration');
    expect(result.stderr).toContain('PORT:');
  });
});
