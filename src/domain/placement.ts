// Placements: isolation for some days, or a BASE pathway with a phased timetable, targets and a way back to lessons.
import { z } from 'zod';
import { isoDateSchema } from './time';
import { idSchema } from './school';

export const placementKinds = ['isolation', 'short', 'medium', 'long'] as const;
export type PlacementKind = (typeof placementKinds)[number];
export const placementKindLabels: Record<PlacementKind, string> = {
  isolation: 'Isolation (days)',
  short: 'BASE pathway — short term',
  medium: 'BASE pathway — medium term',
  long: 'BASE pathway — long term',
};

export const placementStatuses = ['running', 'reintegrating', 'finished'] as const;
export type PlacementStatus = (typeof placementStatuses)[number];

export const placementOutcomes = ['successful', 'partly', 'unsuccessful'] as const;
export type PlacementOutcome = (typeof placementOutcomes)[number];
export const placementOutcomeLabels: Record<PlacementOutcome, string> = {
  successful: 'Back in lessons successfully',
  partly: 'Partly back in lessons',
  unsuccessful: 'Did not return to lessons',
};

const text = (max: number) => z.string().trim().max(max).default('');

export const placementInputSchema = z.object({
  referralId: idSchema.nullable(),
  kind: z.enum(placementKinds),
  start: isoDateSchema,
  needsAssessment: z.string().trim().min(1, 'Record the entry needs assessment').max(2000),
  targets: z.string().trim().min(1, 'Set at least one target').max(2000),
  agreedOutcome: text(1000),
});
export type PlacementInput = z.input<typeof placementInputSchema>;

/** Where the pupil is in a period of a week of the pathway: in the room, or back in the lesson. */
export const timetablePlaces = ['room', 'lessons'] as const;
export type TimetablePlace = (typeof timetablePlaces)[number];
export const timetableKey = (week: number, periodId: string) => `${week}/${periodId}`;
export const timetableCellSchema = z.object({ week: z.number().int().min(1).max(52), periodId: idSchema, place: z.enum(timetablePlaces) });

export const reintegrationInputSchema = z.object({
  lessonsReturning: z.string().trim().min(1, 'List the lessons the pupil returns to').max(1000),
  teachersInformed: z.string().trim().min(1, 'Name the teachers who have been told').max(1000),
  targets: z.string().trim().min(1, 'Set the reintegration targets').max(2000),
  startDate: isoDateSchema,
});
export type ReintegrationInput = z.input<typeof reintegrationInputSchema>;

export const visitInputSchema = z.object({
  date: isoDateSchema,
  lesson: z.string().trim().min(1, 'Name the lesson visited').max(60),
  teacher: z.string().trim().min(1, 'Name the teacher').max(80),
  seen: z.string().trim().min(1, 'Say what you saw').max(2000),
  rating: z.number({ error: 'Give a rating from 1 to 4' }).int().min(1).max(4),
  outcome: text(1000),
});
export type VisitInput = z.input<typeof visitInputSchema>;

export interface PlacementRow extends z.output<typeof placementInputSchema> {
  id: string;
  docName: string;
  pupilId: string;
  status: PlacementStatus;
  /** Keyed `<week>/<periodId>`: weeks of the pathway, and which periods are in the room or in lessons. */
  timetable: Record<string, TimetablePlace>;
  reintegration: (z.output<typeof reintegrationInputSchema> & { by: string; at: string }) | null;
  outcome: PlacementOutcome | null;
  finishedOn: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface VisitRow extends z.output<typeof visitInputSchema> {
  id: string;
  docName: string;
  pupilId: string;
  placementId: string;
  createdBy: string;
  createdAt: string;
}

/** Weeks a timetable covers (at least one), for the phased-timetable grid. */
export function timetableWeeks(timetable: Record<string, TimetablePlace>): number {
  return Math.max(1, ...Object.keys(timetable).map((k) => Number(k.split('/')[0]) || 1));
}
