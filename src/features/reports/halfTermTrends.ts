// Repeat rate and reintegration success half term by half term, through the school year up to the report's last day.
import { currentHalfTerm, halfTermsOfYear, previousHalfTerm, schoolYearStart } from '../../domain/halfTerm';
import { hasTermDates, type SchoolCalendar } from '../../domain/schoolCalendar';
import type { HalfTerm } from '../../domain/schoolCalendar';
import type { PlacementRow } from '../../domain/placement';
import type { ReferralRow } from '../../domain/referral';
import { addDays, type IsoDate } from '../../domain/time';
import { countRepeats, reintegrationOutcomes } from './reportStats';

export interface HalfTermPoint {
  start: IsoDate;
  end: IsoDate;
  label: string;
  referrals: number;
  repeats: number;
  /** Percentages, rounded, or null when there is nothing to divide by. */
  repeatRate: number | null;
  finished: number;
  successful: number;
  successRate: number | null;
}

const percent = (x: number | null) => (x === null ? null : Math.round(x * 100));

/**
 * The half terms of the school year up to `to` (from the school's calendar), each running on through the holiday after
 * it to the day before the next one starts (as "this half term" does in a holiday), the last one cut at `to`. A
 * placement finished or a referral taken during half term week then counts in the half term just ended, not in none.
 */
export function halfTermsUpTo(halfTerms: HalfTerm[], to: IsoDate): { start: IsoDate; end: IsoDate; label: string }[] {
  return halfTermsOfYear({ halfTerms }, to)
    .filter((h) => h.first <= to)
    .map((h) => ({ start: h.first, end: halfTermEnd(halfTerms, h, to), label: h.name }));
}

/** The last day counted in half term `h`: the day before the next half term starts (its holiday included), or `to` if sooner. */
function halfTermEnd(halfTerms: HalfTerm[], h: HalfTerm, to: IsoDate): IsoDate {
  const next = halfTerms.map((x) => x.first).filter((first) => first > h.first).sort()[0];
  const end = next ? addDays(next, -1) : to;
  return end < to ? end : to;
}

export function halfTermTrends(input: {
  to: IsoDate;
  referrals: ReferralRow[];
  placements: PlacementRow[];
  repeatWithinWeeks: number;
  halfTerms: HalfTerm[];
}): HalfTermPoint[] {
  return halfTermsUpTo(input.halfTerms, input.to).map(({ start, end, label }) => {
    const referrals = input.referrals.filter((r) => r.status !== 'declined' && r.date >= start && r.date <= end);
    const repeats = countRepeats(referrals, input.referrals, input.placements, input.repeatWithinWeeks, input.halfTerms);
    const reintegration = reintegrationOutcomes(input.placements, start, end);
    return {
      start,
      end,
      label,
      referrals: referrals.length,
      repeats,
      repeatRate: percent(referrals.length ? repeats / referrals.length : null),
      finished: reintegration.finished,
      successful: reintegration.outcomes.successful,
      successRate: percent(reintegration.successRate),
    };
  });
}

export type Preset = 'half-term' | 'last-half-term' | 'year' | 'custom';

/**
 * Half terms and the school year come from the school's calendar; without one, only chosen dates can be reported. A half
 * term runs on through the holiday after it to the day before the next one starts, as in halfTermsUpTo (the chart), so
 * the table and the chart count the same days; today ends the one in progress.
 */
export function presetRange(preset: Preset, today: IsoDate, calendar: SchoolCalendar): { from: IsoDate; to: IsoDate } | null {
  const untilNext = (h: HalfTerm): IsoDate => halfTermEnd(calendar.halfTerms, h, today);
  if (preset === 'half-term') {
    const current = currentHalfTerm(calendar, today);
    return current && { from: current.first, to: untilNext(current) };
  }
  if (preset === 'last-half-term') {
    const last = previousHalfTerm(calendar, today);
    return last && { from: last.first, to: untilNext(last) };
  }
  if (preset === 'year') return hasTermDates(calendar) ? { from: schoolYearStart(calendar, today), to: today } : null;
  return null;
}
