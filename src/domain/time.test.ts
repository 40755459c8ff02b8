import { describe, expect, it } from 'vitest';
import { addDays, clockTimeSchema, formatDayLabel, formatLongDate, isoDateSchema, minutesOf } from './time';

describe('dates and times', () => {
  it('labels days the British way', () => {
    expect(formatDayLabel('2026-11-23')).toBe('Mon 23 Nov');
    expect(formatLongDate('2026-11-23')).toBe('Monday 23 November 2026');
    expect(formatLongDate('2027-01-01')).toBe('Friday 1 January 2027');
  });

  it('moves across month ends and the clock change', () => {
    expect(addDays('2026-10-31', 1)).toBe('2026-11-01');
    expect(addDays('2026-10-25', -1)).toBe('2026-10-24');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
  });

  it('accepts only 24-hour times and real dates', () => {
    expect(clockTimeSchema.safeParse('08:05').success).toBe(true);
    expect(clockTimeSchema.safeParse('8:05').success).toBe(false);
    expect(clockTimeSchema.safeParse('24:00').success).toBe(false);
    expect(isoDateSchema.safeParse('2026-02-30').success).toBe(false);
    expect(minutesOf('13:20')).toBe(800);
  });
});
