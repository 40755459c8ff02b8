// The pupil schema, SEN labels and how pupils' names are shown and sorted.
import { describe, expect, it } from 'vitest';
import { pupilDisplayName, pupilInputSchema, pupilSchema, pupilSortKey, senLabel, sortPupils, type PupilInput } from './pupil';

const jess: PupilInput = {
  misId: '250012',
  upn: 'B801200005001',
  legalSurname: 'Okafor',
  legalForename: 'Jessica',
  preferredName: 'Jess',
  yearGroup: 9,
  tutorGroup: '9X2',
  sen: 'sen-support',
  keyNeeds: 'Sit near the front; give instructions one at a time',
};

describe('pupilSchema', () => {
  it('accepts a full pupil and one with only the required fields', () => {
    expect(pupilSchema.parse({ id: 'p1', ...jess })).toEqual({ id: 'p1', ...jess });
    const { misId, preferredName, keyNeeds, ...required } = jess;
    expect(pupilInputSchema.parse(required)).toEqual(required);
  });

  it('trims text, upper-cases the UPN and treats blank optional text as not given', () => {
    const parsed = pupilInputSchema.parse({ ...jess, upn: ' b801200005001', legalSurname: ' Okafor ', preferredName: '  ', keyNeeds: '' });
    expect(parsed.upn).toBe('B801200005001');
    expect(parsed.legalSurname).toBe('Okafor');
    expect(parsed.preferredName).toBeUndefined();
    expect(parsed.keyNeeds).toBeUndefined();
  });

  it.each([
    [{ legalSurname: ' ' }, 'Legal surname is missing'],
    [{ legalForename: '' }, 'Legal forename is missing'],
    [{ tutorGroup: '' }, 'Registration group is missing'],
    [{ yearGroup: 6 }, 'Year group must be from 7 to 13'],
    [{ yearGroup: 9.5 }, 'Year group must be a whole number'],
    [{ upn: 'A801200005001' }, 'UPN check letter does not match'],
  ])('rejects %o: %s', (change, message) => {
    const issues = pupilInputSchema.safeParse({ ...jess, ...change }).error?.issues ?? [];
    expect(issues.map((i) => i.message)).toEqual([message]);
  });

  it('accepts sixth-form years and tutor groups in other styles', () => {
    expect(pupilInputSchema.safeParse({ ...jess, yearGroup: 13, tutorGroup: '13/Ash' }).success).toBe(true);
  });
});

describe('names and labels', () => {
  it('shows the preferred name, falling back to the legal forename', () => {
    expect(pupilDisplayName(jess)).toBe('Jess Okafor');
    expect(pupilDisplayName({ ...jess, preferredName: undefined })).toBe('Jessica Okafor');
  });

  it('labels SEN status in plain words', () => {
    expect([senLabel('none'), senLabel('sen-support'), senLabel('ehcp')]).toEqual(['No SEN', 'SEN support', 'EHCP']);
  });

  it('sorts by surname then forename, ignoring case, accents and apostrophes', () => {
    const names = [
      ['Smith', 'Zara'],
      ['O’Brien', 'Cian'],
      ['smith', 'Adam'],
      ['Öztürk', 'Emre'],
      ['Obi', 'Ada'],
      ['Lloyd-Davies', 'Seren'],
      ['Lloyd', 'Rhys'],
    ].map(([legalSurname, legalForename]) => ({ legalSurname: legalSurname!, legalForename: legalForename! }));
    const sorted = sortPupils(names).map((p) => `${p.legalForename} ${p.legalSurname}`);
    expect(sorted).toEqual(['Rhys Lloyd', 'Seren Lloyd-Davies', 'Ada Obi', 'Cian O’Brien', 'Emre Öztürk', 'Adam smith', 'Zara Smith']);
    expect(pupilSortKey({ legalSurname: 'O’Brien', legalForename: 'Cian' })).toBe('obrien cian');
  });
});
