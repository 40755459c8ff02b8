import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as Y from 'yjs';
import { NoteForm } from './NoteForm';
import { addToRegister } from '../../docs/roomDayDoc';
import { projectRoomDay } from '../../docs/roomDayProjection';
import { useUiStore } from '../../state/uiStore';

const periods = [
  { id: 'p1', label: 'P1', kind: 'lesson' as const, start: '09:00', end: '10:00' },
  { id: 'p2', label: 'P2', kind: 'lesson' as const, start: '10:00', end: '11:00' },
];

describe('NoteForm', () => {
  it('refuses an empty note with a message, then stores a valid one as the chosen member of staff', async () => {
    const user = userEvent.setup();
    useUiStore.getState().chooseStaff('staff-7');
    const doc = new Y.Doc();
    addToRegister(doc, 'pupil-a', { staffId: 'staff-7', at: new Date().toISOString() });
    render(<NoteForm doc={doc} pupilId="pupil-a" periods={periods} currentPeriodId="p2" />);

    await user.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Write the note');
    expect(projectRoomDay(doc, 'room/base/2026-11-23').notes).toHaveLength(0);

    expect(screen.getByLabelText('Period')).toHaveValue('p2');
    await user.selectOptions(screen.getByLabelText('Note type'), 'Incident');
    expect(screen.queryByRole('note')).toBeNull();
    await user.type(screen.getByLabelText('Note', { exact: true }), 'Threw a chair at 10:40');
    // Incident text may hold a disclosure: the CPOMS prompt shows as soon as anything is written.
    expect(screen.getByRole('note')).toHaveTextContent(/log it on CPOMS now and tell the DSL/);
    await user.click(screen.getByRole('button', { name: 'Add note' }));

    // The form clears its text once the note is stored.
    await waitFor(() => expect(screen.getByLabelText('Note', { exact: true })).toHaveValue(''));
    const notes = projectRoomDay(doc, 'room/base/2026-11-23').notes;
    expect(notes).toEqual([
      expect.objectContaining({ kind: 'incident', periodId: 'p2', text: 'Threw a chair at 10:40', createdBy: 'staff-7' }),
    ]);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
