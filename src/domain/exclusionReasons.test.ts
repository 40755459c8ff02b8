import { describe, expect, it } from 'vitest';
import { currentDfeReasons, dfeCodeProblem, dfeReasonText } from './exclusionReasons';

describe('DfE suspension and exclusion reason codes', () => {
  it('labels MT as social media and PH as public health, and has no PL', () => {
    expect(dfeReasonText('MT')).toBe('MT — Inappropriate use of social media or online technology');
    expect(dfeReasonText('PH')).toMatch(/^PH — Wilful and repeated transgression of protective measures/);
    expect(dfeReasonText('PL')).toBe('PL — not a DfE code');
    expect(dfeCodeProblem('PL')).toBe('PL is not a DfE suspension or exclusion reason code');
  });

  it('holds the 2024 breakdown codes and refuses the withdrawn OT for new records while still naming it', () => {
    const codes = currentDfeReasons.map((r) => r.code);
    for (const code of ['BW', 'TB', 'SB', 'MB', 'AB', 'DR', 'AR', 'SR', 'VR', 'LD', 'CB', 'MP', 'OS', 'PH']) expect(codes).toContain(code);
    expect(codes).not.toContain('OT');
    expect(dfeCodeProblem('OT')).toMatch(/^OT \(Other .*\) is withdrawn/);
    expect(dfeReasonText('OT')).toBe('OT — Other (withdrawn from the census in 2020)');
    expect(dfeCodeProblem(null)).toBeNull();
  });
});
