// Each address's share of the connection pool, through the real relay process: connections that send nothing (or
// one request, then nothing) from one address cannot take every slot, while a school behind one NAT address keeps
// as many sync WebSockets as its devices open.
import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from './test-support/clients.js';
import { coordinator, type TestDevice } from './test-support/devices.js';
import { startRelay, type RelayProcess } from './test-support/relay-process.js';

/** GET /api/whoami from `localAddress`: the status, or how it failed (dropped at once, or not answered). */
const whoami = (relay: RelayProcess, device: TestDevice, localAddress: string) =>
  new Promise<number | 'dropped' | 'unanswered'>((resolve) => {
    const req = http.get(`${relay.httpUrl}/api/whoami`, { localAddress, agent: false, headers: { Authorization: `Bearer ${device.token}` }, timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve('unanswered');
    });
    req.on('error', () => resolve('dropped'));
  });

/** A connection from `localAddress` that sends nothing. */
const idleConnection = (relay: RelayProcess, localAddress: string) =>
  new Promise<net.Socket>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: relay.port, localAddress });
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve(socket));
  });

describe('each address’s share of the connections', { timeout: 60_000 }, () => {
  let relay: RelayProcess;
  let laptop: TestDevice;
  const idle: net.Socket[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    relay = await startRelay({ MAX_CONNECTIONS: '40', MAX_CONNECTIONS_PER_ADDRESS: '6' });
    laptop = coordinator(relay.dataDir);
  }, 30_000);
  afterEach(() => {
    idle.splice(0).forEach((s) => s.destroy());
    clients.splice(0).forEach((c) => c.destroy());
  });
  afterAll(async () => {
    await relay?.dispose();
  });

  it('answers a device at another address while one address holds idle connections, and that address gets its share back once they close', async () => {
    // Another address on the loopback network (127.0.0.2): the attacker, holding nothing but the port.
    for (let i = 0; i < 40; i++) idle.push(await idleConnection(relay, '127.0.0.2'));
    expect(await whoami(relay, laptop, '127.0.0.1')).toBe(200);
    // The attacker's own address is over its share: its next connection is dropped at once, not left to time out.
    expect(await whoami(relay, laptop, '127.0.0.2')).toBe('dropped');
    idle.splice(0).forEach((s) => s.destroy());
    await expect.poll(() => whoami(relay, laptop, '127.0.0.2'), { timeout: 10_000, message: 'the address is served again' }).toBe(200);
  });

  it('does not count devices’ sync WebSockets: a school behind one address keeps more of them than its share', async () => {
    for (let i = 0; i < 10; i++) clients.push(new TestClient(relay.wsUrl, 'room/base/2026-12-01', coordinator(relay.dataDir).token));
    await Promise.all(clients.map((c) => c.waitSynced()));
    expect(await whoami(relay, laptop, '127.0.0.1')).toBe(200);
  });
});

describe('behind a proxy (TRUST_PROXY=true)', { timeout: 60_000 }, () => {
  let relay: RelayProcess;
  const idle: net.Socket[] = [];

  beforeAll(async () => {
    relay = await startRelay({ MAX_CONNECTIONS_PER_ADDRESS: '2', TRUST_PROXY: 'true' });
  }, 30_000);
  afterAll(async () => {
    idle.forEach((s) => s.destroy());
    await relay?.dispose();
  });

  it('applies no share: every connection comes from the proxy', async () => {
    for (let i = 0; i < 4; i++) idle.push(await idleConnection(relay, '127.0.0.1'));
    expect(await whoami(relay, coordinator(relay.dataDir), '127.0.0.1')).toBe(200);
  });
});
