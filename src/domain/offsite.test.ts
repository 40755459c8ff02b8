// Off-site rules: departure after arrival, follow-up for non-attendance, codes and their meanings, provider policy dates and days.
import { describe, expect, it } from 'vitest';
import { attendanceCodes, checkInInputSchema, checkInProblems, codeLabel, isAbsenceCode } from './offsite';
import { expectedPupils, policyStatus, weekdayOf } from './provider';

const base = { code: null, arrivedAt: '', leftAt: '', followUp: '' } as const;

describe('checkInProblems', () => {
  it.each([
    [{ ...base, code: 'B' as const, arrivedAt: '09:00', leftAt: '14:30' }, []],
    [{ ...base, code: 'K' as const, arrivedAt: '09:00', leftAt: '09:00' }, []],
    [{ ...base, code: 'B' as const, arrivedAt: '10:00', leftAt: '09:30' }, ['leftAt']],
    [{ ...base, code: 'B' as const, leftAt: '12:00' }, ['leftAt']],
    [{ ...base, code: 'N' as const }, ['followUp']],
    [{ ...base, code: 'N' as const, followUp: 'Rang mum, no answer; told the coordinator' }, []],
    [{ ...base, arrivedAt: '09:00' }, ['code']],
    [base, []],
  ])('%j → %j', (input, paths) => {
    expect(checkInProblems(input).map((p) => p.path)).toEqual(paths);
  });

  it('is what the command schema enforces, with a message that names the code', () => {
    const result = checkInInputSchema.safeParse({ pupilId: 'p-1', code: 'I' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^Code I is a non-attendance/);
  });
});

describe('attendance codes', () => {
  it('knows K as local-authority-arranged provision (2024) and B as an approved educational activity', () => {
    expect(codeLabel('K')).toBe('K — Attending education provision arranged by the local authority');
    expect(attendanceCodes.B.counts).toBe('educated-off-site');
    expect(isAbsenceCode('B')).toBe(false);
    expect(isAbsenceCode('N')).toBe(true);
    expect(isAbsenceCode('/')).toBe(false);
  });
});

describe('providers', () => {
  it('flags a missing policy date or one over a year old', () => {
    expect(policyStatus('', '2026-11-23')).toBe('missing');
    expect(policyStatus('2025-11-01', '2026-11-23')).toBe('out-of-date');
    expect(policyStatus('2025-11-23', '2026-11-23')).toBe('current');
    expect(policyStatus('2026-09-01', '2026-11-23')).toBe('current');
  });

  it('expects the pupils whose weekday list holds the date’s weekday', () => {
    expect(weekdayOf('2026-11-23')).toBe(1);
    const attends = { a: [1, 3], b: [2], c: [0, 1] };
    expect(expectedPupils({ attends }, '2026-11-23')).toEqual(['a', 'c']);
    expect(expectedPupils({ attends }, '2026-11-22')).toEqual(['c']);
  });
});
