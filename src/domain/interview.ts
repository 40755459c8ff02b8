// Interviews with a pupil in the room: entry, 1-1 reflection (restorative) and exit, on school-set questions.
import { z } from 'zod';
import { idSchema } from './school';
import { isoDateSchema } from './time';

export const interviewKinds = ['entry', 'reflection', 'exit'] as const;
export type InterviewKind = (typeof interviewKinds)[number];
export const interviewKindLabels: Record<InterviewKind, string> = {
  entry: 'Entry interview',
  reflection: '1-1 reflection',
  exit: 'Exit interview',
};

export const questionSchema = z.object({
  id: idSchema,
  prompt: z.string().trim().min(1, 'Write the question').max(300),
});
export type Question = z.infer<typeof questionSchema>;

/** A school's questions for one kind of interview; every edit makes a new version, so past interviews keep theirs. */
export const questionSetSchema = z.object({
  kind: z.enum(interviewKinds),
  version: z.number().int().min(1),
  questions: z.array(questionSchema).min(1, 'An interview needs at least one question').max(20),
});
export type QuestionSet = z.infer<typeof questionSetSchema>;

export const defaultQuestions: Record<InterviewKind, string[]> = {
  entry: [
    'Why do you think you are here today?',
    'What do you understand about the expectations in this room?',
    'Is there anything that would help you work well today?',
    'Is anything worrying you at the moment (at school or outside)?',
  ],
  reflection: [
    'What happened?',
    'What were you thinking and feeling at the time?',
    'Who has been affected by what happened, and how?',
    'What needs to happen to put things right?',
    'What will you do differently next time?',
  ],
  exit: [
    'What has gone well for you in here?',
    'What will you do differently when you go back to lessons?',
    'Who do you need to put things right with?',
    'What help do you need from staff?',
  ],
};

/** The fields each kind adds beyond its questions (entry: reason, expectations, needs; exit: targets, restoring). */
const interviewFieldShape = z.object({
  reason: z.string().trim().max(1000),
  expectationsAgreed: z.boolean(),
  needsCheck: z.string().trim().max(1000),
  targets: z.string().trim().max(1000),
  restoreWith: z.string().trim().max(300),
  agreedByPupil: z.boolean(),
  nextReviewDate: isoDateSchema.or(z.literal('')),
});
/** A save changes only the fields it names (no defaults, or a save would blank the others). */
export const interviewFieldsPatchSchema = interviewFieldShape.partial();
/** Reading a stored interview: anything never filled in reads as empty. */
export const interviewFieldsSchema = z.object({
  reason: interviewFieldShape.shape.reason.default(''),
  expectationsAgreed: interviewFieldShape.shape.expectationsAgreed.default(false),
  needsCheck: interviewFieldShape.shape.needsCheck.default(''),
  targets: interviewFieldShape.shape.targets.default(''),
  restoreWith: interviewFieldShape.shape.restoreWith.default(''),
  agreedByPupil: interviewFieldShape.shape.agreedByPupil.default(false),
  nextReviewDate: interviewFieldShape.shape.nextReviewDate.default(''),
});
export type InterviewFields = z.infer<typeof interviewFieldsSchema>;

export const answerTextSchema = z.string().max(4000, 'Keep each answer under 4,000 characters');

/** What finishing requires, by kind: an interview can be saved half-done as a draft at any time. */
export function finishProblems(kind: InterviewKind, fields: InterviewFields, answers: Record<string, string>, questions: Question[]): string[] {
  const problems: string[] = [];
  if (!questions.some((q) => (answers[q.id] ?? '').trim())) problems.push('Record at least one answer');
  if (kind === 'entry' && !fields.reason.trim()) problems.push('Say why the pupil is in the room');
  if (kind === 'entry' && !fields.expectationsAgreed) problems.push('Tick that the room’s expectations were agreed');
  if (kind === 'exit' && !fields.targets.trim()) problems.push('Set targets for going back to lessons');
  return problems;
}

export interface InterviewRow {
  id: string;
  docName: string;
  pupilId: string;
  kind: InterviewKind;
  status: 'draft' | 'complete';
  questionSetVersion: number;
  questions: Question[];
  answers: Record<string, string>;
  staffComments: Record<string, string>;
  fields: InterviewFields;
  createdBy: string;
  createdAt: string;
  completedBy: string | null;
  completedAt: string | null;
  amendments: { by: string; at: string }[];
}
