// The relay with stock y-websocket clients: offline edits converge, late joiners catch up, restarts keep content.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { onDocUpdate, TestClient, waitUntil } from './test-support/clients.js';
import { coordinator, mintDevice } from './test-support/devices.js';
import { startRelay, type RelayProcess } from './test-support/relay-process.js';

const docName = 'room/base/2026-11-23';
const register = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('register');

function markArrived(doc: Y.Doc, pupilId: string, at: string): void {
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set('arrivedAt', at);
    register(doc).set(pupilId, entry);
  });
}

const snapshot = (doc: Y.Doc) => register(doc).toJSON();
const metricsToken = 'test-metrics-token-0123456789';

describe('relay sync with stock y-websocket clients', { timeout: 20_000 }, () => {
  let relay: RelayProcess;
  const clients: TestClient[] = [];
  const client = (token: string, connect = true) => {
    const c = new TestClient(relay.wsUrl, docName, token, new Y.Doc(), connect);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    relay = await startRelay({ METRICS_TOKEN: metricsToken });
  }, 30_000);
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await relay?.dispose();
  });

  it('converges two devices that edited offline, serves a late joiner, and keeps it all across a restart', async () => {
    const supervisor = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const a = client(supervisor.token, false);
    const b = client(coordinator(relay.dataDir).token, false);
    markArrived(a.doc, 'pupil-1', '08:41');
    markArrived(a.doc, 'pupil-2', '08:45');
    markArrived(b.doc, 'pupil-3', '09:02');
    a.provider.connect();
    b.provider.connect();
    await Promise.all([a.waitSafe(), b.waitSafe()]);
    const converged = () => isDeepStrictEqual(snapshot(a.doc), snapshot(b.doc));
    await waitUntil('a and b converge', converged, (recheck) => {
      const offA = onDocUpdate(a.doc)(recheck);
      const offB = onDocUpdate(b.doc)(recheck);
      return () => (offA(), offB());
    });
    expect(Object.keys(snapshot(a.doc)).sort()).toEqual(['pupil-1', 'pupil-2', 'pupil-3']);

    // Both edit the same record while connected; the relay fans the edits out.
    a.doc.transact(() => register(a.doc).get('pupil-3')!.set('effort', 3));
    b.doc.transact(() => register(b.doc).get('pupil-1')!.set('leftAt', '15:10'));
    await Promise.all([a.waitSafe(), b.waitSafe()]);
    await waitUntil('edits fan out', () => register(a.doc).get('pupil-1')?.get('leftAt') === '15:10' && register(b.doc).get('pupil-3')?.get('effort') === 3, (recheck) => {
      const offA = onDocUpdate(a.doc)(recheck);
      const offB = onDocUpdate(b.doc)(recheck);
      return () => (offA(), offB());
    });

    const late = client(coordinator(relay.dataDir).token);
    await late.waitSynced();
    expect(snapshot(late.doc)).toEqual(snapshot(a.doc));

    const metrics = (await (await fetch(`${relay.httpUrl}/metrics`, { headers: { Authorization: `Bearer ${metricsToken}` } })).json()) as Record<string, number>;
    expect(metrics).toMatchObject({ connections: 3, loadedDocs: 1 });
    for (const key of ['rssBytes', 'heapUsedBytes', 'uptimeSeconds']) expect(typeof metrics[key]).toBe('number');
    // Every change above was committed, some perhaps together: never more commits than updates.
    expect(metrics.committedUpdates).toBeGreaterThanOrEqual(4);
    expect(metrics.commits).toBeGreaterThan(0);
    expect(metrics.commits).toBeLessThanOrEqual(metrics.committedUpdates!);

    clients.forEach((c) => c.provider.disconnect());
    await relay.restart();
    const afterRestart = client(coordinator(relay.dataDir).token);
    await afterRestart.waitSynced();
    expect(snapshot(afterRestart.doc)).toEqual(snapshot(a.doc));
  });

  // The stock provider sends a change the moment it is made, also before it has answered the relay's greeting: with
  // changes from before still unsent (made offline), that one starts past what the relay holds. Its answer carries it.
  it('accepts a change a device makes before answering the greeting, with offline changes unsent', async () => {
    const name = 'room/base/2026-11-25';
    const device = new TestClient(relay.wsUrl, name, coordinator(relay.dataDir).token, new Y.Doc(), false);
    clients.push(device);
    const refusals: string[] = [];
    device.provider.on('connection-close', (event) => void (event && event.code >= 4400 && refusals.push(`${event.code} ${event.reason}`)));
    markArrived(device.doc, 'pupil-1', '08:41');
    // Made as the socket opens: sent before the device's own sync step 1, so before any greeting.
    const typeOnOpen = ({ status }: { status: string }) => {
      if (status !== 'connected') return;
      device.provider.off('status', typeOnOpen);
      markArrived(device.doc, 'pupil-2', '08:42');
    };
    device.provider.on('status', typeOnOpen);
    device.provider.connect();
    await waitUntil('acknowledged, or refused', () => refusals.length > 0 || (device.provider.wsconnected && device.isSafe()), (recheck) => {
      const off = device.onAck(recheck);
      device.provider.on('connection-close', recheck);
      return () => (off(), device.provider.off('connection-close', recheck));
    });
    expect(refusals).toEqual([]);
    expect(register(device.doc).has('pupil-2')).toBe(true);
    const reader = new TestClient(relay.wsUrl, name, coordinator(relay.dataDir).token);
    clients.push(reader);
    await reader.waitSynced();
    expect(Object.keys(snapshot(reader.doc)).sort()).toEqual(['pupil-1', 'pupil-2']);
    expect(relay.log()).toContain('update-dropped');
  });

  it('answers health checks and serves each document only its own content', async () => {
    expect(await (await fetch(`${relay.httpUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    const token = coordinator(relay.dataDir).token;
    const other = new TestClient(relay.wsUrl, 'room/base/2026-11-24', token);
    clients.push(other);
    await other.waitSynced();
    expect(register(other.doc).size).toBe(0);
  });
});
