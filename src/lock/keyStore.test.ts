import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { KeyStore, LockedOutError, TooSoonError } from './keyStore';
import { deleteDatabase } from './keyDatabase';
import { checkPinStrength, PBKDF2_ITERATIONS, unwrapDataKey, wrapDataKey, WeakPinError, WrongPinError } from './pinKeys';
import { delayAfter, WRONG_PIN_LIMIT } from './throttle';

let n = 0;
// Fewer rounds keep the store tests quick; the slots the app makes use PBKDF2_ITERATIONS (checked below).
const store = () => new KeyStore(`keys-test-${n++}`, 1_000);

describe('PIN-wrapped data key', () => {
  it('wraps with at least 600,000 PBKDF2 rounds and unwraps only with the same PIN', async () => {
    const dataKey = crypto.getRandomValues(new Uint8Array(32));
    const slot = await wrapDataKey(dataKey, '482913');
    expect(slot.iterations).toBeGreaterThanOrEqual(600_000);
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(Buffer.from(slot.wrappedKey).includes(Buffer.from(dataKey))).toBe(false);
    await expect(unwrapDataKey(slot, '482913')).resolves.toEqual(dataKey);
    await expect(unwrapDataKey(slot, '482914')).rejects.toBeInstanceOf(WrongPinError);
  });

  it('refuses short PINs and short passphrases', () => {
    for (const weak of ['12345', '', 'short one']) expect(() => checkPinStrength(weak)).toThrow(WeakPinError);
    for (const fine of ['123456', 'correct horse battery']) expect(() => checkPinStrength(fine)).not.toThrow();
  });
});

describe('KeyStore', () => {
  it('opens a key database the earlier app made with Dexie (IndexedDB version 10): its PINs and wrong-PIN count still hold', async () => {
    const name = `keys-test-${n++}`;
    const dataKey = crypto.getRandomValues(new Uint8Array(32));
    const old = new Dexie(name);
    old.version(1).stores({ slots: 'id', attempts: 'key' });
    await old.table('slots').add(await wrapDataKey(dataKey, '111222', 1_000));
    await old.table('attempts').put({ key: 'attempts', failures: 2, notBefore: 0 });
    old.close();

    const keys = new KeyStore(name, 1_000);
    expect(await keys.hasPins()).toBe(true);
    expect(await keys.attempts()).toEqual({ failures: 2, notBefore: 0 });
    expect((await keys.unlock('111222')).dataKey).toEqual(dataKey);
    expect(await keys.attempts()).toEqual({ failures: 0, notBefore: 0 });
    keys.close();
    // The app of before can still open what this one leaves (same stores, same version).
    const again = new Dexie(name);
    again.version(1).stores({ slots: 'id', attempts: 'key' });
    expect(await again.table('slots').count()).toBe(1);
    again.close();
  });

  it('reopens after the device is erased in another tab (its connection closes so the deletion is not held up)', async () => {
    const name = `keys-test-${n++}`;
    const keys = new KeyStore(name, 1_000);
    await keys.createFirstPin('111222');
    await deleteDatabase(name);
    expect(await keys.hasPins()).toBe(false);
  });

  it('opens with any member of staff’s PIN to the same data key', async () => {
    const keys = store();
    const first = await keys.createFirstPin('111222');
    await keys.addPin(first.dataKey, 'second member of staff');
    expect((await keys.unlock('111222')).dataKey).toEqual(first.dataKey);
    expect((await keys.unlock('second member of staff')).dataKey).toEqual(first.dataKey);
    await expect(keys.createFirstPin('999888')).rejects.toThrow(/already has a PIN/);
  });

  it('changes the PIN someone unlocked with: the old one opens nothing, the new one and the others the same key', async () => {
    const keys = store();
    const first = await keys.createFirstPin('111222');
    await keys.addPin(first.dataKey, '333444');
    const slotId = await keys.changePin(first.dataKey, first.slotId, '555666');
    expect(await keys.pinCount()).toBe(2);
    await expect(keys.unlock('111222')).rejects.toBeInstanceOf(WrongPinError);
    expect(await keys.unlock('555666')).toEqual({ dataKey: first.dataKey, slotId });
    expect((await keys.unlock('333444')).dataKey).toEqual(first.dataKey);
    // The old slot is gone: changing it again is refused rather than adding a third way in.
    await expect(keys.changePin(first.dataKey, first.slotId, '777888')).rejects.toThrow(/no longer on it/);
    expect(await keys.pinCount()).toBe(2);
  });

  it('removes every PIN but the one unlocked with (staff who left), and never the last way in', async () => {
    const keys = store();
    const first = await keys.createFirstPin('111222');
    await keys.addPin(first.dataKey, '333444');
    await keys.addPin(first.dataKey, 'leaver passphrase one');
    expect(await keys.removeOtherPins(first.slotId)).toBe(2);
    expect(await keys.pinCount()).toBe(1);
    await expect(keys.unlock('333444')).rejects.toBeInstanceOf(WrongPinError);
    await expect(keys.unlock('leaver passphrase one')).rejects.toBeInstanceOf(WrongPinError);
    expect((await keys.unlock('111222')).dataKey).toEqual(first.dataKey);
    await expect(keys.removeOtherPins('no-such-slot')).rejects.toThrow(/no longer on it/);
    expect(await keys.pinCount()).toBe(1);
  });

  it('counts wrong PINs, makes later tries wait longer, and resets on the right PIN', async () => {
    const keys = store();
    await keys.createFirstPin('111222');
    const t0 = Date.UTC(2026, 10, 23, 9);
    for (let i = 0; i < 3; i++) await expect(keys.unlock('000000', t0)).rejects.toBeInstanceOf(WrongPinError);
    expect(await keys.attempts()).toEqual({ failures: 3, notBefore: t0 + 30_000 });
    // Even the right PIN waits its turn.
    await expect(keys.unlock('111222', t0 + 29_000)).rejects.toBeInstanceOf(TooSoonError);
    await expect(keys.unlock('000000', t0 + 30_000)).rejects.toBeInstanceOf(WrongPinError);
    expect((await keys.attempts()).notBefore).toBe(t0 + 30_000 + 60_000);
    await keys.unlock('111222', t0 + 90_000);
    expect(await keys.attempts()).toEqual({ failures: 0, notBefore: 0 });
  });

  it('gives up after the limit, whatever PIN comes next', async () => {
    const keys = store();
    await keys.createFirstPin('111222');
    let now = 0;
    for (let i = 1; i < WRONG_PIN_LIMIT; i++) {
      await expect(keys.unlock('000000', now)).rejects.toBeInstanceOf(WrongPinError);
      now += delayAfter(i);
    }
    await expect(keys.unlock('000000', now)).rejects.toBeInstanceOf(LockedOutError);
    await expect(keys.unlock('111222', now + 1e10)).rejects.toBeInstanceOf(LockedOutError);
  });

  it('counts every wrong PIN tried at once (another tab, or a script racing the lock screen), not one for the lot', async () => {
    const keys = store();
    await keys.createFirstPin('111222');
    const t0 = Date.UTC(2026, 10, 23, 9);
    // All start together, before any has been counted: each must still see the ones before it.
    const tries = await Promise.allSettled(['000001', '000002', '000003', '000004', '000005'].map((pin) => keys.unlock(pin, t0)));
    // Only the first three are free: the others find a wait due, so they are refused (untried, like any try too soon).
    expect(await keys.attempts()).toEqual({ failures: 3, notBefore: t0 + 30_000 });
    expect(tries.filter((t) => t.status === 'rejected' && t.reason instanceof WrongPinError)).toHaveLength(3);
    expect(tries.filter((t) => t.status === 'rejected' && t.reason instanceof TooSoonError)).toHaveLength(2);
  });
  it('waits nothing for the first few slips, then doubles', () => {
    expect([0, 1, 2, 3, 4, 5].map(delayAfter)).toEqual([0, 0, 0, 30_000, 60_000, 120_000]);
  });
});
