import { describe, expect, it } from 'vitest';
import { didNotArrive, wasOnRegister } from './registerDays';

const placement = { pupilId: 'a', reintegration: { startDate: '2026-11-09', lessonsReturning: '', teachersInformed: '', targets: '', by: '', at: '' }, finishedOn: null };
const scheduledAgain = { pupilId: 'a', status: 'scheduled' as const, date: '2026-11-16', scheduledDays: ['2026-11-17'] };
const entry = (date: string, status: 'expected' | 'present' = 'expected') => ({ pupilId: 'a', date, status });

describe('register days that happened', () => {
  it.each([
    ['a marked day, whatever came after', entry('2026-11-12', 'present'), true],
    ['an unmarked day before going back to lessons', entry('2026-11-06'), true],
    ['an unmarked day left behind after going back', entry('2026-11-10'), false],
    ['a day a later referral scheduled again', entry('2026-11-17'), true],
  ] as const)('%s', (_, e, expected) => {
    expect(wasOnRegister(e, [placement], [scheduledAgain])).toBe(expected);
  });

  it('counts a pupil as not arriving only on days that are over', () => {
    expect(didNotArrive(entry('2026-11-06'), '2026-11-07', [placement], [])).toBe(true);
    expect(didNotArrive(entry('2026-11-06'), '2026-11-06', [placement], [])).toBe(false);
    expect(didNotArrive(entry('2026-11-10'), '2026-12-01', [placement], [])).toBe(false);
  });
});
