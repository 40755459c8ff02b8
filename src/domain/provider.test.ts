// A provider's written confirmation of staff checks: complete or refused, and flagged when missing, lapsed or due.
import { describe, expect, it } from 'vitest';
import { providerFormSchema, staffChecksStatus } from './provider';

const base = { id: 'oak-farm', name: 'Oak Farm' };

describe('provider staff checks', () => {
  it.each([
    [{ staffChecksConfirmedOn: '', staffChecksRenewBy: '' }, 'missing'],
    [{ staffChecksConfirmedOn: '2025-09-01', staffChecksRenewBy: '2026-09-01' }, 'expired'],
    [{ staffChecksConfirmedOn: '2025-12-01', staffChecksRenewBy: '2026-12-10' }, 'due-soon'],
    [{ staffChecksConfirmedOn: '2026-09-01', staffChecksRenewBy: '2027-09-01' }, 'current'],
  ] as const)('%j on Mon 23 Nov 2026 is %s', (checks, status) => {
    expect(staffChecksStatus(checks, '2026-11-23')).toBe(status);
  });

  it('needs who, when and renew-by together, renewal after the letter', () => {
    expect(providerFormSchema.safeParse({ ...base, staffChecksConfirmedBy: 'J. Reid' }).success).toBe(false);
    expect(providerFormSchema.safeParse({ ...base, staffChecksConfirmedBy: 'J. Reid', staffChecksConfirmedOn: '2026-09-01', staffChecksRenewBy: '2026-08-01' }).success).toBe(false);
    expect(providerFormSchema.safeParse({ ...base, staffChecksConfirmedBy: 'J. Reid', staffChecksConfirmedOn: '2026-09-01', staffChecksRenewBy: '2027-09-01' }).success).toBe(true);
    expect(providerFormSchema.safeParse(base).success).toBe(true);
  });
});
