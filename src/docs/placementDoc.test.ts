import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acceptReferral, completeReferral, declineReferral, scheduleReferral, takeReferral } from './referralDoc';
import { addVisit, finishPlacement, recordPlacement, recordReview, setTimetablePlace, startReintegration } from './placementDoc';
import { projectPlacements } from './placementProjection';
import { projectRoomDay } from './roomDayProjection';
import { CommandError, type Actor } from './records';
import { nextSchoolDays } from '../domain/schoolCalendar';
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

  it('schedules onto the next school days, putting the pupil on each room-day as expected', () => {
    const doc = new Y.Doc();
    const id = takeReferral(doc, pupil, referral, categories, actor);
    const dates = nextSchoolDays('2026-11-27', 3, [{ id: 'inset', from: '2026-11-30', to: '2026-11-30', label: 'INSET' }]);
    const roomDays = dates.map((date) => ({ date, doc: new Y.Doc() }));
    expect(refusal(() => scheduleReferral(doc, id, 'base', roomDays, actor))).toMatch(/requested referral cannot be scheduled/);
    expect(roomDays.every((d) => projectRoomDay(d.doc, `room/base/${d.date}`).entries.length === 0)).toBe(true);
    acceptReferral(doc, id, actor);
    scheduleReferral(doc, id, 'base', roomDays, actor);
    expect(rows(doc).referrals[0]).toMatchObject({ status: 'scheduled', roomId: 'base', scheduledDays: ['2026-11-27', '2026-12-01', '2026-12-02'] });
    for (const d of roomDays) expect(projectRoomDay(d.doc, `room/base/${d.date}`).entries).toMatchObject([{ pupilId: 'pupil-a', status: 'expected' }]);
  });

  it('runs a placement to its end: timetable, review, reintegration, visit, outcome (and the referral is done)', () => {
    const doc = new Y.Doc();
    const refId = takeReferral(doc, pupil, referral, categories, actor);
    const early = { referralId: refId, kind: 'short' as const, start: '2026-11-23', needsAssessment: 'Literacy support', targets: 'Arrive on time' };
    expect(refusal(() => recordPlacement(doc, 'pupil-a', early, actor))).toMatch(/Schedule the referral/);
    acceptReferral(doc, refId, actor);
    scheduleReferral(doc, refId, 'base', [{ date: '2026-11-23', doc: new Y.Doc() }], actor);
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
      scheduleReferral(start, refId, 'base', [{ date: '2026-11-23', doc: new Y.Doc() }], actor);
      const placementId = recordPlacement(start, 'pupil-a', { referralId: refId, kind: 'medium', start: '2026-11-23', needsAssessment: 'SEMH', targets: 'Calm' }, actor);
      const [a, b] = [new Y.Doc(), new Y.Doc()];
      for (const d of [a, b]) Y.applyUpdate(d, Y.encodeStateAsUpdate(start));
      setTimetablePlace(a, placementId, 1, 'p1', 'room', actor);
      recordReview(a, placementId, { date: '2026-12-04', notes: 'Device A review', decision: 'continue' }, progress, actor);
      setTimetablePlace(b, placementId, 1, 'p2', 'lessons', actor);
      takeReferral(b, pupil, { ...referral, date: '2026-11-24', description: 'Second referral' }, categories, actor);
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
