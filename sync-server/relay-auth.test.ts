// Device sign-in at the relay: pairing codes, tokens in Sec-WebSocket-Protocol, scope, revocation and expiry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from './auth/tokens.js';
import { TestClient, waitUntil } from './test-support/clients.js';
import { coordinator, mintDevice } from './test-support/devices.js';
import { runRelayCommand, startRelay, type RelayProcess } from './test-support/relay-process.js';
import { tryUpgrade } from './test-support/raw-socket.js';
import { seedSchool } from './test-support/school.js';

const today = '2026-11-23';

describe('relay authentication', { timeout: 20_000 }, () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ PING_INTERVAL_MS: '200' });
    // Devices are enrolled only for the school's own rooms and providers.
    await seedSchool(relay, { providers: { oakfield: 'Oakfield' } });
  }, 30_000);
  afterAll(() => relay?.dispose());

  const expectRefused = async (docName: string, protocols: string[], status: number, reason: string) => {
    expect(await tryUpgrade(relay.wsUrl, docName, protocols)).toMatchObject({ opened: false, status, reason });
  };
  const expectOpens = async (docName: string, token: string) => {
    const outcome = await tryUpgrade(relay.wsUrl, docName, ['baseroom', token]);
    expect(outcome).toMatchObject({ opened: true, protocol: 'baseroom' });
    if (outcome.opened) outcome.socket.close();
  };

  it('refuses missing, forged and expired tokens with 401 before the socket opens', async () => {
    const good = coordinator(relay.dataDir);
    await expectRefused('school', [], 401, 'missing');
    await expectRefused('school', ['baseroom'], 401, 'missing');
    await expectRefused('school', [good.token], 401, 'missing');
    await expectRefused('school', ['baseroom', 'not-a-token'], 401, 'malformed');
    const [payload, mac] = good.token.split('.') as [string, string];
    const tampered = Buffer.from(JSON.stringify({ ...good.claims, deviceId: 'someone-else' })).toString('base64url');
    await expectRefused('school', ['baseroom', `${tampered}.${mac}`], 401, 'bad-signature');
    await expectRefused('school', ['baseroom', signToken(Buffer.alloc(32, 7), good.claims)], 401, 'bad-signature');
    await expectRefused('school', ['baseroom', `${payload}.${mac.slice(0, -2)}`], 401, 'bad-signature');
    const expired = mintDevice(relay.dataDir, 'coordinator', { kind: 'all' }, { expiresAt: Date.now() - 1 });
    await expectRefused('school', ['baseroom', expired.token], 401, 'expired');
    await expectOpens('school', good.token);
  });

  it('checks the document name and the device scope in the upgrade', async () => {
    const base = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' }).token;
    const offsite = mintDevice(relay.dataDir, 'offsite', { kind: 'providers', providers: ['oakfield'] });
    const all = coordinator(relay.dataDir).token;
    for (const bad of ['room/BASE/2026-11-23', 'room/base/2026-02-30', 'room/base', 'pupil/a/b', '..%2Fsecret', 'school?token=x', 'room/base/2026-11-23/x']) {
      await expectRefused(bad, ['baseroom', all], 400, bad.includes('?') ? 'token-in-url' : 'bad-document-name');
    }
    for (const doc of ['school', `room/base/${today}`, 'pupil/p-17']) await expectOpens(doc, base);
    await expectRefused(`room/core/${today}`, ['baseroom', base], 403, 'out-of-scope');
    await expectRefused(`provider/oakfield/${today}`, ['baseroom', base], 403, 'out-of-scope');
    // An off-site phone opens its providers' days and its own cohort, never the school document (the whole roster) or a
    // pupil's record, whatever the school document says about who attends.
    for (const doc of [`provider/oakfield/${today}`, `cohort/${offsite.claims.deviceId}`]) await expectOpens(doc, offsite.token);
    for (const doc of ['school', 'pupil/p-17', `cohort/${coordinator(relay.dataDir).deviceId}`, `provider/riverside/${today}`, `room/base/${today}`]) {
      await expectRefused(doc, ['baseroom', offsite.token], 403, 'out-of-scope');
    }
    for (const doc of [`room/core/${today}`, `provider/riverside/${today}`]) await expectOpens(doc, all);
  });

  it('pairs a device once from an enrolment code, answers whoami, and rate-limits guessing', async () => {
    const enrolled = await runRelayCommand(relay.dataDir, ['enrol', '--role', 'offsite', '--provider', 'oakfield', '--name', 'Phone 2']);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    const code = /Pairing code: (\S+)/.exec(enrolled.stdout)?.[1] ?? '';
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const pair = (body: unknown) => fetch(`${relay.httpUrl}/api/pair`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

    const first = await pair({ code: code.toLowerCase() });
    expect(first.status).toBe(200);
    const paired = (await first.json()) as { token: string; deviceId: string; eraseCheck: string };
    expect(paired).toMatchObject({ role: 'offsite', scope: { kind: 'providers', providers: ['oakfield'] } });
    const again = await pair({ code });
    expect([again.status, await again.json()]).toEqual([401, { status: 'error', reason: 'invalid-code' }]);
    expect((await pair({ code: 'ZZZZ-ZZZZ' })).status).toBe(401);

    const whoami = await fetch(`${relay.httpUrl}/api/whoami`, { headers: { Authorization: `Bearer ${paired.token}` } });
    expect(await whoami.json()).toEqual({ deviceId: paired.deviceId, role: 'offsite', scope: { kind: 'providers', providers: ['oakfield'] }, eraseCheck: paired.eraseCheck });
    expect((await fetch(`${relay.httpUrl}/api/whoami`)).status).toBe(401);
    await expectOpens(`provider/oakfield/${today}`, paired.token);

    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await pair({ code: 'ZZZZ-ZZZ2' })).status);
    expect(statuses).toContain(429);
  });

  it('revocation from the command line cuts off a connected device and refuses it afterwards', async () => {
    const device = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const client = new TestClient(relay.wsUrl, `room/base/${today}`, device.token);
    await client.waitSynced();
    let terminal: { code: number } | undefined;
    client.provider.on('closed', (event) => (terminal = event));
    const revoked = await runRelayCommand(relay.dataDir, ['revoke', device.deviceId]);
    expect(revoked.code, revoked.stderr).toBe(0);
    await waitUntil('the relay closes the revoked device', () => terminal !== undefined, (recheck) => {
      client.provider.on('closed', recheck);
      return () => client.provider.off('closed', recheck);
    });
    expect(terminal?.code).toBe(4403);
    client.destroy();
    await expectRefused('school', ['baseroom', device.token], 401, 'revoked');
    const listed = await runRelayCommand(relay.dataDir, ['devices']);
    expect(listed.stdout).toMatch(new RegExp(`${device.deviceId}\\s+supervisor\\s+room base\\s+revoked`));
  });

  it('lists only the stored documents in the caller’s scope at GET /api/docs', async () => {
    const all = coordinator(relay.dataDir);
    for (const name of ['school', `room/base/${today}`, `room/core/${today}`]) {
      const client = new TestClient(relay.wsUrl, name, all.token);
      client.doc.getMap('m').set('k', name);
      await client.waitSafe();
      client.destroy();
    }
    const base = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const listed = await fetch(`${relay.httpUrl}/api/docs`, { headers: { Authorization: `Bearer ${base.token}` } });
    const { docs } = (await listed.json()) as { docs: string[] };
    expect(docs).toContain('school');
    expect(docs).toContain(`room/base/${today}`);
    expect(docs).not.toContain(`room/core/${today}`);
    expect((await fetch(`${relay.httpUrl}/api/docs`)).status).toBe(401);
  });

  it('tags each listed document with a version that moves only when the relay’s copy changes, for documents in scope only', async () => {
    const all = coordinator(relay.dataDir);
    const write = async (name: string, value: string) => {
      const client = new TestClient(relay.wsUrl, name, all.token);
      await client.waitSynced();
      client.doc.getMap('m').set('k', value);
      await client.waitSafe();
      client.destroy();
    };
    await write(`room/base/${today}`, 'first');
    await write(`room/core/${today}`, 'first');
    const base = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const versions = async () => {
      const res = await fetch(`${relay.httpUrl}/api/docs`, { headers: { Authorization: `Bearer ${base.token}` } });
      const body = (await res.json()) as { versions: Record<string, string>; connectsPerSecond: number };
      // How fast the device may open sockets, so its background catch-up keeps under the relay's limit.
      expect(body.connectsPerSecond).toBeGreaterThan(0);
      return body.versions;
    };
    const before = await versions();
    expect(Object.keys(before)).toContain(`room/base/${today}`);
    expect(Object.keys(before).filter((n) => n.startsWith('room/') && !n.startsWith('room/base/'))).toEqual([]);
    // Only opening and reading the document (another device catching up) leaves its version alone.
    const reader = new TestClient(relay.wsUrl, `room/base/${today}`, all.token);
    await reader.waitSynced();
    reader.destroy();
    expect(await versions()).toEqual(before);
    await write(`room/core/${today}`, 'second');
    expect(await versions()).toEqual(before);
    await write(`room/base/${today}`, 'second');
    const after = await versions();
    expect(after[`room/base/${today}`]).not.toBe(before[`room/base/${today}`]);
    expect(after.school).toBe(before.school);
  });

  it('refuses a device listing its documents over and over with 429, and still answers another device', async () => {
    const greedy = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const other = mintDevice(relay.dataDir, 'supervisor', { kind: 'room', room: 'base' });
    const list = (token: string) => fetch(`${relay.httpUrl}/api/docs`, { headers: { Authorization: `Bearer ${token}` } });
    // Sixty at once: far more than the twenty a device may ask in a burst, however slowly the relay answers them.
    const answers = await Promise.all(Array.from({ length: 60 }, () => list(greedy.token)));
    const refused = answers.filter((res) => res.status === 429);
    expect(answers.filter((res) => res.status === 200).length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.headers.get('retry-after')).toBe('1');
    expect(await refused[0]!.json()).toEqual({ status: 'error', reason: 'listing-too-often' });
    expect((await list(other.token)).status).toBe(200);
  });
});
