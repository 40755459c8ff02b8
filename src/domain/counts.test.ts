import { describe, expect, it } from 'vitest';
import { countOf } from './counts';

describe('counts', () => {
  it.each([
    [1, 'pupil', '1 pupil'],
    [0, 'pupil', '0 pupils'],
    [2, 'absence', '2 absences'],
    [1, 'absence', '1 absence'],
    [3, 'school day', '3 school days'],
    [2, 'entry', '2 entries'],
    [2, 'safeguarding flag', '2 safeguarding flags'],
    [2, 'toilet visit', '2 toilet visits'],
  ] as const)('%i %s', (n, noun, text) => {
    expect(countOf(n, noun)).toBe(text);
  });
});
