// "Load demo school": every generated pupil is valid, UPNs are unique and a seed always gives the same school.
import { describe, expect, it } from 'vitest';
import { makeRosterCsv } from '../../tests/fixtures/rosterCsv';
import { pupilInputSchema } from '../domain/pupil';
import { isValidUpn } from '../domain/upn';
import { parseRosterCsv } from './csvImport';
import { generateDemoSchool } from './demoSchool';

describe('generateDemoSchool', () => {
  const school = generateDemoSchool({ seed: 42 });
  const { pupils } = school;

  it('makes about a thousand pupils in Years 7–11 at a named school', () => {
    expect(school.name).toBe('Ashbrook Academy');
    expect(pupils).toHaveLength(1000);
    expect(new Set(pupils.map((p) => p.yearGroup))).toEqual(new Set([7, 8, 9, 10, 11]));
  });

  it('gives every pupil valid details that the schema leaves as they are', () => {
    for (const p of pupils) expect(pupilInputSchema.parse(p)).toEqual(p);
    expect(pupils.every((p) => isValidUpn(p.upn))).toBe(true);
  });

  it('never repeats a UPN or MIS id', () => {
    expect(new Set(pupils.map((p) => p.upn)).size).toBe(pupils.length);
    expect(new Set(pupils.map((p) => p.misId)).size).toBe(pupils.length);
  });

  it('puts about 25 pupils in each registration group, named like 9X2', () => {
    const groups = new Map<string, number>();
    for (const p of pupils) groups.set(p.tutorGroup, (groups.get(p.tutorGroup) ?? 0) + 1);
    expect(groups.size).toBe(40);
    for (const [group, size] of groups) {
      expect(group).toMatch(/^(7|8|9|10|11)[XY][1-4]$/);
      expect(size).toBe(25);
    }
  });

  it('has a realistic SEN mix, with strategies for pupils who have an EHCP', () => {
    const share = (s: string) => pupils.filter((p) => p.sen === s).length / pupils.length;
    expect(share('ehcp')).toBeGreaterThan(0.01);
    expect(share('ehcp')).toBeLessThan(0.06);
    expect(share('sen-support')).toBeGreaterThan(0.09);
    expect(share('sen-support')).toBeLessThan(0.18);
    expect(pupils.filter((p) => p.sen === 'ehcp').every((p) => p.keyNeeds)).toBe(true);
    expect(pupils.filter((p) => p.sen === 'none').some((p) => p.keyNeeds)).toBe(false);
    expect(pupils.filter((p) => p.preferredName).length).toBeGreaterThan(20);
  });

  it('draws on a wide spread of names', () => {
    expect(new Set(pupils.map((p) => p.legalForename)).size).toBeGreaterThan(180);
    expect(new Set(pupils.map((p) => p.legalSurname)).size).toBeGreaterThan(200);
  });

  it('is the same for the same seed and different for another', () => {
    expect(generateDemoSchool({ seed: 42 })).toEqual(school);
    expect(generateDemoSchool({ seed: 43 }).pupils).not.toEqual(pupils);
  });

  it('is quick enough to run on a tablet', () => {
    generateDemoSchool({ seed: 1 });
    const started = performance.now();
    generateDemoSchool({ seed: 2 });
    // The goal is under 50 ms; the bound is looser so a busy test machine does not fail it.
    expect(performance.now() - started).toBeLessThan(150);
  });

  it('round-trips through a SIMS-style CSV without loss', () => {
    const fixture = makeRosterCsv({ seed: 42, count: 1000, style: 'sims' });
    const result = parseRosterCsv(fixture.csv);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.pupil)).toEqual(fixture.pupils);
  });

  it('refuses a nonsensical size', () => {
    expect(() => generateDemoSchool({ pupilsPerYear: 0 })).toThrow(RangeError);
  });
});
