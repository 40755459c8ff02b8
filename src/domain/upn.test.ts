// UPN check letters worked by hand from the DfE algorithm, and the ways a UPN can be wrong.
import { describe, expect, it } from 'vitest';
import { isValidUpn, makeUpn, upnCheckLetter, upnSchema } from './upn';

// Worked by hand: sum of character × weight (2..13), mod 23, index into ABCDEFGHJKLMNPQRTUVWXYZ.
const worked = [
  // 8·2+0·3+1·4+2·5+0+0+0+0+5·10+0+0+1·13 = 93; 93 mod 23 = 1 → B (python-stdnum's example too)
  { rest: '801200005001', letter: 'B' },
  // 4+0+4+15+0+7+16+9+70+0+48+65 = 238; 238 mod 23 = 8 → J
  { rest: '201301217045', letter: 'J' },
  // temporary UPN, final A counts 0: 80; 80 mod 23 = 11 → M
  { rest: '80120000500A', letter: 'M' },
  // temporary UPN, final Z counts 22: 80 + 22·13 = 366; 366 mod 23 = 21 → Y
  { rest: '80120000500Z', letter: 'Y' },
];

describe('upnCheckLetter', () => {
  it.each(worked)('gives $letter for $rest', ({ rest, letter }) => {
    expect(upnCheckLetter(rest)).toBe(letter);
    expect(isValidUpn(letter + rest)).toBe(true);
  });

  it('refuses text that is not the 12 characters after the check letter', () => {
    expect(() => upnCheckLetter('80120000500')).toThrow(RangeError);
    expect(() => upnCheckLetter('8012000050O1')).toThrow(RangeError);
  });
});

describe('isValidUpn', () => {
  it('accepts lower case and surrounding spaces', () => {
    expect(isValidUpn('  b801200005001 ')).toBe(true);
  });

  it.each([
    ['A801200005001', 'wrong check letter'],
    ['J201301217054', 'last two digits swapped'],
    ['B80120000500', 'too short'],
    ['B8012000050011', 'too long'],
    ['I801200005001', 'I is never a check letter'],
    ['B80120000A001', 'letter in the middle'],
    ['M80120000500I', 'temporary letter I'],
    ['', 'blank'],
  ])('rejects %s (%s)', (upn) => {
    expect(isValidUpn(upn)).toBe(false);
  });
});

describe('upnSchema', () => {
  const problem = (upn: string) => upnSchema.safeParse(upn).error?.issues.map((i) => i.message);

  it('trims and upper-cases a good UPN', () => {
    expect(upnSchema.parse(' j201301217045\t')).toBe('J201301217045');
  });

  it('says what is wrong, once', () => {
    expect(problem('A801200005001')).toEqual(['UPN check letter does not match']);
    expect(problem('B80120000500')).toEqual(['UPN must be 13 characters (this one has 12)']);
    expect(problem('5801200005001')).toEqual(['UPN must start with a check letter (A–Z, not I, O or S)']);
    expect(problem('B80120000A001')).toEqual(['UPN characters 2 to 12 must be digits']);
    expect(problem('M80120000500S')).toEqual(['UPN must end with a digit or a letter other than I, O or S']);
    expect(problem('')).toEqual(['UPN is missing']);
  });
});

describe('makeUpn', () => {
  it('pads each part and puts the check letter in front', () => {
    expect(makeUpn(801, 2000, 5, 1)).toBe('B801200005001');
    expect(makeUpn(201, 3012, 2017, 45)).toBe('J201301217045');
  });

  it('refuses parts that do not fit', () => {
    expect(() => makeUpn(1000, 2000, 5, 1)).toThrow(RangeError);
    expect(() => makeUpn(801, 2000, 5, 1000)).toThrow(RangeError);
  });
});
