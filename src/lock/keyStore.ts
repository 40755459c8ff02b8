// The device's key slots (one per member of staff) and its wrong-PIN count, in their own small database.
import { Dexie, type EntityTable } from 'dexie';
import { newDataKey, unwrapDataKey, wrapDataKey, WrongPinError, type KeySlot } from './pinKeys';
import { afterWrongPin, noAttempts, triesLeft, type Attempts } from './throttle';
import { appSchool, schoolStorageName } from '../sync/school';

/** This school's key slots (src/sync/school.ts): a PIN set at one school's address never opens another's data. */
export const KEY_DB_NAME = schoolStorageName('baseroom-keys', appSchool);

/** Only wrapped keys and counters live here: nothing in this database names or describes a pupil. */
type KeyDB = Dexie & {
  slots: EntityTable<KeySlot, 'id'>;
  attempts: EntityTable<Attempts & { key: 'attempts' }, 'key'>;
};

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
  private readonly db: KeyDB;

  constructor(name = KEY_DB_NAME, private readonly iterations?: number) {
    this.db = new Dexie(name) as KeyDB;
    this.db.version(1).stores({ slots: 'id', attempts: 'key' });
  }

  async hasPins(): Promise<boolean> {
    return (await this.db.slots.count()) > 0;
  }

  async attempts(): Promise<Attempts> {
    const row = await this.db.attempts.get('attempts');
    return row ? { failures: row.failures, notBefore: row.notBefore } : noAttempts;
  }

  /** First run: a new random data key, wrapped by the first member of staff's PIN. */
  async createFirstPin(pin: string): Promise<Unlocked> {
    if (await this.hasPins()) throw new Error('This device already has a PIN: unlock it and add yours in Settings.');
    const dataKey = newDataKey();
    const slot = await wrapDataKey(dataKey, pin, this.iterations);
    await this.db.slots.add(slot);
    return { dataKey, slotId: slot.id };
  }

  /** Another member of staff's PIN, added while the device is unlocked (so the data key is at hand). */
  async addPin(dataKey: Uint8Array, pin: string): Promise<void> {
    await this.db.slots.add(await wrapDataKey(dataKey, pin, this.iterations));
  }

  /**
   * Replaces one member of staff's PIN (the slot they unlocked with) by a new one, in one transaction: the old PIN
   * opens nothing from then on. The data key stays the same, so a copy of the files taken before still opens with
   * the old PIN.
   */
  async changePin(dataKey: Uint8Array, slotId: string, pin: string): Promise<string> {
    const slot = await wrapDataKey(dataKey, pin, this.iterations);
    await this.db.transaction('rw', this.db.slots, async () => {
      if (!(await this.db.slots.get(slotId))) throw new Error('The PIN this device was unlocked with is no longer on it.');
      await this.db.slots.delete(slotId);
      await this.db.slots.add(slot);
    });
    return slot.id;
  }

  /** Removes every PIN but the one this device was unlocked with (staff who left); returns how many went. */
  async removeOtherPins(slotId: string): Promise<number> {
    return this.db.transaction('rw', this.db.slots, async () => {
      if (!(await this.db.slots.get(slotId))) throw new Error('The PIN this device was unlocked with is no longer on it.');
      return this.db.slots.where('id').notEqual(slotId).delete();
    });
  }

  async pinCount(): Promise<number> {
    return this.db.slots.count();
  }

  /**
   * Tries `pin` against every slot. Refuses while a wait is due (TooSoonError); a wrong PIN is counted and
   * throws WrongPinError, or LockedOutError once the limit is reached (the caller then erases the device).
   */
  async unlock(pin: string, now = Date.now()): Promise<Unlocked> {
    // Count the try before the slow key derivation, so closing the tab mid-try still counts it. Read and count in
    // one transaction: tries started together (another tab, a script) each see the ones before them.
    const counted = await this.db.transaction('rw', this.db.attempts, async () => {
      const attempts = await this.attempts();
      if (triesLeft(attempts) === 0) throw new LockedOutError();
      if (now < attempts.notBefore) throw new TooSoonError(attempts.notBefore);
      const next = afterWrongPin(attempts, now);
      await this.db.attempts.put({ key: 'attempts', ...next });
      return next;
    });
    for (const slot of await this.db.slots.toArray()) {
      try {
        const dataKey = await unwrapDataKey(slot, pin);
        await this.db.attempts.put({ key: 'attempts', ...noAttempts });
        return { dataKey, slotId: slot.id };
      } catch (err) {
        if (!(err instanceof WrongPinError)) throw err;
      }
    }
    if (triesLeft(counted) === 0) throw new LockedOutError();
    throw new WrongPinError();
  }

  close(): void {
    this.db.close();
  }
}
