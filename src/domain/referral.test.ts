import { describe, expect, it } from 'vitest';
import { referralInputSchema, referralStatuses, transitionProblem, type ReferralStatus } from './referral';

const legal: [ReferralStatus, ReferralStatus][] = [
  ['requested', 'accepted'],
  ['requested', 'declined'],
  ['accepted', 'scheduled'],
  ['accepted', 'declined'],
  ['scheduled', 'done'],
];

describe('referral status machine', () => {
  it('allows requested → accepted → scheduled → done, or declined before scheduling', () => {
    for (const [from, to] of legal) expect(transitionProblem(from, to)).toBeNull();
  });

  it('refuses every other move, saying what is allowed', () => {
    for (const from of referralStatuses)
      for (const to of referralStatuses)
        if (!legal.some(([f, t]) => f === from && t === to)) expect(transitionProblem(from, to), `${from}->${to}`).toBeTruthy();
    expect(transitionProblem('requested', 'scheduled')).toBe('A requested referral cannot be scheduled: it can only be accepted or declined');
    expect(transitionProblem('declined', 'accepted')).toBe('A declined referral cannot be accepted: it is closed');
    expect(transitionProblem('scheduled', 'declined')).toMatch(/can only be done/);
  });

  it('needs who, what happened, a known reason and at least one day', () => {
    const result = referralInputSchema.safeParse({ referredBy: '', date: '2026-11-23', categoryIds: [], description: '', requestedDays: 0 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Say who made the referral',
      'Choose a reason',
      'Describe what happened',
      'Request at least 1 day',
    ]);
  });
});
