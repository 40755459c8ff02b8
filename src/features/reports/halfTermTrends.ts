// Repeat rate and reintegration success half term by half term, through the school year up to the report's last day.
import { halfTermStart } from '../../domain/halfTerm';
import { schoolYearStart } from '../../domain/repeatReferrals';
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

const NAMES = ['Autumn 1', 'Autumn 2', 'Spring 1', 'Spring 2', 'Summer 1', 'Summer 2'];
const percent = (x: number | null) => (x === null ? null : Math.round(x * 100));

/** The half terms of the school year up to `to`, each as [start, end], using the school's half-term dates. */
export function halfTermsUpTo(to: IsoDate): { start: IsoDate; end: IsoDate }[] {
  const starts: IsoDate[] = [];
  for (let d = schoolYearStart(to); d <= to; d = addDays(d, 1)) {
    const start = halfTermStart(d);
    if (start >= schoolYearStart(to) && starts.at(-1) !== start) starts.push(start);
  }
  return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? addDays(starts[i + 1]!, -1) : to }));
}

export function halfTermTrends(input: { to: IsoDate; referrals: ReferralRow[]; placements: PlacementRow[]; repeatWithinWeeks: number }): HalfTermPoint[] {
  return halfTermsUpTo(input.to).map(({ start, end }, i) => {
    const referrals = input.referrals.filter((r) => r.status !== 'declined' && r.date >= start && r.date <= end);
    const repeats = countRepeats(referrals, input.referrals, input.placements, input.repeatWithinWeeks);
    const reintegration = reintegrationOutcomes(input.placements, start, end);
    return {
      start,
      end,
      label: NAMES[i] ?? `From ${start}`,
      referrals: referrals.length,
      repeats,
      repeatRate: percent(referrals.length ? repeats / referrals.length : null),
      finished: reintegration.finished,
      successful: reintegration.outcomes.successful,
      successRate: percent(reintegration.successRate),
    };
  });
}
