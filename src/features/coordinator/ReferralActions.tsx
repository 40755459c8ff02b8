// Moves a referral on: accept or decline it (with a reason), schedule it onto school days in a room, or mark it done.
import { useState } from 'react';
import { useCommand, useDoc } from '../../app/hooks';
import type { SchoolRow } from '../../db/database';
import { pupilDocName } from '../../docs/names';
import { acceptReferral, completeReferral, declineReferral, scheduleReferral } from '../../docs/referralDoc';
import { ScheduleDays } from './ScheduleDays';
import type { ReferralRow } from '../../domain/referral';
import { hasTermDates, nextSchoolDays, noCalendarMessage } from '../../domain/schoolCalendar';
import { formatDayLabel, toIsoDate } from '../../domain/time';
import { countOf } from '../../domain/counts';

export function ReferralActions({ referral, school, pupilName }: { referral: ReferralRow; school: SchoolRow; pupilName: string }) {
  const doc = useDoc(pupilDocName(referral.pupilId));
  const run = useCommand();
  const calendar = school.calendar;
  const today = toIsoDate(new Date());
  const [reason, setReason] = useState('');
  const [roomId, setRoomId] = useState(school.rooms[0]?.id ?? '');
  const [start, setStart] = useState(() => nextSchoolDays(today, 1, calendar)[0] ?? today);
  const [days, setDays] = useState(referral.requestedDays);
  if (!doc) return null;
  const canSchedule = hasTermDates(calendar);
  const planned = canSchedule && start && days > 0 ? nextSchoolDays(start, Math.min(days, 60), calendar) : [];
  const open = referral.status === 'requested' || referral.status === 'accepted';
  return (
    <div className="stack referral-actions" role="group" aria-label={`Actions for ${pupilName}’s referral`}>
      {referral.status === 'requested' && (
        <button type="button" onClick={() => run((a) => acceptReferral(doc, referral.id, a))}>
          Accept referral
        </button>
      )}
      {referral.status === 'accepted' && !canSchedule && <p className="notice">{noCalendarMessage}</p>}
      {referral.status === 'accepted' && canSchedule && (
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
          <button type="button" disabled={planned.length === 0} onClick={() => run((a) => scheduleReferral(doc, referral.id, roomId, planned, calendar, a))}>
            Schedule
          </button>
          <p className="muted grow" aria-live="polite">
            {planned.length
              ? `${countOf(planned.length, 'school day')} in the room, ${formatDayLabel(planned[0]!)} to ${formatDayLabel(planned.at(-1)!)}: ${planned.map(formatDayLabel).join(', ')}`
              : 'Choose a first day and a number of days'}
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
        <>
          <ScheduleDays doc={doc} referral={referral} />
          <button type="button" onClick={() => run((a) => completeReferral(doc, referral.id, a))}>
            Mark referral done
          </button>
        </>
      )}
    </div>
  );
}
