// Which pupils attend an off-site device's providers, read from the school document the relay already stores.
import * as Y from 'yjs';
import type { RelayStore } from '../store/relay-store.js';

/**
 * The school document keeps providers as `providers/<id>/attends/<pupilId>`. Read from the store, which always
 * holds everything the relay has acknowledged, so the answer is as fresh as any client's copy.
 */
export function pupilsAtProviders(store: RelayStore, providers: readonly string[]): Set<string> {
  const stored = store.loadDoc('school');
  const pupils = new Set<string>();
  if (stored.length === 0) return pupils;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, Y.mergeUpdates(stored));
    const all = doc.getMap<Y.Map<unknown>>('providers');
    for (const id of providers) {
      const attends = all.get(id)?.get('attends');
      if (attends instanceof Y.Map) for (const pupilId of attends.keys()) pupils.add(pupilId);
    }
  } finally {
    doc.destroy();
  }
  return pupils;
}
