// A scheduled referral's days in the room, and cutting them short: days after the chosen last day are no longer expected.
import { useState } from 'react';
import type * as Y from 'yjs';
import { useCommand } from '../../app/hooks';
import { shortenReferral } from '../../docs/referralDoc';
import type { ReferralRow } from '../../domain/referral';
import { addDays, formatDayLabel, toIsoDate } from '../../domain/time';
import { countOf } from '../../domain/counts';

export function ScheduleDays({ doc, referral }: { doc: Y.Doc; referral: ReferralRow }) {
  const run = useCommand();
  const [lastDay, setLastDay] = useState(() => addDays(toIsoDate(new Date()), -1));
  const days = referral.scheduledDays;
  const after = days.filter((d) => d > lastDay);
  if (referral.status !== 'scheduled' || days.length === 0) return null;
  return (
    <div className="row wrap">
      <p className="grow muted">
        Booked for {countOf(days.length, 'school day')}, {formatDayLabel(days[0]!)} to {formatDayLabel(days.at(-1)!)}.
      </p>
      <label>
        Last day in the room
        <input type="date" value={lastDay} onChange={(e) => e.target.value && setLastDay(e.target.value)} />
      </label>
      <button type="button" disabled={after.length === 0} onClick={() => run((a) => shortenReferral(doc, referral.id, lastDay, a))}>
        {after.length ? `Cancel ${countOf(after.length, 'day')} after ${formatDayLabel(lastDay)}` : 'No booked days after that'}
      </button>
    </div>
  );
}
