// The follow-ups list as shown on Today and the Coordinator screen: due ones only, overdue marked, each with its done button.
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { FollowUpsDue } from './FollowUpsDue';
import { makeServices, withServices } from '../../../tests/fixtures/services';
import { countingSeal } from '../../db/testSupport';
import type { PupilRow } from '../../db/database';
import type { ParentContactRow } from '../../domain/parentContact';
import { withOpenFollowUp } from '../../domain/awaitingIndexes';
import { addDays, toIsoDate } from '../../domain/time';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

const pupil = (id: string, preferredName: string) =>
  ({ id, legalForename: preferredName, legalSurname: 'Okafor', preferredName, yearGroup: 9, tutorGroup: '9B', sen: 'none', sortKey: id }) as unknown as PupilRow;
// As the projection writes them (with the open follow-up's index).
const contact = (id: string, pupilId: string, followUpDue: string, followUpDoneAt: string | null = null): ParentContactRow => withOpenFollowUp({
  id, pupilId, docName: `pupil/${pupilId}`, at: '2026-11-20T16:00', method: 'phone', withWhom: 'Mum', summary: 'Talked about Monday',
  outcome: 'Ring back about the review', followUpDue, followUpDoneBy: null, followUpDoneAt, createdBy: 's', createdAt: 'x',
});

describe('FollowUpsDue', () => {
  it('lists only follow-ups that have fallen due and are not done', async () => {
    const services = makeServices();
    dispose = services.dispose;
    const today = toIsoDate(new Date());
    await services.db.parentContacts.bulkPut([
      contact('c1', 'p-jess', addDays(today, -1)),
      contact('c2', 'p-sam', addDays(today, 5)),
      contact('c3', 'p-sam', addDays(today, -2), '2026-11-20T10:00'),
      contact('c4', 'p-sam', ''),
    ]);
    const pupils = new Map([['p-jess', pupil('p-jess', 'Jess')], ['p-sam', pupil('p-sam', 'Sam')]]);
    render(<FollowUpsDue pupils={pupils} />, { wrapper: withServices(services) });
    const list = await screen.findByRole('list', { name: 'Parent and carer follow-ups due' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(list).toHaveTextContent(/Jess Okafor: due .* overdue — after a phone call with Mum on Fri 20 Nov: Ring back about the review/);
    within(list).getByRole('button', { name: 'Mark Jess Okafor’s follow-up done' });
  });

  it("opens only the follow-ups due, not every contact of the school's year", async () => {
    const seal = countingSeal();
    const services = makeServices({ sealWith: seal.middleware });
    dispose = services.dispose;
    const today = toIsoDate(new Date());
    const year = Array.from({ length: 300 }, (_, i) => contact(`c-year-${i}`, 'p-sam', i % 3 === 0 ? addDays(today, -30) : '', i % 3 === 0 ? '2026-10-01T10:00' : null));
    await services.db.parentContacts.bulkPut([...year, contact('c-due', 'p-jess', addDays(today, -1)), contact('c-later', 'p-jess', addDays(today, 3))]);
    const before = seal.opened();
    const pupils = new Map([['p-jess', pupil('p-jess', 'Jess')], ['p-sam', pupil('p-sam', 'Sam')]]);
    render(<FollowUpsDue pupils={pupils} />, { wrapper: withServices(services) });
    const list = await screen.findByRole('list', { name: 'Parent and carer follow-ups due' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    // The one due (twice, should the live query run again), not the 302 rows a scan of the table opens.
    expect(seal.opened() - before).toBeLessThanOrEqual(2);
  });
});
