// Reads the day's register for a room: entries, notes and the pupils they name, from the projections.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useRef } from 'react';
import { useServices } from '../../app/services';
import { useAfterFirstScreen } from '../../app/firstScreen';
import { readInPages } from '../../db/readInPages';
import { isOutstanding } from '../../domain/work';
import { onRollOn, sortPupils } from '../../domain/pupil';
import type { BaseroomDB, PupilRow } from '../../db/database';
import type { RegisterEntryRow } from '../../domain/register';
import type { BehaviourNoteRow } from '../../domain/behaviourNote';
import type { Period } from '../../domain/school';
import type { SchoolCalendar } from '../../domain/schoolCalendar';
import { expectedInRoom, plannedRegisterEntry, type ExpectedPupil } from '../../domain/expectedDays';

export interface RegisterLine {
  entry: RegisterEntryRow;
  pupil: PupilRow | undefined;
  notes: BehaviourNoteRow[];
  /** The plan that expects the pupil today (scheduled referral, phased timetable), when there is one. */
  plan: ExpectedPupil | null;
  /** True while the room has recorded nothing: the line comes from the plan alone, with no entry in the room's day yet. */
  planned: boolean;
}

/**
 * Who the plan expects in this room on this day, from the pupils' scheduled referrals and placements and the calendar:
 * never a pupil who has left the school roll by then (Today and the daily log both start from this).
 */
export function useExpected(roomId: string, date: string, calendar: SchoolCalendar, periods: Period[]): ExpectedPupil[] | undefined {
  const { db } = useServices();
  const data = useLiveQuery(async () => {
    // By the days they book: only referrals for this day are read and opened, not the school year's.
    const scheduled = await db.referrals
      .where('scheduledDays')
      .equals(date)
      .filter((r) => r.roomId === roomId && (r.status === 'scheduled' || r.status === 'done'))
      .toArray();
    const pupils = scheduled.length ? await db.pupils.bulkGet(scheduled.map((r) => r.pupilId)) : [];
    // A pupil the device does not hold stays (as before the roll was read); one who has left is not expected.
    const referrals = scheduled.filter((r, i) => !pupils[i] || onRollOn(pupils[i], date));
    const placements = referrals.length ? await db.placements.where('referralId').anyOf(referrals.map((r) => r.id)).toArray() : [];
    return { referrals, placements };
  }, [db, roomId, date]);
  return useMemo(() => data && expectedInRoom(roomId, date, data.referrals, data.placements, calendar, periods), [data, roomId, date, calendar, periods]);
}

const bySortKey = (a: PupilRow, b: PupilRow) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0);

export function usePupils(): PupilRow[] | undefined {
  const { db } = useServices();
  // Sorted here, not by an index: an index on names would keep them in clear on the device's disk.
  return useLiveQuery(async () => (await db.pupils.toArray()).sort(bySortKey), [db]);
}

/**
 * The whole roll, as usePupils, but read only once the first screen is shown: opening 1,000 sealed rows is the
 * biggest single cost of a start, and the register needs only its own pupils (useRegister reads those).
 */
export function usePupilsAfterFirstScreen(): PupilRow[] | undefined {
  const { db } = useServices();
  const wanted = useAfterFirstScreen();
  return useLiveQuery(async () => (wanted ? readRollInPages(db) : undefined), [db, wanted]);
}

/** Rows per read: each page is opened (decrypted) in its own task, so a slow tablet never blocks a tap for long. */
const ROLL_PAGE = 200;

async function readRollInPages(db: BaseroomDB): Promise<PupilRow[]> {
  return (await readInPages(db.pupils, ROLL_PAGE, (p) => p.id)).sort(bySortKey);
}

/** The room's day: its entries and notes, with the pupils they and the plan name (read by id, not the whole roll). */
export function useRegister(roomId: string, date: string, expected: ExpectedPupil[] | undefined): RegisterLine[] | undefined {
  const { db } = useServices();
  const data = useLiveQuery(
    async () => {
      const [entries, notes] = await Promise.all([
        db.registerEntries.where({ roomId, date }).toArray(),
        db.behaviourNotes.where({ roomId, date }).toArray(),
      ]);
      return { entries, notes };
    },
    [db, roomId, date],
  );
  // A query of its own, keyed by the set of ids: a tap changes an entry, not who is on the register, so it does not
  // re-read (and re-open) every pupil's row.
  const ids = data && expected ? [...new Set([...data.entries.map((e) => e.pupilId), ...expected.map((e) => e.pupilId)])].sort().join(',') : null;
  const pupils = useLiveQuery(
    async () => (ids === null ? null : { ids, rows: (await db.pupils.bulkGet(ids ? ids.split(',') : [])).filter((p): p is PupilRow => !!p) }),
    [db, ids],
  );
  // Each pupil's place in name order, worked out when the pupils are read, not by comparing names on every tap.
  const order = useMemo(() => pupils && new Map(sortPupils(pupils.rows).map((p, i) => [p.id, i])), [pupils]);
  // Until the pupils of a changed register are read, the register as it was (never a card without its name).
  const shown = useRef<RegisterLine[] | undefined>(undefined);
  shown.current = useMemo(() => {
    if (!data || !expected || !pupils || !order) return undefined;
    if (pupils.ids !== ids) return shown.current;
    const byId = new Map(pupils.rows.map((p) => [p.id, p]));
    const plans = new Map(expected.map((e) => [e.pupilId, e]));
    const recorded = new Set(data.entries.map((e) => e.pupilId));
    const entries = [...data.entries, ...expected.filter((e) => !recorded.has(e.pupilId)).map((e) => plannedRegisterEntry(roomId, date, e.pupilId))];
    const lines = entries.map((entry) => ({
      entry,
      pupil: byId.get(entry.pupilId),
      notes: data.notes.filter((n) => n.pupilId === entry.pupilId),
      plan: plans.get(entry.pupilId) ?? null,
      planned: !recorded.has(entry.pupilId),
    }));
    return keepUnchangedLines(shown.current, lines.sort((a, b) => (a.pupil && b.pupil ? order.get(a.pupil.id)! - order.get(b.pupil.id)! : 0)));
  }, [data, expected, pupils, order, ids, roomId, date]);
  return shown.current;
}

/**
 * The new lines, with each line that shows the same as before replaced by the line object shown before (and the
 * previous array itself when nothing changed). Every write re-reads the whole day as new objects; a tap changes one
 * pupil's line, so only that card re-renders (the cards are memoised on their line), not all thirty.
 */
export function keepUnchangedLines(previous: RegisterLine[] | undefined, next: RegisterLine[]): RegisterLine[] {
  if (!previous) return next;
  const before = new Map(previous.map((line) => [line.entry.pupilId, line]));
  const same = (a: RegisterLine, b: RegisterLine) => a.pupil === b.pupil && lineText(a) === lineText(b);
  let changed = previous.length !== next.length;
  const lines = next.map((line, i) => {
    const old = before.get(line.entry.pupilId);
    const kept = old && same(old, line) ? old : line;
    if (kept !== previous[i]) changed = true;
    return kept;
  });
  return changed ? lines : previous;
}

// Rows are plain JSON (they come out of IndexedDB), projected in a fixed key order: equal text is an equal line. The
// pupil is compared as an object (it is re-read only when the register's pupils change). Kept per line object, so a
// line shown is written out once, not again at every later tap.
const lineTexts = new WeakMap<RegisterLine, string>();
function lineText(line: RegisterLine): string {
  let text = lineTexts.get(line);
  if (text === undefined) {
    text = JSON.stringify([line.entry, line.notes, line.plan, line.planned]);
    lineTexts.set(line, text);
  }
  return text;
}

/** Subjects with work still to do, per pupil on the register ("work outstanding is visible on Today"). */
export function useOutstandingWork(pupilIds: Set<string>): Map<string, string> | undefined {
  const { db } = useServices();
  const key = [...pupilIds].sort().join(',');
  return useLiveQuery(
    async () => {
      // By pupil, not by status: a school year leaves thousands of work rows still marked set, and opening every
      // sealed one at each start cost a coordinator's tablet a third of a second at 4× CPU (bench 10).
      const rows = pupilIds.size ? await db.work.where('pupilId').anyOf([...pupilIds]).toArray() : [];
      const out = new Map<string, string[]>();
      for (const w of rows) if (isOutstanding(w.status)) out.set(w.pupilId, [...(out.get(w.pupilId) ?? []), w.subject]);
      return new Map([...out].map(([id, subjects]) => [id, subjects.join(', ')]));
    },
    // The key stands for the set: a new Set with the same pupils must not re-run the query.
    [db, key],
  );
}
