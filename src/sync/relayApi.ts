// The relay's JSON API as the device uses it: pair with a code, ask who this device is. Errors are typed.
import { z } from 'zod';

export const deviceScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('room'), room: z.string() }),
  z.object({ kind: z.literal('providers'), providers: z.array(z.string()) }),
  z.object({ kind: z.literal('all') }),
]);
export type DeviceScope = z.infer<typeof deviceScopeSchema>;

const identitySchema = z.object({
  deviceId: z.string(),
  role: z.enum(['supervisor', 'offsite', 'coordinator']),
  scope: deviceScopeSchema,
  /** Asks the relay whether this device was signed out, and nothing else (POST /api/erase-check). */
  eraseCheck: z.string().max(100).optional(),
});
export type DeviceIdentity = z.infer<typeof identitySchema>;

const pairedSchema = identitySchema.extend({ token: z.string().min(1) });
export type PairedDevice = z.infer<typeof pairedSchema>;

const managedDeviceSchema = z.object({
  deviceId: z.string(),
  role: z.enum(['supervisor', 'offsite', 'coordinator']),
  scope: deviceScopeSchema,
  name: z.string().nullable(),
  createdAt: z.number(),
  pairedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  lastSeenAt: z.number().nullable(),
});
/** A device as the coordinator's screen lists it. */
export type ManagedDevice = z.infer<typeof managedDeviceSchema>;
const deviceListSchema = z.object({ devices: z.array(managedDeviceSchema) });
const auditEntrySchema = z.object({
  at: z.number(),
  deviceId: z.string(),
  docName: z.string(),
  action: z.enum(['opened', 'changed', 'refused', 'enrolled', 'revoked', 'erased']),
  detail: z.string(),
});
/** One line of the relay's audit log: who did what to which document, when; never content. */
export type AuditEntry = z.infer<typeof auditEntrySchema>;
const auditSchema = z.object({ entries: z.array(auditEntrySchema) });
const enrolledSchema = z.object({ device: managedDeviceSchema, code: z.string(), expiresAt: z.number() });
export type Enrolled = z.infer<typeof enrolledSchema>;

/** What a coordinator erases: a pupil (their record, roster entry and entries in every day) or one room or provider day. */
export type EraseTarget = { kind: 'pupil'; pupilId: string } | { kind: 'day'; docName: string };
const erasedSchema = z.object({ erased: z.string(), changed: z.array(z.string()) });

/** What the coordinator asks for: a room's tablet, an off-site phone, or another coordinator's device. */
export type EnrolRequest =
  | { role: 'supervisor'; room: string; name?: string }
  | { role: 'offsite'; providers: string[]; name?: string }
  | { role: 'coordinator'; name?: string };

export type RelayApiErrorReason =
  | 'no-connection'
  | 'coordinators-only'
  | 'unknown-room'
  | 'unknown-provider'
  | 'own-device'
  | 'invalid-code'
  | 'too-many-attempts'
  | 'bad-request'
  | 'unauthorised'
  | 'unexpected-response';

export class RelayApiError extends Error {
  constructor(
    readonly reason: RelayApiErrorReason,
    readonly details: { status?: number; serverReason?: string } = {},
  ) {
    super(`Relay API error: ${reason}`);
    this.name = 'RelayApiError';
  }
}

const errorBodySchema = z.object({ reason: z.string() });
const docListSchema = z.object({ versions: z.record(z.string().max(200), z.string().max(64)), connectsPerSecond: z.number().positive().optional() });

/** The documents in a device's scope with their version tags, and how fast the relay lets the device open sockets. */
export interface DocVersions {
  versions: Map<string, string>;
  connectsPerSecond?: number;
}

export class RelayApi {
  /** baseUrl: the relay's origin ('' in the browser: same origin as the app). */
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  async pair(code: string): Promise<PairedDevice> {
    const res = await this.request('/api/pair', { method: 'POST', body: JSON.stringify({ code }), headers: { 'Content-Type': 'application/json' } });
    if (res.status === 401) throw new RelayApiError('invalid-code', { status: 401 });
    if (res.status === 429) throw new RelayApiError('too-many-attempts', { status: 429 });
    if (res.status === 400) throw new RelayApiError('bad-request', { status: 400 });
    return this.parse(res, pairedSchema);
  }

  async whoami(token: string): Promise<DeviceIdentity> {
    const res = await this.request('/api/whoami', { headers: { Authorization: `Bearer ${token}` } });
    if (res.status === 401) {
      const body = errorBodySchema.safeParse(await res.json().catch(() => null));
      throw new RelayApiError('unauthorised', { status: 401, ...(body.success ? { serverReason: body.data.reason } : {}) });
    }
    return this.parse(res, identitySchema);
  }

  /** The documents on the relay that this device may open, each with a version tag that changes when the relay's copy does. */
  async docVersions(token: string): Promise<DocVersions> {
    const res = await this.request('/api/docs', { headers: { Authorization: `Bearer ${token}` } });
    if (res.status === 401) throw new RelayApiError('unauthorised', { status: 401 });
    const { versions, connectsPerSecond } = await this.parse(res, docListSchema);
    if (Object.keys(versions).length > 100_000) throw new RelayApiError('unexpected-response', { status: res.status });
    return { versions: new Map(Object.entries(versions)), ...(connectsPerSecond ? { connectsPerSecond } : {}) };
  }

  /** Every device enrolled with the relay (coordinators only). */
  async listDevices(token: string): Promise<ManagedDevice[]> {
    const res = await this.authorised('/api/devices', token);
    return (await this.parse(res, deviceListSchema)).devices;
  }

  /** Enrols a device and returns its one-time code, valid for 10 minutes (coordinators only). */
  async enrolDevice(token: string, request: EnrolRequest): Promise<Enrolled> {
    const res = await this.authorised('/api/devices', token, { method: 'POST', body: JSON.stringify(request) });
    return this.parse(res, enrolledSchema);
  }

  /** The newest lines of the relay's audit log, for one device or all (coordinators only). */
  async audit(token: string, query: { deviceId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const params = new URLSearchParams({ limit: String(query.limit ?? 100), ...(query.deviceId ? { device: query.deviceId } : {}) });
    const res = await this.authorised(`/api/audit?${params.toString()}`, token);
    return (await this.parse(res, auditSchema)).entries;
  }

  /** Signs a device out at once: its connections close and its token stops working (coordinators only). */
  async revokeDevice(token: string, deviceId: string): Promise<void> {
    const res = await this.authorised(`/api/devices/${encodeURIComponent(deviceId)}/revoke`, token, { method: 'POST' });
    await this.parse(res, z.object({ device: managedDeviceSchema }));
  }

  /** Erases a pupil or a day on the relay, from its store and every device at its next sync (coordinators only). */
  async erase(token: string, target: EraseTarget): Promise<{ erased: string; changed: string[] }> {
    const res = await this.authorised('/api/erase', token, { method: 'POST', body: JSON.stringify(target) });
    return this.parse(res, erasedSchema);
  }

  /** A request with the device's token; the relay's refusals become typed errors. */
  private async authorised(path: string, token: string, init: RequestInit = {}): Promise<Response> {
    const res = await this.request(path, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
    if (res.status === 401) throw new RelayApiError('unauthorised', { status: 401 });
    if (res.status === 400 || res.status === 403 || res.status === 409) {
      const body = errorBodySchema.safeParse(await res.json().catch(() => null));
      const reason = body.success ? body.data.reason : 'bad-request';
      const known: RelayApiErrorReason[] = ['coordinators-only', 'unknown-room', 'unknown-provider', 'own-device'];
      throw new RelayApiError(known.includes(reason as RelayApiErrorReason) ? (reason as RelayApiErrorReason) : 'bad-request', { status: res.status, serverReason: reason });
    }
    return res;
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(`${this.baseUrl}${path}`, { ...init, cache: 'no-store' });
    } catch {
      throw new RelayApiError('no-connection');
    }
  }

  private async parse<T>(res: Response, schema: z.ZodType<T>): Promise<T> {
    // A service worker or proxy answering for an absent relay gives HTML or 5xx: treat as no connection.
    if (res.status >= 500) throw new RelayApiError('no-connection', { status: res.status });
    const parsed = schema.safeParse(await res.json().catch(() => null));
    if (!res.ok || !parsed.success) throw new RelayApiError('unexpected-response', { status: res.status });
    return parsed.data;
  }
}
