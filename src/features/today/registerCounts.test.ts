import { describe, expect, it } from 'vitest';
import { registerCounts } from './registerCounts';

const entry = (status: 'expected' | 'present' | 'absent' | 'left', out?: string) => ({
  status,
  toiletVisits: out ? [{ id: 'v', out, back: null }] : [],
});

describe('register counts', () => {
  it('says "1 pupil" and counts the pupil out at the toilet as in the room', () => {
    expect(registerCounts([entry('present', '11:55')])).toBe('1 pupil on the register: 1 in the room (1 out: toilet), 0 expected, 0 absent, 0 left');
    expect(registerCounts([entry('present'), entry('expected'), entry('absent')])).toBe('3 pupils on the register: 1 in the room, 1 expected, 1 absent, 0 left');
    expect(registerCounts([])).toBe('0 pupils on the register: 0 in the room, 0 expected, 0 absent, 0 left');
  });
});
