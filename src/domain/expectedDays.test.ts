import { describe, expect, it } from 'vitest';
import { daysOnClosures, describePlan, expectedDaysBetween, expectedInRoom, pathwayWeek, plannedRegisterEntry, withPlannedDays } from './expectedDays';
import { nextSchoolDays } from './schoolCalendar';
import type { Period } from './school';
import { calendar2026 } from '../../tests/fixtures/calendar2026';
import { inTimeZone } from '../../tests/fixtures/timeZone';

const lesson = (n: number): Period => ({ id: `p${n}`, label: `P${n}`, kind: 'lesson', start: `${8 + n}:00`.padStart(5, '0'), end: `${9 + n}:00`.padStart(5, '0') });
const periods: Period[] = [1, 2, 3, 4].map(lesson);
const days = nextSchoolDays('2026-12-07', 30, calendar2026);
const referral = { id: 'r1', pupilId: 'amy', status: 'scheduled' as const, roomId: 'base', scheduledDays: days, updatedAt: '2026-12-04T09:00:00Z' };
const placement = { id: 'pl1', referralId: 'r1', start: '2026-12-07', status: 'running' as const, finishedOn: null, reintegration: null, timetable: {} };

describe('who the room expects', () => {
  it('a 30-day placement across Christmas is never expected on a holiday or closure', () => {
    expect(days.at(-1)).toBe('2027-01-29');
    for (const date of ['2026-12-21', '2026-12-25', '2027-01-01']) expect(expectedInRoom('base', date, [referral], [placement], calendar2026, periods)).toEqual([]);
    expect(expectedInRoom('base', '2027-01-04', [referral], [placement], calendar2026, periods).map((e) => e.pupilId)).toEqual(['amy']);
    expect(expectedInRoom('other-room', '2027-01-04', [referral], [placement], calendar2026, periods)).toEqual([]);
  });

  it('counts pathway weeks in school weeks, so the holiday does not use up the plan', () => {
    expect(pathwayWeek('2026-12-07', '2026-12-18', calendar2026)).toBe(2);
    expect(pathwayWeek('2026-12-07', '2027-01-04', calendar2026)).toBe(3);
  });

  it('follows the phased timetable: lessons periods are named, and a week all in lessons is not expected', () => {
    const timetable = { '2/p1': 'lessons', '2/p2': 'lessons', '3/p1': 'lessons', '3/p2': 'lessons', '3/p3': 'lessons', '3/p4': 'lessons' } as const;
    const phased = { ...placement, timetable };
    expect(expectedInRoom('base', '2026-12-07', [referral], [phased], calendar2026, periods)[0]?.plan).toBeNull();
    expect(expectedInRoom('base', '2026-12-14', [referral], [phased], calendar2026, periods)[0]).toMatchObject({ inLessons: ['p1', 'p2'], plan: 'P1-P2 in lessons, back at P3' });
    expect(expectedInRoom('base', '2027-01-04', [referral], [phased], calendar2026, periods)).toEqual([]);
  });

  it('describes any pattern of periods', () => {
    const places = new Map([['p1', 'room'], ['p2', 'lessons'], ['p3', 'room'], ['p4', 'lessons']] as const);
    expect(describePlan(periods, places)).toBe('In the room P1, P2 in lessons, back at P3, P4 in lessons');
  });

  it('expects nobody from the reintegration start date, after the placement finished, or after the referral was done', () => {
    const back = { ...placement, reintegration: { startDate: '2027-01-11', lessonsReturning: '', teachersInformed: '', targets: '', by: 's', at: '' } };
    expect(expectedInRoom('base', '2027-01-08', [referral], [back], calendar2026, periods)).toHaveLength(1);
    expect(expectedInRoom('base', '2027-01-11', [referral], [back], calendar2026, periods)).toEqual([]);
    const finished = { ...placement, status: 'finished' as const, finishedOn: '2026-12-10' };
    const done = { ...referral, status: 'done' as const, updatedAt: '2026-12-10T15:00:00Z' };
    expect(expectedInRoom('base', '2026-12-10', [done], [finished], calendar2026, periods)).toHaveLength(1);
    expect(expectedInRoom('base', '2026-12-11', [done], [finished], calendar2026, periods)).toEqual([]);
  });

  it('finds scheduled days that a later closure now covers', () => {
    const snow = { ...calendar2026, closures: [...calendar2026.closures, { id: 'snow', from: '2026-12-08', to: '2026-12-08', label: 'Snow day', kind: 'closure' as const }] };
    expect(daysOnClosures([referral], snow)).toEqual([{ referralId: 'r1', pupilId: 'amy', days: ['2026-12-08'] }]);
    expect(daysOnClosures([referral], calendar2026)).toEqual([]);
  });

  it('lists the days the plan expected between two dates, for reviews and the MIS export', () => {
    const back = { ...placement, reintegration: { startDate: '2026-12-10', lessonsReturning: '', teachersInformed: '', targets: '', by: 's', at: '' } };
    expect(expectedDaysBetween('2026-12-01', '2026-12-31', [referral], [back], calendar2026, periods).map((d) => d.date)).toEqual(['2026-12-07', '2026-12-08', '2026-12-09']);
    expect(expectedDaysBetween('2026-12-08', '2026-12-08', [referral], [placement], calendar2026, periods)).toEqual([{ roomId: 'base', date: '2026-12-08', pupilId: 'amy' }]);
  });

  it('ends a referral marked done on the school’s own day, not the UTC day, in summer time (TZ=Europe/London)', () => {
    inTimeZone('Europe/London', () => {
      // Marked done at 00:30 BST on Thursday 10 June 2027, stored as 23:30Z on the 9th: the 10th is still a day it kept.
      const summer = nextSchoolDays('2027-06-08', 5, calendar2026);
      const done = { ...referral, scheduledDays: summer, status: 'done' as const, updatedAt: '2027-06-09T23:30:00.000Z' };
      const pl = { ...placement, start: '2027-06-08' };
      expect(expectedDaysBetween('2027-06-07', '2027-06-18', [done], [pl], calendar2026, periods).map((d) => d.date)).toEqual(['2027-06-08', '2027-06-09', '2027-06-10']);
    });
  });

  it('adds a planned line only for a pupil no room recorded that day, never in a holiday, and lists each overlapping day once', () => {
    const second = { ...referral, id: 'r2', roomId: 'isolation', scheduledDays: ['2026-12-08', '2026-12-09', '2026-12-22', '2027-01-04'] };
    const absentInIsolation = { ...plannedRegisterEntry('isolation', '2026-12-07', 'amy'), status: 'absent' as const };
    const lines = withPlannedDays([absentInIsolation], '2026-12-07', '2027-01-05', [referral, second], [placement], calendar2026, periods);
    // 7 Dec is recorded (absent, in isolation): no second line for the BASE. Two referrals overlap on 8 and 9 Dec: one line each.
    expect(lines.map((e) => `${e.date} ${e.roomId} ${e.status}`)).toEqual([
      '2026-12-07 isolation absent',
      ...['2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18', '2027-01-04', '2027-01-05'].map((d) => `${d} base expected`),
    ]);
  });
});

