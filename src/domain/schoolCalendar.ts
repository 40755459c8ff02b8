// The school calendar: school days skip weekends and the dates the school is closed (holidays, INSET).
import { z } from 'zod';
import { addDays, isoDateSchema, type IsoDate } from './time';
import { idSchema } from './school';

export const closureSchema = z
  .object({
    id: idSchema,
    from: isoDateSchema,
    to: isoDateSchema,
    label: z.string().trim().min(1, 'Say what the closure is, e.g. “Half term” or “INSET”').max(60),
  })
  .refine((c) => c.from <= c.to, { message: 'A closure must end on or after its first day', path: ['to'] });
export type Closure = z.infer<typeof closureSchema>;

const weeks = (what: string) => z.number({ error: `Give ${what} in weeks` }).int().min(1, `${what} is at least 1 week`).max(12);
export const placementSettingsSchema = z.object({
  reviewEveryWeeks: weeks('How often to review'),
  repeatWithinWeeks: weeks('The repeat window'),
});
export type PlacementSettings = z.infer<typeof placementSettingsSchema>;
export const defaultPlacementSettings: PlacementSettings = { reviewEveryWeeks: 2, repeatWithinWeeks: 6 };

export interface SchoolCalendar extends PlacementSettings {
  closures: Closure[];
}
export const emptyCalendar: SchoolCalendar = { ...defaultPlacementSettings, closures: [] };

/** 0 = Sunday … 6 = Saturday, computed in UTC so the device's time zone never moves a date. */
export function weekday(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function closureOn(date: IsoDate, closures: Closure[]): Closure | null {
  return closures.find((c) => c.from <= date && date <= c.to) ?? null;
}

export function isSchoolDay(date: IsoDate, closures: Closure[]): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6 && !closureOn(date, closures);
}

/** The first `count` school days on or after `start`: a placement for N days from Friday runs Friday, Monday, … */
export function nextSchoolDays(start: IsoDate, count: number, closures: Closure[]): IsoDate[] {
  const days: IsoDate[] = [];
  // A bound on the search: no school closes for a whole year.
  for (let date = start, guard = 0; days.length < count && guard < 366 + count * 2; date = addDays(date, 1), guard++) {
    if (isSchoolDay(date, closures)) days.push(date);
  }
  return days;
}

/** Monday of the week a date falls in: "this week" on the coordinator's list runs Monday to Sunday. */
export function weekStart(date: IsoDate): IsoDate {
  return addDays(date, -((weekday(date) + 6) % 7));
}
