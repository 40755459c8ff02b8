// The bus contract against PostgreSQL LISTEN/NOTIFY and Redis pub/sub, each a real server started for this file.
import pg from 'pg';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgServer } from '../test-support/pg-server.js';
import { startRedis, type RedisServer } from '../test-support/redis-server.js';
import { openPgStore } from '../store/pg-store.js';
import type { SharedStore } from '../store/shared-store.js';
import { busChannel } from './bus.js';
import { registerBusContractTests } from './bus-contract.js';
import { openFanoutBus } from './open-bus.js';
import { openPgBus } from './pg-bus.js';
import { openRedisBus } from './redis-bus.js';

let pgServer: PgServer | undefined;
let redis: RedisServer | undefined;
let admin: pg.Client | undefined;
let store: SharedStore | undefined;
/** The pg bus uses a database of its own, so "the bus is down" can refuse it without taking the store away. */
const busDb = 'bus';
const busUrl = () => pgServer!.url.replace(/\/postgres$/, `/${busDb}`);

beforeAll(async () => {
  [pgServer, redis] = await Promise.all([startPostgres(), startRedis()]);
  admin = new pg.Client(pgServer.url);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${busDb}`);
  store = await openPgStore(pgServer.url);
}, 60_000);

afterAll(async () => {
  await store?.close();
  await admin?.end();
  await Promise.all([pgServer?.dispose(), redis?.dispose()]);
});

registerBusContractTests('PostgreSQL LISTEN/NOTIFY', () => ({
  open: () => openPgBus(busUrl()),
  async down() {
    await admin!.query(`ALTER DATABASE ${busDb} ALLOW_CONNECTIONS false`);
    // Waits (up to 5 s) until each session is really gone.
    await admin!.query('SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = $1', [busDb]);
  },
  up: async () => void (await admin!.query(`ALTER DATABASE ${busDb} ALLOW_CONNECTIONS true`)),
  async publishRaw(payload) {
    await admin!.query('SELECT pg_notify($1, $2)', [busChannel, payload]);
  },
  store: () => store!,
}));

registerBusContractTests('Redis pub/sub', () => ({
  open: () => openRedisBus(redis!.url),
  down: () => redis!.kill(),
  up: () => redis!.restart(),
  async publishRaw(payload) {
    const client = new Redis(redis!.url);
    await client.publish(busChannel, payload);
    client.disconnect();
  },
  store: () => store!,
}));

describe('choosing the bus', { timeout: 30_000 }, () => {
  it('uses Redis when REDIS_URL is given and LISTEN/NOTIFY otherwise', async () => {
    const firstMessage = () => {
      let resolve!: (payload: string) => void;
      return { got: new Promise<string>((r) => (resolve = r)), resolve: (payload: string) => resolve(payload) };
    };
    const onRedis = firstMessage();
    const sub = new Redis(redis!.url);
    await sub.subscribe(busChannel);
    sub.on('message', (_channel: string, message: string) => onRedis.resolve(message));
    const onPg = firstMessage();
    const listener = new pg.Client(busUrl());
    await listener.connect();
    await listener.query(`LISTEN ${busChannel}`);
    listener.on('notification', (m) => onPg.resolve(m.payload ?? ''));
    const viaRedis = await openFanoutBus({ databaseUrl: busUrl(), redisUrl: redis!.url });
    const viaPg = await openFanoutBus({ databaseUrl: busUrl() });
    await viaRedis.publish({ school: 'a', docName: 'school', seq: 1 });
    await viaPg.publish({ school: 'b', docName: 'school', seq: 2 });
    expect(JSON.parse(await onRedis.got)).toEqual({ school: 'a', docName: 'school', seq: 1 });
    expect(JSON.parse(await onPg.got)).toEqual({ school: 'b', docName: 'school', seq: 2 });
    sub.disconnect();
    await Promise.all([viaRedis.close(), viaPg.close(), listener.end()]);
  });
});
