// Moves a referral on: accept or decline it (with a reason), schedule it onto school days in a room, or mark it done.
import { useState } from 'react';
import { useCommand, useDoc } from '../../app/hooks';
import { useServices } from '../../app/services';
import type { SchoolRow } from '../../db/database';
import { pupilDocName, roomDayDocName } from '../../docs/names';
import { acceptReferral, completeReferral, declineReferral, scheduleReferral } from '../../docs/referralDoc';
import type { ReferralRow } from '../../domain/referral';
import { emptyCalendar, nextSchoolDays } from '../../domain/schoolCalendar';
import { formatDayLabel, toIsoDate } from '../../domain/time';

export function ReferralActions({ referral, school, pupilName }: { referral: ReferralRow; school: SchoolRow; pupilName: string }) {
  const doc = useDoc(pupilDocName(referral.pupilId));
  const { docs } = useServices();
  const run = useCommand();
  const closures = (school.calendar ?? emptyCalendar).closures;
  const [reason, setReason] = useState('');
  const [roomId, setRoomId] = useState(school.rooms[0]?.id ?? '');
  const [start, setStart] = useState(() => nextSchoolDays(toIsoDate(new Date()), 1, closures)[0] ?? toIsoDate(new Date()));
  const [days, setDays] = useState(referral.requestedDays);
  const [busy, setBusy] = useState(false);
  if (!doc) return null;
  const planned = start && days > 0 ? nextSchoolDays(start, Math.min(days, 60), closures) : [];
  const schedule = async () => {
    setBusy(true);
    try {
      const roomDays = await Promise.all(planned.map(async (date) => ({ date, doc: (await docs.open(roomDayDocName(roomId, date))).doc })));
      run((a) => scheduleReferral(doc, referral.id, roomId, roomDays, a));
    } finally {
      setBusy(false);
    }
  };
  const open = referral.status === 'requested' || referral.status === 'accepted';
  return (
    <div className="stack referral-actions" role="group" aria-label={`Actions for ${pupilName}’s referral`}>
      {referral.status === 'requested' && (
        <button type="button" onClick={() => run((a) => acceptReferral(doc, referral.id, a))}>
          Accept referral
        </button>
      )}
      {referral.status === 'accepted' && (
        <div className="row wrap">
          <label>
            Room
            <select value={roomId} onChange={(e) => setRoomId(e.target.value)}>
              {school.rooms.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            First day
            <input type="date" value={start} onChange={(e) => setStart(e.target.value)} />
          </label>
          <label>
            School days
            <input type="number" min={1} max={60} value={days} onChange={(e) => setDays(Number(e.target.value))} />
          </label>
          <button type="button" disabled={busy || planned.length === 0} onClick={schedule}>
            Schedule
          </button>
          <p className="muted grow" aria-live="polite">
            {planned.length ? `In the room on ${planned.map(formatDayLabel).join(', ')}` : 'Choose a first day and a number of days'}
          </p>
        </div>
      )}
      {open && (
        <div className="row wrap">
          <label className="grow">
            Reason for declining
            <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="button" onClick={() => run((a) => declineReferral(doc, referral.id, reason, a)).ok && setReason('')}>
            Decline referral
          </button>
        </div>
      )}
      {referral.status === 'scheduled' && (
        <button type="button" onClick={() => run((a) => completeReferral(doc, referral.id, a))}>
          Mark referral done
        </button>
      )}
    </div>
  );
}
