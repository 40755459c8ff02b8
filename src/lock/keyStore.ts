// The device's key slots (one per member of staff) and its wrong-PIN count, in their own small database.
import { inTransaction, openStores, requested } from './keyDatabase';
import { newDataKey, unwrapDataKey, wrapDataKey, WrongPinError, type KeySlot } from './pinKeys';
import { afterWrongPin, noAttempts, triesLeft, type Attempts } from './throttle';
import { appSchool, schoolStorageName } from '../sync/school';

/** This school's key slots (src/sync/school.ts): a PIN set at one school's address never opens another's data. */
export const KEY_DB_NAME = schoolStorageName('baseroom-keys', appSchool);

/** Only wrapped keys and counters live here: nothing in this database names or describes a pupil. */
const STORES = { slots: 'id', attempts: 'key' };
type AttemptsRow = Attempts & { key: 'attempts' };

export class TooSoonError extends Error {
  constructor(readonly notBefore: number) {
    super('Too many wrong PINs: wait before trying again.');
    this.name = 'TooSoonError';
  }
}

export class LockedOutError extends Error {
  constructor() {
    super('Too many wrong PINs: this device must be paired again by a coordinator.');
    this.name = 'LockedOutError';
  }
}

export interface Unlocked {
  dataKey: Uint8Array;
  slotId: string;
}

export class KeyStore {
  private opening: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly name = KEY_DB_NAME,
    private readonly iterations?: number,
  ) {}

  /** Opened on first use, and again after another tab deleted it (erasing the device closes every connection). */
  private db(): Promise<IDBDatabase> {
    this.opening ??= openStores(this.name, STORES).then((db) => {
      db.onversionchange = () => this.close();
      return db;
    });
    const opening = this.opening;
    opening.catch(() => {
      if (this.opening === opening) this.opening = null;
    });
    return opening;
  }

  private async slots<T>(mode: IDBTransactionMode, work: (slots: IDBObjectStore) => Promise<T>): Promise<T> {
    return inTransaction(await this.db(), 'slots', mode, (tx) => work(tx.objectStore('slots')));
  }

  async hasPins(): Promise<boolean> {
    return (await this.pinCount()) > 0;
  }

  async attempts(): Promise<Attempts> {
    const db = await this.db();
    return inTransaction(db, 'attempts', 'readonly', (tx) => readAttempts(tx.objectStore('attempts')));
  }

  /** First run: a new random data key, wrapped by the first member of staff's PIN. */
  async createFirstPin(pin: string): Promise<Unlocked> {
    if (await this.hasPins()) throw new Error('This device already has a PIN: unlock it and add yours in Settings.');
    const dataKey = newDataKey();
    const slot = await wrapDataKey(dataKey, pin, this.iterations);
    await this.slots('readwrite', (slots) => requested(slots.add(slot)));
    return { dataKey, slotId: slot.id };
  }

  /** Another member of staff's PIN, added while the device is unlocked (so the data key is at hand). */
  async addPin(dataKey: Uint8Array, pin: string): Promise<void> {
    const slot = await wrapDataKey(dataKey, pin, this.iterations);
    await this.slots('readwrite', (slots) => requested(slots.add(slot)));
  }

  /**
   * Replaces one member of staff's PIN (the slot they unlocked with) by a new one, in one transaction: the old PIN
   * opens nothing from then on. The data key stays the same, so a copy of the files taken before still opens with
   * the old PIN.
   */
  async changePin(dataKey: Uint8Array, slotId: string, pin: string): Promise<string> {
    const slot = await wrapDataKey(dataKey, pin, this.iterations);
    await this.slots('readwrite', async (slots) => {
      if (!(await requested(slots.get(slotId)))) throw new Error('The PIN this device was unlocked with is no longer on it.');
      await requested(slots.delete(slotId));
      await requested(slots.add(slot));
    });
    return slot.id;
  }

  /** Removes every PIN but the one this device was unlocked with (staff who left); returns how many went. */
  async removeOtherPins(slotId: string): Promise<number> {
    return this.slots('readwrite', async (slots) => {
      if (!(await requested(slots.get(slotId)))) throw new Error('The PIN this device was unlocked with is no longer on it.');
      const others = (await requested(slots.getAllKeys())).filter((id) => id !== slotId);
      await Promise.all(others.map((id) => requested(slots.delete(id))));
      return others.length;
    });
  }

  async pinCount(): Promise<number> {
    return this.slots('readonly', (slots) => requested(slots.count()));
  }

  /**
   * Tries `pin` against every slot. Refuses while a wait is due (TooSoonError); a wrong PIN is counted and
   * throws WrongPinError, or LockedOutError once the limit is reached (the caller then erases the device).
   */
  async unlock(pin: string, now = Date.now()): Promise<Unlocked> {
    const db = await this.db();
    // Count the try before the slow key derivation, so closing the tab mid-try still counts it. Read and count in
    // one transaction: tries started together (another tab, a script) each see the ones before them.
    const counted = await inTransaction(db, 'attempts', 'readwrite', async (tx) => {
      const store = tx.objectStore('attempts');
      const attempts = await readAttempts(store);
      if (triesLeft(attempts) === 0) throw new LockedOutError();
      if (now < attempts.notBefore) throw new TooSoonError(attempts.notBefore);
      const next = afterWrongPin(attempts, now);
      await requested(store.put({ key: 'attempts', ...next } satisfies AttemptsRow));
      return next;
    });
    const slots = await this.slots('readonly', (store) => requested(store.getAll() as IDBRequest<KeySlot[]>));
    for (const slot of slots) {
      try {
        const dataKey = await unwrapDataKey(slot, pin);
        await inTransaction(await this.db(), 'attempts', 'readwrite', (tx) =>
          requested(tx.objectStore('attempts').put({ key: 'attempts', ...noAttempts } satisfies AttemptsRow)),
        );
        return { dataKey, slotId: slot.id };
      } catch (err) {
        if (!(err instanceof WrongPinError)) throw err;
      }
    }
    if (triesLeft(counted) === 0) throw new LockedOutError();
    throw new WrongPinError();
  }

  close(): void {
    const opening = this.opening;
    this.opening = null;
    void opening?.then((db) => db.close(), () => undefined);
  }
}

async function readAttempts(store: IDBObjectStore): Promise<Attempts> {
  const row = (await requested(store.get('attempts'))) as AttemptsRow | undefined;
  return row ? { failures: row.failures, notBefore: row.notBefore } : noAttempts;
}
