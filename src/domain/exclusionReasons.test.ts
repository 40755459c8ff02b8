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

  it('words the 2024/25 breakdowns as the published census list does, not as first guessed', () => {
    const wording = (code: string) => currentDfeReasons.find((r) => r.code === code)?.wording;
    expect(wording('BW')).toBe('Found to have brought a weapon or prohibited item into school');
    expect(wording('TB')).toBe('Cyber-bullying or threatening behaviour online');
    expect(wording('MB')).toBe('Misogynistic behaviour');
    expect(wording('AB')).toBe('Misandry behaviour');
    expect(wording('LD')).toMatch(/^Persistent disruptive behaviour: low-level disruption$/);
    expect(wording('CB')).toMatch(/^Persistent disruptive behaviour: challenging behaviour$/);
    expect(wording('MP')).toBe('Use of a mobile phone');
    expect(wording('OS')).toBe('Misbehaviour outside of school');
    expect(wording('OW')).toBe('Use or threat of use of an offensive weapon or prohibited item');
    expect(wording('LG')).toBe('Abuse against sexual orientation and gender identity');
    expect(wording('DS')).toBe('Abuse relating to disability');
    // Every code is two capital letters and appears once.
    const codes = currentDfeReasons.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
  });
});

