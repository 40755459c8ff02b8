// Which documents this device may sync: the relay's scope rules, applied to the names the app uses.
import * as Y from 'yjs';
import { parseDocName } from '../docs/names';
import type { DeviceScope } from './relayApi';

/** Pupils who attend any of these providers, from the school document (`providers/<id>/attends/<pupilId>`). */
export function attendingPupils(school: Y.Doc | null, providers: readonly string[]): Set<string> {
  const pupils = new Set<string>();
  const all = school?.getMap<Y.Map<unknown>>('providers');
  for (const id of providers) {
    const attends = all?.get(id)?.get('attends');
    if (attends instanceof Y.Map) for (const pupilId of attends.keys()) pupils.add(pupilId);
  }
  return pupils;
}

/**
 * Mirrors sync-server/doc-names.ts scopeAllows for the document kinds the app has. An off-site device may sync
 * only the records of pupils who attend its providers (`attending`, from the school document).
 */
export function inScope(scope: DeviceScope, name: string, attending: () => ReadonlySet<string> = () => new Set()): boolean {
  const doc = parseDocName(name);
  if (!doc) return false;
  if (doc.kind === 'school' || scope.kind === 'all') return true;
  if (doc.kind === 'pupil') return scope.kind === 'room' || attending().has(doc.pupilId);
  if (doc.kind === 'provider-day') return scope.kind === 'providers' && scope.providers.includes(doc.providerId);
  return scope.kind === 'room' && scope.room === doc.roomId;
}

export function describeScope(scope: DeviceScope): string {
  if (scope.kind === 'all') return 'Every room, pupil and provider';
  if (scope.kind === 'room') return `Room “${scope.room}”, the school and its pupils`;
  return `Providers ${scope.providers.join(', ')}, the school, and the pupils who attend them`;
}
