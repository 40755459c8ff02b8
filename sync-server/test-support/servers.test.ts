// The test servers themselves: real PostgreSQL and Redis start on free loopback ports, answer, and stop.
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgServer } from './pg-server.js';
import { startRedis, type RedisServer } from './redis-server.js';

describe('PostgreSQL test server', () => {
  let server: PgServer;
  beforeAll(async () => void (server = await startPostgres()), 60_000);
  afterAll(() => server?.dispose());

  it('answers on loopback, keeps committed rows across a restart, and refuses once stopped', async () => {
    const client = new pg.Client(server.url);
    await client.connect();
    await client.query('CREATE TABLE t (n int)');
    await client.query('INSERT INTO t VALUES (42)');
    await client.end();
    await server.restart();
    const again = new pg.Client(server.url);
    await again.connect();
    expect((await again.query('SELECT n FROM t')).rows).toEqual([{ n: 42 }]);
    await again.end();
    await server.stop();
    const refused = new pg.Client(server.url);
    await expect(refused.connect()).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);
});

describe('Redis test server', () => {
  let server: RedisServer;
  beforeAll(async () => void (server = await startRedis()), 30_000);
  afterAll(() => server?.dispose());

  it('answers, and comes back on the same port after being killed', async () => {
    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    await server.kill();
    await expect(client.ping()).rejects.toThrow();
    client.disconnect();
    await server.restart();
    const again = new Redis(server.url, { lazyConnect: true });
    await again.connect();
    expect(await again.ping()).toBe('PONG');
    again.disconnect();
  }, 30_000);
});
