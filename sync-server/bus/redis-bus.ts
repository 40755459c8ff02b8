// The bus over Redis pub/sub (ioredis), when REDIS_URL is set: takes the fan-out off PostgreSQL for large trusts.
import { Redis } from 'ioredis';
import { logRelayEvent } from '../relay/log.js';
import { busChannel, busListeners, hintPublisher, type FanoutBus } from './bus.js';

export async function openRedisBus(redisUrl: string): Promise<FanoutBus> {
  const listeners = busListeners();
  // Subscribed again by hand on every (re)connect, before anyone is told to catch up.
  const sub = new Redis(redisUrl, { lazyConnect: true, autoResubscribe: false, maxRetriesPerRequest: null });
  // A hint that cannot be sent now is dropped, never queued behind a dead connection.
  const pub = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  let down = false;
  const onError = (err: Error & { code?: string }) => {
    if (down) return;
    down = true;
    logRelayEvent('bus-connection-lost', { reason: err.code ?? 'error' });
  };
  sub.on('error', onError);
  pub.on('error', () => undefined);
  sub.on('message', (channel: string, message: string) => {
    if (channel === busChannel) listeners.hint(message);
  });
  let first = true;
  sub.on('ready', () => {
    if (first) return;
    sub.subscribe(busChannel).then(() => {
      down = false;
      listeners.reconnected();
    }, onError);
  });
  await sub.connect();
  await sub.subscribe(busChannel);
  first = false;
  await pub.connect();
  return {
    publish: hintPublisher((payload) => pub.publish(busChannel, payload)),
    onHint: listeners.onHint,
    onReconnect: listeners.onReconnect,
    async close() {
      sub.disconnect();
      pub.disconnect();
    },
  };
}
