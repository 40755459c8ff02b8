// The reports against figures worked out by hand (in the comments) for the small school in tests/fixtures/smallSchoolTerm.ts.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { reportStats, NOT_PRESENT_PENDING } from './reportStats';
import { halfTermTrends } from './halfTermTrends';
import type { HalfTerm } from '../../domain/schoolCalendar';
import { misRegisterCsv } from './misExport';
import * as term from '../../../tests/fixtures/smallSchoolTerm';

const TODAY = '2026-12-09';
// The school's calendar for the term: "this half term" in repeat counts and the trend's half terms come from it.
const halfTerms: HalfTerm[] = [
  { id: 'a1', name: 'Autumn 1', first: '2026-09-01', last: '2026-10-23', year: 2026 },
  { id: 'a2', name: 'Autumn 2', first: '2026-11-02', last: '2026-12-18', year: 2026 },
];
const stats = reportStats({ from: '2026-09-01', to: '2026-12-11', today: TODAY, ...term, repeatWithinWeeks: 6, halfTerms });

describe('the autumn term of a small school, counted by hand', () => {
  it('counts referrals, declines and repeats by pupil in the order they were taken', () => {
    // Not declined: r1 r2 r3 r4 r5 r6 r7 r10 = 8; r8 declined. Pupils a b c d e = 5.
    // Repeats: r2 (a's second this half term), r4 (b's second on 4 Nov, taken at 13:10 after r5 at 08:55),
    // r6 (c referred 10 Nov, within 6 weeks of going back on 6 Oct). Not r5 (the first that day), not r10 (r8 was declined).
    expect(stats).toMatchObject({ referrals: 8, declined: 1, pupilsReferred: 5, repeats: 3, repeatRate: 3 / 8 });
  });

  it('counts each of up to three reasons, and their DfE codes', () => {
    // 11 reasons in all: defiance on r1, r4, r10; r2 has two; r6 has three.
    expect(stats.byReason).toEqual([
      { label: 'Defiance or refusal to follow instructions', count: 3 },
      { label: 'Abuse or threats towards a pupil', count: 1 },
      { label: 'Abuse or threats towards staff', count: 1 },
      { label: 'Bullying', count: 1 },
      { label: 'Damage to property', count: 1 },
      { label: 'Drugs, alcohol or vaping', count: 1 },
      { label: 'Fighting or assault on a pupil', count: 1 },
      { label: 'Misuse of phone, social media or online', count: 1 },
      { label: 'Racist abuse', count: 1 },
    ]);
    expect(stats.byDfeCode.map((c) => `${c.label.slice(0, 2)} ${c.count}`)).toEqual(['DB 3', 'BU 1', 'DA 1', 'DM 1', 'MT 1', 'PP 1', 'RA 1', 'VA 1', 'VP 1']);
  });

  it('uses the year group and SEN recorded on the referral, not the roll today', () => {
    // a was Year 9 with SEN support when referred (Year 10, EHCP now); d's old referral falls back to the roll (Year 7).
    expect(stats.byYear).toEqual([
      { label: 'Year 8', count: 3 },
      { label: 'Year 9', count: 2 },
      { label: 'Year 10', count: 1 },
      { label: 'Year 11', count: 1 },
      { label: 'Year 7', count: 1 },
    ]);
    expect(stats.bySen).toEqual([
      { label: 'No SEN', count: 4 },
      { label: 'SEN support', count: 3 },
      { label: 'EHCP', count: 1 },
    ]);
    expect(stats.byPeriod).toEqual([
      { label: 'P1', count: 2 },
      { label: 'P2', count: 2 },
      { label: 'Not in a lesson', count: 1 },
      { label: 'P3', count: 1 },
      { label: 'P4', count: 1 },
      { label: 'P5', count: 1 },
    ]);
    expect(stats.byYearAndPeriod).toContainEqual({ year: 'Year 8', period: 'P1', count: 2 });
    expect(stats.byYearAndPeriod).toContainEqual({ year: 'Year 7', period: 'Not in a lesson', count: 1 });
    expect(stats.byYearAndPeriod).toHaveLength(7);
  });

  it('counts pupil-days as pupils × dates, and who did not arrive on days that happened', () => {
    // a 15, 16, 17 Sep; b 5 Nov (two rooms, one day) and 6 Nov; c 23 Sep; d 18 Nov; e 19 Nov = 8 (9 register lines).
    expect(stats).toMatchObject({ pupilDays: 8, absences: 1, lateArrivals: 1, averageEffort: 2.5, averageBehaviour: 1.5 });
    expect(stats.pupilDaysByRoom).toEqual([{ label: 'The BASE', count: 7 }, { label: 'Isolation', count: 2 }]);
    // Not a's 29 and 30 Sep (back in lessons from 28 Sep), not e's 9 Dec (today) or 10 Dec (future).
    expect(stats.didNotArrive).toEqual([
      { pupilId: 'c', date: '2026-09-24', roomId: 'base' },
      { pupilId: 'd', date: '2026-11-17', roomId: 'isolation' },
    ]);
  });

  it('reports placements finished by outcome and the reintegration success rate', () => {
    // pa successful (9 Oct), pc partly (16 Oct), pb unsuccessful (20 Nov); pe still running.
    expect(stats.reintegration).toEqual({ finished: 3, outcomes: { successful: 1, partly: 1, unsuccessful: 1 }, successRate: 1 / 3 });
  });

  it('counts off-site sessions by code and off-site concerns not yet on CPOMS', () => {
    // c: K both sessions on 25 and 26 Nov = 4; a: B both sessions 23 Nov = 2; a on 24 Nov: AM settled I, PM not settled;
    // e on 1 Oct: the old one-code check-in, B there 09:00–14:30, so both sessions (as the MIS export sends it) = B 4.
    expect(stats.offsiteSessions).toEqual([
      { label: 'B — Attending any other approved educational activity', count: 4 },
      { label: 'K — Attending education provision arranged by the local authority', count: 4 },
      { label: 'I — Illness', count: 1 },
      { label: NOT_PRESENT_PENDING, count: 1 },
    ]);
    // One safeguarding note in the BASE, one off-site concern on 25 Nov (26 Nov's is logged).
    expect(stats.unconfirmedFlags).toEqual({ rooms: 1, offsite: 1 });
  });

  it('gives the weeks from the Monday before the first day', () => {
    expect(stats.weekly).toHaveLength(15);
    expect(stats.weekly[0]).toEqual({ weekOf: '2026-08-31', referrals: 0, pupilDays: 0 });
    expect(stats.weekly.find((w) => w.weekOf === '2026-09-14')).toEqual({ weekOf: '2026-09-14', referrals: 1, pupilDays: 3 });
    expect(stats.weekly.find((w) => w.weekOf === '2026-11-02')).toEqual({ weekOf: '2026-11-02', referrals: 2, pupilDays: 2 });
    expect(stats.weekly.find((w) => w.weekOf === '2026-11-16')).toEqual({ weekOf: '2026-11-16', referrals: 2, pupilDays: 2 });
  });

  it('trends the repeat rate and reintegration success over the two half terms', () => {
    // Autumn 1: r1 r2 r3, one repeat (33%); pa and pc finished, one successful (50%).
    // Autumn 2: r4 r5 r6 r7 r10, two repeats (40%); pb finished, unsuccessful (0%).
    const trends = halfTermTrends({ to: TODAY, referrals: term.referrals, placements: term.placements, repeatWithinWeeks: 6, halfTerms });
    expect(trends.map(({ label, referrals, repeats, repeatRate, finished, successful, successRate }) => ({ label, referrals, repeats, repeatRate, finished, successful, successRate }))).toEqual([
      { label: 'Autumn 1', referrals: 3, repeats: 1, repeatRate: 33, finished: 2, successful: 1, successRate: 50 },
      { label: 'Autumn 2', referrals: 5, repeats: 2, repeatRate: 40, finished: 1, successful: 0, successRate: 0 },
    ]);
  });
});

describe('the MIS export of the same term', () => {
  const csv = misRegisterCsv({ today: TODAY, ...term });
  const [header, ...rows] = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
  const col = (name: string) => header!.indexOf(name);

  it('has the columns a MIS administrator imports by', () => {
    expect(header).toEqual([
      'UPN', 'Legal Surname', 'Legal Forename', 'Year', 'Reg Group', 'Date', 'Session', 'Mark', 'Mark Description',
      'Provision', 'Attendance', 'Arrived', 'Left', 'Left To', 'Late', 'Reason', 'DfE Exclusion Reason Codes', 'Comments',
    ]);
  });

  it('exports only days up to today that the pupil was really on the register, and each off-site session', () => {
    // Room days: a 4 (not 29/30 Sep), b 2 (5 Nov in two rooms is one day), c 2, d 2, e 2 (19 Nov and today, 9 Dec;
    // not 10 Dec) = 12 days, each in the room (or not arrived) for both sessions = 24 session rows.
    // Off-site: a 23 and 24 Nov, c 25 and 26 Nov, two sessions each = 8; e's old one-code day (B, 09:00–14:30) = 2.
    expect(rows).toHaveLength(24 + 8 + 2);
    const dates = rows.map((r) => r[col('Date')]!.split('/').reverse().join('-'));
    expect(dates.every((d) => d <= TODAY)).toBe(true);
    expect(dates).not.toContain('2026-09-29');
    expect(rows.filter((r) => r[col('Attendance')] === 'Did not arrive').map((r) => [r[col('Legal Surname')], r[col('Date')], r[col('Session')], r[col('Mark')]])).toEqual([
      ['Cole', '24/09/2026', 'AM', ''],
      ['Cole', '24/09/2026', 'PM', ''],
      ['Dunn', '17/11/2026', 'AM', ''],
      ['Dunn', '17/11/2026', 'PM', ''],
    ]);
  });

  it('marks off-site sessions with their codes, and leaves a missed one blank for the attendance officer', () => {
    const a24 = rows.filter((r) => r[col('UPN')] === 'UPN-a' && r[col('Date')] === '24/11/2026');
    expect(a24.map((r) => [r[col('Session')], r[col('Mark')], r[col('Mark Description')], r[col('Provision')], r[col('Comments')]])).toEqual([
      ['AM', 'I', 'Illness', 'Oak Farm', 'Not at the farm; rang mum'],
      ['PM', '', '', 'Oak Farm', 'Code to be settled by the attendance officer. Not at the farm; rang mum'],
    ]);
    const c25 = rows.filter((r) => r[col('UPN')] === 'UPN-c' && r[col('Date')] === '25/11/2026').map((r) => r[col('Mark')]);
    expect(c25).toEqual(['K', 'K']);
    // e's check-in from before per-session marks: B for the day, there 09:00–14:30, so both sessions, as recorded.
    const e1 = rows.filter((r) => r[col('UPN')] === 'UPN-e' && r[col('Date')] === '01/10/2026');
    expect(e1.map((r) => [r[col('Session')], r[col('Mark')], r[col('Provision')], r[col('Attendance')], r[col('Comments')]])).toEqual(
      ['AM', 'PM'].map((s) => [s, 'B', 'Oak Farm', 'Present at the provider', 'Recorded before per-session marks as one code for the day: B — Attending any other approved educational activity']),
    );
  });

  it('gives a room day the reasons and DfE codes of the referral scheduled onto it, present in both sessions', () => {
    const a15 = rows.filter((r) => r[col('UPN')] === 'UPN-a' && r[col('Date')] === '15/09/2026');
    expect(a15.map((r) => [r[col('Session')], r[col('Mark')], r[col('Reason')], r[col('DfE Exclusion Reason Codes')]])).toEqual([
      ['AM', '/', 'Defiance or refusal to follow instructions', 'DB'],
      ['PM', '\\', 'Defiance or refusal to follow instructions', 'DB'],
    ]);
  });

  it('gives a pupil in two rooms in one session one row, and leaves a session blank when they reached the room after its register closed', () => {
    // b: isolation 08:50–12:00, then the BASE from 12:05 (both in the morning); 6 Nov in at 09:20, after the 09:10 close.
    const b = rows.filter((r) => r[col('UPN')] === 'UPN-b').map((r) => [r[col('Date')], r[col('Session')], r[col('Mark')], r[col('Provision')], r[col('Comments')]]);
    expect(b).toEqual([
      ['05/11/2026', 'AM', '/', 'Isolation; The BASE', ''],
      ['05/11/2026', 'PM', '\\', 'The BASE', ''],
      ['06/11/2026', 'AM', '', 'The BASE', 'Reached the room at 09:20, after the AM register closed at 09:10: U only if they reached school then; the school register holds this session'],
      ['06/11/2026', 'PM', '\\', 'The BASE', ''],
    ]);
  });
});
