// The key database on IndexedDB itself, without Dexie: the lock screen is the first screen, and Dexie (30 KB gzip)
// is needed only once a PIN has opened the records, so it loads while the PIN is typed.

/** Resolves with a request's result, rejects with its error. */
export function requested<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new DOMException('The request failed', 'UnknownError'));
  });
}

/**
 * Opens (creating when new) a database holding `stores`, each keyed by its `keyPath`. Opened at whatever version it
 * has (Dexie, which kept it before, numbered it 10), and upgraded by one only when a store is missing.
 */
export async function openStores(name: string, stores: Record<string, string>, version?: number): Promise<IDBDatabase> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
    request.onupgradeneeded = () => {
      const upgrading = request.result;
      for (const [store, keyPath] of Object.entries(stores)) {
        if (!upgrading.objectStoreNames.contains(store)) upgrading.createObjectStore(store, { keyPath });
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new DOMException(`Could not open ${name}`, 'UnknownError'));
  });
  if (Object.keys(stores).every((store) => db.objectStoreNames.contains(store))) return db;
  const next = db.version + 1;
  db.close();
  return openStores(name, stores, next);
}

/**
 * Runs `work` in one transaction and resolves once it has committed; if `work` throws, the transaction is aborted
 * and nothing it wrote is kept. `work` may await only this transaction's requests (anything else lets it commit).
 */
export async function inTransaction<T>(
  db: IDBDatabase,
  stores: string | string[],
  mode: IDBTransactionMode,
  work: (tx: IDBTransaction) => Promise<T>,
): Promise<T> {
  const tx = db.transaction(stores, mode);
  const committed = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  });
  let result: T;
  try {
    result = await work(tx);
  } catch (err) {
    committed.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // Already finished: nothing more to undo.
    }
    throw err;
  }
  await committed;
  return result;
}

/** Deletes a database once every connection to it has closed (each closes when told: see `onversionchange`). */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new DOMException(`Could not delete ${name}`, 'UnknownError'));
  });
}
