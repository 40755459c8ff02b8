// Reads the day's register for a room: entries, notes and the pupils they name, from the projections.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useServices } from '../../app/services';
import { comparePupils } from '../../domain/pupil';
import type { PupilRow } from '../../db/database';
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

/** Who the plan expects in this room on this day, from the pupils' scheduled referrals and placements and the calendar. */
export function useExpected(roomId: string, date: string, calendar: SchoolCalendar, periods: Period[]): ExpectedPupil[] | undefined {
  const { db } = useServices();
  const data = useLiveQuery(async () => {
    const referrals = await db.referrals
      .where('status')
      .anyOf('scheduled', 'done')
      .filter((r) => r.roomId === roomId && r.scheduledDays.includes(date))
      .toArray();
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

export function useRegister(roomId: string, date: string, pupils: PupilRow[] | undefined, expected: ExpectedPupil[] | undefined): RegisterLine[] | undefined {
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
  return useMemo(() => {
    if (!data || !pupils || !expected) return undefined;
    const byId = new Map(pupils.map((p) => [p.id, p]));
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
    return lines.sort((a, b) => (a.pupil && b.pupil ? comparePupils(a.pupil, b.pupil) : 0));
  }, [data, pupils, expected, roomId, date]);
}

/** Subjects with work still to do, per pupil on the register ("work outstanding is visible on Today"). */
export function useOutstandingWork(pupilIds: Set<string>): Map<string, string> | undefined {
  const { db } = useServices();
  const key = [...pupilIds].sort().join(',');
  return useLiveQuery(
    async () => {
      const rows = await db.work.where('status').anyOf('set', 'in-progress').toArray();
      const out = new Map<string, string[]>();
      for (const w of rows) if (pupilIds.has(w.pupilId)) out.set(w.pupilId, [...(out.get(w.pupilId) ?? []), w.subject]);
      return new Map([...out].map(([id, subjects]) => [id, subjects.join(', ')]));
    },
    // The key stands for the set: a new Set with the same pupils must not re-run the query.
    [db, key],
  );
}
