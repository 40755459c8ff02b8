import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as Y from 'yjs';
import { WorkPanel } from './WorkPanel';
import { ContactForm } from './ContactForm';
import { projectPupilDoc } from '../../docs/pupilProjection';
import { useUiStore } from '../../state/uiStore';

const NAME = 'pupil/pupil-a';

describe('WorkPanel', () => {
  it('names every missing field, then stores the work set with who set it', async () => {
    const user = userEvent.setup();
    useUiStore.getState().chooseStaff('staff-3');
    const doc = new Y.Doc();
    render(<WorkPanel doc={doc} pupilId="pupil-a" work={[]} />);
    const form = screen.getByRole('form', { name: 'Add work' });
    await user.click(within(form).getByRole('button', { name: 'Add work' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Name the subject. Say which teacher set it. Describe the task');
    expect(projectPupilDoc(doc, NAME).work).toEqual([]);

    await user.type(within(form).getByLabelText('Subject'), 'History');
    await user.type(within(form).getByLabelText('Set by'), 'Mr Ahmed');
    await user.type(within(form).getByLabelText('Task'), 'Source analysis: the Blitz');
    await user.click(within(form).getByRole('button', { name: 'Add work' }));
    await waitFor(() => expect(within(form).getByLabelText('Task')).toHaveValue(''));
    expect(projectPupilDoc(doc, NAME).work).toEqual([
      expect.objectContaining({ subject: 'History', setBy: 'Mr Ahmed', status: 'set', createdBy: 'staff-3' }),
    ]);
  });
});

describe('ContactForm', () => {
  it('refuses a contact with no one named and no summary, then stores a phone call', async () => {
    const user = userEvent.setup();
    const doc = new Y.Doc();
    render(<ContactForm doc={doc} pupilId="pupil-a" />);
    const form = screen.getByRole('form', { name: 'Record parent or carer contact' });
    await user.click(within(form).getByRole('button', { name: 'Save contact' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Say who you spoke to. Summarise the contact');

    await user.type(within(form).getByLabelText('With whom'), 'Dad (Mr Hughes)');
    await user.type(within(form).getByLabelText('Summary'), 'Explained the placement; agreed to talk to him tonight');
    await user.type(within(form).getByLabelText('Follow-up due'), '2026-11-25');
    await user.click(within(form).getByRole('button', { name: 'Save contact' }));
    await waitFor(() => expect(within(form).getByLabelText('Summary')).toHaveValue(''));
    expect(projectPupilDoc(doc, NAME).contacts).toEqual([
      expect.objectContaining({ method: 'phone', withWhom: 'Dad (Mr Hughes)', followUpDue: '2026-11-25' }),
    ]);
  });
});
