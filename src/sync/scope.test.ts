// Client-side scope: a supervisor syncs the school and its own room's days only; an off-site phone its providers' days.
import { describe, expect, it } from 'vitest';
import type { DeviceScope } from './relayApi';
import * as Y from 'yjs';
import { attendingPupils, inScope } from './scope';

describe('inScope', () => {
  it.each<[DeviceScope, string, boolean]>([
    [{ kind: 'room', room: 'base' }, 'school', true],
    [{ kind: 'room', room: 'base' }, 'room/base/2026-11-23', true],
    [{ kind: 'room', room: 'base' }, 'room/core/2026-11-23', false],
    [{ kind: 'providers', providers: ['oak'] }, 'room/base/2026-11-23', false],
    [{ kind: 'all' }, 'room/core/2026-11-23', true],
    [{ kind: 'providers', providers: ['oak'] }, 'pupil/p-1', true],
    [{ kind: 'providers', providers: ['oak'] }, 'pupil/p-2', false],
    [{ kind: 'room', room: 'base' }, 'pupil/p-2', true],
    [{ kind: 'all' }, 'not a document', false],
    [{ kind: 'providers', providers: ['oak'] }, 'provider/oak/2026-11-23', true],
    [{ kind: 'providers', providers: ['oak'] }, 'provider/elm/2026-11-23', false],
    [{ kind: 'room', room: 'base' }, 'provider/oak/2026-11-23', false],
    [{ kind: 'all' }, 'provider/oak/2026-11-23', true],
  ])('%j may sync %s: %s', (scope, name, expected) => {
    // p-1 attends Oak; p-2 attends nowhere the device goes.
    expect(inScope(scope, name, () => new Set(['p-1']))).toBe(expected);
  });
});

describe('attendingPupils', () => {
  it('reads who attends the device’s providers from the school document', () => {
    const school = new Y.Doc();
    const provider = (id: string, pupils: string[]) => {
      const record = new Y.Map<unknown>();
      school.getMap('providers').set(id, record);
      record.set('attends', new Y.Map(pupils.map((p) => [p, [1, 2]])));
    };
    provider('oak', ['p-1', 'p-3']);
    provider('elm', ['p-2']);
    expect([...attendingPupils(school, ['oak'])].sort()).toEqual(['p-1', 'p-3']);
    expect(attendingPupils(null, ['oak']).size).toBe(0);
  });
});
