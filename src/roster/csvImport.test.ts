// Roster CSV import: SIMS and Arbor headers, each kind of bad row on its right line, and awkward files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeRosterCsv, type BadRowKind } from '../../tests/fixtures/rosterCsv';
import { makeUpn } from '../domain/upn';
import { parseRosterCsv } from './csvImport';

const reasonFor: Record<BadRowKind, RegExp> = {
  'check-letter': /^Line \d+: UPN check letter does not match$/,
  'missing-surname': /^Line \d+: legal surname is missing$/,
  reception: /^Line \d+: year group 'Reception' is not a secondary year \(7–13\)$/,
};

describe.each(['sims', 'arbor'] as const)('a %s export', (style) => {
  const fixture = makeRosterCsv({ seed: 11, count: 60, style, badRows: 5 });
  const result = parseRosterCsv(fixture.csv);

  it('finds every column from its header', () => {
    expect(result.missingColumns).toEqual([]);
    expect(Object.values(result.columns).filter(Boolean)).toHaveLength(8);
    expect(result.columns.keyNeeds).toBeUndefined();
  });

  it('reports each bad row on its own line with the right reason', () => {
    expect(result.errors.map((e) => e.line)).toEqual(fixture.badLines);
    result.errors.forEach((error, i) => {
      expect(error.reason).toMatch(reasonFor[fixture.badKinds[i]!]);
      expect(error.reason.startsWith(`Line ${error.line}:`)).toBe(true);
    });
  });

  it('reads the good rows exactly as generated', () => {
    const good = fixture.pupils.filter((_, i) => !fixture.badLines.includes(i + 2));
    expect(result.rows.map((r) => r.pupil)).toEqual(good);
    expect(result.rows[0]?.line).toBe(2);
  });
});

it('keeps the sample file in tests/fixtures in step with the fixture', () => {
  const sample = readFileSync(new URL('../../tests/fixtures/demo-roster-sims.csv', import.meta.url), 'utf8');
  expect(sample).toBe(makeRosterCsv({ seed: 7, count: 40, style: 'sims', badRows: 3 }).csv);
  const result = parseRosterCsv(sample);
  expect([result.rows.length, result.errors.length]).toEqual([37, 3]);
});

describe('header synonyms', () => {
  it('matches Bromcom-style and informal headers', () => {
    const csv = 'Admission No,Surname,First Name,Known As,NC Year,Form,SEN Provision,Unique Pupil Number\n' +
      '001,Khan,Aisha,,9,9X2,K,B801200005001\n';
    const { columns, rows } = parseRosterCsv(csv);
    expect(columns).toMatchObject({ misId: 'Admission No', legalSurname: 'Surname', legalForename: 'First Name', preferredName: 'Known As' });
    expect(columns).toMatchObject({ yearGroup: 'NC Year', tutorGroup: 'Form', sen: 'SEN Provision', upn: 'Unique Pupil Number' });
    expect(rows[0]?.pupil).toEqual({ misId: '001', upn: 'B801200005001', legalSurname: 'Khan', legalForename: 'Aisha', yearGroup: 9, tutorGroup: '9X2', sen: 'sen-support' });
  });

  it('prefers the legal name when a file has both legal and plain surname columns', () => {
    const { columns } = parseRosterCsv('Surname,Legal Surname,Forename,UPN,Yr,Reg\n');
    expect(columns.legalSurname).toBe('Legal Surname');
  });

  it('lists the required columns it could not find and reads no rows', () => {
    const result = parseRosterCsv('Name,UPN,Class\nAisha Khan,B801200005001,9X2\n');
    expect(result.missingColumns).toEqual(['legalSurname', 'legalForename', 'yearGroup', 'tutorGroup']);
    expect(result.rows).toEqual([]);
  });
});

describe('awkward files', () => {
  const header = 'UPN,Legal Surname,Legal Forename,Year Group,Reg Group,SEN Status,Key Needs';

  it('counts lines through a title line, CRLF, blank lines and quoted commas', () => {
    const csv = ['\uFEFFPupil list, exported 01/09/2025', header,
      'B801200005001,"Smith, Jones",Amy,Year 9,9X2,N,"Sit at the front, near the door"',
      '', 'A801200005001,Lee,Bo,9,9X2,N,', 'J201301217045,Patel,Dev,Reception,9X2,E,', '', ''].join('\r\n');
    const result = parseRosterCsv(csv);
    expect(result.rows).toEqual([{ line: 3, pupil: expect.objectContaining({ legalSurname: 'Smith, Jones', keyNeeds: 'Sit at the front, near the door' }) }]);
    expect(result.errors).toEqual([
      { line: 5, reason: 'Line 5: UPN check letter does not match' },
      { line: 6, reason: "Line 6: year group 'Reception' is not a secondary year (7–13)" },
    ]);
  });

  it('counts a line break inside a quoted field as a line', () => {
    const csv = `${header}\nB801200005001,Smith,Amy,9,9X2,N,"Two\nlines"\nA801200005001,Lee,Bo,9,9X2,N,\n`;
    expect(parseRosterCsv(csv).errors.map((e) => e.line)).toEqual([4]);
  });

  it('reports a repeated UPN on the later line, with several problems in one sentence', () => {
    const csv = `${header}\nB801200005001,Smith,Amy,Y9,9X2,K,\nb801200005001,Smith,Amy,9,9X2,N,\nJ201301217045,,Dev,Y9,,X,\n`;
    expect(parseRosterCsv(csv).errors).toEqual([
      { line: 3, reason: 'Line 3: UPN B801200005001 is already on line 2' },
      { line: 4, reason: "Line 4: legal surname is missing; registration group is missing; SEN status 'X' is not recognised (expected N, K or E)" },
    ]);
  });

  it('reads the usual ways of writing year and SEN status', () => {
    const values = [['Year 7', 'N'], ['Y8', 'none'], ['9', ''], ['Yr 10', 'SEN Support'], ['NC Year 11', 'EHC Plan'], ['12', 'E']];
    const lines = values.map(([year, sen], i) => `${makeUpn(801, 2000, 5, i + 1)},S,A,${year},R,${sen},`);
    const { rows, errors } = parseRosterCsv([header, ...lines].join('\n'));
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.pupil.yearGroup, r.pupil.sen])).toEqual([
      [7, 'none'], [8, 'none'], [9, 'none'], [10, 'sen-support'], [11, 'ehcp'], [12, 'ehcp'],
    ]);
  });

  it('stops at a quote that is never closed and says so', () => {
    const result = parseRosterCsv(`${header}\nB801200005001,"Smith,Amy,9,9X2,N,\nJ201301217045,Patel,Dev,9,9X2,N,\n`);
    expect(result.errors).toEqual([{ line: 2, reason: expect.stringMatching(/^Line 2: a quoted field is never closed/) }]);
  });

  it('treats an empty file as missing every required column', () => {
    expect(parseRosterCsv('').missingColumns).toHaveLength(5);
  });
});
