// Behaviour notes written in the room: praise, concern, incident, or a safeguarding flag (never the disclosure).
import { z } from 'zod';
import { idSchema } from './school';

export const noteKinds = ['praise', 'concern', 'incident', 'safeguarding'] as const;
export type NoteKind = (typeof noteKinds)[number];
export const noteKindLabels: Record<NoteKind, string> = {
  praise: 'Praise',
  concern: 'Concern',
  incident: 'Incident',
  safeguarding: 'Safeguarding flag',
};

export const SAFEGUARDING_PROMPT =
  'Log the concern on CPOMS (or your safeguarding system) now and tell the DSL. Do not write the disclosure in Baseroom.';

/** A flag records only that a concern exists; the disclosure itself belongs in the safeguarding system. */
export function noteTextProblem(kind: NoteKind, text: string): string | null {
  if (kind === 'safeguarding') return text.trim() ? 'A safeguarding flag holds no text: log the details on CPOMS' : null;
  return text.trim() ? null : 'Write the note';
}

export const behaviourNoteInputSchema = z
  .object({
    pupilId: idSchema,
    kind: z.enum(noteKinds),
    periodId: idSchema.nullable(),
    text: z.string().trim().max(1000, 'Keep the note under 1,000 characters'),
  })
  .superRefine((note, ctx) => {
    const problem = noteTextProblem(note.kind, note.text);
    if (problem) ctx.addIssue({ code: 'custom', path: ['text'], message: problem });
  });
export type BehaviourNoteInput = z.infer<typeof behaviourNoteInputSchema>;

export interface BehaviourNoteRow extends BehaviourNoteInput {
  id: string;
  docName: string;
  roomId: string;
  date: string;
  createdBy: string;
  createdAt: string;
  /** For a safeguarding flag: who confirmed it was logged on CPOMS, and when. */
  loggedBy: string | null;
  loggedAt: string | null;
  /** The note's date while it is a safeguarding flag not yet confirmed logged on CPOMS, absent otherwise: an index. */
  unconfirmedFlagOn?: string;
}

export const isUnconfirmedFlag = (n: Pick<BehaviourNoteRow, 'kind' | 'loggedAt'>) => n.kind === 'safeguarding' && !n.loggedAt;
