// The decision added to an incident saved without one: refused empty, then stored with who decided.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as Y from 'yjs';
import { IncidentDecisionForm } from './IncidentDecisionForm';
import { addIncident } from '../../docs/providerDayDoc';
import { projectProviderDay } from '../../docs/providerDayProjection';
import { useUiStore } from '../../state/uiStore';

const NAME = 'provider/oak-farm/2026-11-23';

describe('IncidentDecisionForm', () => {
  it('refuses an empty decision, then records it with who decided', async () => {
    const user = userEvent.setup();
    useUiStore.getState().chooseStaff('staff-3');
    const doc = new Y.Doc();
    const id = addIncident(doc, { pupilId: 'pupil-a', at: '11:40', what: 'Walked off site' }, { staffId: 'staff-7', at: '2026-11-23T11:45:00Z' });
    render(<IncidentDecisionForm doc={doc} incidentId={id} label="Decision on the 11:40 incident" />);
    await user.click(screen.getByRole('button', { name: 'Save decision' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Say what was decided');
    await user.type(screen.getByLabelText('What was decided'), 'Coordinator rang home');
    await user.click(screen.getByRole('button', { name: 'Save decision' }));
    await waitFor(() => expect(projectProviderDay(doc, NAME).incidents[0]).toMatchObject({ decided: 'Coordinator rang home', decidedBy: 'staff-3' }));
  });
});
