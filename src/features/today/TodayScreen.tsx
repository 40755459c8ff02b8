// The day's register for one room: who is expected, who is in, and everything recorded about them today.
import { useEffect, useMemo } from 'react';
import { useCommand, useDoc } from '../../app/hooks';
import { roomDayDocName } from '../../docs/names';
import { addToRegister } from '../../docs/roomDayDoc';
import type { SchoolRow } from '../../db/database';
import { addDays, formatLongDate, toIsoDate } from '../../domain/time';
import { useUiStore } from '../../state/uiStore';
import { PupilSearch } from '../../components/PupilSearch';
import { RegisterCard } from './RegisterCard';
import { useExpected, useOutstandingWork, usePupilsAfterFirstScreen, useRegister } from './useRegister';
import { hasTermDates, notSchoolDayReason } from '../../domain/schoolCalendar';
import { registerCounts } from './registerCounts';
import { SafeguardingFlags } from './SafeguardingFlags';
import { FollowUpsDue } from '../pupil/FollowUpsDue';
import { useSyncSnapshot } from '../sync/useSync';
import { firstScreenShown, useAfterFirstScreen } from '../../app/firstScreen';

export function TodayScreen({ school }: { school: SchoolRow }) {
  const { roomId, date, chooseDate } = useUiStore();
  const scope = useSyncSnapshot().device?.scope;
  // A room's tablet keeps its own room's register, never another room's (the relay would refuse it).
  const pairedRoom = scope?.kind === 'room' ? scope.room : null;
  const room = pairedRoom ? school.rooms.find((r) => r.id === pairedRoom) : (school.rooms.find((r) => r.id === roomId) ?? school.rooms[0]);
  if (pairedRoom && !room) return <p className="notice">This tablet is paired for the room “{pairedRoom}”, which is not (yet) in the school’s list of rooms.</p>;
  if (!room) return <p>Add a room in Settings to start a register.</p>;
  return (
    <section className="today" aria-labelledby="today-heading">
      <div className="row wrap today-head">
        <h2 id="today-heading">
          {room.name} register — {formatLongDate(date)}
        </h2>
        <nav className="row" aria-label="Choose the day">
          <button type="button" onClick={() => chooseDate(addDays(date, -1))}>
            Previous day
          </button>
          <label className="visually-hidden" htmlFor="register-date">
            Register date
          </label>
          <input id="register-date" type="date" value={date} onChange={(e) => e.target.value && chooseDate(e.target.value)} />
          <button type="button" onClick={() => chooseDate(addDays(date, 1))}>
            Next day
          </button>
          <button type="button" onClick={() => chooseDate(toIsoDate(new Date()))}>
            Today
          </button>
        </nav>
      </div>
      <RoomDayRegister key={`${room.id}/${date}`} school={school} roomId={room.id} date={date} />
    </section>
  );
}

function RoomDayRegister({ school, roomId, date }: { school: SchoolRow; roomId: string; date: string }) {
  const doc = useDoc(roomDayDocName(roomId, date));
  // The register reads its own pupils; the whole roll (for "Add a pupil") follows once the register is on screen.
  const pupils = usePupilsAfterFirstScreen();
  const expected = useExpected(roomId, date, school.calendar, school.periods);
  const lines = useRegister(roomId, date, expected);
  const run = useCommand();
  const staff = useMemo(() => new Map(school.staff.map((s) => [s.id, s])), [school.staff]);
  const onRegister = useMemo(() => new Set(lines?.map((l) => l.entry.pupilId)), [lines]);
  // Read from the register's own lines only until the roll is read: a tap must not rebuild a map of the whole roll.
  const linesUntilRoll = pupils ? null : lines;
  const pupilsById = useMemo(
    () => new Map((pupils ?? linesUntilRoll?.flatMap((l) => (l.pupil ? [l.pupil] : [])))?.map((p) => [p.id, p])),
    [pupils, linesUntilRoll],
  );
  const outstanding = useOutstandingWork(onRegister);
  // The register first renders with the cards off screen skipped (styles.css), so it shows sooner; once it is up and
  // the browser idle, every card is laid out, so a card scrolled into view is not laid out in a tap's frame.
  const allLaidOut = useAfterFirstScreen({ thenIdle: true });
  const loaded = !!doc && !!lines;
  useEffect(() => {
    if (loaded) firstScreenShown();
  }, [loaded]);
  if (!doc || !lines) return <p aria-busy="true">Opening the register…</p>;
  const closed = notSchoolDayReason(date, school.calendar);
  return (
    <>
      {!hasTermDates(school.calendar) && (
        <p className="notice" role="status">
          Baseroom has no term dates yet, so it cannot tell which pupils are expected: enter the school calendar in Settings.
        </p>
      )}
      {closed && (
        <p className="notice" role="status">
          Not a school day ({closed}): nobody is expected.
        </p>
      )}
      <SafeguardingFlags roomId={roomId} pupils={pupilsById} />
      <FollowUpsDue pupils={pupilsById} />
      <PupilSearch pupils={pupils} label="Add a pupil" verb="Add" exclude={onRegister} onPick={(p) => run((a) => addToRegister(doc, p.id, a))} />
      <p className="counts" aria-live="polite">
        {registerCounts(lines.map((l) => l.entry))}
      </p>
      {lines.length === 0 && <p className="empty">Nobody is on this register yet. Add a pupil above.</p>}
      <div className={allLaidOut ? 'register laid-out' : 'register'}>
        {lines.map((line) => (
          <RegisterCard
            key={line.entry.pupilId}
            doc={doc}
            line={line}
            periods={school.periods}
            isToday={date === toIsoDate(new Date())}
            staff={staff}
            outstandingWork={outstanding?.get(line.entry.pupilId)}
          />
        ))}
      </div>
    </>
  );
}
