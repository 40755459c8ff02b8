// Today's banner of safeguarding flags to confirm, through a sealed store: this room's unconfirmed flags, read by their
// index, not every safeguarding note of the school's year.
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { makeServices, withServices } from '../../../tests/fixtures/services';
import { countingSeal } from '../../db/testSupport';
import { withFlagAwaiting } from '../../domain/awaitingIndexes';
import type { BehaviourNoteRow } from '../../domain/behaviourNote';
import { SafeguardingFlags } from './SafeguardingFlags';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

// As the projection writes them (with the unconfirmed flags' index).
const note = (id: string, roomId: string, date: string, kind: BehaviourNoteRow['kind'], loggedAt: string | null): BehaviourNoteRow => withFlagAwaiting({
  id, docName: `room/${roomId}/${date}`, roomId, date, pupilId: 'p-sam', kind, periodId: null, text: 'Said something worrying at break',
  createdBy: 's', createdAt: `${date}T10:15:00.000Z`, loggedBy: loggedAt ? 's' : null, loggedAt,
});

describe('safeguarding flags to confirm', () => {
  it("lists this room's unconfirmed flags, opening none of the year's confirmed ones", async () => {
    const seal = countingSeal();
    const services = makeServices({ sealWith: seal.middleware });
    dispose = services.dispose;
    const year = Array.from({ length: 150 }, (_, i) => note(`n-${i}`, 'base', `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`, i % 3 ? 'safeguarding' : 'praise', i % 3 ? '2026-10-30T09:00:00.000Z' : null));
    await services.db.behaviourNotes.bulkPut([
      ...year,
      note('n-here', 'base', '2026-11-23', 'safeguarding', null),
      note('n-elsewhere', 'inclusion-2', '2026-11-23', 'safeguarding', null),
    ]);
    const before = seal.opened();
    render(<SafeguardingFlags roomId="base" pupils={new Map()} />, { wrapper: withServices(services) });
    const flags = await screen.findByRole('list', { name: 'Unconfirmed safeguarding flags' });
    expect(within(flags).getAllByRole('listitem')).toHaveLength(1);
    within(flags).getByRole('button', { name: 'Confirm A pupil’s flag is logged on CPOMS' });
    // The two unconfirmed flags (again, should the live query run twice), not the 100 confirmed ones.
    expect(seal.opened() - before).toBeLessThanOrEqual(4);
  });
});
