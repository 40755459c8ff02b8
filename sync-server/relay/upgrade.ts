// Authentication in the HTTP upgrade: document name, token, revocation and scope, all before the socket exists.
import type { IncomingMessage } from 'node:http';
import { parseDocName, scopeAllows } from '../doc-names.js';
import { TokenError, verifyToken, type TokenClaims } from '../auth/tokens.js';
import type { RelayStore } from '../store/relay-store.js';

export const syncPathPrefix = '/sync/';
export const subprotocol = 'baseroom';

export type UpgradeRefusal =
  | { status: 400; reason: 'bad-document-name' | 'token-in-url' }
  | { status: 401; reason: TokenError['reason'] | 'unknown-device' | 'revoked' }
  | { status: 403; reason: 'out-of-scope' }
  | { status: 404; reason: 'not-found' };

export type UpgradeDecision = { ok: true; docName: string; claims: TokenClaims } | ({ ok: false } & UpgradeRefusal);

/** The token travels as the second entry of Sec-WebSocket-Protocol: "baseroom, <token>". */
export function tokenFromProtocols(header: string | undefined): string | undefined {
  const offered = (header ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  if (offered[0] !== subprotocol) return undefined;
  return offered[1];
}

export function decideUpgrade(
  req: IncomingMessage,
  secret: Buffer,
  store: RelayStore,
  pupilsAttending: (providers: readonly string[]) => ReadonlySet<string>,
  now = Date.now(),
): UpgradeDecision {
  const rawUrl = req.url ?? '';
  if (!rawUrl.startsWith(syncPathPrefix)) return { ok: false, status: 404, reason: 'not-found' };
  // Tokens are never taken from the URL (it ends up in logs and history), so a query is refused outright.
  if (rawUrl.includes('?')) return { ok: false, status: 400, reason: 'token-in-url' };
  const docName = rawUrl.slice(syncPathPrefix.length);
  const doc = parseDocName(docName);
  if (!doc) return { ok: false, status: 400, reason: 'bad-document-name' };
  let claims: TokenClaims;
  try {
    claims = verifyToken(secret, tokenFromProtocols(req.headers['sec-websocket-protocol']), now);
  } catch (err) {
    if (err instanceof TokenError) return { ok: false, status: 401, reason: err.reason };
    throw err;
  }
  const device = store.getDevice(claims.deviceId);
  if (!device) return { ok: false, status: 401, reason: 'unknown-device' };
  if (device.revokedAt !== null) return { ok: false, status: 401, reason: 'revoked' };
  const scope = claims.scope;
  const attending = () => pupilsAttending(scope.kind === 'providers' ? scope.providers : []);
  if (!scopeAllows(scope, doc, claims.deviceId, attending)) return { ok: false, status: 403, reason: 'out-of-scope' };
  return { ok: true, docName, claims };
}
