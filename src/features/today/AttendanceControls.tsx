// Arrival, lateness, absence and departure for one pupil on the register.
import { useState } from 'react';
import type * as Y from 'yjs';
import { useCommand } from '../../app/hooks';
import { cancelDeparture, markAbsent, markArrived, markLeft, undoAttendance } from '../../docs/roomDayDoc';
import { departureDestinations, departureLabels, type RegisterEntryRow } from '../../domain/register';
import { isWithinSchoolDay, type Period } from '../../domain/school';
import { toClockTime } from '../../domain/time';
import { TimeInput } from '../../components/TimeInput';

const now = () => toClockTime(new Date());

function OutsideDayFlag({ time, periods }: { time: string | null; periods: Period[] }) {
  if (!time || isWithinSchoolDay(time, periods)) return null;
  return <span className="flag">outside the school day</span>;
}

export function AttendanceControls({ doc, entry, periods, isToday }: { doc: Y.Doc; entry: RegisterEntryRow; periods: Period[]; isToday: boolean }) {
  const run = useCommand();
  // On today's register a time still to come is refused; a past day's register can be filled in afterwards.
  const clock = () => (isToday ? now() : null);
  const [leaving, setLeaving] = useState({ at: '', to: 'lessons', detail: '' });
  const [absent, setAbsent] = useState<string | null>(null);
  const { pupilId, status } = entry;

  return (
    <div className="attendance">
      {status === 'expected' || status === 'absent' ? (
        <div className="row">
          <button type="button" className="primary" onClick={() => run((a) => markArrived(doc, pupilId, { at: now() }, a, clock()))}>
            Arrived
          </button>
          <button type="button" onClick={() => run((a) => markArrived(doc, pupilId, { at: now(), late: true }, a, clock()))}>
            Arrived late
          </button>
          {status === 'expected' && (
            <button type="button" onClick={() => setAbsent('')}>
              Absent
            </button>
          )}
        </div>
      ) : (
        <div className="row">
          <label>
            Arrival time
            <TimeInput
              key={entry.arrivedAt ?? ''}
              defaultValue={entry.arrivedAt ?? ''}
              onBlur={(e) => {
                const at = e.target.value;
                if (at !== entry.arrivedAt) run((a) => markArrived(doc, pupilId, { at, late: entry.late }, a, clock()));
              }}
              onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={entry.late}
              onChange={(e) => run((a) => markArrived(doc, pupilId, { at: entry.arrivedAt ?? now(), late: e.target.checked }, a))}
            />
            Late
          </label>
          <OutsideDayFlag time={entry.arrivedAt} periods={periods} />
          {status === 'present' && (
            <button type="button" className="quiet" onClick={() => run((a) => undoAttendance(doc, pupilId, a))}>
              Undo arrival
            </button>
          )}
        </div>
      )}

      {(absent !== null || status === 'absent') && (
        <form
          className="row"
          aria-label="Absence"
          onSubmit={(e) => {
            e.preventDefault();
            if (run((a) => markAbsent(doc, pupilId, { followUp: absent ?? entry.absenceFollowUp }, a)).ok) setAbsent(null);
          }}
        >
          <label className="grow">
            Absence follow-up
            <input
              type="text"
              value={absent ?? entry.absenceFollowUp}
              placeholder="e.g. Phoned home 09:30, no answer; told Head of Year"
              onChange={(e) => setAbsent(e.target.value)}
            />
          </label>
          <button type="submit">{status === 'absent' ? 'Save follow-up' : 'Mark absent'}</button>
          {status === 'absent' && (
            <button type="button" className="quiet" onClick={() => run((a) => undoAttendance(doc, pupilId, a))}>
              Undo absence
            </button>
          )}
        </form>
      )}

      {status === 'present' && (
        <form
          className="row"
          aria-label="Departure"
          onSubmit={(e) => {
            e.preventDefault();
            const input = { ...leaving, at: leaving.at || now() };
            if (run((a) => markLeft(doc, pupilId, input, a, clock())).ok) setLeaving({ at: '', to: 'lessons', detail: '' });
          }}
        >
          <label>
            Left at
            <TimeInput value={leaving.at} placeholder="Now" onChange={(e) => setLeaving({ ...leaving, at: e.target.value })} />
          </label>
          <label>
            Went to
            <select value={leaving.to} onChange={(e) => setLeaving({ ...leaving, to: e.target.value })}>
              {departureDestinations.map((d) => (
                <option key={d} value={d}>
                  {departureLabels[d]}
                </option>
              ))}
            </select>
          </label>
          {leaving.to === 'other' && (
            <label>
              Where
              <input type="text" value={leaving.detail} onChange={(e) => setLeaving({ ...leaving, detail: e.target.value })} />
            </label>
          )}
          <button type="submit">Mark left</button>
        </form>
      )}

      {status === 'left' && (
        <div className="row">
          <span>
            Left at {entry.leftAt} — {entry.leftTo ? departureLabels[entry.leftTo] : ''}
            {entry.leftDetail ? ` (${entry.leftDetail})` : ''}
          </span>
          <OutsideDayFlag time={entry.leftAt} periods={periods} />
          <button type="button" onClick={() => run((a) => cancelDeparture(doc, pupilId, a))}>
            Undo left
          </button>
        </div>
      )}
    </div>
  );
}
