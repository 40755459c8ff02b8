// Which bus a node uses: Redis pub/sub when REDIS_URL is set, otherwise LISTEN/NOTIFY on DATABASE_URL.
import type { FanoutBus } from './bus.js';
import { openPgBus } from './pg-bus.js';
import { openRedisBus } from './redis-bus.js';

export function openFanoutBus({ databaseUrl, redisUrl }: { databaseUrl: string; redisUrl?: string }): Promise<FanoutBus> {
  return redisUrl ? openRedisBus(redisUrl) : openPgBus(databaseUrl);
}
