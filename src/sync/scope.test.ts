// Client-side scope: a supervisor syncs the school and its own room's days only; an off-site phone its providers' days.
import { describe, expect, it } from 'vitest';
import type { DeviceScope } from './relayApi';
import { inScope } from './scope';

describe('inScope', () => {
  it.each<[DeviceScope, string, boolean]>([
    [{ kind: 'room', room: 'base' }, 'school', true],
    [{ kind: 'room', room: 'base' }, 'room/base/2026-11-23', true],
    [{ kind: 'room', room: 'base' }, 'room/core/2026-11-23', false],
    [{ kind: 'providers', providers: ['oak'] }, 'room/base/2026-11-23', false],
    [{ kind: 'all' }, 'room/core/2026-11-23', true],
    [{ kind: 'providers', providers: ['oak'] }, 'pupil/p-1', true],
    [{ kind: 'all' }, 'not a document', false],
    [{ kind: 'providers', providers: ['oak'] }, 'provider/oak/2026-11-23', true],
    [{ kind: 'providers', providers: ['oak'] }, 'provider/elm/2026-11-23', false],
    [{ kind: 'room', room: 'base' }, 'provider/oak/2026-11-23', false],
    [{ kind: 'all' }, 'provider/oak/2026-11-23', true],
  ])('%j may sync %s: %s', (scope, name, expected) => {
    expect(inScope(scope, name)).toBe(expected);
  });
});
