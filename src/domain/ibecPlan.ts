// IBEC plans off-site: targets per pupil agreed with the provider, each visit's rating against them, and progress over the weeks.
import { z } from 'zod';
import { idSchema } from './school';
import type { IsoDate } from './time';

export const targetInputSchema = z.object({
  pupilId: idSchema,
  text: z.string().trim().min(1, 'Write the target').max(200, 'Keep the target under 200 characters'),
  /** Who at the provider agreed it (e.g. "Sam Reid, farm manager"); optional. */
  agreedWith: z.string().trim().max(80).default(''),
});
export type TargetInput = z.input<typeof targetInputSchema>;

export interface TargetRow {
  id: string;
  docName: string;
  providerId: string;
  /** The day it was added to the plan. */
  date: string;
  pupilId: string;
  text: string;
  agreedWith: string;
  createdBy: string;
  createdAt: string;
  /** Set once the target is met or dropped: it leaves the plan but keeps its ratings. */
  closedAt: string | null;
}

/** A rating against a target: the progress rows that name it (older rows named the target by its text only). */
export interface RatedVisit {
  date: string;
  rating: number;
  targetId: string | null;
  target: string;
}

export interface TargetProgress {
  target: TargetRow;
  /** One point per visit rated, oldest first: 1 excellent … 4 unacceptable. */
  points: { date: IsoDate; rating: number }[];
}

/** Each target of the pupil's plan with its ratings in date order; a target's open ones first, then those closed. */
export function progressByTarget(targets: TargetRow[], visits: RatedVisit[]): TargetProgress[] {
  return [...targets]
    .sort((a, b) => Number(!!a.closedAt) - Number(!!b.closedAt) || a.createdAt.localeCompare(b.createdAt))
    .map((target) => ({
      target,
      points: visits
        .filter((v) => v.targetId === target.id || (!v.targetId && v.target === target.text))
        .map((v) => ({ date: v.date, rating: v.rating }))
        .sort((a, b) => a.date.localeCompare(b.date)),
    }));
}

/** Targets still on the plan, for rating at a visit. */
export const openTargets = (targets: TargetRow[], pupilId: string) => targets.filter((t) => t.pupilId === pupilId && !t.closedAt);
