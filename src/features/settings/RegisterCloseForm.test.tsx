import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RegisterCloseForm } from './RegisterCloseForm';
import { makeServices, withServices } from '../../../tests/fixtures/services';
import { projectSchoolSnapshot } from '../../docs/schoolDoc';
import { SCHOOL_DOC } from '../../docs/names';
import { useUiStore } from '../../state/uiStore';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

describe('RegisterCloseForm', () => {
  it('refuses a closing time under 5 minutes with the reason, then saves the school’s own', async () => {
    const user = userEvent.setup();
    useUiStore.getState().chooseStaff('staff-1');
    const services = makeServices();
    dispose = services.dispose;
    render(<RegisterCloseForm minutes={30} />, { wrapper: withServices(services) });
    const form = screen.getByRole('form', { name: 'Register closing time' });
    const minutes = within(form).getByLabelText('Registers close this many minutes after the morning and afternoon registration starts');
    const school = await services.docs.open(SCHOOL_DOC);
    expect(minutes).toHaveValue(30);

    await user.clear(minutes);
    await user.type(minutes, '2');
    await user.click(within(form).getByRole('button', { name: 'Save register closing time' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('At least 5 minutes');
    expect(minutes).toHaveAttribute('aria-invalid', 'true');
    expect(projectSchoolSnapshot(school.doc).settings.registerOpenMinutes).toBe(30);

    await user.clear(minutes);
    await user.type(minutes, '15');
    await user.click(within(form).getByRole('button', { name: 'Save register closing time' }));
    await waitFor(() => expect(projectSchoolSnapshot(school.doc).settings.registerOpenMinutes).toBe(15));
  }, 20_000);
});
