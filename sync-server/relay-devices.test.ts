// Devices managed from the coordinator's screen (and the CLI): enrol only for the school's own rooms and providers,
// a 10-minute code, last contact, and signing a device out at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestClient } from './test-support/clients.js';
import { coordinator, mintDevice, type TestDevice } from './test-support/devices.js';
import { runRelayCommand, startRelay, type RelayProcess } from './test-support/relay-process.js';
import { seedSchool } from './test-support/school.js';

describe('devices on the coordinator’s screen', { timeout: 20_000 }, () => {
  let relay: RelayProcess;
  let laptop: TestDevice;
  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${relay.httpUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
  const enrol = (body: unknown) => api('/api/devices', laptop.token, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    relay = await startRelay();
    laptop = coordinator(relay.dataDir);
    await seedSchool(relay, { rooms: { 'the-base': 'The BASE' }, providers: { 'oak-farm': 'Oak Farm Project' } });
  }, 30_000);
  afterAll(() => relay?.dispose());

  it('refuses to enrol a device for a room or provider the school does not have, saying which it has', async () => {
    const wrongRoom = await runRelayCommand(relay.dataDir, ['enrol', '--role', 'supervisor', '--room', 'base']);
    expect(wrongRoom.code).toBe(1);
    expect(wrongRoom.stderr).toContain('The school has no room "base". Rooms: the-base (The BASE).');
    const wrongProvider = await runRelayCommand(relay.dataDir, ['enrol', '--role', 'offsite', '--provider', 'oakfield']);
    expect(wrongProvider.stderr).toContain('The school has no provider "oakfield". Providers: oak-farm (Oak Farm Project).');
    expect((await runRelayCommand(relay.dataDir, ['enrol', '--role', 'supervisor', '--room', 'the-base'])).code).toBe(0);

    const refused = await enrol({ role: 'supervisor', room: 'base' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ status: 'error', reason: 'unknown-room' });
    expect((await enrol({ role: 'offsite', providers: ['oakfield'] })).status).toBe(400);
  });

  it('enrols a tablet with a code valid for 10 minutes that pairs it, and lists it with its last contact', async () => {
    const before = Date.now();
    const created = await enrol({ role: 'supervisor', room: 'the-base', name: 'BASE tablet' });
    expect(created.status).toBe(201);
    const { device, code, expiresAt } = (await created.json()) as { device: { deviceId: string }; code: string; expiresAt: number };
    expect(expiresAt - before).toBeGreaterThan(9 * 60_000);
    expect(expiresAt - before).toBeLessThanOrEqual(10 * 60_000 + 1_000);
    const paired = await fetch(`${relay.httpUrl}/api/pair`, { method: 'POST', body: JSON.stringify({ code }), headers: { 'Content-Type': 'application/json' } });
    const { token } = (await paired.json()) as { token: string };
    const tablet = new TestClient(relay.wsUrl, 'room/the-base/2026-11-23', token);
    await tablet.waitSynced();
    tablet.destroy();
    const { devices } = (await (await api('/api/devices', laptop.token)).json()) as { devices: { deviceId: string; name: string; pairedAt: number | null; lastSeenAt: number | null; scope: unknown }[] };
    const listed = devices.find((d) => d.deviceId === device.deviceId);
    expect(listed).toMatchObject({ name: 'BASE tablet', scope: { kind: 'room', room: 'the-base' } });
    expect(listed?.pairedAt).toBeGreaterThanOrEqual(before);
    expect(listed?.lastSeenAt).toBeGreaterThanOrEqual(before);
  });

  it('signs a device out at once: its open socket closes and its token stops working', async () => {
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'the-base' });
    const client = new TestClient(relay.wsUrl, 'room/the-base/2026-11-23', tablet.token);
    await client.waitSynced();
    const closed = new Promise<{ code: number }>((resolve) => client.provider.once('closed', resolve));
    const revoked = await api(`/api/devices/${tablet.deviceId}/revoke`, laptop.token, { method: 'POST' });
    expect(revoked.status).toBe(200);
    expect((await closed).code).toBe(4403);
    client.destroy();
    expect((await api('/api/whoami', tablet.token)).status).toBe(401);
    expect((await api(`/api/devices/${laptop.deviceId}/revoke`, laptop.token, { method: 'POST' })).status).toBe(409);
  });

  it('gives a paired device an erase-check ticket that asks only whether it was signed out, and says so once it is', async () => {
    const created = await enrol({ role: 'supervisor', room: 'the-base' });
    const { code, device } = (await created.json()) as { code: string; device: { deviceId: string } };
    const post = (path: string, body: unknown) =>
      fetch(`${relay.httpUrl}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    const paired = (await (await post('/api/pair', { code })).json()) as { token: string; deviceId: string; eraseCheck: string };
    expect(paired.deviceId).toBe(device.deviceId);
    expect(paired.eraseCheck.length).toBeGreaterThan(20);
    expect(paired.eraseCheck).not.toBe(paired.token);
    // whoami hands the same ticket to a device paired before tickets existed.
    expect(((await (await api('/api/whoami', paired.token)).json()) as { eraseCheck: string }).eraseCheck).toBe(paired.eraseCheck);
    const check = (deviceId: string, ticket: string) => post('/api/erase-check', { deviceId, ticket });
    expect(await (await check(device.deviceId, paired.eraseCheck)).json()).toEqual({ erase: false });
    // The ticket is no token (nothing else answers it), and it works for its own device only.
    expect((await api('/api/whoami', paired.eraseCheck)).status).toBe(401);
    expect((await check(laptop.deviceId, paired.eraseCheck)).status).toBe(401);
    expect((await check(device.deviceId, `${paired.eraseCheck.slice(0, -1)}${paired.eraseCheck.endsWith('A') ? 'B' : 'A'}`)).status).toBe(401);
    expect((await post('/api/erase-check', { deviceId: '../x', ticket: 'y' })).status).toBe(400);
    expect((await api(`/api/devices/${device.deviceId}/revoke`, laptop.token, { method: 'POST' })).status).toBe(200);
    expect(await (await check(device.deviceId, paired.eraseCheck)).json()).toEqual({ erase: true });
  });

  it('keeps an audit log of who opened, changed or was refused which document, and never its content', async () => {
    const writer = new TestClient(relay.wsUrl, 'pupil/p-audit', laptop.token);
    await writer.waitSynced();
    writer.doc.getMap('contacts').set('c1', new Y.Map<unknown>([['summary', 'Mum worried about the court date']]));
    await writer.waitSafe();
    writer.destroy();
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'the-base' });
    const refused = new TestClient(relay.wsUrl, 'pupil/p-audit', tablet.token);
    await refused.waitSynced();
    const closed = new Promise((resolve) => refused.provider.once('closed', resolve));
    refused.doc.getMap('placements').set('x', 'finished');
    await closed;
    refused.destroy();

    const response = await api('/api/audit?doc=pupil/p-audit', laptop.token);
    const text = await response.text();
    expect(text).not.toContain('court date');
    const { entries } = JSON.parse(text) as { entries: { deviceId: string; action: string; detail: string; at: number }[] };
    const lines = entries.map(({ deviceId, action, detail }) => ({ deviceId, action, detail })).reverse();
    expect(lines).toEqual([
      { deviceId: laptop.deviceId, action: 'opened', detail: '' },
      { deviceId: laptop.deviceId, action: 'changed', detail: '' },
      { deviceId: tablet.deviceId, action: 'opened', detail: '' },
      { deviceId: tablet.deviceId, action: 'refused', detail: 'not-permitted:placements' },
    ]);
    expect((await api('/api/audit', tablet.token)).status).toBe(403);
  });

  it('lets only coordinators manage devices', async () => {
    const tablet = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'the-base' });
    expect(await (await api('/api/devices', tablet.token)).json()).toEqual({ status: 'error', reason: 'coordinators-only' });
    expect((await api(`/api/devices/${laptop.deviceId}/revoke`, tablet.token, { method: 'POST' })).status).toBe(403);
    expect((await fetch(`${relay.httpUrl}/api/devices`)).status).toBe(401);
  });
});
