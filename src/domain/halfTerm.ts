// Half terms from the school's own calendar: which half term a date is in, the one before, and the school year's six.
import type { IsoDate } from './time';
import { halfTermNames, type HalfTerm, type SchoolCalendar } from './schoolCalendar';

type Calendar = Pick<SchoolCalendar, 'halfTerms'>;
const inOrder = (calendar: Calendar) => [...calendar.halfTerms].sort((a, b) => a.first.localeCompare(b.first));

/** The half term a date falls in (first to last day), or null in a holiday or outside the calendar. */
export function halfTermOf(calendar: Calendar, date: IsoDate): HalfTerm | null {
  return calendar.halfTerms.find((h) => h.first <= date && date <= h.last) ?? null;
}

/** "This half term" for counts and reports: the one the date is in, or in a holiday the one just ended. */
export function currentHalfTerm(calendar: Calendar, date: IsoDate): HalfTerm | null {
  return inOrder(calendar).filter((h) => h.first <= date).at(-1) ?? null;
}

/** "Last half term": the one before the current half term. */
export function previousHalfTerm(calendar: Calendar, date: IsoDate): HalfTerm | null {
  const current = currentHalfTerm(calendar, date);
  if (!current) return null;
  return inOrder(calendar).filter((h) => h.first < current.first).at(-1) ?? null;
}

/**
 * The school year a date belongs to (2026 for 2026-27): from the calendar, until the next year's first half term
 * begins (the summer holiday, August included, still reports on the year just ended, as "this half term" does), or
 * until 1 September when the next year is not entered yet; with no calendar at all, September to August.
 */
export function schoolYearOf(calendar: Calendar, date: IsoDate): number {
  const current = currentHalfTerm(calendar, date);
  if (current && date < (yearRange(calendar, current.year + 1)?.first ?? `${current.year + 1}-09-01`)) return current.year;
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '09-01' ? year : year - 1;
}

/** The half terms of the school year a date is in, Autumn 1 to Summer 2 (as many as the school has entered). */
export function halfTermsOfYear(calendar: Calendar, date: IsoDate): HalfTerm[] {
  const year = schoolYearOf(calendar, date);
  return inOrder(calendar)
    .filter((h) => h.year === year)
    .sort((a, b) => halfTermNames.indexOf(a.name) - halfTermNames.indexOf(b.name));
}

/** First and last day of a school year's half terms, or null when none are entered. */
export function yearRange(calendar: Calendar, year: number): { first: IsoDate; last: IsoDate } | null {
  const terms = calendar.halfTerms.filter((h) => h.year === year);
  if (!terms.length) return null;
  return { first: terms.map((h) => h.first).sort()[0]!, last: terms.map((h) => h.last).sort().at(-1)! };
}

/** The first day of "this school year" for counts: the year's first half term, else 1 September. */
export function schoolYearStart(calendar: Calendar, date: IsoDate): IsoDate {
  const year = schoolYearOf(calendar, date);
  return yearRange(calendar, year)?.first ?? `${year}-09-01`;
}
