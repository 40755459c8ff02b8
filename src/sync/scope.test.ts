// Client-side scope: a supervisor syncs the school and its own room's days only; an off-site phone its providers' days and its cohort.
import { describe, expect, it } from 'vitest';
import type { DeviceScope } from './relayApi';
import { inScope, relayName } from './scope';

describe('inScope', () => {
  it.each<[DeviceScope, string, boolean]>([
    [{ kind: 'room', room: 'base' }, 'school', true],
    [{ kind: 'room', room: 'base' }, 'room/base/2026-11-23', true],
    [{ kind: 'room', room: 'base' }, 'room/core/2026-11-23', false],
    [{ kind: 'providers', providers: ['oak'] }, 'room/base/2026-11-23', false],
    [{ kind: 'all' }, 'room/core/2026-11-23', true],
    [{ kind: 'providers', providers: ['oak'] }, 'school', true],
    [{ kind: 'providers', providers: ['oak'] }, 'pupil/p-1', false],
    [{ kind: 'room', room: 'base' }, 'pupil/p-2', true],
    [{ kind: 'all' }, 'not a document', false],
    [{ kind: 'providers', providers: ['oak'] }, 'provider/oak/2026-11-23', true],
    [{ kind: 'providers', providers: ['oak'] }, 'provider/elm/2026-11-23', false],
    [{ kind: 'room', room: 'base' }, 'provider/oak/2026-11-23', false],
    [{ kind: 'all' }, 'provider/oak/2026-11-23', true],
  ])('%j may sync %s: %s', (scope, name, expected) => {
    expect(inScope(scope, name)).toBe(expected);
  });
});

describe('relayName', () => {
  it('syncs an off-site phone’s school document with its cohort, and every other document under its own name', () => {
    const phone = { deviceId: 'phone-1', scope: { kind: 'providers', providers: ['oak'] } as DeviceScope };
    const tablet = { deviceId: 'tablet-1', scope: { kind: 'room', room: 'base' } as DeviceScope };
    expect([relayName(phone, 'school'), relayName(phone, 'provider/oak/2026-11-23'), relayName(tablet, 'school')]).toEqual([
      'cohort/phone-1',
      'provider/oak/2026-11-23',
      'school',
    ]);
  });
});
