// Repeat referrals: how often a pupil has been referred, how their last placement ended, and whether this is a repeat.
import { addDays, type IsoDate } from './time';
import { halfTermStart } from './halfTerm';
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

/** The school year starts on 1 September. */
export function schoolYearStart(date: IsoDate): IsoDate {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '09-01' ? `${year}-09-01` : `${year - 1}-09-01`;
}

export function repeatSummary(
  referral: ReferralOrder,
  referrals: (ReferralOrder & Pick<ReferralRow, 'status'>)[],
  placements: Pick<PlacementRow, 'reintegration' | 'outcome' | 'finishedOn' | 'start'>[],
  repeatWithinWeeks: number,
): RepeatSummary {
  const others = referrals.filter((r) => r.status !== 'declined' && compareReferrals(r, referral) < 0);
  const halfTerm = halfTermStart(referral.date);
  const year = schoolYearStart(referral.date);
  const before = placements.filter((p) => p.start <= referral.date);
  const finished = before.filter((p) => p.outcome).sort((a, b) => (a.finishedOn ?? '').localeCompare(b.finishedOn ?? ''));
  const withinWindow = before.some((p) => {
    const back = p.reintegration?.startDate;
    return !!back && back <= referral.date && referral.date <= addDays(back, repeatWithinWeeks * 7);
  });
  const thisHalfTerm = others.filter((r) => r.date >= halfTerm).length;
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
