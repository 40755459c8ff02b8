// The relay's HTTP surface: security headers, 400 for bad URLs, /metrics behind a token, timeouts and a connection cap, TLS, pairing backoff per address.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './test-support/clients.js';
import { enrolDevice, startRelay, type RelayProcess } from './test-support/relay-process.js';

const metricsToken = 'a-long-metrics-token-for-tests';

/** Sends raw bytes and resolves with everything the server answers before it closes the socket. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** Opens `count` sockets that send half a request and never finish it; resolves with them once all are connected. */
async function halfSentRequests(port: number, count: number): Promise<{ closedAt: (number | null)[]; sockets: net.Socket[]; closes: (recheck: () => void) => () => void }> {
  const closedAt: (number | null)[] = Array.from({ length: count }, () => null);
  const listeners = new Set<() => void>();
  const closes = (recheck: () => void) => (listeners.add(recheck), () => void listeners.delete(recheck));
  const started = Date.now();
  const sockets = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new Promise<net.Socket>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
          resolve(socket);
        });
        socket.on('error', () => undefined);
        // Read what the server sends (its 408), or the socket never sees the end of it.
        socket.resume();
        socket.on('close', () => {
          closedAt[i] = Date.now() - started;
          listeners.forEach((l) => l());
        });
      }),
    ),
  );
  return { closedAt, sockets, closes };
}

const pair = (relay: RelayProcess, code: string, forwardedFor?: string) =>
  fetch(`${relay.httpUrl}/api/pair`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}) },
    body: JSON.stringify({ code }),
  });

const enrolCode = async (dataDir: string) => (await enrolDevice(dataDir, ['--role', 'coordinator'])).code;

describe('the relay over HTTP', { timeout: 30_000 }, () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ METRICS_TOKEN: metricsToken, HEADERS_TIMEOUT_MS: '1000', MAX_CONNECTIONS: '60' });
  }, 30_000);
  afterAll(() => relay?.dispose());

  it('sends the security headers on every response, and no HSTS over plain HTTP', async () => {
    for (const url of ['/', '/healthz', '/api/nothing-here']) {
      const res = await fetch(`${relay.httpUrl}${url}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${relay.port} wss://127.0.0.1:${relay.port}`);
      expect(csp).not.toContain('unsafe');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('permissions-policy')).toContain('camera=()');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('echoes no odd Host header into the policy', async () => {
    const answer = await rawRequest(relay.port, 'GET /healthz HTTP/1.1\r\nHost: evil.example; script-src *\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/content-security-policy: [^\r]*connect-src 'self';/i);
    expect(answer).not.toContain('script-src *');
  });

  it.each(['/%E0%A4%A', '/assets/%', '/api/%zz'])('answers 400 bad-url for %s, not 500', async (url) => {
    const answer = await rawRequest(relay.port, `GET ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('{"status":"error","reason":"bad-url"}');
  });

  it('serves /metrics only with its Bearer token', async () => {
    expect((await fetch(`${relay.httpUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${relay.httpUrl}/metrics`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const res = await fetch(`${relay.httpUrl}/metrics`, { headers: { Authorization: `Bearer ${metricsToken}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ connections: 0 });
  });

  it('drops connections over the cap at once and half-sent requests after the header timeout', async () => {
    const { closedAt, sockets, closes } = await halfSentRequests(relay.port, 150);
    const closed = () => closedAt.filter((t): t is number => t !== null).sort((a, b) => a - b);
    // Over MAX_CONNECTIONS (60): dropped straight away, well before any header timeout could have closed them.
    await waitUntil('the connections over the cap are dropped', () => closed().length >= 150 - 60, closes, 5_000);
    expect(closed()[150 - 60 - 1]).toBeLessThan(1_000);
    // The rest: within HEADERS_TIMEOUT_MS (1 s) plus the once-a-second check.
    await waitUntil('every half-sent request is closed', () => closed().length === 150, closes, 10_000);
    expect(closed().at(-1)).toBeLessThan(3_500);
    sockets.forEach((s) => s.destroy());
    expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
  });
});

describe('/metrics without METRICS_TOKEN', { timeout: 30_000 }, () => {
  it('is not served at all', async () => {
    const relay = await startRelay();
    try {
      const res = await fetch(`${relay.httpUrl}/metrics`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ status: 'error', reason: 'not-found' });
    } finally {
      await relay.dispose();
    }
  });
});

describe('pairing limits', { timeout: 30_000 }, () => {
  it('back off a guessing address without locking anyone else out, however many addresses guess', async () => {
    const relay = await startRelay({ TRUST_PROXY: 'true' });
    try {
      const genuine = await enrolCode(relay.dataDir);
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await pair(relay, 'ZZZZ-ZZZZ', '203.0.113.9')).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses).toContain(429);
      const blocked = await pair(relay, genuine, '203.0.113.9');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

      // Two hundred more guessers, more than the old overall limit of 60 a minute allowed in all.
      for (let a = 0; a < 40; a++) for (let i = 0; i < 5; i++) await pair(relay, 'YYYY-YYYY', `198.51.100.${a}`);
      const res = await pair(relay, genuine, '192.0.2.44');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ role: 'coordinator' });
    } finally {
      await relay.dispose();
    }
  });

  it('ignore X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const relay = await startRelay();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await pair(relay, 'ZZZZ-ZZZZ', `198.51.100.${i}`)).status);
      expect(statuses).toContain(429);
    } finally {
      await relay.dispose();
    }
  });
});

describe('TLS', { timeout: 30_000 }, () => {
  it('serves HTTPS with HSTS when given TLS_CERT and TLS_KEY', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'pipe' });
    const relay = await startRelay({ TLS_CERT: cert, TLS_KEY: key });
    try {
      expect(relay.httpUrl).toMatch(/^https:/);
      const ca = await readFile(cert);
      const res = await new Promise<{ status: number; hsts: string | undefined; body: string }>((resolve, reject) => {
        https.get(`${relay.httpUrl}/healthz`, { ca }, (r) => {
          let body = '';
          r.on('data', (d: Buffer) => (body += d.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, hsts: r.headers['strict-transport-security'], body }));
        }).on('error', reject);
      });
      expect(res).toEqual({ status: 200, hsts: 'max-age=31536000', body: '{"status":"ok"}' });
    } finally {
      await relay.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
