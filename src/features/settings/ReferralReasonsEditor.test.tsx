import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReferralReasonsEditor } from './ReferralReasonsEditor';
import { makeServices, withServices } from '../../../tests/fixtures/services';
import { projectSchool } from '../../docs/schoolDoc';
import { SCHOOL_DOC } from '../../docs/names';
import { useUiStore } from '../../state/uiStore';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

describe('ReferralReasonsEditor', () => {
  it('renames a reason and maps it to another code, adds the school’s own, and never offers a withdrawn code', async () => {
    const user = userEvent.setup();
    useUiStore.getState().chooseStaff('staff-1');
    const services = makeServices();
    dispose = services.dispose;
    render(<ReferralReasonsEditor />, { wrapper: withServices(services) });

    const online = screen.getByRole('form', { name: 'Reason: Misuse of phone, social media or online' });
    expect(within(online).getByLabelText('DfE reason code')).toHaveValue('MT');
    expect(within(online).queryByRole('option', { name: /^OT / })).toBeNull();
    await user.clear(within(online).getByLabelText('Name of the reason'));
    await user.type(within(online).getByLabelText('Name of the reason'), 'Phone out in lessons');
    await user.selectOptions(within(online).getByLabelText('DfE reason code'), 'MP');
    await user.click(within(online).getByRole('button', { name: /^Save / }));

    const add = screen.getByRole('form', { name: 'Add a referral reason' });
    await user.type(within(add).getByLabelText('New reason'), 'Vaping in the toilets');
    await user.selectOptions(within(add).getByLabelText('DfE code for the new reason'), 'VR');
    await user.click(within(add).getByRole('button', { name: 'Add reason' }));

    const school = await services.docs.open(SCHOOL_DOC);
    await waitFor(() => {
      const categories = projectSchool(school.doc).snapshot.referralCategories;
      expect(categories.find((c) => c.id === 'online')).toEqual({ id: 'online', label: 'Phone out in lessons', dfeCode: 'MP', archived: false });
      expect(categories.at(-1)).toEqual({ id: 'vaping-in-the-toilets', label: 'Vaping in the toilets', dfeCode: 'VR', archived: false });
    });
  }, 20_000);
});
