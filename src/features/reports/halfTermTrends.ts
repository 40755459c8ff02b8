// Repeat rate and reintegration success half term by half term, through the school year up to the report's last day.
import { halfTermsOfYear } from '../../domain/halfTerm';
import type { HalfTerm } from '../../domain/schoolCalendar';
import type { PlacementRow } from '../../domain/placement';
import type { ReferralRow } from '../../domain/referral';
import type { IsoDate } from '../../domain/time';
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

/** The half terms of the school year up to `to` (from the school's calendar), the last one cut at `to`. */
export function halfTermsUpTo(halfTerms: HalfTerm[], to: IsoDate): { start: IsoDate; end: IsoDate; label: string }[] {
  return halfTermsOfYear({ halfTerms }, to)
    .filter((h) => h.first <= to)
    .map((h) => ({ start: h.first, end: h.last < to ? h.last : to, label: h.name }));
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
