import { describe, expect, it } from 'vitest';
import { buildDailyLog, dailyLogText } from './dailyLog';
import type { RegisterEntryRow } from '../../domain/register';
import type { Pupil } from '../../domain/pupil';
import { inTimeZone } from '../../../tests/fixtures/timeZone';

const date = '2026-11-23';
const entry = (pupilId: string, over: Partial<RegisterEntryRow>): RegisterEntryRow => ({
  id: `room/base/${date}#${pupilId}`, docName: `room/base/${date}`, roomId: 'base', date, pupilId, status: 'present',
  arrivedAt: '08:50', late: false, absenceFollowUp: '', leftAt: null, leftTo: null, leftDetail: '', breakSupervised: false,
  lunchSupervised: false, periods: {}, toiletVisits: [], createdBy: 's1', createdAt: `${date}T08:50:00Z`, updatedBy: 's1', updatedAt: `${date}T08:50:00Z`,
  ...over,
});
const pupil = (id: string, forename: string, surname: string): Pupil => ({
  id, upn: 'X', legalForename: forename, legalSurname: surname, yearGroup: 9, tutorGroup: '9X1', sen: 'none',
});

describe('daily log', () => {
  it('summarises each pupil’s day and keeps unconfirmed safeguarding flags loud', () => {
    const lines = buildDailyLog(date, {
      entries: [
        entry('b', { status: 'left', leftAt: '15:00', leftTo: 'lessons', breakSupervised: true, periods: { p1: { presence: 'present', effort: 2, behaviour: 1 } } }),
        entry('a', { status: 'absent', arrivedAt: null, absenceFollowUp: 'Phoned home' }),
      ],
      notes: [
        { id: 'n1', docName: '', roomId: 'base', date, pupilId: 'b', kind: 'safeguarding', periodId: null, text: '', createdBy: 's1', createdAt: '', loggedBy: null, loggedAt: null },
        { id: 'n2', docName: '', roomId: 'base', date, pupilId: 'b', kind: 'praise', periodId: 'p1', text: 'Great focus', createdBy: 's1', createdAt: '', loggedBy: null, loggedAt: null },
      ],
      interviews: [],
      work: [
        { id: 'w', docName: 'pupil/b', pupilId: 'b', subject: 'Maths', setBy: 'Mr O', task: 't', status: 'done', effort: 1, objectivesMet: '', createdBy: 's1', createdAt: '', updatedBy: 's1', updatedAt: `${date}T11:00:00Z` },
      ],
      pupils: new Map([['a', pupil('a', 'Amir', 'Khan')], ['b', pupil('b', 'Bea', 'Adams')]]),
      periods: [{ id: 'p1', label: 'P1', kind: 'lesson', start: '09:00', end: '10:00' }],
      staffName: () => 'Ms Patel',
    });
    expect(lines.map((l) => l.name)).toEqual(['Amir Khan', 'Bea Adams']);
    expect(lines[0]!.attendance).toBe('Absent — follow-up: Phoned home');
    expect(lines[1]).toMatchObject({
      attendance: 'Arrived 08:50, left 15:00 — Back to lessons',
      periods: 'P1 present E2/B1',
      breaks: 'Supervised break',
      work: ['Maths: Done, effort 1'],
      unconfirmedFlags: 1,
    });
    const text = dailyLogText('The BASE — Monday 23 November 2026', lines);
    expect(text).toContain('Safeguarding flag — NOT YET CONFIRMED AS LOGGED ON CPOMS');
    expect(text).toContain('Praise: Great focus (Ms Patel)');
  });

  it('copies as text with the key to the marks under the title, and each period’s present or out mark', () => {
    const lines = buildDailyLog(date, {
      entries: [entry('b', { periods: { p1: { presence: 'present', effort: 1, behaviour: 2 }, p2: { presence: 'out', effort: null, behaviour: null } } })],
      notes: [], interviews: [], work: [],
      pupils: new Map([['b', pupil('b', 'Bea', 'Adams')]]),
      periods: [
        { id: 'p1', label: 'P1', kind: 'lesson', start: '09:00', end: '10:00' },
        { id: 'p2', label: 'P2', kind: 'lesson', start: '10:00', end: '11:00' },
      ],
      staffName: () => 'Ms Patel',
    });
    expect(dailyLogText('The BASE daily log — Monday 23 November 2026', lines).split('\n')).toEqual([
      'The BASE daily log — Monday 23 November 2026',
      '',
      'Period marks: present or out of the room; E = effort, B = behaviour (1 excellent – 4 unacceptable).',
      '',
      'Bea Adams (9X1)',
      '  Arrived 08:50, still in the room',
      '  Periods: P1 present E1/B2, P2 out',
    ]);
  });

  it('says when a pupil is out at the toilet, lists visits, and keeps corrections', () => {
    const [line] = buildDailyLog(date, {
      entries: [
        entry('a', {
          status: 'present',
          toiletVisits: [{ id: 'v1', out: '10:10', back: '10:15' }, { id: 'v2', out: '11:55', back: null }],
          corrections: [{ id: 'c', undone: 'Absence', by: 's1', at: `${date}T09:00:00Z` }],
        }),
      ],
      notes: [], interviews: [], work: [],
      pupils: new Map([['a', pupil('a', 'Amir', 'Khan')]]),
      periods: [],
      staffName: () => 'Ms Patel',
    });
    expect(line).toMatchObject({ attendance: 'Arrived 08:50, out: toilet since 11:55 (Absence undone)', breaks: '2 toilet visits (10:10–10:15, 11:55–not back)' });
  });

  it('puts work marked just after midnight in summer time on the school’s day, not the UTC day before', () => {
    inTimeZone('Europe/London', () => {
      const work = { id: 'w', docName: 'pupil/b', pupilId: 'b', subject: 'Maths', setBy: 'Mr O', task: 't', status: 'done' as const, effort: 1, objectivesMet: '', createdBy: 's1', createdAt: '', updatedBy: 's1', updatedAt: '2027-06-09T23:30:00Z' };
      const logOf = (day: string) => buildDailyLog(day, {
        entries: [{ ...entry('b', {}), date: day }], notes: [], interviews: [], work: [work], pupils: new Map([['b', pupil('b', 'Bea', 'Adams')]]), periods: [], staffName: () => '',
      })[0]!.work;
      expect(logOf('2027-06-10')).toEqual(['Maths: Done, effort 1']);
      expect(logOf('2027-06-09')).toEqual([]);
    });
  });
});

