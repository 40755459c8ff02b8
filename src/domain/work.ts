// Work set by teachers for a pupil in the room, and how it went.
import { z } from 'zod';
import { gradeSchema } from './register';

export const workStatuses = ['set', 'in-progress', 'done', 'returned'] as const;
export type WorkStatus = (typeof workStatuses)[number];
export const workStatusLabels: Record<WorkStatus, string> = {
  set: 'Set',
  'in-progress': 'In progress',
  done: 'Done',
  returned: 'Returned to teacher',
};

export const workInputSchema = z.object({
  subject: z.string().trim().min(1, 'Name the subject').max(60),
  setBy: z.string().trim().min(1, 'Say which teacher set it').max(80),
  task: z.string().trim().min(1, 'Describe the task').max(1000),
});
export type WorkInput = z.infer<typeof workInputSchema>;

export const workProgressSchema = z
  .object({
    status: z.enum(workStatuses),
    effort: gradeSchema.nullable(),
    objectivesMet: z.string().trim().max(1000),
  })
  .partial();
export type WorkProgress = z.infer<typeof workProgressSchema>;

/** Work still to do: visible on Today until it is done or handed back. */
export const isOutstanding = (status: WorkStatus) => status === 'set' || status === 'in-progress';

export interface WorkRow extends WorkInput {
  id: string;
  docName: string;
  pupilId: string;
  status: WorkStatus;
  effort: number | null;
  objectivesMet: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}
