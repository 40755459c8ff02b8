// Test driver: a school document on the relay with the rooms and providers devices are enrolled for, written by a coordinator.
import * as Y from 'yjs';
import { TestClient } from './clients.js';
import { coordinator } from './devices.js';
import type { RelayProcess } from './relay-process.js';

export async function seedSchool(relay: Pick<RelayProcess, 'wsUrl' | 'dataDir'>, { rooms = {}, providers = {} }: { rooms?: Record<string, string>; providers?: Record<string, string> }): Promise<void> {
  const school = new TestClient(relay.wsUrl, 'school', coordinator(relay.dataDir).token);
  try {
    await school.waitSynced();
    school.doc.transact(() => {
      for (const [id, name] of Object.entries(rooms)) school.doc.getMap('rooms').set(id, new Y.Map<unknown>([['id', id], ['name', name]]));
      for (const [id, name] of Object.entries(providers)) school.doc.getMap('providers').set(id, new Y.Map<unknown>([['id', id], ['name', name]]));
    });
    await school.waitSafe();
  } finally {
    school.destroy();
  }
}
