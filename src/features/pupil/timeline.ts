// One story of a pupil across days and rooms: every record as a dated timeline item, newest first.
import type { RegisterEntryRow } from '../../domain/register';
import { departureLabels } from '../../domain/register';
import { noteKindLabels, type BehaviourNoteRow } from '../../domain/behaviourNote';
import { interviewKindLabels, type InterviewRow } from '../../domain/interview';
import { workStatusLabels, type WorkRow } from '../../domain/work';
import { contactMethodLabels, type ParentContactRow } from '../../domain/parentContact';
import { reasonsText, referralStatusLabels, type ReferralRow } from '../../domain/referral';
import { placementKindLabels, placementOutcomeLabels, type PlacementRow, type VisitRow } from '../../domain/placement';
import { reviewDecisionLabels, type ReviewRow } from '../../domain/review';
import { codeLabel, sessions, welfareMoodLabels, type CheckInRow, type IncidentRow, type ProgressRow } from '../../domain/offsite';

export const timelineKinds = ['register', 'note', 'interview', 'work', 'contact', 'referral', 'placement', 'offsite'] as const;
export type TimelineKind = (typeof timelineKinds)[number];
export const timelineKindLabels: Record<TimelineKind, string> = {
  register: 'Register',
  note: 'Notes',
  interview: 'Interviews',
  work: 'Work',
  contact: 'Parent contact',
  referral: 'Referrals',
  placement: 'Placements',
  offsite: 'Off-site',
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
  referrals: ReferralRow[];
  placements: PlacementRow[];
  reviews: ReviewRow[];
  visits: VisitRow[];
  offsite: { checkIns: CheckInRow[]; incidents: IncidentRow[]; progress: ProgressRow[] };
}

function registerItem(e: RegisterEntryRow, roomName: (id: string) => string): TimelineItem {
  const parts = [
    e.arrivedAt ? `Arrived ${e.arrivedAt}${e.late ? ' (late)' : ''}` : e.status === 'absent' ? 'Absent' : 'Expected',
    e.leftAt ? `left ${e.leftAt} — ${e.leftTo ? departureLabels[e.leftTo] : ''}` : '',
    e.absenceFollowUp ? `follow-up: ${e.absenceFollowUp}` : '',
  ];
  return { id: e.id, kind: 'register', at: `${e.date}T${e.arrivedAt ?? '00:00'}`, title: `In ${roomName(e.roomId)}`, detail: parts.filter(Boolean).join(', ') };
}

export function buildTimeline(records: PupilRecords, roomName: (id: string) => string, providerName: (id: string) => string = (id) => id): TimelineItem[] {
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
    ...records.referrals.map((r) => ({
      id: r.id,
      kind: 'referral' as const,
      at: r.date,
      title: `Referral: ${reasonsText(r)} (${referralStatusLabels[r.status].toLowerCase()})`,
      detail: [r.subject, `by ${r.referredBy}`, r.description, r.declinedReason && `declined: ${r.declinedReason}`].filter(Boolean).join(' — '),
    })),
    ...placementItems(records),
    ...offsiteItems(records.offsite, providerName),
  ];
  return items.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
}

function placementItems(records: PupilRecords): TimelineItem[] {
  const item = (id: string, at: string, title: string, detail: string): TimelineItem => ({ id, kind: 'placement', at, title, detail });
  return [
    ...records.placements.flatMap((p) => [
      item(p.id, p.start, `Placement started: ${placementKindLabels[p.kind]}`, p.targets),
      ...(p.reintegration ? [item(`${p.id}-back`, p.reintegration.startDate, 'Reintegration: back in lessons', p.reintegration.lessonsReturning)] : []),
      ...(p.finishedOn && p.outcome ? [item(`${p.id}-end`, p.finishedOn, `Placement finished: ${placementOutcomeLabels[p.outcome]}`, '')] : []),
    ]),
    ...records.reviews.map((r) => item(r.id, r.date, `Review: ${reviewDecisionLabels[r.decision]}`, r.notes)),
    ...records.visits.map((v) => item(v.id, v.date, `Follow-up visit: ${v.lesson} (rated ${v.rating})`, `${v.teacher}: ${v.seen}`)),
  ];
}

/** "AM B — Attending …; PM not present (code to be decided)"; an old one-code check-in shows its code. */
function sessionsText(c: CheckInRow): string {
  if (c.legacyCode && !c.sessions.am.attendance && !c.sessions.pm.attendance) return codeLabel(c.legacyCode);
  const parts = sessions.flatMap((s) => {
    const x = c.sessions[s];
    if (!x.attendance) return [];
    const label = s.toUpperCase();
    if (x.code) return [`${label} ${codeLabel(x.code)}`];
    return [`${label} not present (code to be decided)`];
  });
  return parts.join('; ') || 'Not recorded yet';
}

function offsiteItems(offsite: PupilRecords['offsite'], providerName: (id: string) => string): TimelineItem[] {
  const item = (id: string, at: string, title: string, detail: string): TimelineItem => ({ id, kind: 'offsite', at, title, detail });
  return [
    ...offsite.checkIns.map((c) => {
      const detail = [
        sessionsText(c),
        c.arrivedAt && `arrived ${c.arrivedAt}`,
        c.leftAt && `left ${c.leftAt}`,
        c.followUp && `follow-up: ${c.followUp}`,
        c.mood && `seemed ${welfareMoodLabels[c.mood].toLowerCase()}`,
        c.welfareNote,
        c.concern && (c.concernLoggedAt ? 'safeguarding concern logged on CPOMS' : 'safeguarding concern not yet confirmed as logged on CPOMS'),
      ];
      return item(c.id, `${c.date}T${c.arrivedAt ?? '00:00'}`, `At ${providerName(c.providerId)}`, detail.filter(Boolean).join(', '));
    }),
    ...offsite.incidents.map((i) =>
      item(i.id, `${i.date}T${i.at}`, `Incident at ${providerName(i.providerId)}`, `${i.what} — ${i.decided ? `decided: ${i.decided}` : 'awaiting decision'}${i.reportedBy ? ` (reported by ${i.reportedBy})` : ''}`),
    ),
    ...offsite.progress.map((p) => item(p.id, p.date, `IBEC progress: ${p.target} (rated ${p.rating})`, p.note)),
  ];
}

/** Days the pupil was in a room (arrived) on or after a date: "days in the room this half term". */
export function daysInRoomSince(register: RegisterEntryRow[], since: string): number {
  return new Set(register.filter((e) => e.date >= since && e.arrivedAt).map((e) => e.date)).size;
}
