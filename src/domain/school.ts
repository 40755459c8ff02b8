// The school's set-up: its rooms, the periods of its day and the staff who use Baseroom.
import { z } from 'zod';
import { clockTimeSchema, minutesOf, type ClockTime } from './time';

export const idSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'Not a valid id');

export const roomKinds = ['isolation', 'base', 'core', 'other'] as const;
export const roomKindLabels: Record<RoomKind, string> = {
  isolation: 'Isolation / internal exclusion',
  base: 'BASE',
  core: 'CORE',
  other: 'Other',
};

export const roomSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1, 'Give the room a name').max(60),
  kind: z.enum(roomKinds),
});
export type Room = z.infer<typeof roomSchema>;
export type RoomKind = (typeof roomKinds)[number];

export const periodKinds = ['lesson', 'break', 'lunch', 'registration'] as const;
export const periodSchema = z
  .object({
    id: idSchema,
    label: z.string().trim().min(1, 'Give the period a name').max(20),
    kind: z.enum(periodKinds),
    start: clockTimeSchema,
    end: clockTimeSchema,
  })
  .refine((p) => minutesOf(p.start) < minutesOf(p.end), {
    message: 'A period must end after it starts',
    path: ['end'],
  });
export type Period = z.infer<typeof periodSchema>;
export type PeriodKind = (typeof periodKinds)[number];

export const staffSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1, 'Enter a name').max(80),
  role: z.string().trim().max(60).default(''),
});
export type Staff = z.infer<typeof staffSchema>;

export const schoolSettingsSchema = z.object({
  name: z.string().trim().min(1, 'Enter the school’s name').max(120),
});
export type SchoolSettings = z.infer<typeof schoolSettingsSchema>;

/** Minutes without a touch or key press before a device locks itself and asks for a PIN. */
export const lockAfterSchema = z.object({
  minutes: z.coerce.number().int('Use whole minutes').min(1, 'At least 1 minute').max(60, 'At most 60 minutes'),
});
export const DEFAULT_LOCK_AFTER_MINUTES = 5;

/**
 * How long after a session's registration starts the school keeps its register open: a pupil reaching the room by then
 * is late (L), after it the school register decides (sessionMarks.ts cites the sources). The DfE leaves the time to
 * the school's policy, "a reasonable length of time"; the bounds only catch a slip of the finger.
 */
export const registerOpenSchema = z.object({
  minutes: z.coerce
    .number({ error: 'Give the minutes as a number' })
    .int('Use whole minutes')
    .min(5, 'At least 5 minutes')
    .max(120, 'At most 120 minutes'),
});
export const DEFAULT_REGISTER_OPEN_MINUTES = 30;

/** A typical English secondary day; every school edits it in set-up. */
export const defaultPeriods: Omit<Period, 'id'>[] = [
  { label: 'Reg', kind: 'registration', start: '08:40', end: '09:00' },
  { label: 'P1', kind: 'lesson', start: '09:00', end: '10:00' },
  { label: 'P2', kind: 'lesson', start: '10:00', end: '11:00' },
  { label: 'Break', kind: 'break', start: '11:00', end: '11:20' },
  { label: 'P3', kind: 'lesson', start: '11:20', end: '12:20' },
  { label: 'P4', kind: 'lesson', start: '12:20', end: '13:20' },
  { label: 'Lunch', kind: 'lunch', start: '13:20', end: '14:00' },
  { label: 'P5', kind: 'lesson', start: '14:00', end: '15:00' },
  { label: 'P6', kind: 'lesson', start: '15:00', end: '16:00' },
];

export function sortPeriods<T extends Pick<Period, 'start'>>(periods: T[]): T[] {
  return [...periods].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
}

/** Periods whose times overlap the one before: listed so set-up can name them. */
export function overlappingPeriods(periods: Period[]): string[] {
  const sorted = sortPeriods(periods);
  const clashes: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (minutesOf(cur.start) < minutesOf(prev.end)) clashes.push(`${prev.label} and ${cur.label} overlap`);
  }
  return clashes;
}

export interface SchoolDaySpan {
  start: ClockTime;
  end: ClockTime;
}

export function schoolDaySpan(periods: Period[]): SchoolDaySpan | null {
  const sorted = sortPeriods(periods);
  const first = sorted[0];
  if (!first) return null;
  const end = sorted.reduce((latest, p) => (minutesOf(p.end) > minutesOf(latest) ? p.end : latest), first.end);
  return { start: first.start, end };
}

/** True when a time falls inside the school day; times outside are allowed but flagged. */
export function isWithinSchoolDay(time: ClockTime, periods: Period[]): boolean {
  const span = schoolDaySpan(periods);
  if (!span) return true;
  const m = minutesOf(time);
  return m >= minutesOf(span.start) && m <= minutesOf(span.end);
}
