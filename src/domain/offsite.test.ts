// Off-site rules: departure after arrival, follow-up for non-attendance, codes and their meanings, provider policy dates and days.
import { describe, expect, it } from 'vitest';
import { attendanceCodes, checkInInputSchema, checkInProblems, codeLabel, sessionCode } from './offsite';
import { officerCodes } from './attendanceCodes';
import { expectedOn, expectedPupils, policyStatus, weekdayOf } from './provider';

const base = { am: null, pm: null, arrivedAt: '', leftAt: '', followUp: '' } as const;

describe('checkInProblems', () => {
  it.each([
    [{ ...base, am: 'present' as const, arrivedAt: '09:00', leftAt: '14:30' }, []],
    [{ ...base, pm: 'present' as const, arrivedAt: '09:00', leftAt: '09:00' }, []],
    [{ ...base, am: 'present' as const, arrivedAt: '10:00', leftAt: '09:30' }, ['leftAt']],
    [{ ...base, am: 'present' as const, leftAt: '12:00' }, ['leftAt']],
    [{ ...base, pm: 'not-present' as const }, ['followUp']],
    [{ ...base, pm: 'not-present' as const, followUp: 'Rang mum, no answer; told the coordinator' }, []],
    [{ ...base, arrivedAt: '09:00' }, ['am']],
    [base, []],
  ])('%j → %j', (input, paths) => {
    expect(checkInProblems(input).map((p) => p.path)).toEqual(paths);
  });

  it('is what the command schema enforces, with a message that names the code', () => {
    const result = checkInInputSchema.safeParse({ pupilId: 'p-1', am: 'not-present', pm: 'not-present' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Not present in the morning (am) and afternoon (pm): write the follow-up (who was told, what next)');
  });
});

describe('attendance codes', () => {
  it('knows K as local-authority-arranged provision (2024) and B as an approved educational activity', () => {
    expect(codeLabel('K')).toBe('K — Attending education provision arranged by the local authority');
    expect(attendanceCodes.B.countsAs).toBe('off-site');
    expect(attendanceCodes.D.countsAs).toBe('not-possible');
  });

  it('leaves the absence codes to the attendance officer, never present or attending codes', () => {
    for (const c of ['C2', 'E', 'I', 'M', 'O', 'G', 'Y1', 'Y7', 'Q', 'N'] as const) expect(officerCodes).toContain(c);
    for (const c of ['/', '\\', 'L', 'B', 'K', 'D', 'V', 'Z', '#'] as const) expect(officerCodes).not.toContain(c);
  });

  it('gives a session its settled code, else its recorded code when present, else none', () => {
    expect(sessionCode('present', 'K', undefined)).toBe('K');
    expect(sessionCode('not-present', 'B', undefined)).toBeNull();
    expect(sessionCode('not-present', 'D', undefined)).toBe('D');
    expect(sessionCode('not-present', undefined, 'I')).toBe('I');
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

  it('expects nobody on a day that is not a school day, and no pupil who has left the roll', () => {
    // Autumn 2 runs 2 November to 18 December 2026 with an INSET day on Friday 27 November.
    const calendar = { halfTerms: [{ name: 'Autumn 2', first: '2026-11-02', last: '2026-12-18' }], closures: [{ id: 'inset', from: '2026-11-27', to: '2026-11-27', label: 'INSET day', kind: 'inset' }] } as Parameters<typeof expectedOn>[2];
    const attends = { a: [1, 5, 6], b: [1, 5], c: [1] };
    const pupils = new Map<string, { leftOn?: string }>([['a', {}], ['b', { leftOn: '2026-11-24' }], ['c', {}]]);
    expect(expectedOn({ attends }, '2026-11-23', calendar, pupils)).toEqual(['a', 'b', 'c']);
    // b left the roll on 24 November; c is not a pupil the device holds.
    expect(expectedOn({ attends }, '2026-11-30', calendar, new Map<string, { leftOn?: string }>([['a', {}], ['b', { leftOn: '2026-11-24' }]]))).toEqual(['a']);
    expect(expectedOn({ attends }, '2026-11-27', calendar, pupils)).toEqual([]); // the INSET day
    expect(expectedOn({ attends }, '2026-11-28', calendar, pupils)).toEqual([]); // a Saturday
    expect(expectedOn({ attends }, '2026-12-21', calendar, pupils)).toEqual([]); // the Christmas holiday
  });
});
