// Which documents this device may sync: the relay's scope rules, applied to the names the app uses.
import { parseDocName } from '../docs/names';
import type { DeviceScope } from './relayApi';

/** Mirrors sync-server/doc-names.ts scopeAllows for the document kinds the app has. */
export function inScope(scope: DeviceScope, name: string): boolean {
  const doc = parseDocName(name);
  if (!doc) return false;
  if (doc.kind === 'school' || doc.kind === 'pupil' || scope.kind === 'all') return true;
  if (doc.kind === 'provider-day') return scope.kind === 'providers' && scope.providers.includes(doc.providerId);
  return scope.kind === 'room' && scope.room === doc.roomId;
}

export function describeScope(scope: DeviceScope): string {
  if (scope.kind === 'all') return 'Every room, pupil and provider';
  if (scope.kind === 'room') return `Room “${scope.room}”, the school and its pupils`;
  return `Providers ${scope.providers.join(', ')}, the school and its pupils`;
}
