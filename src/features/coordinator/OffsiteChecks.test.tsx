// The coordinator's off-site lists through a sealed store: what waits on the school, read by its index, not a year of
// check-ins and incidents.
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { makeServices, withServices } from '../../../tests/fixtures/services';
import { countingSeal } from '../../db/testSupport';
import type { PupilRow } from '../../db/database';
import { withCheckInAwaiting, withIncidentAwaiting } from '../../domain/awaitingIndexes';
import type { CheckInRow, IncidentRow, SessionRow } from '../../domain/offsite';
import { emptyCalendar } from '../../domain/schoolCalendar';
import { OffsiteChecks } from './OffsiteChecks';
import { SessionsToSettle } from './SessionsToSettle';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

const session = (attendance: SessionRow['attendance'], code: SessionRow['code']): SessionRow => ({ attendance, code, settled: false, settledBy: null, settledAt: null });
// As the projection writes them (with the waiting index).
const checkIn = (pupilId: string, date: string, over: Partial<CheckInRow> = {}): CheckInRow => withCheckInAwaiting({
  id: `provider/oak-farm/${date}#${pupilId}`, docName: `provider/oak-farm/${date}`, providerId: 'oak-farm', date, pupilId,
  sessions: { am: session('present', 'B'), pm: session('present', 'B') }, legacyCode: null, arrivedAt: '09:00', leftAt: '15:00', followUp: '',
  mood: 'settled', welfareNote: '', concern: false, concernRaisedBy: null, concernRaisedAt: null, concernLoggedBy: null, concernLoggedAt: null,
  createdBy: 's', createdAt: 'x', updatedBy: 's', updatedAt: 'x', ...over,
});
const incident = (id: string, date: string, decided: string): IncidentRow => withIncidentAwaiting({
  id, docName: `provider/oak-farm/${date}`, providerId: 'oak-farm', date, pupilId: 'p-sam', at: '10:40', reportedBy: 'Mr Reed',
  what: 'Walked off site', decided, decidedBy: decided ? 's' : null, decidedAt: decided ? 'x' : null, createdBy: 's', createdAt: 'x',
});

describe("the coordinator's off-site lists", () => {
  it('list what waits on the school, opening only those rows of a year of check-ins and incidents', async () => {
    const seal = countingSeal();
    const services = makeServices({ sealWith: seal.middleware });
    dispose = services.dispose;
    // A term of ordinary days (a Monday to Friday each week), with everything dealt with.
    const days = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2026, 8, 7 + Math.floor(i / 5) * 7 + (i % 5))).toISOString().slice(0, 10));
    await services.db.offsiteCheckIns.bulkPut(days.flatMap((date) => ['p-a', 'p-b', 'p-c'].map((p) => checkIn(p, date))));
    await services.db.offsiteIncidents.bulkPut(days.map((date, i) => incident(`i-${i}`, date, 'Rang home')));
    // Waiting: a concern not yet logged, a missed afternoon with no code, an incident with no decision.
    await services.db.offsiteCheckIns.bulkPut([
      checkIn('p-sam', '2026-11-23', { concern: true, concernRaisedBy: 's', concernRaisedAt: 'x' }),
      checkIn('p-sam', '2026-11-24', { sessions: { am: session('present', 'B'), pm: session('not-present', null) }, followUp: 'Went home ill' }),
    ]);
    await services.db.offsiteIncidents.put(incident('i-open', '2026-11-24', ''));
    const pupils = new Map(['p-a', 'p-b', 'p-c', 'p-sam'].map((id) => [id, { id, legalForename: id, legalSurname: 'Test', yearGroup: 9, tutorGroup: '9B', sen: 'none', sortKey: id } as unknown as PupilRow]));
    const before = seal.opened();
    render(
      <>
        <OffsiteChecks providers={[]} pupils={pupils} />
        <SessionsToSettle providers={[]} pupils={pupils} calendar={emptyCalendar} />
      </>,
      { wrapper: withServices(services) },
    );
    const concerns = await screen.findByRole('list', { name: 'Off-site safeguarding concerns' });
    expect(within(concerns).getAllByRole('listitem')).toHaveLength(1);
    const incidents = await screen.findByRole('list', { name: 'Off-site incidents awaiting a decision' });
    expect(within(incidents).getAllByRole('listitem')).toHaveLength(1);
    const missed = await screen.findByRole('list', { name: 'Off-site sessions to code' });
    expect(within(missed).getAllByRole('listitem')).toHaveLength(1);
    // The three rows waiting (each read by a list or two, and again should a live query run twice), not the 243 stored.
    expect(seal.opened() - before).toBeLessThanOrEqual(12);
  });
});
