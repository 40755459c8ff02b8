// 7. Report time on a year of data: the half-term statistics and the MIS export over a generated school year.
import { reportStats } from '../../src/features/reports/reportStats';
import { misRegisterCsv } from '../../src/features/reports/misExport';
import { generateDemoSchool } from '../../src/roster/demoSchool';
import { createRandom } from '../../src/roster/random';
import type { ReferralRow } from '../../src/domain/referral';
import { defaultReferralCategories } from '../../src/domain/referralCategory';
import type { RegisterEntryRow } from '../../src/domain/register';
import type { BehaviourNoteRow } from '../../src/domain/behaviourNote';
import type { Pupil } from '../../src/domain/pupil';
import { nextSchoolDays } from '../../src/domain/schoolCalendar';
import { median, ms, type BenchResult } from './util.js';

const ROUNDS = 7;

/** 190 school days, 30 pupils a day in the room, 10 notes a day, ~650 referrals, on a roll of 1,000. */
/** The reason fields a referral carries: one category, snapshotted with the pupil's year group and SEN. */
const reasonsFor = (c: (typeof defaultReferralCategories)[number], pupil: Pupil) => ({
  categoryIds: [c.id], reasons: [{ categoryId: c.id, label: c.label, dfeCode: c.dfeCode }], yearGroupAtReferral: pupil.yearGroup, senAtReferral: pupil.sen,
});

function schoolYear() {
  const random = createRandom(7);
  const pupils: Pupil[] = generateDemoSchool({ seed: 7 }).pupils.map((p, i) => ({ ...p, id: `p${i}` }));
  const days = nextSchoolDays('2025-09-01', 190, { halfTerms: [], closures: [] });
  const register: RegisterEntryRow[] = [];
  const notes: BehaviourNoteRow[] = [];
  const referrals: ReferralRow[] = [];
  for (const date of days) {
    for (let i = 0; i < 30; i++) {
      const pupil = random.pick(pupils);
      const base = { docName: `room/base/${date}`, roomId: 'base', date, pupilId: pupil.id, createdBy: 's', createdAt: `${date}T08:50:00Z` };
      register.push({
        ...base, id: `${date}#${pupil.id}`, status: random.chance(0.08) ? 'absent' : 'left', arrivedAt: '08:50', late: random.chance(0.1),
        absenceFollowUp: '', leftAt: '15:00', leftTo: 'lessons', leftDetail: '', breakSupervised: true, lunchSupervised: true,
        periods: { p1: { presence: 'present', effort: 1 + random.int(4), behaviour: 1 + random.int(4) }, p2: { presence: 'present', effort: 1 + random.int(4), behaviour: 1 + random.int(4) } },
        toiletVisits: [], updatedBy: 's', updatedAt: base.createdAt,
      });
      if (i < 10) notes.push({ ...base, id: `${date}-n${i}`, kind: random.pick(['praise', 'concern', 'incident'] as const), periodId: 'p1', text: 'Note text', loggedBy: null, loggedAt: null });
      if (i < 3 || random.chance(0.02)) {
        referrals.push({
          ...base, id: `${date}-r${i}`, docName: `pupil/${pupil.id}`, referredBy: 'Mr Osei', period: 'P2', subject: 'Science',
          ...reasonsFor(random.pick([...defaultReferralCategories]), pupil), description: 'x', requestedDays: 1, status: 'done', declinedReason: '',
          scheduledDays: [date], updatedBy: 's', updatedAt: base.createdAt,
        });
      }
    }
  }
  return { pupils: new Map(pupils.map((p) => [p.id, p])), register, notes, referrals, from: days[0]!, to: days.at(-1)! };
}

export async function reportYear(): Promise<BenchResult> {
  const year = schoolYear();
  const statsTimes: number[] = [];
  const csvTimes: number[] = [];
  let csvBytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    reportStats({ ...year, today: year.to, placements: [], checkIns: [], roomName: () => 'The BASE', repeatWithinWeeks: 6 });
    statsTimes.push(performance.now() - t);
    t = performance.now();
    csvBytes = misRegisterCsv({ ...year, today: year.to, placements: [], checkIns: [], roomName: () => 'The BASE', providerName: () => 'Oak Farm' }).length;
    csvTimes.push(performance.now() - t);
  }
  return {
    id: 'reportYear',
    title: '7. Report time on a year of data',
    rows: [
      { metric: 'Statistics for a school year, median of 7 (node)', value: ms(median(statsTimes)), raw: median(statsTimes) },
      { metric: 'MIS register CSV for a school year, median of 7 (node)', value: `${ms(median(csvTimes))} (${(csvBytes / 1024).toFixed(0)} KB)`, raw: median(csvTimes) },
    ],
    tables: [],
    notes: [
      `Generated: ${year.register.length.toLocaleString('en-GB')} register entries, ${year.notes.length.toLocaleString('en-GB')} notes and ${year.referrals.length.toLocaleString('en-GB')} referrals over 190 school days, on a roll of ${year.pupils.size.toLocaleString('en-GB')}.`,
      'Measures the pure aggregation and export in node; the screen adds the IndexedDB range queries on the date index.',
    ],
    data: { statsTimes, csvTimes },
  };
}
