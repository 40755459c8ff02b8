// Each address's share of the relay's connections. MAX_CONNECTIONS is one pool for every school; without a share,
// anyone who can reach the port (no device, no token) fills it with connections that send nothing, or one request
// and then nothing, each freed only after HEADERS_TIMEOUT_MS or the keep-alive timeout, and every device is refused
// meanwhile. A device's sync WebSockets do not count: a school behind one NAT address holds hundreds of them, and each
// needed a valid token. What counts is every other connection (a page, an asset, an API call, a request that has not
// finished arriving), which a browser keeps to a handful per origin.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey } from './pairing-limits.js';

/**
 * Drops, at once, a new connection from an address (an IPv6 /64 counts as one) that already holds `perAddress`
 * connections other than WebSockets. A connection stops counting when it asks to become a WebSocket (one refused is
 * closed straight after, and refused upgrades are limited per address: see address-limits.ts).
 */
export function shareConnectionsByAddress(server: Server, perAddress: number): void {
  const held = new Map<string, number>();
  /** Counted connections by remote address and port: a TLS socket and the TCP socket under it report the same. */
  const counted = new Map<string, { address: string; socket: Socket }>();
  const endpoint = (socket: Socket) => `${socket.remoteAddress}|${socket.remotePort}`;
  /** `socket`: only if that connection is the one counted under `key` (a new one may reuse a closed one's port). */
  const release = (key: string, socket?: Socket) => {
    const entry = counted.get(key);
    if (entry === undefined || (socket !== undefined && entry.socket !== socket)) return;
    const { address } = entry;
    counted.delete(key);
    const left = (held.get(address) ?? 1) - 1;
    if (left === 0) held.delete(address);
    else held.set(address, left);
  };
  server.on('connection', (socket: Socket) => {
    if (socket.remoteAddress === undefined) return socket.destroy();
    const address = addressKey(socket.remoteAddress);
    const holds = held.get(address) ?? 0;
    if (holds >= perAddress) return socket.destroy();
    const key = endpoint(socket);
    held.set(address, holds + 1);
    counted.set(key, { address, socket });
    socket.once('close', () => release(key, socket));
  });
  server.on('upgrade', (req: { socket: Socket }) => release(endpoint(req.socket)));
}
