// Planning a roster import: matches by UPN, then MIS id, and never duplicates a pupil.
import { describe, expect, it } from 'vitest';
import type { Pupil, PupilInput } from '../domain/pupil';
import { planRosterImport } from './planImport';

const amy: Pupil = { id: 'p-amy', misId: '1001', upn: 'B801200005001', legalSurname: 'Smith', legalForename: 'Amy', yearGroup: 9, tutorGroup: '9X2', sen: 'none' };
const dev: Pupil = { id: 'p-dev', misId: '1002', upn: 'J201301217045', legalSurname: 'Patel', legalForename: 'Dev', yearGroup: 10, tutorGroup: '10Y1', sen: 'ehcp', keyNeeds: 'Laptop for extended writing' };
const input = ({ id: _id, ...rest }: Pupil): PupilInput => rest;

describe('planRosterImport', () => {
  it('counts an identical re-import as unchanged', () => {
    expect(planRosterImport([amy, dev], [input(amy), input(dev)])).toEqual({ toAdd: [], toUpdate: [], unchanged: 2, toMarkLeft: [], toReturn: [] });
  });

  it('marks a pupil the file no longer lists as leaving, and brings a leaver the file lists again back', () => {
    const left: Pupil = { ...dev, leftOn: '2026-07-22' };
    expect(planRosterImport([amy, dev], [input(dev)]).toMarkLeft).toEqual([{ id: 'p-amy', name: 'Amy Smith' }]);
    const { leftOn: _leftOn, ...devAgain } = input(left) as PupilInput & { leftOn?: string };
    const back = planRosterImport([amy, left], [input(amy), devAgain]);
    expect([back.toReturn, back.toMarkLeft]).toEqual([['p-dev'], []]);
    // Someone already marked as left is not marked again.
    expect(planRosterImport([amy, left], [input(amy)]).toMarkLeft).toEqual([]);
  });

  it('updates a pupil matched by UPN', () => {
    const plan = planRosterImport([amy], [{ ...input(amy), misId: '9001', tutorGroup: '9Y1' }]);
    expect(plan.toUpdate).toEqual([{ id: 'p-amy', pupil: { ...input(amy), misId: '9001', tutorGroup: '9Y1' } }]);
    expect(plan.toAdd).toEqual([]);
  });

  it('matches by MIS id when the UPN was corrected', () => {
    const plan = planRosterImport([amy], [{ ...input(amy), upn: 'M80120000500A' }]);
    expect(plan.toUpdate).toEqual([{ id: 'p-amy', pupil: { ...input(amy), upn: 'M80120000500A' } }]);
  });

  it('does not let a MIS id match take a pupil that another row matches by UPN', () => {
    const newcomer: PupilInput = { ...input(dev), upn: 'M80120000500A', legalForename: 'Devi' };
    const plan = planRosterImport([dev], [newcomer, input(dev)]);
    expect(plan).toEqual({ toAdd: [newcomer], toUpdate: [], unchanged: 1, toMarkLeft: [], toReturn: [] });
  });

  it('keeps key needs written in Baseroom when the export has none', () => {
    const plan = planRosterImport([dev], [{ ...input(dev), keyNeeds: undefined, yearGroup: 11 }]);
    expect(plan.toUpdate[0]?.pupil).toEqual({ ...input(dev), yearGroup: 11 });
  });

  it('adds new pupils, and a UPN repeated in the rows only once', () => {
    const plan = planRosterImport([amy], [input(dev), input(dev)]);
    expect(plan).toEqual({ toAdd: [input(dev)], toUpdate: [], unchanged: 0, toMarkLeft: [{ id: 'p-amy', name: 'Amy Smith' }], toReturn: [] });
  });
});
