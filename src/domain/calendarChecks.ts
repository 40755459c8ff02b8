// Whole-calendar checks: half terms that overlap, run back to front or repeat, and closures outside the school year.
import { formatDayLabel } from './time';
import { schoolYearLabel, type Closure, type HalfTerm } from './schoolCalendar';
import { yearRange } from './halfTerm';

/** A problem with the calendar, naming the import line it came from when there is one. */
export interface CalendarProblem {
  line: number | null;
  reason: string;
}

export type Lined<T> = T & { line?: number };

const named = (h: HalfTerm) => `${h.name} ${schoolYearLabel(h.year)}`;
const span = (from: string, to: string) => (from === to ? formatDayLabel(from) : `${formatDayLabel(from)} to ${formatDayLabel(to)}`);

export function calendarProblems(halfTerms: Lined<HalfTerm>[], closures: Lined<Omit<Closure, 'id'>>[]): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const terms = [...halfTerms].sort((a, b) => a.first.localeCompare(b.first));
  const seen = new Map<string, Lined<HalfTerm>>();
  for (const h of terms) {
    const line = h.line ?? null;
    if (h.last < h.first) problems.push({ line, reason: `${named(h)} ends before it starts` });
    const twin = seen.get(h.id);
    if (twin) problems.push({ line, reason: `${named(h)} is entered twice${twin.line ? ` (also line ${twin.line})` : ''}` });
    seen.set(h.id, h);
  }
  for (let i = 1; i < terms.length; i++) {
    const [before, h] = [terms[i - 1]!, terms[i]!];
    if (h.first <= before.last) {
      problems.push({ line: h.line ?? before.line ?? null, reason: `${named(h)} (${span(h.first, h.last)}) overlaps ${named(before)} (${span(before.first, before.last)})` });
    }
  }
  const years = [...new Set(halfTerms.map((h) => h.year))].flatMap((y) => yearRange({ halfTerms }, y) ?? []);
  if (years.length) {
    for (const c of closures) {
      if (!years.some((y) => y.first <= c.from && c.to <= y.last)) {
        problems.push({ line: c.line ?? null, reason: `${c.label} (${span(c.from, c.to)}) is outside the school year` });
      }
    }
  }
  return problems;
}

export const problemText = (p: CalendarProblem) => (p.line ? `Line ${p.line}: ${p.reason}` : p.reason);
