import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RosterImport } from './RosterImport';
import { makeServices, withServices } from '../../../tests/fixtures/services';
import { makeRosterCsv } from '../../../tests/fixtures/rosterCsv';
import { SCHOOL_DOC } from '../../docs/names';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

describe('RosterImport', () => {
  it('names each bad row, imports nothing until the good rows are confirmed, then imports only those', async () => {
    const user = userEvent.setup();
    const services = makeServices();
    dispose = services.dispose;
    const { csv, badLines } = makeRosterCsv({ seed: 11, count: 12, style: 'sims', badRows: 2 });
    render(<RosterImport pupils={[]} />, { wrapper: withServices(services) });

    await user.upload(screen.getByLabelText(/Pupil roster CSV/), new File([csv], 'pupils.csv', { type: 'text/csv' }));
    const problems = await screen.findByRole('list', { name: 'Rows with problems' });
    for (const line of badLines) expect(problems).toHaveTextContent(`Line ${line}:`);
    const importButton = screen.getByRole('button', { name: 'Import pupils' });
    expect(importButton).toBeDisabled();

    await user.click(screen.getByLabelText(/Import the 10 good rows and leave out the 2/));
    await waitFor(() => expect(importButton).toBeEnabled());
    await user.click(importButton);
    await screen.findByText('Imported: 10 new pupils, 0 updated.');

    const school = await services.docs.open(SCHOOL_DOC);
    await school.projected();
    await waitFor(async () => expect(await services.db.pupils.count()).toBe(10));
  });

  it('refuses a file without the required columns and says which are missing', async () => {
    const user = userEvent.setup();
    const services = makeServices();
    dispose = services.dispose;
    render(<RosterImport pupils={[]} />, { wrapper: withServices(services) });
    await user.upload(screen.getByLabelText(/Pupil roster CSV/), new File(['Name,Form\nA B,9X1\n'], 'x.csv', { type: 'text/csv' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/has no column for .*UPN/);
    expect(screen.getByRole('button', { name: 'Import pupils' })).toBeDisabled();
  });
});
