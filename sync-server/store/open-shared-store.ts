// The relay's store as configured: PostgreSQL when DATABASE_URL is set (several nodes, several schools), otherwise the
// SQLite file in DATA_DIR behind the same interface (one school, the default: exactly as a single school has run it).
import type { RelayConfig } from '../config.js';
import type { RelayHealth } from '../health.js';
import { guardStore } from './guarded-store.js';
import { openPgStore } from './pg-store.js';
import type { RelayStore } from './relay-store.js';
import { defaultSchool, type SharedStore } from './shared-store.js';
import { openSqliteStore } from './sqlite-store.js';
import { adaptSyncStore } from './sync-store-adapter.js';

export class NoSuchSchoolError extends Error {
  constructor(school: string) {
    super(`Only the default school lives in DATA_DIR; school "${school}" needs the shared store (set DATABASE_URL).`);
    this.name = 'NoSuchSchoolError';
  }
}

export async function openSharedStore(
  config: Pick<RelayConfig, 'databaseUrl' | 'dataDir' | 'storeSync'>,
  /** The server's: store failures are reported on /healthz. */
  health?: RelayHealth,
): Promise<SharedStore> {
  if (config.databaseUrl) return openPgStore(config.databaseUrl, { health });
  const sqlite = openSqliteStore(config.dataDir, { synchronous: config.storeSync });
  const store: RelayStore = health ? guardStore(sqlite, health) : sqlite;
  return adaptSyncStore((school) => {
    if (school !== defaultSchool) throw new NoSuchSchoolError(school);
    return store;
  });
}
