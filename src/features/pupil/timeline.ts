// One story of a pupil across days and rooms: every record as a dated timeline item, newest first.
import type { RegisterEntryRow } from '../../domain/register';
import { departureLabels } from '../../domain/register';
import { noteKindLabels, type BehaviourNoteRow } from '../../domain/behaviourNote';
import { interviewKindLabels, type InterviewRow } from '../../domain/interview';
import { workStatusLabels, type WorkRow } from '../../domain/work';
import { contactMethodLabels, type ParentContactRow } from '../../domain/parentContact';

export const timelineKinds = ['register', 'note', 'interview', 'work', 'contact'] as const;
export type TimelineKind = (typeof timelineKinds)[number];
export const timelineKindLabels: Record<TimelineKind, string> = {
  register: 'Register',
  note: 'Notes',
  interview: 'Interviews',
  work: 'Work',
  contact: 'Parent contact',
};

export interface TimelineItem {
  id: string;
  kind: TimelineKind;
  /** Sortable: an ISO date or timestamp. */
  at: string;
  title: string;
  detail: string;
  interviewId?: string;
}

export interface PupilRecords {
  register: RegisterEntryRow[];
  notes: BehaviourNoteRow[];
  interviews: InterviewRow[];
  work: WorkRow[];
  contacts: ParentContactRow[];
}

function registerItem(e: RegisterEntryRow, roomName: (id: string) => string): TimelineItem {
  const parts = [
    e.arrivedAt ? `Arrived ${e.arrivedAt}${e.late ? ' (late)' : ''}` : e.status === 'absent' ? 'Absent' : 'Expected',
    e.leftAt ? `left ${e.leftAt} — ${e.leftTo ? departureLabels[e.leftTo] : ''}` : '',
    e.absenceFollowUp ? `follow-up: ${e.absenceFollowUp}` : '',
  ];
  return { id: e.id, kind: 'register', at: `${e.date}T${e.arrivedAt ?? '00:00'}`, title: `In ${roomName(e.roomId)}`, detail: parts.filter(Boolean).join(', ') };
}

export function buildTimeline(records: PupilRecords, roomName: (id: string) => string): TimelineItem[] {
  const items: TimelineItem[] = [
    ...records.register.map((e) => registerItem(e, roomName)),
    ...records.notes.map((n) => ({
      id: n.id,
      kind: 'note' as const,
      at: n.createdAt,
      title: noteKindLabels[n.kind],
      detail: n.kind === 'safeguarding' ? (n.loggedAt ? 'Logged on CPOMS' : 'Not yet confirmed as logged on CPOMS') : n.text,
    })),
    ...records.interviews.map((i) => ({
      id: i.id,
      kind: 'interview' as const,
      at: i.createdAt,
      title: `${interviewKindLabels[i.kind]}${i.status === 'draft' ? ' (draft)' : ''}`,
      detail: i.fields.reason || i.fields.targets || Object.values(i.answers).find((a) => a.trim()) || '',
      interviewId: i.id,
    })),
    ...records.work.map((w) => ({
      id: w.id,
      kind: 'work' as const,
      at: w.createdAt,
      title: `${w.subject}: ${workStatusLabels[w.status]}`,
      detail: `${w.task} (set by ${w.setBy})`,
    })),
    ...records.contacts.map((c) => ({
      id: c.id,
      kind: 'contact' as const,
      at: c.at,
      title: `${contactMethodLabels[c.method]} with ${c.withWhom}`,
      detail: c.summary,
    })),
  ];
  return items.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
}

/** Days the pupil was in a room (arrived) on or after a date: "days in the room this half term". */
export function daysInRoomSince(register: RegisterEntryRow[], since: string): number {
  return new Set(register.filter((e) => e.date >= since && e.arrivedAt).map((e) => e.date)).size;
}
