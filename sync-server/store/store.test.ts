// Runs the RelayStore contract against the SQLite store and the in-memory store.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMemoryStore } from './memory-store.js';
import { openSqliteStore } from './sqlite-store.js';
import { registerStoreContractTests } from './store-contract.js';

registerStoreContractTests('memory', async () => {
  const store = createMemoryStore();
  return { store, dispose: async () => store.close() };
});

registerStoreContractTests('sqlite', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'baseroom-store-'));
  let current = openSqliteStore(dir);
  return {
    get store() {
      return current;
    },
    reopen: () => {
      current.close();
      current = openSqliteStore(dir);
      return current;
    },
    dispose: async () => {
      current.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
