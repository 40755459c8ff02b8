// The coordinator's data through a sealed store (fake-indexeddb): what is open now, with what its lists need, and
// not the rows of a school year's finished referrals, placements, reviews and visits.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database';
import { countingSeal } from '../../db/testSupport';
import type { ReferralRow, ReferralStatus } from '../../domain/referral';
import type { PlacementRow, PlacementStatus, VisitRow } from '../../domain/placement';
import type { ReviewRow } from '../../domain/review';
import { withFlagAwaiting } from '../../domain/awaitingIndexes';
import { readCoordinatorData } from './useCoordinator';

let close: (() => void) | undefined;
afterEach(() => close?.());

const stamp = { createdBy: 's', createdAt: '2026-09-01T09:00:00.000Z', updatedBy: 's', updatedAt: '2026-09-01T09:00:00.000Z' };
const referral = (id: string, pupilId: string, status: ReferralStatus, date: string): ReferralRow => ({
  id, docName: `pupil/${pupilId}`, pupilId, referredBy: 'Mr Osei', date, period: 'P2', subject: 'Science', categoryIds: [], reasons: [],
  yearGroupAtReferral: null, senAtReferral: null, description: 'x', requestedDays: 2, status, declinedReason: '', roomId: 'base',
  scheduledDays: [], ...stamp,
});
const placement = (id: string, pupilId: string, status: PlacementStatus, referralId: string | null): PlacementRow => ({
  id, docName: `pupil/${pupilId}`, pupilId, referralId, kind: 'base', start: '2026-09-07', needsAssessment: 'x', targets: 'x', agreedOutcome: '',
  status, timetable: {}, reintegration: null, outcome: status === 'finished' ? 'returned-to-lessons' : null, finishedOn: status === 'finished' ? '2026-09-20' : null, ...stamp,
} as unknown as PlacementRow);
const review = (id: string, pupilId: string, placementId: string): ReviewRow =>
  ({ id, docName: `pupil/${pupilId}`, pupilId, placementId, date: '2026-09-14', notes: 'x', decision: 'continue', progress: {}, createdBy: 's', createdAt: 'x' }) as unknown as ReviewRow;
const visit = (id: string, pupilId: string, placementId: string): VisitRow =>
  ({ id, docName: `pupil/${pupilId}`, pupilId, placementId, date: '2026-09-21', lesson: 'Maths', teacher: 'Ms Hale', seen: 'x', rating: 3, outcome: '', createdBy: 's', createdAt: 'x' });

describe("the coordinator's data", () => {
  it('reads what is open now, with the history its repeat flags need, and opens none of the finished year', async () => {
    const seal = countingSeal();
    const db = openDatabase(`coordinator-${Math.random().toString(36).slice(2)}`, { sealWith: seal.middleware });
    close = () => db.close();
    // A school year gone by: 150 pupils' finished placements, with their referrals, reviews and visits.
    const past = Array.from({ length: 150 }, (_, i) => `p-past-${i}`);
    await db.referrals.bulkPut(past.map((p, i) => referral(`r-past-${i}`, p, i % 5 === 0 ? 'declined' : 'done', '2026-09-01')));
    await db.placements.bulkPut(past.map((p, i) => placement(`pl-past-${i}`, p, 'finished', `r-past-${i}`)));
    await db.reviews.bulkPut(past.map((p, i) => review(`rv-past-${i}`, p, `pl-past-${i}`)));
    await db.visits.bulkPut(past.map((p, i) => visit(`v-past-${i}`, p, `pl-past-${i}`)));
    // Now: Ava referred again (her earlier placement finished), Ben scheduled and started, Cal back in lessons.
    await db.referrals.bulkPut([
      referral('r-ava-new', 'p-ava', 'requested', '2026-11-30'),
      referral('r-ava-old', 'p-ava', 'done', '2026-10-05'),
      referral('r-ben', 'p-ben', 'scheduled', '2026-11-20'),
      referral('r-cal', 'p-cal', 'done', '2026-10-12'),
    ]);
    await db.placements.bulkPut([
      placement('pl-ava-old', 'p-ava', 'finished', 'r-ava-old'),
      placement('pl-ben', 'p-ben', 'running', 'r-ben'),
      placement('pl-cal', 'p-cal', 'reintegrating', 'r-cal'),
    ]);
    await db.reviews.bulkPut([review('rv-ben-2', 'p-ben', 'pl-ben'), review('rv-ben-1', 'p-ben', 'pl-ben'), review('rv-cal', 'p-cal', 'pl-cal')]);
    await db.visits.bulkPut([visit('v-cal', 'p-cal', 'pl-cal'), visit('v-ben', 'p-ben', 'pl-ben')]);
    // Safeguarding flags: the year's, confirmed, and one still to confirm.
    const flag = (id: string, loggedAt: string | null) => withFlagAwaiting({
      id, docName: 'room/base/2026-11-23', roomId: 'base', date: '2026-11-23', pupilId: 'p-ben', kind: 'safeguarding', periodId: null,
      text: 'x', createdBy: 's', createdAt: 'x', loggedBy: loggedAt ? 's' : null, loggedAt,
    } as const);
    await db.behaviourNotes.bulkPut([...past.map((_, i) => flag(`f-past-${i}`, '2026-09-02T09:00:00.000Z')), flag('f-open', null)]);

    const before = seal.opened();
    const data = await readCoordinatorData(db);
    expect(data.referrals.map((r) => r.id)).toEqual(['r-ava-old', 'r-ben', 'r-ava-new']);
    expect(data.placements.map((p) => p.id)).toEqual(['pl-ava-old', 'pl-ben', 'pl-cal']);
    expect(data.reviews.map((r) => r.id)).toEqual(['rv-ben-1', 'rv-ben-2']);
    expect(data.visits.map((v) => v.id)).toEqual(['v-cal']);
    expect(data.flags.map((f) => f.id)).toEqual(['f-open']);
    // Twelve rows (r-ben and pl-ben read twice), against the 767 a read of whole tables opens.
    expect(seal.opened() - before).toBeLessThanOrEqual(13);
  });
});
