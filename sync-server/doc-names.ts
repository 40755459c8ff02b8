// Document names (the relay room names) and which device scopes may open them.
export type DeviceRole = 'supervisor' | 'offsite' | 'coordinator';

/** What a device may open: one room, a list of providers, or everything (coordinators). */
export type DeviceScope =
  | { kind: 'room'; room: string }
  | { kind: 'providers'; providers: string[] }
  | { kind: 'all' };

export type DocName =
  | { kind: 'school' }
  | { kind: 'room'; room: string; date: string }
  | { kind: 'pupil'; pupil: string }
  | { kind: 'provider'; provider: string; date: string }
  /** What one off-site device may know of the school: written by the relay alone (see relay/cohort.ts). */
  | { kind: 'cohort'; device: string };

export const idPattern = /^[a-z0-9-]{1,64}$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidId(id: string): boolean {
  return idPattern.test(id);
}

function isValidDate(date: string): boolean {
  const m = datePattern.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const asDate = new Date(Date.UTC(y, mo - 1, d));
  return asDate.getUTCFullYear() === y && asDate.getUTCMonth() === mo - 1 && asDate.getUTCDate() === d;
}

/** Parses a document name exactly; anything else (extra segments, capitals, encodings) is null. */
export function parseDocName(name: string): DocName | null {
  if (name === 'school') return { kind: 'school' };
  const parts = name.split('/');
  const [kind, id, date] = parts;
  if (!id || !isValidId(id)) return null;
  if (kind === 'pupil' && parts.length === 2) return { kind: 'pupil', pupil: id };
  if (kind === 'cohort' && parts.length === 2) return { kind: 'cohort', device: id };
  if (parts.length !== 3 || !date || !isValidDate(date)) return null;
  if (kind === 'room') return { kind: 'room', room: id, date };
  if (kind === 'provider') return { kind: 'provider', provider: id, date };
  return null;
}

export const cohortDocName = (deviceId: string) => `cohort/${deviceId}`;

/**
 * Scope rules: what a device may open. Supervisors: the school document, their room's days and pupil documents.
 * Off-site devices: their providers' days, their own cohort document (only what they need of the school: its
 * settings and the pupils who attend their providers; never the school document with its whole roster), and the
 * records of pupils who attend their providers (`attending`, read from the school document, which only
 * coordinators may write). Coordinators: everything but cohorts. None of this depends on data the device itself can write.
 */
export function scopeAllows(scope: DeviceScope, doc: DocName, deviceId: string, attending: () => ReadonlySet<string> = () => new Set()): boolean {
  // A cohort is one off-site device's view: nobody else has a use for it, and each one opened costs the relay a copy.
  if (doc.kind === 'cohort') return scope.kind === 'providers' && doc.device === deviceId;
  if (scope.kind === 'all') return true;
  switch (doc.kind) {
    case 'school':
      return scope.kind === 'room';
    case 'pupil':
      return scope.kind === 'room' || attending().has(doc.pupil);
    case 'room':
      return scope.kind === 'room' && scope.room === doc.room;
    case 'provider':
      return scope.kind === 'providers' && scope.providers.includes(doc.provider);
  }
}
