import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as Y from 'yjs';
import { ReferralForm } from './ReferralForm';
import { projectPlacements } from '../../docs/placementProjection';
import { useUiStore } from '../../state/uiStore';
import { defaultReferralCategories } from '../../domain/referralCategory';

const pupil = { id: 'pupil-a', yearGroup: 9, sen: 'sen-support' as const };
const categories = [...defaultReferralCategories, { id: 'old-other', label: 'Anything else', dfeCode: 'OT', archived: true }];
const periods = [{ id: 'p2', label: 'P2', kind: 'lesson' as const, start: '10:00', end: '11:00' }];

describe('ReferralForm', () => {
  it('refuses a referral without who, reason or description, then saves a valid one as the chosen member of staff', async () => {
    const user = userEvent.setup();
    useUiStore.getState().chooseStaff('staff-3');
    const doc = new Y.Doc();
    const onSaved = vi.fn();
    render(<ReferralForm doc={doc} pupil={pupil} pupilName="Jess Smith" periods={periods} categories={categories} onSaved={onSaved} />);

    await user.clear(screen.getByLabelText('Days requested'));
    await user.click(screen.getByRole('button', { name: 'Save referral' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Say who made the referral');
    expect(alert).toHaveTextContent('Choose a reason');
    expect(alert).toHaveTextContent('Describe what happened');
    expect(alert).toHaveTextContent('Give the number of days requested');
    expect(projectPlacements(doc, 'pupil/pupil-a').referrals).toHaveLength(0);

    await user.type(screen.getByLabelText('Referred by'), 'Ms Hale');
    await user.selectOptions(screen.getByLabelText('Lesson'), 'P2');
    await user.type(screen.getByLabelText('Subject'), 'Science');
    expect(screen.queryByRole('option', { name: /Anything else/ })).toBeNull();
    await user.selectOptions(screen.getByLabelText('Reason'), 'defiance');
    await user.selectOptions(screen.getByLabelText('Second reason (optional)'), 'damage');
    await user.type(screen.getByLabelText('What happened'), 'Refused to move seats, then left the lab');
    await user.type(screen.getByLabelText('Days requested'), '3');
    await user.click(screen.getByRole('button', { name: 'Save referral' }));

    expect(onSaved).toHaveBeenCalledOnce();
    expect(projectPlacements(doc, 'pupil/pupil-a').referrals).toEqual([
      expect.objectContaining({ referredBy: 'Ms Hale', period: 'P2', subject: 'Science', categoryIds: ['defiance', 'damage'], requestedDays: 3, status: 'requested', createdBy: 'staff-3',
        reasons: [
          { categoryId: 'defiance', label: 'Defiance or refusal to follow instructions', dfeCode: 'DB' },
          { categoryId: 'damage', label: 'Damage to property', dfeCode: 'DM' },
        ],
        yearGroupAtReferral: 9, senAtReferral: 'sen-support' }),
    ]);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
