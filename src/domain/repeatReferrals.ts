// Repeat referrals: how often a pupil has been referred, how their last placement ended, and whether this is a repeat.
import { addDays } from './time';
import { currentHalfTerm, schoolYearStart } from './halfTerm';
import type { HalfTerm } from './schoolCalendar';
import type { ReferralRow } from './referral';
import type { PlacementOutcome, PlacementRow } from './placement';

export interface RepeatSummary {
  /** Earlier referrals of the pupil (not declined) this half term and this school year. */
  thisHalfTerm: number;
  thisYear: number;
  lastOutcome: PlacementOutcome | null;
  /** Referred again within the school's window after a reintegration began: counts as a repeat in the statistics. */
  withinWindowOfReintegration: boolean;
  isRepeat: boolean;
}

type ReferralOrder = Pick<ReferralRow, 'id' | 'date'> & Partial<Pick<ReferralRow, 'createdAt'>>;

/**
 * One order for a pupil's referrals: by date, then when taken, then id. Two referrals on one day are then first and
 * second, never each other's repeat, and every device orders them alike.
 */
export const compareReferrals = (a: ReferralOrder, b: ReferralOrder): number =>
  a.date.localeCompare(b.date) || (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id);

export function repeatSummary(
  referral: ReferralOrder,
  referrals: (ReferralOrder & Pick<ReferralRow, 'status'>)[],
  placements: Pick<PlacementRow, 'reintegration' | 'outcome' | 'finishedOn' | 'start'>[],
  repeatWithinWeeks: number,
  halfTerms: HalfTerm[],
): RepeatSummary {
  const others = referrals.filter((r) => r.status !== 'declined' && compareReferrals(r, referral) < 0);
  // Half term and school year come from the school's calendar; with none entered, nothing counts as "this half term".
  const halfTerm = currentHalfTerm({ halfTerms }, referral.date)?.first ?? null;
  const year = schoolYearStart({ halfTerms }, referral.date);
  const before = placements.filter((p) => p.start <= referral.date);
  const finished = before.filter((p) => p.outcome).sort((a, b) => (a.finishedOn ?? '').localeCompare(b.finishedOn ?? ''));
  const withinWindow = before.some((p) => {
    const back = p.reintegration?.startDate;
    return !!back && back <= referral.date && referral.date <= addDays(back, repeatWithinWeeks * 7);
  });
  const thisHalfTerm = halfTerm ? others.filter((r) => r.date >= halfTerm).length : 0;
  return {
    thisHalfTerm,
    thisYear: others.filter((r) => r.date >= year).length,
    lastOutcome: finished.at(-1)?.outcome ?? null,
    withinWindowOfReintegration: withinWindow,
    isRepeat: withinWindow || thisHalfTerm > 0,
  };
}

/** "Repeat: 2 earlier referrals this half term, 3 this year; last placement: partly back in lessons." */
export function repeatFlagText(s: RepeatSummary, outcomeLabel: (o: PlacementOutcome) => string): string | null {
  if (!s.isRepeat && s.thisYear === 0) return null;
  const parts = [`${s.thisHalfTerm} earlier referral${s.thisHalfTerm === 1 ? '' : 's'} this half term, ${s.thisYear} this year`];
  if (s.withinWindowOfReintegration) parts.push('referred again soon after reintegration');
  if (s.lastOutcome) parts.push(`last placement: ${outcomeLabel(s.lastOutcome).toLowerCase()}`);
  return `${s.isRepeat ? 'Repeat: ' : ''}${parts.join('; ')}`;
}
