// The daily log for the chosen room and day: shown, printed, or copied as text to send to staff at the end of the day.
import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import type { SchoolRow } from '../../db/database';
import { formatLongDate } from '../../domain/time';
import { useUiStore } from '../../state/uiStore';
import { buildDailyLog, DAILY_LOG_KEY, dailyLogText } from './dailyLog';
import { useExpected } from '../today/useRegister';
import { plannedRegisterEntry } from '../../domain/expectedDays';
import { countOf } from '../../domain/counts';

export function DailyLogScreen({ school }: { school: SchoolRow }) {
  const { db } = useServices();
  const { roomId, date } = useUiStore();
  const room = school.rooms.find((r) => r.id === roomId) ?? school.rooms[0];
  const [copied, setCopied] = useState<string | null>(null);
  const expected = useExpected(room?.id ?? '', date, school.calendar, school.periods);
  // Pupils the plan expected but the room never recorded still belong in the log, as expected and not arrived.
  const plannedKey = (expected ?? []).map((e) => e.pupilId).join(',');
  const data = useLiveQuery(async () => {
    if (!room) return null;
    const recorded = await db.registerEntries.where({ roomId: room.id, date }).toArray();
    const recordedIds = new Set(recorded.map((e) => e.pupilId));
    const planned = plannedKey ? plannedKey.split(',').filter((id) => !recordedIds.has(id)) : [];
    const entries = [...recorded, ...planned.map((id) => plannedRegisterEntry(room.id, date, id))];
    const ids = entries.map((e) => e.pupilId);
    const [notes, interviews, work, pupils] = await Promise.all([
      db.behaviourNotes.where({ roomId: room.id, date }).toArray(),
      db.interviews.where('pupilId').anyOf(ids).toArray(),
      db.work.where('pupilId').anyOf(ids).toArray(),
      db.pupils.bulkGet(ids),
    ]);
    return { entries, notes, interviews, work, pupils: new Map(pupils.flatMap((p) => (p ? [[p.id, p] as const] : []))) };
  }, [db, room?.id, date, plannedKey]);
  const staffName = useMemo(() => {
    const names = new Map(school.staff.map((s) => [s.id, s.name]));
    return (id: string | null) => (id && names.get(id)) || 'unknown';
  }, [school.staff]);
  if (!room) return <p>Add a room in Settings first.</p>;
  if (!data) return <p aria-busy="true">Building the daily log…</p>;
  const title = `${room.name} daily log — ${formatLongDate(date)}`;
  const lines = buildDailyLog(date, { ...data, periods: school.periods, staffName });
  const flags = lines.reduce((n, l) => n + l.unconfirmedFlags, 0);
  return (
    <section className="daily-log" aria-labelledby="log-title">
      <h1 id="log-title">{title}</h1>
      <p className="muted">{DAILY_LOG_KEY}</p>
      {flags > 0 && (
        <p className="banner error" role="alert">
          {countOf(flags, 'safeguarding flag')} {flags > 1 ? 'are' : 'is'} not yet confirmed as logged on CPOMS.
        </p>
      )}
      <div className="row wrap no-print">
        <button type="button" onClick={() => window.print()}>
          Print the daily log
        </button>
        <button
          type="button"
          onClick={() =>
            navigator.clipboard.writeText(dailyLogText(title, lines)).then(
              () => setCopied('Copied: paste it into an email to staff. It stays on this device’s clipboard, where the PIN does not protect it, until something else is copied.'),
              () => setCopied('This browser would not copy; print the log instead.'),
            )
          }
        >
          Copy as text
        </button>
        {copied && <span role="status">{copied}</span>}
      </div>
      {lines.length === 0 ? (
        <p>Nobody was on this register.</p>
      ) : (
        <table className="log-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Pupil</th>
              <th scope="col">Attendance</th>
              <th scope="col">Periods</th>
              <th scope="col">Notes, interviews and work</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.pupilId}>
                <th scope="row">
                  {l.name} <span className="muted">{l.group}</span>
                </th>
                <td>
                  {l.attendance}
                  {l.breaks && <div className="muted">{l.breaks}</div>}
                </td>
                <td>{l.periods}</td>
                <td>
                  <ul className="plain-list">
                    {[...l.notes, ...l.interviews, ...l.work.map((w) => `Work — ${w}`)].map((text, i) => (
                      <li key={i}>{text}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
