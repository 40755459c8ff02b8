// Authentication in the HTTP upgrade: document name, token, revocation and scope, all before the socket exists.
import type { IncomingMessage } from 'node:http';
import { parseDocName, scopeAllows } from '../doc-names.js';
import { schoolOf, TokenError, verifyToken, type TokenClaims } from '../auth/tokens.js';
import { splitSchoolPath } from '../school-path.js';
import type { SchoolStore } from '../store/shared-store.js';

export const syncPathPrefix = '/sync/';
export const subprotocol = 'baseroom';

export type UpgradeRefusal =
  | { status: 400; reason: 'bad-document-name' | 'token-in-url' }
  | { status: 401; reason: TokenError['reason'] | 'unknown-device' | 'revoked' }
  | { status: 403; reason: 'out-of-scope' | 'wrong-school' }
  | { status: 404; reason: 'not-found' };

export type UpgradeDecision = { ok: true; school: string; docName: string; claims: TokenClaims } | ({ ok: false } & UpgradeRefusal);

/** The token travels as the second entry of Sec-WebSocket-Protocol: "baseroom, <token>". */
export function tokenFromProtocols(header: string | undefined): string | undefined {
  const offered = (header ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  if (offered[0] !== subprotocol) return undefined;
  return offered[1];
}

/**
 * `schoolStore` gives the view of the school the path names (null when this relay serves no such school): the device
 * is looked up there, and only after its token was found to be of that very school.
 */
export async function decideUpgrade(
  req: IncomingMessage,
  secret: Buffer,
  schoolStore: (school: string) => SchoolStore | null,
  pupilsAttending: (school: string, providers: readonly string[]) => Promise<ReadonlySet<string>>,
  now = Date.now(),
): Promise<UpgradeDecision> {
  const split = splitSchoolPath(req.url ?? '');
  if (!split || !split.rest.startsWith(syncPathPrefix)) return { ok: false, status: 404, reason: 'not-found' };
  const { school, rest: rawUrl } = split;
  const store = schoolStore(school);
  if (!store) return { ok: false, status: 404, reason: 'not-found' };
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
  // A valid token of another school opens nothing here, whatever the path says.
  if (schoolOf(claims) !== school) return { ok: false, status: 403, reason: 'wrong-school' };
  const device = await store.getDevice(claims.deviceId);
  if (!device) return { ok: false, status: 401, reason: 'unknown-device' };
  if (device.revokedAt !== null) return { ok: false, status: 401, reason: 'revoked' };
  const scope = claims.scope;
  const pupils = doc.kind === 'pupil' && scope.kind === 'providers' ? await pupilsAttending(school, scope.providers) : new Set<string>();
  if (!scopeAllows(scope, doc, claims.deviceId, () => pupils)) return { ok: false, status: 403, reason: 'out-of-scope' };
  return { ok: true, school, docName, claims };
}
