// Where free text may hold a disclosure: the prompt to log it on CPOMS (the school's safeguarding system), never in Baseroom.
export const DISCLOSURE_PROMPT =
  'If this is a disclosure or a worry about the pupil’s safety, log it on CPOMS now and tell the DSL. Write here only that it was logged, not what was said.';

/** An interview question that invites a pupil to tell staff what is worrying them (the school may word its own). */
export const asksAboutWorries = (prompt: string) => /worr|safe|scared|frighten|hurt|upset/i.test(prompt);
