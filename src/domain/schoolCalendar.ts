// The school calendar: six half terms a year, and the dates inside them the school is closed (bank holidays, INSET, holidays).
import { z } from 'zod';
import { addDays, isoDateSchema, type IsoDate } from './time';
import { idSchema } from './school';

export const closureKinds = ['holiday', 'bank-holiday', 'inset', 'closure'] as const;
export type ClosureKind = (typeof closureKinds)[number];
export const closureKindLabels: Record<ClosureKind, string> = {
  holiday: 'Holiday',
  'bank-holiday': 'Bank holiday',
  inset: 'INSET day',
  closure: 'School closed',
};

export const closureSchema = z
  .object({
    id: idSchema,
    from: isoDateSchema,
    to: isoDateSchema,
    label: z.string().trim().min(1, 'Say what the closure is, e.g. “Half term” or “INSET”').max(60),
    kind: z.enum(closureKinds).default('closure'),
  })
  .refine((c) => c.from <= c.to, { message: 'A closure must end on or after its first day', path: ['to'] });
export type Closure = z.output<typeof closureSchema>;
export type ClosureInput = z.input<typeof closureSchema>;

export const halfTermNames = ['Autumn 1', 'Autumn 2', 'Spring 1', 'Spring 2', 'Summer 1', 'Summer 2'] as const;
export type HalfTermName = (typeof halfTermNames)[number];

export const halfTermSchema = z
  .object({
    name: z.enum(halfTermNames, { error: 'Name the half term Autumn 1, Autumn 2, Spring 1, Spring 2, Summer 1 or Summer 2' }),
    first: isoDateSchema,
    last: isoDateSchema,
  })
  .refine((h) => h.first <= h.last, { message: 'The last day is before the first day', path: ['last'] });
export type HalfTermInput = z.input<typeof halfTermSchema>;
export interface HalfTerm extends z.output<typeof halfTermSchema> {
  id: string;
  /** The calendar year the school year starts in: 2026 for 2026-27. */
  year: number;
}

const weeks = (what: string) => z.number({ error: `Give ${what} in weeks` }).int().min(1, `${what} is at least 1 week`).max(12);
export const placementSettingsSchema = z.object({
  reviewEveryWeeks: weeks('How often to review'),
  repeatWithinWeeks: weeks('The repeat window'),
});
export type PlacementSettings = z.infer<typeof placementSettingsSchema>;
export const defaultPlacementSettings: PlacementSettings = { reviewEveryWeeks: 2, repeatWithinWeeks: 6 };

export interface SchoolCalendar extends PlacementSettings {
  halfTerms: HalfTerm[];
  closures: Closure[];
}
export const emptyCalendar: SchoolCalendar = { ...defaultPlacementSettings, halfTerms: [], closures: [] };

/** Until a school enters its term dates, nothing can be scheduled truthfully: screens that schedule say so. */
export const hasTermDates = (calendar: Pick<SchoolCalendar, 'halfTerms'>): boolean => calendar.halfTerms.length > 0;
export const noCalendarMessage = 'Baseroom has no term dates yet: enter the school calendar in Settings before scheduling.';

/** The school year a half term belongs to: autumn starts it, spring and summer fall in the next calendar year. */
export function schoolYearOfHalfTerm(h: { name: HalfTermName; first: IsoDate }): number {
  const year = Number(h.first.slice(0, 4));
  return h.name.startsWith('Autumn') ? year : year - 1;
}
export const halfTermId = (year: number, name: HalfTermName) => `${year}-${name.toLowerCase().replace(' ', '-')}`;
export const schoolYearLabel = (year: number) => `${year}-${String((year + 1) % 100).padStart(2, '0')}`;

/** 0 = Sunday … 6 = Saturday, computed in UTC so the device's time zone never moves a date. */
export function weekday(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
export const isWeekend = (date: IsoDate) => weekday(date) === 0 || weekday(date) === 6;

export function closureOn(date: IsoDate, closures: Closure[]): Closure | null {
  return closures.find((c) => c.from <= date && date <= c.to) ?? null;
}

/** Why a date is not a school day ("Saturday", "Christmas holiday", "Outside term"), or null when it is one. */
export function notSchoolDayReason(date: IsoDate, calendar: Pick<SchoolCalendar, 'halfTerms' | 'closures'>): string | null {
  if (isWeekend(date)) return weekday(date) === 0 ? 'Sunday' : 'Saturday';
  const closure = closureOn(date, calendar.closures);
  if (closure) return closure.label;
  if (hasTermDates(calendar) && !calendar.halfTerms.some((h) => h.first <= date && date <= h.last)) return 'Outside term time';
  return null;
}

export function isSchoolDay(date: IsoDate, calendar: Pick<SchoolCalendar, 'halfTerms' | 'closures'>): boolean {
  return notSchoolDayReason(date, calendar) === null;
}

/** The first `count` school days on or after `start`: a placement for N days from Friday runs Friday, Monday, … */
export function nextSchoolDays(start: IsoDate, count: number, calendar: Pick<SchoolCalendar, 'halfTerms' | 'closures'>): IsoDate[] {
  const days: IsoDate[] = [];
  // A bound on the search: the summer holiday is the longest gap, and no placement runs past a year.
  for (let date = start, guard = 0; days.length < count && guard < 366 + count * 2; date = addDays(date, 1), guard++) {
    if (isSchoolDay(date, calendar)) days.push(date);
  }
  return days;
}

/** The next school day after a date (not the date itself). */
export function nextSchoolDay(date: IsoDate, calendar: Pick<SchoolCalendar, 'halfTerms' | 'closures'>): IsoDate | null {
  return nextSchoolDays(addDays(date, 1), 1, calendar)[0] ?? null;
}

/** Monday of the week a date falls in: "this week" on the coordinator's list runs Monday to Sunday. */
export function weekStart(date: IsoDate): IsoDate {
  return addDays(date, -((weekday(date) + 6) % 7));
}
