// Which interview questions carry the CPOMS prompt.
import { describe, expect, it } from 'vitest';
import { asksAboutWorries } from './disclosure';
import { defaultQuestions } from './interview';

describe('asksAboutWorries', () => {
  it('marks the entry interview’s worrying question and no other default question', () => {
    const marked = Object.values(defaultQuestions).flat().filter(asksAboutWorries);
    expect(marked).toEqual(['Is anything worrying you at the moment (at school or outside)?']);
  });
  it.each(['Do you feel safe at home?', 'Has anyone hurt you?', 'Is anything making you scared?'])('marks a school’s own wording: %s', (q) => {
    expect(asksAboutWorries(q)).toBe(true);
  });
});
