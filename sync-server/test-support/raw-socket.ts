// Test driver: raw WebSocket attempts at the relay, reporting the HTTP refusal or the close code.
import WebSocket from 'ws';

export type UpgradeOutcome = { opened: true; protocol: string; socket: WebSocket } | { opened: false; status: number; reason: string };

export function tryUpgrade(wsUrl: string, docName: string, protocols: string[] = []): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}/${docName}`, protocols);
    socket.on('open', () => resolve({ opened: true, protocol: socket.protocol, socket }));
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        const reason = body ? ((JSON.parse(body) as { reason?: string }).reason ?? '') : '';
        resolve({ opened: false, status: res.statusCode ?? 0, reason });
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
