// The attendance officer's list of off-site sessions to settle holds only sessions the school's register has.
import { describe, expect, it } from 'vitest';
import { unsettled } from './SessionsToSettle';
import type { CheckInRow } from '../../domain/offsite';
import type { Pupil } from '../../domain/pupil';
import { calendar2026 } from '../../../tests/fixtures/calendar2026';
import { checkIns as fixtureCheckIns } from '../../../tests/fixtures/smallSchoolTerm';

const missed = { attendance: 'not-present' as const, code: null, settled: false, settledBy: null, settledAt: null };
const checkIn = (pupilId: string, date: string): CheckInRow => ({ ...fixtureCheckIns[0]!, pupilId, date, sessions: { am: missed, pm: missed }, legacyCode: null });
const pupil = (id: string, leftOn?: string): Pupil => ({ id, upn: 'A000000000001', legalSurname: 'Test', legalForename: 'Pat', yearGroup: 9, tutorGroup: '9X', sen: 'none', ...(leftOn ? { leftOn } : {}) });

describe('sessions waiting for the attendance officer', () => {
  it('asks for no absence code on a holiday, an INSET day, a weekend or after the pupil left the roll', () => {
    // Weekends, holidays and INSET are not sessions (# "planned whole or partial school closure" and weekends are not
    // possible sessions: Working together to improve school attendance, August 2024); the MIS export leaves them out.
    // The phone expects pupils at a provider by weekday alone, so a "not here" in half-term week or on INSET put those
    // sessions on the officer's list, asking for an absence code (I, O, G …) for a day with no register.
    const pupils = new Map([['a', pupil('a')], ['b', pupil('b', '2026-11-05')]]);
    const rows = [
      checkIn('a', '2026-10-28'), // half term
      checkIn('a', '2026-11-30'), // INSET
      checkIn('a', '2026-11-28'), // Saturday
      checkIn('a', '2026-11-02'), // a school day: both sessions wait
      checkIn('b', '2026-11-04'), // on the roll: waits
      checkIn('b', '2026-11-06'), // left the roll on 5 November
    ];
    expect(unsettled(rows, calendar2026, pupils).map((m) => `${m.row.pupilId} ${m.row.date} ${m.session}`)).toEqual([
      'a 2026-11-02 am', 'a 2026-11-02 pm', 'b 2026-11-04 am', 'b 2026-11-04 pm',
    ]);
  });
});
