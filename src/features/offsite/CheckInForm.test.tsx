// The check-in form refuses what the rules forbid (no follow-up for a missed session, departure before arrival) and saves the rest.
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as Y from 'yjs';
import { CheckInForm } from './CheckInForm';
import { projectProviderDay } from '../../docs/providerDayProjection';
import { useUiStore } from '../../state/uiStore';

const NAME = 'provider/oak-farm/2026-11-23';

describe('CheckInForm', () => {
  it('refuses a missed session with no follow-up and a departure before arrival, then saves each session coded by the arrangement', async () => {
    const user = userEvent.setup();
    useUiStore.getState().chooseStaff('staff-7');
    const doc = new Y.Doc();
    render(<CheckInForm doc={doc} pupilId="pupil-a" pupilName="Jess Okafor" arrangement="local-authority" providerName="Oak Farm" />);
    const session = (name: string) => screen.getByRole('group', { name });
    const save = screen.getByRole('button', { name: 'Save check-in' });

    await user.click(within(session('Morning (AM)')).getByRole('radio', { name: 'Not here' }));
    expect(within(session('Morning (AM)')).getByText('Not present: the attendance officer decides the code')).toBeInTheDocument();
    await user.click(save);
    expect(await screen.findByRole('alert')).toHaveTextContent('Not present in the morning (am): write the follow-up');
    expect(projectProviderDay(doc, NAME).checkIns).toHaveLength(0);

    await user.click(within(session('Morning (AM)')).getByRole('radio', { name: 'Here at Oak Farm' }));
    await user.click(within(session('Afternoon (PM)')).getByRole('radio', { name: 'Here at Oak Farm' }));
    expect(within(session('Afternoon (PM)')).getByText('K — Attending education provision arranged by the local authority')).toBeInTheDocument();
    expect(screen.queryByLabelText('Follow-up')).toBeNull();
    await user.clear(screen.getByLabelText('Arrived'));
    await user.type(screen.getByLabelText('Arrived'), '10:00');
    await user.type(screen.getByLabelText('Left'), '09:30');
    await user.click(save);
    expect(await screen.findByRole('alert')).toHaveTextContent('Departure at 09:30 is before arrival at 10:00');
    expect(projectProviderDay(doc, NAME).checkIns).toHaveLength(0);

    await user.clear(screen.getByLabelText('Left'));
    await user.type(screen.getByLabelText('Left'), '14:30');
    await user.selectOptions(screen.getByLabelText('How did they seem?'), 'Low or withdrawn');
    expect(screen.queryByRole('note')).toBeNull();
    await user.type(screen.getByLabelText('Welfare note'), 'Quiet at lunch');
    expect(screen.getByRole('note')).toHaveTextContent(/log it on CPOMS now/);
    await user.click(screen.getByLabelText('Safeguarding concern'));
    expect(screen.getByText(/Log the concern on CPOMS now/)).toBeInTheDocument();
    await user.click(save);

    await screen.findByRole('button', { name: 'Save check-in' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(projectProviderDay(doc, NAME).checkIns).toEqual([
      expect.objectContaining({
        pupilId: 'pupil-a',
        sessions: {
          am: { attendance: 'present', code: 'K', settled: false, settledBy: null, settledAt: null },
          pm: { attendance: 'present', code: 'K', settled: false, settledBy: null, settledAt: null },
        },
        arrivedAt: '10:00', leftAt: '14:30', mood: 'low', welfareNote: 'Quiet at lunch', concern: true, concernRaisedBy: 'staff-7' }),
    ]);
  });
});
