// The school's own rooms and providers, read from the stored school document: a device is enrolled only for one that exists.
import * as Y from 'yjs';
import type { DeviceScope } from './doc-names.js';
import type { SchoolStore } from './store/shared-store.js';

export interface SchoolLists {
  rooms: { id: string; name: string }[];
  providers: { id: string; name: string }[];
}

export async function readSchoolLists(store: Pick<SchoolStore, 'loadDoc'>): Promise<SchoolLists> {
  const stored = (await store.loadDoc('school')).map((row) => row.update);
  const doc = new Y.Doc();
  try {
    if (stored.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(stored));
    const list = (part: string) =>
      [...doc.getMap<unknown>(part).entries()]
        .filter((entry): entry is [string, Y.Map<unknown>] => entry[1] instanceof Y.Map)
        .map(([id, record]) => ({ id, name: String(record.get('name') ?? id) }))
        .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    return { rooms: list('rooms'), providers: list('providers') };
  } finally {
    doc.destroy();
  }
}

/** Why a scope names a room or provider the school does not have, or null when every one exists. */
export function unknownInScope(scope: DeviceScope, lists: SchoolLists): string | null {
  const names = (items: { id: string; name: string }[]) => (items.length ? items.map((i) => `${i.id} (${i.name})`).join(', ') : 'none yet');
  if (scope.kind === 'room' && !lists.rooms.some((r) => r.id === scope.room)) {
    return `The school has no room "${scope.room}". Rooms: ${names(lists.rooms)}. Room ids are shown in Settings.`;
  }
  if (scope.kind === 'providers') {
    const missing = scope.providers.filter((p) => !lists.providers.some((known) => known.id === p));
    if (missing.length) return `The school has no provider "${missing.join('", "')}". Providers: ${names(lists.providers)}. Provider ids are shown in Settings.`;
  }
  return null;
}
