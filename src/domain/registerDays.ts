// Which register days really happened for a pupil: a day left "expected" after they went back to lessons never did.
import type { IsoDate } from './time';
import type { PlacementRow } from './placement';
import type { ReferralRow } from './referral';
import type { RegisterEntryRow } from './register';

type Entry = Pick<RegisterEntryRow, 'pupilId' | 'date' | 'status'>;
type Placement = Pick<PlacementRow, 'pupilId' | 'reintegration' | 'finishedOn'>;
type Referral = Pick<ReferralRow, 'pupilId' | 'status' | 'date' | 'scheduledDays'>;

/** The day a placement sent the pupil back to lessons: its reintegration start, else the day it finished. */
const backOn = (p: Placement): IsoDate | null => p.reintegration?.startDate ?? p.finishedOn;

/**
 * Whether a register line is a day the pupil was really on the room's register. A line someone marked (present,
 * absent, left) always is. A line still "expected" is not once the pupil has gone back to lessons on or before that
 * day, unless a later referral scheduled them onto it again: scheduling put them on every requested day, and an early
 * reintegration leaves the rest behind.
 */
export function wasOnRegister(entry: Entry, placements: Placement[], referrals: Referral[]): boolean {
  if (entry.status !== 'expected') return true;
  const back = placements
    .filter((p) => p.pupilId === entry.pupilId)
    .map(backOn)
    .filter((d): d is IsoDate => !!d && d <= entry.date)
    .sort()
    .at(-1);
  if (!back) return true;
  return referrals.some(
    (r) => r.pupilId === entry.pupilId && r.status !== 'declined' && r.date >= back && r.scheduledDays.includes(entry.date),
  );
}

/** `pupilId|date` of every day a pupil arrived in some room: a line still "expected" in another room that day is no absence. */
export function arrivedDays(entries: Pick<RegisterEntryRow, 'pupilId' | 'date' | 'arrivedAt'>[]): Set<string> {
  return new Set(entries.filter((e) => e.arrivedAt).map((e) => `${e.pupilId}|${e.date}`));
}

/**
 * A pupil who never arrived on a day that is over and that they were really on the register for. Pass `arrived`
 * (from arrivedDays) so a pupil expected in two rooms who came to one is not "did not arrive" in the other.
 */
export const didNotArrive = (entry: Entry, today: IsoDate, placements: Placement[], referrals: Referral[], arrived: Set<string> = new Set()): boolean =>
  entry.status === 'expected' && entry.date < today && !arrived.has(`${entry.pupilId}|${entry.date}`) && wasOnRegister(entry, placements, referrals);
