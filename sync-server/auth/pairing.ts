// Enrolling a device (a one-time pairing code) and redeeming the code for a signed device token.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { DeviceRole, DeviceScope } from '../doc-names.js';
import type { DeviceRecord } from '../store/relay-store.js';
import { defaultSchool, type SchoolStore } from '../store/shared-store.js';
import { signToken, tokenLifetimeMs } from './tokens.js';

/** No 0/O, 1/I/L, so a code read aloud or off a screen is typed right first time. */
const codeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const codeLength = 8;
export const pairingCodeLifetimeMs = 24 * 60 * 60 * 1000;

export class PairingError extends Error {
  constructor(readonly reason: 'invalid-code') {
    super(`Pairing refused: ${reason}`);
    this.name = 'PairingError';
  }
}

/** Upper-cases and drops spaces and dashes, so "abcd-efgh" and "ABCD EFGH" are the same code. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

const hashCode = (code: string) => createHash('sha256').update(normaliseCode(code)).digest('hex');

export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export interface Enrolment {
  device: DeviceRecord;
  /** Shown once to the person enrolling, as XXXX-XXXX. */
  code: string;
  expiresAt: number;
}

export async function enrolDevice(
  store: Pick<SchoolStore, 'addDevice' | 'addPairingCode'>,
  request: { role: DeviceRole; scope: DeviceScope; name?: string | null },
  now = Date.now(),
  lifetimeMs = pairingCodeLifetimeMs,
): Promise<Enrolment> {
  const device: DeviceRecord = {
    deviceId: `d-${randomBytes(6).toString('hex')}`,
    role: request.role,
    scope: request.scope,
    name: request.name ?? null,
    createdAt: now,
    pairedAt: null,
    revokedAt: null,
  };
  const code = Array.from({ length: codeLength }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('');
  const expiresAt = now + lifetimeMs;
  await store.addDevice(device);
  await store.addPairingCode({ codeHash: hashCode(code), deviceId: device.deviceId, expiresAt });
  return { device, code: formatCode(code), expiresAt };
}

export interface Pairing {
  token: string;
  deviceId: string;
  role: DeviceRole;
  scope: DeviceScope;
}

export async function redeemCode(store: Pick<SchoolStore, 'school' | 'redeemPairingCode'>, secret: Buffer, code: string, now = Date.now()): Promise<Pairing> {
  const normalised = normaliseCode(code);
  if (normalised.length !== codeLength || [...normalised].some((c) => !codeAlphabet.includes(c))) {
    throw new PairingError('invalid-code');
  }
  const device = await store.redeemPairingCode(hashCode(normalised), now);
  if (!device) throw new PairingError('invalid-code');
  const token = signToken(secret, {
    v: 1,
    deviceId: device.deviceId,
    role: device.role,
    scope: device.scope,
    issuedAt: now,
    expiresAt: now + tokenLifetimeMs,
    ...(store.school === defaultSchool ? {} : { school: store.school }),
  });
  return { token, deviceId: device.deviceId, role: device.role, scope: device.scope };
}
