// Staff PINs and the device's data key: PBKDF2-SHA-256 derives a key from each PIN, which wraps one random data key.

/** At least this many PBKDF2 rounds (OWASP 2023 for PBKDF2-HMAC-SHA-256). */
export const PBKDF2_ITERATIONS = 600_000;
const DATA_KEY_BYTES = 32;

/** One member of staff's way in: the data key, encrypted with a key derived from their PIN. */
export interface KeySlot {
  id: string;
  salt: Uint8Array;
  iterations: number;
  iv: Uint8Array;
  wrappedKey: Uint8Array;
  createdAt: string;
}

export class WrongPinError extends Error {
  constructor() {
    super('That PIN or passphrase is not right.');
    this.name = 'WrongPinError';
  }
}

export class WeakPinError extends Error {
  constructor() {
    super('Use at least 6 digits, or a passphrase of at least 10 characters.');
    this.name = 'WeakPinError';
  }
}

/** A PIN is 6 or more digits; anything else is a passphrase and needs 10 or more characters. */
export function checkPinStrength(pin: string): void {
  const ok = /^\d+$/.test(pin) ? pin.length >= 6 : pin.trim().length >= 10;
  if (!ok) throw new WeakPinError();
}

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** A fresh random data key (raw bytes: the row cipher needs them synchronously, see README "Encryption at rest"). */
export const newDataKey = (): Uint8Array => randomBytes(DATA_KEY_BYTES);

/** The key-encryption key for one PIN: non-extractable, usable only to wrap and unwrap the data key. */
async function pinKey(pin: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function wrapDataKey(dataKey: Uint8Array, pin: string, iterations = PBKDF2_ITERATIONS): Promise<KeySlot> {
  checkPinStrength(pin);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const kek = await pinKey(pin, salt, iterations);
  const wrapped = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource }, kek, dataKey as BufferSource);
  return { id: crypto.randomUUID(), salt, iterations, iv, wrappedKey: new Uint8Array(wrapped), createdAt: new Date().toISOString() };
}

/** The data key, if `pin` opens this slot; WrongPinError otherwise (AES-GCM's tag check fails). */
export async function unwrapDataKey(slot: KeySlot, pin: string): Promise<Uint8Array> {
  const kek = await pinKey(pin, slot.salt, slot.iterations);
  try {
    const raw = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: slot.iv as BufferSource }, kek, slot.wrappedKey as BufferSource);
    return new Uint8Array(raw);
  } catch {
    throw new WrongPinError();
  }
}
