// The end-of-day log for one room: each pupil's day in a few lines, ready to print or paste into an email to staff.
import { countOf } from '../../domain/counts';
import { departureLabels, type RegisterEntryRow } from '../../domain/register';
import { noteKindLabels, type BehaviourNoteRow } from '../../domain/behaviourNote';
import { interviewKindLabels, type InterviewRow } from '../../domain/interview';
import { workStatusLabels, type WorkRow } from '../../domain/work';
import { pupilDisplayName, type Pupil } from '../../domain/pupil';
import type { Period } from '../../domain/school';
import { localDateOf } from '../../domain/time';

export interface DailyLogInput {
  entries: RegisterEntryRow[];
  notes: BehaviourNoteRow[];
  interviews: InterviewRow[];
  work: WorkRow[];
  pupils: Map<string, Pupil>;
  periods: Period[];
  staffName(id: string | null): string;
}

export interface DailyLogLine {
  pupilId: string;
  name: string;
  group: string;
  attendance: string;
  periods: string;
  breaks: string;
  notes: string[];
  interviews: string[];
  work: string[];
  /** Safeguarding flags not yet confirmed as logged on CPOMS: the log says so until someone confirms. */
  unconfirmedFlags: number;
}

/** The key to the period marks, on screen and in the copied text alike. */
export const DAILY_LOG_KEY = 'Period marks: present or out of the room; E = effort, B = behaviour (1 excellent – 4 unacceptable).';

/** Whether a stored timestamp fell on the log's day for the school (00:30 BST is 23:30Z the day before). */
const sameDay = (iso: string, date: string) => !!iso && localDateOf(iso) === date;

function attendance(e: RegisterEntryRow): string {
  const undone = (e.corrections ?? []).map((c) => `${c.undone} undone`).join('; ');
  return undone ? `${attendanceNow(e)} (${undone})` : attendanceNow(e);
}

function attendanceNow(e: RegisterEntryRow): string {
  if (e.status === 'absent') return `Absent${e.absenceFollowUp ? ` — follow-up: ${e.absenceFollowUp}` : ''}`;
  if (!e.arrivedAt) return 'Expected, not arrived';
  const arrived = `Arrived ${e.arrivedAt}${e.late ? ' (late)' : ''}`;
  const out = e.toiletVisits.find((v) => v.back === null);
  if (!e.leftAt || !e.leftTo) return `${arrived}, ${out ? `out: toilet since ${out.out}` : 'still in the room'}`;
  return `${arrived}, left ${e.leftAt} — ${departureLabels[e.leftTo]}${e.leftDetail ? ` (${e.leftDetail})` : ''}`;
}

function periodSummary(e: RegisterEntryRow, periods: Period[]): string {
  const marks = periods
    .filter((p) => e.periods[p.id])
    .map((p) => {
      const m = e.periods[p.id]!;
      const grades = [m.effort ? `E${m.effort}` : null, m.behaviour ? `B${m.behaviour}` : null].filter(Boolean).join('/');
      return `${p.label} ${[m.presence, grades].filter(Boolean).join(' ') || '–'}`;
    });
  return marks.join(', ') || 'No period marks';
}

export function buildDailyLog(date: string, input: DailyLogInput): DailyLogLine[] {
  return input.entries
    .map((e) => {
      const pupil = input.pupils.get(e.pupilId);
      const notes = input.notes.filter((n) => n.pupilId === e.pupilId);
      return {
        pupilId: e.pupilId,
        name: pupil ? pupilDisplayName(pupil) : 'Pupil no longer on the roll',
        group: pupil ? pupil.tutorGroup : '',
        attendance: attendance(e),
        periods: periodSummary(e, input.periods),
        breaks: [
          e.breakSupervised ? 'Supervised break' : null,
          e.lunchSupervised ? 'Supervised lunch' : null,
          e.toiletVisits.length ? `${countOf(e.toiletVisits.length, 'toilet visit')} (${e.toiletVisits.map((v) => `${v.out}–${v.back ?? 'not back'}`).join(', ')})` : null,
        ]
          .filter(Boolean)
          .join(', '),
        notes: notes.map((n) =>
          n.kind === 'safeguarding'
            ? `Safeguarding flag — ${n.loggedAt ? `logged on CPOMS (confirmed by ${input.staffName(n.loggedBy)})` : 'NOT YET CONFIRMED AS LOGGED ON CPOMS'}`
            : `${noteKindLabels[n.kind]}: ${n.text} (${input.staffName(n.createdBy)})`,
        ),
        interviews: input.interviews
          .filter((i) => i.pupilId === e.pupilId && sameDay(i.createdAt, date))
          .map((i) => `${interviewKindLabels[i.kind]}${i.status === 'draft' ? ' (not finished)' : ''}`),
        work: input.work
          .filter((w) => w.pupilId === e.pupilId && sameDay(w.updatedAt, date))
          .map((w) => `${w.subject}: ${workStatusLabels[w.status]}${w.effort ? `, effort ${w.effort}` : ''}`),
        unconfirmedFlags: notes.filter((n) => n.kind === 'safeguarding' && !n.loggedAt).length,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

/** Plain text for an email or the MIS notes field. */
export function dailyLogText(title: string, lines: DailyLogLine[]): string {
  const blocks = lines.map((l) =>
    [
      `${l.name} (${l.group})`,
      `  ${l.attendance}`,
      `  Periods: ${l.periods}`,
      l.breaks && `  ${l.breaks}`,
      ...l.notes.map((n) => `  ${n}`),
      ...l.interviews.map((i) => `  ${i}`),
      ...l.work.map((w) => `  Work — ${w}`),
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return [title, DAILY_LOG_KEY, ...(blocks.length ? blocks : ['Nobody was on the register.'])].join('\n\n');
}
