// The default bus: PostgreSQL LISTEN/NOTIFY on the database the store already uses (nothing else to run).
import pg from 'pg';
import { logRelayEvent } from '../relay/log.js';
import { pgFailureOf } from '../store/pg-store.js';
import { busChannel, busListeners, hintPublisher, type FanoutBus } from './bus.js';

const listenerName = 'baseroom-bus-listener';

export async function openPgBus(databaseUrl: string): Promise<FanoutBus> {
  const listeners = busListeners();
  const publisher = new pg.Pool({ connectionString: databaseUrl, max: 2, connectionTimeoutMillis: 2_000 });
  publisher.on('error', (err) => logRelayEvent('bus-connection-lost', { reason: pgFailureOf(err) }));
  let listener: pg.Client | undefined;
  let closed = false;
  let retryMs = 100;
  let retryTimer: NodeJS.Timeout | undefined;

  const listen = async () => {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: listenerName, connectionTimeoutMillis: 2_000 });
    client.on('notification', (msg) => {
      if (msg.channel === busChannel && msg.payload !== undefined) listeners.hint(msg.payload);
    });
    let dropped = false;
    const onDrop = (err?: Error) => {
      if (dropped) return;
      dropped = true;
      if (listener === client) listener = undefined;
      if (closed) return;
      logRelayEvent('bus-connection-lost', { reason: err ? pgFailureOf(err) : 'ended' });
      client.end().catch(() => undefined);
      scheduleReconnect();
    };
    client.on('error', onDrop);
    client.on('end', () => onDrop());
    try {
      await client.connect();
      await client.query(`LISTEN ${busChannel}`);
    } catch (err) {
      onDrop(err as Error);
      throw err;
    }
    listener = client;
    retryMs = 100;
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      // Listening again before catching up: a row committed in between is either heard or read.
      listen().then(listeners.reconnected, () => undefined);
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 2_000);
  };

  try {
    await listen();
  } catch (err) {
    closed = true;
    clearTimeout(retryTimer);
    await publisher.end();
    throw err;
  }
  return {
    // Sent outside the append's transaction: a hint never announces a row that is not committed.
    publish: hintPublisher((payload) => publisher.query('SELECT pg_notify($1, $2)', [busChannel, payload])),
    onHint: listeners.onHint,
    onReconnect: listeners.onReconnect,
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await listener?.end().catch(() => undefined);
      await publisher.end();
    },
  };
}
