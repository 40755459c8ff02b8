// Test driver: raw WebSocket attempts at the relay, reporting the HTTP refusal or the close code.
import WebSocket from 'ws';

const received = new WeakMap<WebSocket, Uint8Array[]>();

export type UpgradeOutcome =
  | { opened: true; protocol: string; socket: WebSocket }
  | { opened: false; status: number; reason: string; retryAfter?: string };

/** `headers`: sent with the upgrade (e.g. X-Forwarded-For, to a relay with TRUST_PROXY=true). */
export function tryUpgrade(wsUrl: string, docName: string, protocols: string[] = [], headers: Record<string, string> = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}/${docName}`, protocols, { headers });
    // Recorded from the start: the relay speaks first, in the same turn as the socket opens.
    const messages: Uint8Array[] = [];
    received.set(socket, messages);
    socket.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
    socket.on('open', () => resolve({ opened: true, protocol: socket.protocol, socket }));
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        const reason = body ? ((JSON.parse(body) as { reason?: string }).reason ?? '') : '';
        const retryAfter = res.headers['retry-after'];
        resolve({ opened: false, status: res.statusCode ?? 0, reason, ...(retryAfter ? { retryAfter } : {}) });
        socket.terminate();
      });
    });
    socket.on('error', (err) => {
      if (socket.readyState !== WebSocket.CLOSED) reject(err);
    });
  });
}

export async function openSocket(wsUrl: string, docName: string, token: string): Promise<WebSocket> {
  const outcome = await tryUpgrade(wsUrl, docName, ['baseroom', token]);
  if (!outcome.opened) throw new Error(`upgrade refused: ${outcome.status} ${outcome.reason}`);
  return outcome.socket;
}

/** Resolves with the close code the relay sends (or 1006 if the connection just drops). */
export function closeCode(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve(1006);
    socket.once('close', (code) => resolve(code));
  });
}

/** Resolves with the relay's close code and reason (1006 and '' if the connection just drops). */
export function closeEvent(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve({ code: 1006, reason: '' });
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/** Every message the relay sent on a socket from tryUpgrade/openSocket, in order; `next` finds the first that matches, sent or to come. */
export function inbox(socket: WebSocket): { messages: Uint8Array[]; next(match: (m: Uint8Array) => boolean): Promise<Uint8Array> } {
  const messages = received.get(socket) ?? [];
  const waiters = new Set<{ match: (m: Uint8Array) => boolean; resolve: (m: Uint8Array) => void }>();
  socket.on('message', () => {
    const message = messages[messages.length - 1]!;
    for (const w of waiters) if (w.match(message)) (waiters.delete(w), w.resolve(message));
  });
  return {
    messages,
    next: (match) =>
      new Promise((resolve) => {
        const seen = messages.find(match);
        if (seen) return resolve(seen);
        waiters.add({ match, resolve });
      }),
  };
}
