import { describe, expect, it } from 'vitest';
import { buildTimeline, daysInRoomSince, type PupilRecords } from './timeline';
import type { RegisterEntryRow } from '../../domain/register';

const entry = (date: string, arrivedAt: string | null, roomId = 'base'): RegisterEntryRow => ({
  id: `room/${roomId}/${date}#p`, docName: `room/${roomId}/${date}`, roomId, date, pupilId: 'p', status: arrivedAt ? 'present' : 'absent',
  arrivedAt, late: false, absenceFollowUp: '', leftAt: null, leftTo: null, leftDetail: '', breakSupervised: false,
  lunchSupervised: false, periods: {}, toiletVisits: [], createdBy: 's', createdAt: `${date}T08:00:00Z`, updatedBy: 's', updatedAt: `${date}T08:00:00Z`,
});

const records: PupilRecords = {
  register: [entry('2026-11-20', '09:00'), entry('2026-11-23', '08:50', 'iso'), entry('2026-10-20', '09:00'), entry('2026-11-24', null)],
  notes: [
    { id: 'n1', docName: 'room/base/2026-11-20', roomId: 'base', date: '2026-11-20', pupilId: 'p', kind: 'safeguarding', periodId: null, text: '', createdBy: 's', createdAt: '2026-11-20T10:00:00Z', loggedBy: null, loggedAt: null },
  ],
  interviews: [],
  work: [],
  contacts: [
    { id: 'c1', docName: 'pupil/p', pupilId: 'p', at: '2026-11-21T16:00', method: 'phone', withWhom: 'Dad', summary: 'Agreed targets', outcome: '', followUpDue: '', followUpDoneBy: null, followUpDoneAt: null, createdBy: 's', createdAt: 'x' },
  ],  referrals: [],
  placements: [],
  reviews: [],
  visits: [],
  offsite: { checkIns: [], incidents: [], progress: [] },
};

describe('pupil timeline', () => {
  it('puts every kind of record in one list, newest first, naming the room', () => {
    const items = buildTimeline(records, (id) => (id === 'iso' ? 'Isolation' : 'The BASE'));
    expect(items.map((i) => [i.kind, i.title])).toEqual([
      ['register', 'In The BASE'],
      ['register', 'In Isolation'],
      ['contact', 'Phone call with Dad'],
      ['note', 'Safeguarding flag'],
      ['register', 'In The BASE'],
      ['register', 'In The BASE'],
    ]);
    expect(items.find((i) => i.kind === 'note')?.detail).toBe('Not yet confirmed as logged on CPOMS');
  });

  it('counts days in the room since a date, not absences', () => {
    expect(daysInRoomSince(records.register, '2026-10-27')).toBe(2);
  });
});
