import { describe, expect, it } from 'vitest';
import { defaultReferralCategories, mergeCategories, reasonsProblem, referralCategorySchema } from './referralCategory';

describe('referral reasons', () => {
  const categories = mergeCategories([
    { id: 'online', label: 'Phones and social media', dfeCode: 'MP', archived: false },
    { id: 'truancy', label: 'Truancy', dfeCode: null, archived: true },
    { id: 'old', label: 'Anything else', dfeCode: 'OT', archived: false },
  ]);

  it('lays the school’s edits over the defaults, in the default order, then its own', () => {
    expect(categories).toHaveLength(defaultReferralCategories.length + 1);
    expect(categories.find((c) => c.id === 'online')).toMatchObject({ label: 'Phones and social media', dfeCode: 'MP' });
    expect(categories.at(-1)!.id).toBe('old');
  });

  it('allows one to three known reasons in use, each once, and never a withdrawn code', () => {
    expect(reasonsProblem(['defiance'], categories)).toBeNull();
    expect(reasonsProblem(['defiance', 'damage', 'online'], categories)).toBeNull();
    expect(reasonsProblem([], categories)).toBe('Choose a reason');
    expect(reasonsProblem(['defiance', 'damage', 'online', 'theft'], categories)).toBe('Choose at most three reasons');
    expect(reasonsProblem(['defiance', 'defiance'], categories)).toBe('Choose each reason once');
    expect(reasonsProblem(['truancy'], categories)).toBe('“Truancy” is no longer in use: choose another reason');
    expect(reasonsProblem(['old'], categories)).toMatch(/cannot be used: OT .* is withdrawn/);
  });

  it('refuses a new mapping to a withdrawn or invented code', () => {
    expect(referralCategorySchema.safeParse({ id: 'x', label: 'X', dfeCode: 'OT' }).success).toBe(false);
    expect(referralCategorySchema.safeParse({ id: 'x', label: 'X', dfeCode: 'PL' }).success).toBe(false);
    expect(referralCategorySchema.safeParse({ id: 'x', label: 'X', dfeCode: 'VR' }).success).toBe(true);
  });
});
