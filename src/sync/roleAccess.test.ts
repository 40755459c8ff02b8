// The UI's role table: screens and edits per role, checked against the relay's write rules.
import { describe, expect, it } from 'vitest';
import { homeScreen, mayEdit, mayEditSchool, mayOpen, screenShown, type AccessRole, type Screen } from './roleAccess';

const screens: Screen[] = ['today', 'log', 'offsite', 'coordinator', 'reports', 'settings', 'pupil'];

describe('roleAccess', () => {
  it.each<[AccessRole, Screen[]]>([
    [null, screens],
    ['coordinator', screens],
    ['supervisor', ['today', 'log', 'reports', 'settings', 'pupil']],
    ['offsite', ['offsite', 'settings']],
  ])('%s may open %j', (role, open) => {
    expect(screens.filter((s) => mayOpen(role, s))).toEqual(open);
  });

  it.each<[AccessRole, Screen]>([
    [null, 'today'],
    ['coordinator', 'coordinator'],
    ['supervisor', 'today'],
    ['offsite', 'offsite'],
  ])('%s opens on %s', (role, home) => {
    expect(homeScreen(role)).toBe(home);
  });

  it('sends a device asking for a screen its role does not use to its home', () => {
    expect(screenShown('offsite', 'today')).toBe('offsite');
    expect(screenShown('offsite', 'pupil')).toBe('offsite');
    expect(screenShown('supervisor', 'coordinator')).toBe('today');
    expect(screenShown('supervisor', 'log')).toBe('log');
    expect(screenShown(null, 'coordinator')).toBe('coordinator');
  });

  it.each<[AccessRole, 'school' | 'room' | 'pupil' | 'provider', string, boolean]>([
    [null, 'school', 'settings', true],
    ['coordinator', 'school', 'providers', true],
    ['supervisor', 'school', 'settings', false],
    ['supervisor', 'room', 'entries', true],
    ['supervisor', 'pupil', 'interviews', true],
    ['supervisor', 'pupil', 'contacts', true],
    ['supervisor', 'pupil', 'placements', false],
    ['supervisor', 'pupil', 'referrals', false],
    ['supervisor', 'provider', 'checkIns', false],
    ['offsite', 'provider', 'targets', true],
    ['offsite', 'pupil', 'contacts', false],
    ['offsite', 'school', 'pupils', false],
  ])('%s editing %s/%s: %s', (role, kind, part, allowed) => {
    expect(mayEdit(role, kind, part)).toBe(allowed);
  });

  it('lets only coordinators and unpaired devices change the school', () => {
    expect([null, 'coordinator', 'supervisor', 'offsite'].map((r) => mayEditSchool(r as AccessRole))).toEqual([true, true, false, false]);
  });
});
