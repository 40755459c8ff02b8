import { describe, expect, it } from 'vitest';
import { inRoomDuring, legacySessionMarks, roomSessionMark, sessionPrecedence, sessionTimes, unmarkedReason } from './sessionMarks';
import { defaultPeriods } from './school';
import type { RegisterEntryRow } from './register';

// The default day: Reg 08:40, lunch 13:20–14:00, P6 ends 16:00. Registers close 30 minutes after they open.
const times = sessionTimes(defaultPeriods);
const entry = (over: Partial<Pick<RegisterEntryRow, 'arrivedAt' | 'late' | 'leftAt' | 'leftTo'>>) => ({
  arrivedAt: '08:40', late: false, leftAt: null, leftTo: null, ...over,
});
const marks = (over: Parameters<typeof entry>[0]) => [roomSessionMark(entry(over), 'am', times), roomSessionMark(entry(over), 'pm', times)];

describe('the mark a room day proposes for each session', () => {
  it('splits the school day at lunch and closes each register 30 minutes after it opens', () => {
    expect(times).toEqual({
      am: { opens: 8 * 60 + 40, closes: 9 * 60 + 10, ends: 13 * 60 + 20 },
      pm: { opens: 14 * 60, closes: 14 * 60 + 30, ends: 16 * 60 },
    });
    expect(sessionTimes(defaultPeriods.filter((p) => p.kind !== 'lunch'))).toBeNull();
    // A breakfast club before registration does not open the register; an afternoon registration after lunch does.
    const day = [
      { kind: 'break' as const, start: '08:00', end: '08:30' },
      ...defaultPeriods.filter((p) => p.label !== 'P5'),
      { kind: 'registration' as const, start: '14:05', end: '14:15' },
      { kind: 'lesson' as const, start: '14:15', end: '15:00' },
    ];
    expect(sessionTimes(day)).toEqual({
      am: { opens: 8 * 60 + 40, closes: 9 * 60 + 10, ends: 13 * 60 + 20 },
      pm: { opens: 14 * 60 + 5, closes: 14 * 60 + 35, ends: 16 * 60 },
    });
  });

  it('marks a pupil in the room all day present in both sessions, never an absence', () => {
    expect(marks({})).toEqual(['/', '\\']);
    expect(marks({ arrivedAt: '08:30', leftAt: '16:00', leftTo: 'lessons' })).toEqual(['/', '\\']);
  });

  it('marks L only when the room marked them late and they came before the register closed', () => {
    expect(marks({ arrivedAt: '09:05', late: true })).toEqual(['L', '\\']);
    expect(marks({ arrivedAt: '09:10', late: true })).toEqual(['L', '\\']);
    // Late in the morning is not late for the afternoon register.
    expect(marks({ arrivedAt: '08:50', late: true })[1]).toBe('\\');
  });

  it('proposes nothing for a session the pupil reached the room after its register closed: U or "present in a lesson" is the school register’s', () => {
    expect(marks({ arrivedAt: '09:11', late: true })).toEqual([null, '\\']);
    expect(marks({ arrivedAt: '10:15' })).toEqual([null, '\\']);
    expect(unmarkedReason(entry({ arrivedAt: '10:15' }), 'am', times)).toBe(
      'Reached the room at 10:15, after the AM register closed at 09:10: U only if they reached school then; the school register holds this session',
    );
    expect(marks({ arrivedAt: '14:20' })).toEqual([null, '\\']);
    expect(marks({ arrivedAt: '14:20', late: true })).toEqual([null, 'L']);
    expect(marks({ arrivedAt: '14:31' })).toEqual([null, null]);
  });

  it('leaves the afternoon to the school once the pupil went back to lessons or home before it, and marks E when sent home suspended', () => {
    expect(marks({ leftAt: '12:00', leftTo: 'lessons' })).toEqual(['/', null]);
    expect(marks({ leftAt: '12:00', leftTo: 'home' })).toEqual(['/', null]);
    expect(marks({ leftAt: '11:00', leftTo: 'suspended' })).toEqual(['/', 'E']);
    // Sent home after the afternoon register: present for it.
    expect(marks({ leftAt: '14:10', leftTo: 'suspended' })).toEqual(['/', '\\']);
  });

  it('invents nothing for a pupil the room never saw arrive', () => {
    expect(marks({ arrivedAt: null })).toEqual([null, null]);
    expect(unmarkedReason(entry({ arrivedAt: null }), 'am', times)).toBeNull();
    expect(roomSessionMark(entry({}), 'am', null)).toBeNull();
  });
});

describe('which sessions a room day covers', () => {
  it('covers a session the pupil was in the room for at any point of it', () => {
    expect(['am', 'pm'].map((s) => inRoomDuring(entry({ arrivedAt: '10:15', leftAt: '13:00', leftTo: 'lessons' }), s as 'am', times))).toEqual([true, false]);
    expect(['am', 'pm'].map((s) => inRoomDuring(entry({ arrivedAt: '14:45' }), s as 'am', times))).toEqual([false, true]);
    expect(inRoomDuring(entry({ arrivedAt: null }), 'am', times)).toBe(false);
  });
});

describe('which record gives a session its mark when there are two', () => {
  it('ranks a present mark from the room, then attendance at a provider, then an officer’s code or D, then the room’s E, then none', () => {
    const ranked = [
      sessionPrecedence({ source: 'room', mark: 'L' }),
      sessionPrecedence({ source: 'provider', attended: true, code: 'B' }),
      sessionPrecedence({ source: 'provider', attended: false, code: 'I' }),
      sessionPrecedence({ source: 'room', mark: 'E' }),
      sessionPrecedence({ source: 'room', mark: null }),
    ];
    expect([...ranked].sort((a, b) => b - a)).toEqual(ranked);
    expect(new Set(ranked).size).toBe(5);
    expect(sessionPrecedence({ source: 'provider', attended: false, code: null })).toBe(sessionPrecedence({ source: 'room', mark: null }));
  });
});

describe('an off-site check-in from before per-session marks', () => {
  const legacy = (code: Parameters<typeof legacySessionMarks>[0]['legacyCode'], arrivedAt: string | null = null, leftAt: string | null = null, t = times) =>
    legacySessionMarks({ legacyCode: code, arrivedAt, leftAt }, t).map((m) => `${m.session} ${m.code ?? '-'}`);

  it('keeps the day’s code where a day with no lunch gives no times to narrow it by', () => {
    expect(legacy('B', '09:00', '12:00', null)).toEqual(['am B', 'pm B']);
    expect(legacy('L', '14:10', null, null)).toEqual(['am L']);
    expect(legacy(null)).toEqual([]);
  });

  it('gives L the session the pupil arrived in, and an absence code no mark in either session', () => {
    expect(legacy('L', '14:10')).toEqual(['pm L']);
    expect(legacy('L')).toEqual(['am L']);
    expect(legacy('I')).toEqual(['am -', 'pm -']);
    expect(legacy('N')).toEqual(['am -', 'pm -']);
  });
});
