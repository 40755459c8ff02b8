// Placement reviews: progress from the room's own records (effort, notes, work, attendance) and the decision taken.
import { countOf } from './counts';
import { nextSchoolDays, type SchoolCalendar } from './schoolCalendar';
import { z } from 'zod';
import { addDays, isoDateSchema, localDateOf, type IsoDate } from './time';
import type { RegisterEntryRow } from './register';
import type { BehaviourNoteRow } from './behaviourNote';
import type { WorkRow } from './work';

export const reviewDecisions = ['continue', 'change-timetable', 'reintegrate'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];
export const reviewDecisionLabels: Record<ReviewDecision, string> = {
  continue: 'Continue as planned',
  'change-timetable': 'Change the timetable',
  reintegrate: 'Move to reintegration',
};

export interface ReviewProgress {
  /** Days on the register in the window that were school days gone by, and how many of those the pupil came. */
  daysExpected: number;
  daysAttended: number;
  /** Mean effort grade over every graded period (1 best … 4), or null with nothing graded. */
  averageEffort: number | null;
  praise: number;
  concerns: number;
  incidents: number;
  workSet: number;
  workDone: number;
}

export const reviewInputSchema = z.object({
  date: isoDateSchema,
  notes: z.string().trim().min(1, 'Write the review notes').max(2000),
  decision: z.enum(reviewDecisions),
});
export type ReviewInput = z.input<typeof reviewInputSchema>;

export interface ReviewRow extends z.output<typeof reviewInputSchema> {
  id: string;
  docName: string;
  pupilId: string;
  placementId: string;
  progress: ReviewProgress;
  createdBy: string;
  createdAt: string;
}

/** Progress in a window (`from`..`to`, inclusive ISO dates) from the pupil's projected rows. */
export function reviewProgress(
  rows: { register: RegisterEntryRow[]; notes: BehaviourNoteRow[]; work: WorkRow[] },
  from: IsoDate,
  to: IsoDate,
  /** Days the plan expected the pupil in the room (from the calendar and schedule), counted even when nothing was recorded. */
  plannedDays: IsoDate[] = [],
): ReviewProgress {
  const inWindow = (date: string) => date >= from && date <= to;
  const days = rows.register.filter((e) => inWindow(e.date));
  const expected = new Set([...days.map((e) => e.date), ...plannedDays.filter(inWindow)]);
  const efforts = days.flatMap((e) => Object.values(e.periods).map((m) => m.effort)).filter((g): g is number => g !== null);
  const notes = rows.notes.filter((n) => inWindow(n.date));
  const work = rows.work.filter((w) => inWindow(localDateOf(w.createdAt)));
  return {
    daysExpected: expected.size,
    // A day in two rooms (isolation in the morning, the BASE after lunch) is one day attended.
    daysAttended: new Set(days.filter((e) => e.arrivedAt).map((e) => e.date)).size,
    averageEffort: efforts.length ? Math.round((efforts.reduce((a, b) => a + b, 0) / efforts.length) * 10) / 10 : null,
    praise: notes.filter((n) => n.kind === 'praise').length,
    concerns: notes.filter((n) => n.kind === 'concern').length,
    incidents: notes.filter((n) => n.kind === 'incident').length,
    workSet: work.length,
    workDone: work.filter((w) => w.status === 'done' || w.status === 'returned').length,
  };
}

/** "Attended 8 of 10 days; effort 2.1; 3 praise, 1 concern; work 4 of 5 done." */
export function progressSummary(p: ReviewProgress): string {
  const effort = p.averageEffort === null ? 'no effort grades' : `average effort ${p.averageEffort.toFixed(1)}`;
  return `Attended ${p.daysAttended} of ${countOf(p.daysExpected, 'day')}; ${effort}; ${p.praise} praise, ${countOf(p.concerns, 'concern')}, ${countOf(p.incidents, 'incident')}; work ${p.workDone} of ${p.workSet} done`;
}

/** When the next review falls: every N weeks from the start (or the last review), moved on to the next school day when that date is a weekend, holiday or closure. */
export function nextReviewDue(start: IsoDate, lastReview: IsoDate | null, everyWeeks: number, calendar?: Pick<SchoolCalendar, 'halfTerms' | 'closures'>): IsoDate {
  const due = addDays(lastReview ?? start, everyWeeks * 7);
  return calendar ? (nextSchoolDays(due, 1, calendar)[0] ?? due) : due;
}
