import { describe, expect, it } from 'vitest';
import { matchPupils } from './PupilSearch';
import type { PupilRow } from '../db/database';

const pupil = (id: string, forename: string, surname: string, tutorGroup: string, preferredName?: string): PupilRow => ({
  id,
  upn: 'X',
  legalForename: forename,
  legalSurname: surname,
  preferredName,
  yearGroup: Number(tutorGroup.slice(0, tutorGroup.length - 2)),
  tutorGroup,
  sen: 'none',
  sortKey: `${surname} ${forename}`.toLowerCase(),
});
const roll = [
  pupil('a', 'Jessica', 'Okafor', '9X2', 'Jess'),
  pupil('b', 'Tom', 'Jessop', '10Y1'),
  pupil('c', 'Amir', 'Khan', '9X2'),
];

describe('matchPupils', () => {
  it('finds pupils by part of any name, preferred name or tutor group, every word matching', () => {
    expect(matchPupils(roll, 'jess', new Set()).map((p) => p.id)).toEqual(['a', 'b']);
    expect(matchPupils(roll, '9x2', new Set()).map((p) => p.id)).toEqual(['a', 'c']);
    expect(matchPupils(roll, 'jess 9x2', new Set()).map((p) => p.id)).toEqual(['a']);
  });

  it('leaves out pupils already on the register and returns nothing for a blank search', () => {
    expect(matchPupils(roll, '9x2', new Set(['a'])).map((p) => p.id)).toEqual(['c']);
    expect(matchPupils(roll, '   ', new Set())).toEqual([]);
  });
});
