// Which documents this device may sync, and under which name the relay knows them: the relay's scope rules, applied to the names the app uses.
import { parseDocName, SCHOOL_DOC } from '../docs/names';
import type { DeviceScope } from './relayApi';
import { cohortDocName } from '../../sync-server/doc-names';

/**
 * Mirrors sync-server/doc-names.ts scopeAllows for the document kinds the app has. An off-site device syncs its
 * providers' days, and the school document in the only form the relay gives it: its cohort (see `relayName`). It
 * never syncs pupil documents or another room's days.
 */
export function inScope(scope: DeviceScope, name: string): boolean {
  const doc = parseDocName(name);
  if (!doc) return false;
  if (scope.kind === 'all' || doc.kind === 'school') return true;
  if (doc.kind === 'pupil') return scope.kind === 'room';
  if (doc.kind === 'provider-day') return scope.kind === 'providers' && scope.providers.includes(doc.providerId);
  return scope.kind === 'room' && scope.room === doc.roomId;
}

/**
 * The relay's name for a local document. An off-site device's school document is its cohort: settings, staff,
 * its providers and only the pupils who attend them, written by the relay from the school's roster.
 */
export function relayName(device: { deviceId: string; scope: DeviceScope }, name: string): string {
  return device.scope.kind === 'providers' && name === SCHOOL_DOC ? cohortDocName(device.deviceId) : name;
}

export function describeScope(scope: DeviceScope): string {
  if (scope.kind === 'all') return 'Every room, pupil and provider';
  if (scope.kind === 'room') return `Room “${scope.room}”, the school and its pupils`;
  return `Providers ${scope.providers.join(', ')}, and the pupils who attend them`;
}
