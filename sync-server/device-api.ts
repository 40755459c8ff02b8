// The coordinator's devices: GET /api/devices, POST /api/devices (a one-time code valid 10 minutes),
// POST /api/devices/<id>/revoke (signed out at once), and GET /api/audit (the audit log). Coordinators only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { enrolDevice } from './auth/pairing.js';
import type { TokenClaims } from './auth/tokens.js';
import { idPattern, type DeviceRole, type DeviceScope } from './doc-names.js';
import { readBody, sendJson } from './http-json.js';
import { readSchoolLists, unknownInScope } from './school-lists.js';
import type { DeviceRecord } from './store/relay-store.js';
import type { SchoolStore } from './store/shared-store.js';

/** A code shown on the coordinator's screen is typed on the device there and then. */
export const screenCodeLifetimeMs = 10 * 60 * 1000;

const enrolSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('supervisor'), room: z.string().regex(idPattern), name: z.string().trim().max(80).optional() }),
  z.object({ role: z.literal('offsite'), providers: z.array(z.string().regex(idPattern)).min(1).max(20), name: z.string().trim().max(80).optional() }),
  z.object({ role: z.literal('coordinator'), name: z.string().trim().max(80).optional() }),
]);
export type EnrolRequest = z.infer<typeof enrolSchema>;

const auditQuerySchema = z.object({
  doc: z.string().max(200).optional(),
  device: z.string().regex(idPattern).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

function scopeOf(request: EnrolRequest): { role: DeviceRole; scope: DeviceScope } {
  if (request.role === 'supervisor') return { role: 'supervisor', scope: { kind: 'room', room: request.room } };
  if (request.role === 'offsite') return { role: 'offsite', scope: { kind: 'providers', providers: [...new Set(request.providers)] } };
  return { role: 'coordinator', scope: { kind: 'all' } };
}

const publicDevice = (d: DeviceRecord) => ({
  deviceId: d.deviceId,
  role: d.role,
  scope: d.scope,
  name: d.name,
  createdAt: d.createdAt,
  pairedAt: d.pairedAt,
  revokedAt: d.revokedAt,
  lastSeenAt: d.lastSeenAt ?? null,
});

export interface DeviceApiDeps {
  /** Closes the sockets of a device revoked a moment ago. */
  onRevoked(school: string, deviceId: string): void;
}

/** Answers /api/devices routes for an authenticated caller; false when the path is not one of them. */
export function createDeviceRoutes({ onRevoked }: DeviceApiDeps) {
  const sendError = (res: ServerResponse, status: number, reason: string, details?: Record<string, unknown>) =>
    sendJson(res, status, { status: 'error', reason, ...(details ? { details } : {}) });
  /** `store` is the caller's school's: nothing here reaches another school. */
  return async function handle(req: IncomingMessage, res: ServerResponse, pathname: string, caller: TokenClaims, store: SchoolStore): Promise<boolean> {
    const revoke = /^\/api\/devices\/([a-z0-9-]{1,64})\/revoke$/.exec(pathname);
    if (pathname !== '/api/devices' && pathname !== '/api/audit' && !revoke) return false;
    if (caller.role !== 'coordinator') return sendError(res, 403, 'coordinators-only'), true;
    if (pathname === '/api/audit' && req.method === 'GET') {
      const query = new URL(req.url ?? '/', 'http://relay').searchParams;
      const parsed = auditQuerySchema.safeParse({ doc: query.get('doc') ?? undefined, device: query.get('device') ?? undefined, limit: query.get('limit') ?? undefined });
      if (!parsed.success) return sendError(res, 400, 'bad-request'), true;
      const { doc, device, limit } = parsed.data;
      return sendJson(res, 200, { entries: await store.listAudit({ docName: doc, deviceId: device, limit }) }), true;
    }
    if (revoke && req.method === 'POST') {
      const deviceId = revoke[1]!;
      if (deviceId === caller.deviceId) return sendError(res, 409, 'own-device'), true;
      if (!(await store.revokeDevice(deviceId, Date.now()))) return sendError(res, 404, 'no-such-device'), true;
      await store.appendAudit({ at: Date.now(), deviceId, docName: '', action: 'revoked', detail: `by ${caller.deviceId}` });
      onRevoked(store.school, deviceId);
      return sendJson(res, 200, { device: publicDevice((await store.getDevice(deviceId))!) }), true;
    }
    if (pathname === '/api/devices' && req.method === 'GET') {
      return sendJson(res, 200, { devices: (await store.listDevices()).map(publicDevice) }), true;
    }
    if (pathname === '/api/devices' && req.method === 'POST') {
      const body = await readBody(req, res, enrolSchema);
      if (!body) return true;
      const { role, scope } = scopeOf(body);
      const unknown = unknownInScope(scope, await readSchoolLists(store));
      if (unknown) return sendError(res, 400, scope.kind === 'room' ? 'unknown-room' : 'unknown-provider', { message: unknown }), true;
      const { device, code, expiresAt } = await enrolDevice(store, { role, scope, name: body.name || null }, Date.now(), screenCodeLifetimeMs);
      await store.appendAudit({ at: Date.now(), deviceId: device.deviceId, docName: '', action: 'enrolled', detail: `by ${caller.deviceId}` });
      return sendJson(res, 201, { device: publicDevice(device), code, expiresAt }), true;
    }
    return sendError(res, 405, 'method-not-allowed'), true;
  };
}
