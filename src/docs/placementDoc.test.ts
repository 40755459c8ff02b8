import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acceptReferral, completeReferral, declineReferral, moveDaysOffClosures, scheduleReferral, shortenReferral, takeReferral } from './referralDoc';
import { addVisit, finishPlacement, recordPlacement, recordReview, setTimetablePlace, startReintegration } from './placementDoc';
import { projectPlacements } from './placementProjection';
import { CommandError, type Actor } from './records';
import { emptyCalendar, nextSchoolDays } from '../domain/schoolCalendar';
import { calendar2026 } from '../../tests/fixtures/calendar2026';
import type { ReviewProgress } from '../domain/review';
import { defaultReferralCategories } from '../domain/referralCategory';
import { projectReferralCategories, saveReferralCategory } from './referralCategoriesDoc';

const NAME = 'pupil/pupil-a';
const pupil = { id: 'pupil-a', yearGroup: 9, sen: 'none' as const };
const categories = [...defaultReferralCategories];
const actor: Actor = { staffId: 'staff-1', at: '2026-11-23T09:10:00.000Z' };
const rows = (doc: Y.Doc) => projectPlacements(doc, NAME);
const referral = { referredBy: 'Ms Hale', date: '2026-11-20', period: 'P2', subject: 'Science', categoryIds: ['defiance'], description: 'Refused to move seats', requestedDays: 3 };
const progress: ReviewProgress = { daysExpected: 3, daysAttended: 3, averageEffort: 1.5, praise: 2, concerns: 0, incidents: 0, workSet: 2, workDone: 2 };
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof CommandError ? `${err.reason}: ${err.message}` : String(err);
  }
  return 'accepted';
};

describe('referrals in the pupil document', () => {
  it('refuses illegal moves with a clear error and writes nothing', () => {
    const doc = new Y.Doc();
    const id = takeReferral(doc, pupil, referral, categories, actor);
    expect(refusal(() => completeReferral(doc, id, actor))).toBe('rule: A requested referral cannot be marked done: it can only be accepted or declined');
    expect(refusal(() => declineReferral(doc, id, '  ', actor))).toBe('invalid-input: Say why the referral is declined');
    declineReferral(doc, id, 'Handled by the department', actor);
    expect(refusal(() => acceptReferral(doc, id, actor))).toBe('rule: A declined referral cannot be accepted: it is closed');
    expect(rows(doc).referrals[0]).toMatchObject({ status: 'declined', declinedReason: 'Handled by the department' });
  });

  it('schedules onto school days only, in the pupil document, and refuses a day already booked', () => {
    const doc = new Y.Doc();
    const id = takeReferral(doc, pupil, referral, categories, actor);
    const dates = nextSchoolDays('2026-11-27', 3, calendar2026);
    expect(refusal(() => scheduleReferral(doc, id, 'base', dates, calendar2026, actor))).toMatch(/requested referral cannot be scheduled/);
    acceptReferral(doc, id, actor);
    expect(refusal(() => scheduleReferral(doc, id, 'base', dates, emptyCalendar, actor))).toMatch(/no term dates yet/);
    expect(refusal(() => scheduleReferral(doc, id, 'base', ['2026-12-18', '2026-12-21'], calendar2026, actor))).toBe('rule: Mon 21 Dec is not a school day (Christmas holiday)');
    scheduleReferral(doc, id, 'base', dates, calendar2026, actor);
    expect(rows(doc).referrals[0]).toMatchObject({ status: 'scheduled', roomId: 'base', scheduledDays: ['2026-11-27', '2026-12-01', '2026-12-02'] });
    const again = takeReferral(doc, pupil, referral, categories, actor);
    acceptReferral(doc, again, actor);
    expect(refusal(() => scheduleReferral(doc, again, 'base', ['2026-12-02', '2026-12-03'], calendar2026, actor))).toBe(
      'rule: Already booked in the room on Wed 2 Dec by another referral: shorten that one first',
    );
  });

  it('shortens a schedule, and moves days a later closure covers once the coordinator confirms', () => {
    const doc = new Y.Doc();
    const id = takeReferral(doc, pupil, referral, categories, actor);
    acceptReferral(doc, id, actor);
    scheduleReferral(doc, id, 'base', ['2026-12-01', '2026-12-02', '2026-12-03'], calendar2026, actor);
    const snow = { ...calendar2026, closures: [...calendar2026.closures, { id: 'snow', from: '2026-12-02', to: '2026-12-02', label: 'Snow', kind: 'closure' as const }] };
    expect(moveDaysOffClosures(doc, id, snow, actor)).toEqual(['2026-12-04']);
    expect(rows(doc).referrals[0]?.scheduledDays).toEqual(['2026-12-01', '2026-12-03', '2026-12-04']);
    expect(shortenReferral(doc, id, '2026-12-01', actor)).toBe(2);
    expect(rows(doc).referrals[0]?.scheduledDays).toEqual(['2026-12-01']);
  });

  it('refuses a referral dated in the future', () => {
    expect(refusal(() => takeReferral(new Y.Doc(), pupil, { ...referral, date: '2026-11-24' }, categories, actor))).toMatch(/dated Tue 24 Nov, which is in the future/);
  });

  it('runs a placement to its end: timetable, review, reintegration, visit, outcome (and the referral is done)', () => {
    const doc = new Y.Doc();
    const refId = takeReferral(doc, pupil, referral, categories, actor);
    const early = { referralId: refId, kind: 'short' as const, start: '2026-11-23', needsAssessment: 'Literacy support', targets: 'Arrive on time' };
    expect(refusal(() => recordPlacement(doc, 'pupil-a', early, actor))).toMatch(/Schedule the referral/);
    acceptReferral(doc, refId, actor);
    scheduleReferral(doc, refId, 'base', ['2026-11-23'], calendar2026, actor);
    const id = recordPlacement(doc, 'pupil-a', early, actor);
    setTimetablePlace(doc, id, 2, 'p1', 'lessons', actor);
    expect(refusal(() => addVisit(doc, id, { date: '2026-12-07', lesson: 'Maths', teacher: 'Mr Ode', seen: 'Settled', rating: 2 }, actor))).toMatch(/Plan the reintegration/);
    recordReview(doc, id, { date: '2026-12-04', notes: 'Good fortnight', decision: 'reintegrate' }, progress, actor);
    startReintegration(doc, id, { lessonsReturning: 'Maths, English', teachersInformed: 'Mr Ode, Ms Lin', targets: 'Equipment', startDate: '2026-12-07' }, actor);
    expect(refusal(() => recordReview(doc, id, { date: '2026-12-08', notes: 'x', decision: 'continue' }, progress, actor))).toMatch(/in reintegration/);
    addVisit(doc, id, { date: '2026-12-09', lesson: 'Maths', teacher: 'Mr Ode', seen: 'On task all lesson', rating: 1 }, actor);
    finishPlacement(doc, id, 'successful', '2026-12-18', actor);
    const r = rows(doc);
    expect(r.placements[0]).toMatchObject({ status: 'finished', outcome: 'successful', timetable: { '2/p1': 'lessons' }, reintegration: { startDate: '2026-12-07', by: 'staff-1' } });
    expect(r.reviews[0]).toMatchObject({ decision: 'reintegrate', progress });
    expect(r.visits[0]).toMatchObject({ lesson: 'Maths', rating: 1, placementId: id });
    expect(r.referrals[0]!.status).toBe('done');
    expect(refusal(() => finishPlacement(doc, id, 'partly', '2026-12-19', actor))).toMatch(/finished/);
  });
});

describe('two devices', () => {
  for (const order of ['a then b', 'b then a']) {
    it(`merge referrals, placements, reviews, visits and timetable cells without loss (${order})`, () => {
      const start = new Y.Doc();
      const refId = takeReferral(start, pupil, referral, categories, actor);
      acceptReferral(start, refId, actor);
      scheduleReferral(start, refId, 'base', ['2026-11-23'], calendar2026, actor);
      const placementId = recordPlacement(start, 'pupil-a', { referralId: refId, kind: 'medium', start: '2026-11-23', needsAssessment: 'SEMH', targets: 'Calm' }, actor);
      const [a, b] = [new Y.Doc(), new Y.Doc()];
      for (const d of [a, b]) Y.applyUpdate(d, Y.encodeStateAsUpdate(start));
      setTimetablePlace(a, placementId, 1, 'p1', 'room', actor);
      recordReview(a, placementId, { date: '2026-12-04', notes: 'Device A review', decision: 'continue' }, progress, actor);
      setTimetablePlace(b, placementId, 1, 'p2', 'lessons', actor);
      takeReferral(b, pupil, { ...referral, date: '2026-11-23', description: 'Second referral' }, categories, actor);
      startReintegration(b, placementId, { lessonsReturning: 'PE', teachersInformed: 'Mr Ode', targets: 'Kit', startDate: '2026-12-07' }, actor);
      const [first, second] = order === 'a then b' ? [a, b] : [b, a];
      const update1 = Y.encodeStateAsUpdate(first);
      const update2 = Y.encodeStateAsUpdate(second);
      Y.applyUpdate(second, update1);
      Y.applyUpdate(first, update2);
      const merged = rows(a);
      expect(rows(b)).toEqual(merged);
      expect(merged.referrals).toHaveLength(2);
      expect(merged.reviews).toHaveLength(1);
      expect(merged.placements[0]).toMatchObject({ status: 'reintegrating', timetable: { '1/p1': 'room', '1/p2': 'lessons' } });
    });
  }
});

describe('reasons and snapshots on a referral', () => {
  it('keeps up to three reasons with their label and code, and the year group and SEN at the time, whatever changes later', () => {
    const doc = new Y.Doc();
    const school = new Y.Doc();
    saveReferralCategory(school, { id: 'online', label: 'Phones', dfeCode: 'MP' }, actor);
    const id = takeReferral(doc, pupil, { ...referral, categoryIds: ['online', 'damage'] }, projectReferralCategories(school), actor);
    saveReferralCategory(school, { id: 'online', label: 'Social media', dfeCode: 'MT' }, actor);
    expect(rows(doc).referrals.find((r) => r.id === id)).toMatchObject({
      categoryIds: ['online', 'damage'],
      reasons: [{ categoryId: 'online', label: 'Phones', dfeCode: 'MP' }, { categoryId: 'damage', label: 'Damage to property', dfeCode: 'DM' }],
      yearGroupAtReferral: 9,
      senAtReferral: 'none',
    });
    expect(refusal(() => takeReferral(doc, pupil, { ...referral, categoryIds: ['a', 'b', 'c', 'd'] }, categories, actor))).toBe('invalid-input: categoryIds: Choose at most three reasons');
  });

  it('reads a referral written before reasons were kept from its one category, with no snapshot', () => {
    const doc = new Y.Doc();
    const old = new Y.Map<unknown>(Object.entries({ id: 'r-old', pupilId: 'pupil-a', categoryId: 'online', date: '2025-10-01', status: 'done' }));
    doc.getMap('referrals').set('r-old', old);
    expect(rows(doc).referrals[0]).toMatchObject({
      categoryIds: ['online'], reasons: [{ categoryId: 'online', label: 'Misuse of phone, social media or online', dfeCode: 'MT' }], yearGroupAtReferral: null, senAtReferral: null,
    });
  });
});
