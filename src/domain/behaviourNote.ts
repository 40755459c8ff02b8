// Quick behaviour notes written in the room: praise, concern or incident, tied to a period.
import { z } from 'zod';
import { idSchema } from './school';

export const noteKinds = ['praise', 'concern', 'incident'] as const;
export type NoteKind = (typeof noteKinds)[number];
export const noteKindLabels: Record<NoteKind, string> = {
  praise: 'Praise',
  concern: 'Concern',
  incident: 'Incident',
};

export const behaviourNoteInputSchema = z.object({
  pupilId: idSchema,
  kind: z.enum(noteKinds),
  periodId: idSchema.nullable(),
  text: z.string().trim().min(1, 'Write the note').max(1000, 'Keep the note under 1,000 characters'),
});
export type BehaviourNoteInput = z.infer<typeof behaviourNoteInputSchema>;

export interface BehaviourNoteRow extends BehaviourNoteInput {
  id: string;
  docName: string;
  roomId: string;
  date: string;
  createdBy: string;
  createdAt: string;
}
