// The room register: who is in the room today, when they came and went, and how each period went.
import { z } from 'zod';
import { clockTimeSchema, minutesOf, type ClockTime } from './time';
import { idSchema } from './school';

export const attendanceStatuses = ['expected', 'present', 'absent', 'left'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];

export const departureDestinations = ['lessons', 'home', 'suspended', 'other'] as const;
export type DepartureDestination = (typeof departureDestinations)[number];
export const departureLabels: Record<DepartureDestination, string> = {
  lessons: 'Back to lessons',
  home: 'Home',
  suspended: 'Suspended',
  other: 'Other',
};

/** Effort and behaviour grades, 1 (best) to 4, as schools' effort scales run. */
export const gradeSchema = z.number().int().min(1).max(4);
export const gradeLabels: Record<number, string> = {
  1: '1 Excellent',
  2: '2 Good',
  3: '3 Needs improvement',
  4: '4 Unacceptable',
};

export const periodPresenceValues = ['present', 'out'] as const;
export type PeriodPresence = (typeof periodPresenceValues)[number];

export const periodMarkPatchSchema = z
  .object({
    presence: z.enum(periodPresenceValues).nullable(),
    effort: gradeSchema.nullable(),
    behaviour: gradeSchema.nullable(),
  })
  .partial();
export type PeriodMarkPatch = z.infer<typeof periodMarkPatchSchema>;

export interface PeriodMark {
  presence: PeriodPresence | null;
  effort: number | null;
  behaviour: number | null;
}

export const arrivalSchema = z.object({ at: clockTimeSchema, late: z.boolean().default(false) });
export const absenceSchema = z.object({
  followUp: z.string().trim().max(500).default(''),
});
export const departureSchema = z
  .object({
    at: clockTimeSchema,
    to: z.enum(departureDestinations),
    detail: z.string().trim().max(200).default(''),
  })
  .refine((d) => d.to !== 'other' || d.detail.length > 0, {
    message: 'Say where the pupil went',
    path: ['detail'],
  });
export type Departure = z.infer<typeof departureSchema>;

export const toiletVisitSchema = z.object({
  id: idSchema,
  out: clockTimeSchema,
  back: clockTimeSchema.nullable(),
});
export type ToiletVisit = z.infer<typeof toiletVisitSchema>;

export class RegisterRuleError extends Error {
  constructor(
    readonly reason: 'left-before-arrival' | 'not-arrived' | 'back-before-out',
    message: string,
  ) {
    super(message);
    this.name = 'RegisterRuleError';
  }
}

/** A pupil cannot leave before arriving, nor leave without having arrived. */
export function checkDeparture(arrivedAt: ClockTime | null, leftAt: ClockTime): void {
  if (!arrivedAt) throw new RegisterRuleError('not-arrived', 'Mark the pupil as arrived before they leave');
  if (minutesOf(leftAt) < minutesOf(arrivedAt)) {
    throw new RegisterRuleError('left-before-arrival', `Left at ${leftAt} is before arrival at ${arrivedAt}`);
  }
}

export function checkToiletReturn(out: ClockTime, back: ClockTime): void {
  if (minutesOf(back) < minutesOf(out)) {
    throw new RegisterRuleError('back-before-out', `Back at ${back} is before going out at ${out}`);
  }
}

/** A mistaken mark undone: what it was, who undid it and when. */
export interface RegisterCorrection {
  id: string;
  undone: string;
  by: string;
  at: string;
}

/** A register line as the screens read it (the projection of one pupil's entry in a room-day). */
export interface RegisterEntryRow {
  id: string;
  docName: string;
  roomId: string;
  date: string;
  pupilId: string;
  status: AttendanceStatus;
  arrivedAt: ClockTime | null;
  late: boolean;
  absenceFollowUp: string;
  leftAt: ClockTime | null;
  leftTo: DepartureDestination | null;
  leftDetail: string;
  breakSupervised: boolean;
  lunchSupervised: boolean;
  periods: Record<string, PeriodMark>;
  toiletVisits: ToiletVisit[];
  corrections?: RegisterCorrection[];
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}
