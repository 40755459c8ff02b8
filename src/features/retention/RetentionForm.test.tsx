import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RetentionForm } from './RetentionForm';
import { makeServices, withServices } from '../../../tests/fixtures/services';
import { projectSchoolSnapshot } from '../../docs/schoolDoc';
import { SCHOOL_DOC } from '../../docs/names';
import { defaultRetention } from '../../domain/retention';
import { useUiStore } from '../../state/uiStore';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

describe('RetentionForm', () => {
  it('refuses registers kept under 6 years and leavers kept less long than registers, then saves the school’s periods', async () => {
    const user = userEvent.setup();
    useUiStore.getState().chooseStaff('staff-1');
    const services = makeServices();
    dispose = services.dispose;
    render(<RetentionForm retention={defaultRetention} />, { wrapper: withServices(services) });
    const form = screen.getByRole('form', { name: 'Retention' });
    const registers = within(form).getByLabelText('Keep registers (room and off-site days) for (years)');
    const leavers = within(form).getByLabelText('Keep a leaver’s records for (years after leaving)');
    const school = await services.docs.open(SCHOOL_DOC);

    await user.clear(registers);
    await user.type(registers, '3');
    await user.click(within(form).getByRole('button', { name: 'Save retention' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Registers must be kept at least 6 years');
    expect(registers).toHaveAttribute('aria-invalid', 'true');

    await user.clear(registers);
    await user.type(registers, '8');
    await user.click(within(form).getByRole('button', { name: 'Save retention' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('keep them at least as long as registers');
    expect(projectSchoolSnapshot(school.doc).settings.retention).toEqual(defaultRetention);

    await user.clear(leavers);
    await user.type(leavers, '10');
    await user.click(within(form).getByRole('button', { name: 'Save retention' }));
    await waitFor(() => expect(projectSchoolSnapshot(school.doc).settings.retention).toEqual({ registerYears: 8, leaverYears: 10 }));
  }, 20_000);
});
