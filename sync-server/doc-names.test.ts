// Document names and scope rules, table-style.
import { describe, expect, it } from 'vitest';
import { parseDocName, scopeAllows, type DeviceScope } from './doc-names.js';

describe('parseDocName', () => {
  it.each([
    ['school', { kind: 'school' }],
    ['room/base/2026-11-23', { kind: 'room', room: 'base', date: '2026-11-23' }],
    ['pupil/3f2a-9c', { kind: 'pupil', pupil: '3f2a-9c' }],
    ['provider/oakfield/2024-02-29', { kind: 'provider', provider: 'oakfield', date: '2024-02-29' }],
    ['cohort/phone-1', { kind: 'cohort', device: 'phone-1' }],
  ])('accepts %s', (name, parsed) => expect(parseDocName(name)).toEqual(parsed));

  it.each([
    '', 'School', 'school/', 'room/base', 'room/Base/2026-11-23', 'room/base/2026-13-01', 'room/base/2025-02-29',
    'room/base/26-11-23', 'room/base/2026-11-23/', 'pupil/', 'pupil/a/b', 'pupil/a%2Fb', 'pupil/..', 'pupil/a_b',
    `pupil/${'a'.repeat(65)}`, 'provider/oakfield', 'staff/x', '/school', 'cohort/', 'cohort/a/b',
  ])('rejects %j', (name) => expect(parseDocName(name)).toBeNull());
});

describe('scopeAllows', () => {
  const supervisor: DeviceScope = { kind: 'room', room: 'base' };
  const offsite: DeviceScope = { kind: 'providers', providers: ['oakfield', 'riverside'] };
  const all: DeviceScope = { kind: 'all' };
  it.each([
    ['school', true, false, true],
    ['pupil/p1', true, true, true],
    ['pupil/p2', true, false, true],
    ['room/base/2026-11-23', true, false, true],
    ['room/core/2026-11-23', false, false, true],
    ['provider/oakfield/2026-11-23', false, true, true],
    ['provider/elsewhere/2026-11-23', false, false, true],
    ['cohort/phone-1', false, true, false],
    ['cohort/phone-2', false, false, false],
  ])('%s: supervisor %s, off-site phone-1 %s, coordinator %s', (name, forSupervisor, forOffsite, forAll) => {
    const doc = parseDocName(name)!;
    // p1 attends one of the phone's providers (as the school document, which only coordinators write, says); p2 does not.
    const attending = () => new Set(['p1']);
    expect([scopeAllows(supervisor, doc, 'tablet-1'), scopeAllows(offsite, doc, 'phone-1', attending), scopeAllows(all, doc, 'laptop-1')]).toEqual([forSupervisor, forOffsite, forAll]);
  });
});
