// Off-site check-ins at alternative providers: each session (AM, PM) present or not, times, welfare, incidents and progress.
import { z } from 'zod';
import { arrangementCodes, isAttendanceCode, officerCodes, type AttendanceCode, type ProviderArrangement } from './attendanceCodes';
import { idSchema } from './school';
import { clockTimeSchema, minutesOf } from './time';
import { gradeSchema } from './register';

export { attendanceCodes, codeLabel, isAttendanceCode, type AttendanceCode } from './attendanceCodes';

/** The two registration sessions of the school day. */
export const sessions = ['am', 'pm'] as const;
export type Session = (typeof sessions)[number];
export const sessionLabels: Record<Session, string> = { am: 'Morning (AM)', pm: 'Afternoon (PM)' };

/** What the assistant sees: the pupil at the provider for the session, or not. The code follows from it (see attendanceCodes.ts). */
export const sessionAttendance = ['present', 'not-present'] as const;
export type SessionAttendance = (typeof sessionAttendance)[number];

export const welfareMoods = ['settled', 'okay', 'low', 'upset', 'unwell'] as const;
export type WelfareMood = (typeof welfareMoods)[number];
export const welfareMoodLabels: Record<WelfareMood, string> = {
  settled: 'Settled, positive',
  okay: 'Okay',
  low: 'Low or withdrawn',
  upset: 'Upset or angry',
  unwell: 'Unwell',
};

export const OFFSITE_CONCERN_PROMPT =
  'Log the concern on CPOMS now and tell the DSL. Do not write the disclosure in Baseroom.';

type SessionMarks = Record<Session, SessionAttendance | null>;

/** The check-in rules: no departure before arrival, and a session the pupil missed needs a follow-up note. */
export function checkInProblems(v: SessionMarks & { arrivedAt: string; leftAt: string; followUp: string }) {
  const problems: { path: 'leftAt' | 'followUp' | 'am'; message: string }[] = [];
  if (v.leftAt && !v.arrivedAt) problems.push({ path: 'leftAt', message: 'Record the arrival time before the departure' });
  if (v.leftAt && v.arrivedAt && minutesOf(v.leftAt) < minutesOf(v.arrivedAt)) {
    problems.push({ path: 'leftAt', message: `Departure at ${v.leftAt} is before arrival at ${v.arrivedAt}` });
  }
  const missed = sessions.filter((s) => v[s] === 'not-present');
  if (missed.length && !v.followUp.trim()) {
    const which = missed.map((s) => sessionLabels[s].toLowerCase()).join(' and ');
    problems.push({ path: 'followUp', message: `Not present in the ${which}: write the follow-up (who was told, what next)` });
  }
  if (!v.am && !v.pm && (v.arrivedAt || v.followUp.trim())) problems.push({ path: 'am', message: 'Say whether the pupil is here this morning or afternoon' });
  return problems;
}

const optionalTime = z.union([z.literal(''), clockTimeSchema]);
const sessionMark = z.enum(sessionAttendance).nullable().default(null);

export const checkInInputSchema = z
  .object({
    pupilId: idSchema,
    am: sessionMark,
    pm: sessionMark,
    arrivedAt: optionalTime.default(''),
    leftAt: optionalTime.default(''),
    followUp: z.string().trim().max(500, 'Keep the follow-up under 500 characters').default(''),
    mood: z.enum(welfareMoods).nullable().default(null),
    welfareNote: z.string().trim().max(300, 'Keep the welfare note short').default(''),
    /** A safeguarding concern is only a flag: the details go on CPOMS. */
    concern: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    for (const p of checkInProblems(v)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
  });
export type CheckInInput = z.input<typeof checkInInputSchema>;

/** The attendance officer's decision for a session the pupil missed. */
export const settleSessionSchema = z.object({
  pupilId: idSchema,
  session: z.enum(sessions),
  code: z.string().refine((c) => (officerCodes as string[]).includes(c), 'Choose an absence code the school decides'),
});
export type SettleSessionInput = z.input<typeof settleSessionSchema>;

export const incidentInputSchema = z.object({
  pupilId: idSchema,
  at: clockTimeSchema,
  reportedBy: z.string().trim().max(80).default(''),
  what: z.string().trim().min(1, 'Say what happened').max(1000),
  /** Often not known yet: the assistant logs the incident at once and adds the decision after reaching the coordinator. */
  decided: z.string().trim().max(500).default(''),
});
export type IncidentInput = z.input<typeof incidentInputSchema>;

export const incidentDecisionSchema = z.object({
  incidentId: idSchema,
  decided: z.string().trim().min(1, 'Say what was decided (with the coordinator or SLT)').max(500),
});
export type IncidentDecisionInput = z.input<typeof incidentDecisionSchema>;

export const isAwaitingDecision = (i: Pick<IncidentRow, 'decided'>) => !i.decided;

export const progressInputSchema = z.object({
  pupilId: idSchema,
  /** The plan's target rated (see ibecPlan.ts); its words are kept too, as they read on the day. */
  targetId: idSchema.nullable().default(null),
  target: z.string().trim().min(1, 'Write the IBEC target').max(200),
  rating: gradeSchema,
  note: z.string().trim().max(500).default(''),
});
export type ProgressInput = z.input<typeof progressInputSchema>;

interface DayRow {
  docName: string;
  providerId: string;
  date: string;
  pupilId: string;
}

/** One session at the provider: what the assistant saw, and the code it goes to the MIS with (null until the officer settles it). */
export interface SessionRow {
  attendance: SessionAttendance | null;
  code: AttendanceCode | null;
  /** True once the attendance officer has chosen the code for a missed session. */
  settled: boolean;
  settledBy: string | null;
  settledAt: string | null;
}

export interface CheckInRow extends DayRow {
  id: string;
  sessions: Record<Session, SessionRow>;
  /** A check-in recorded before sessions (one code for the day, e.g. "/" or "B"); shown on old records only. */
  legacyCode: AttendanceCode | null;
  arrivedAt: string | null;
  leftAt: string | null;
  followUp: string;
  mood: WelfareMood | null;
  welfareNote: string;
  concern: boolean;
  concernRaisedBy: string | null;
  concernRaisedAt: string | null;
  concernLoggedBy: string | null;
  concernLoggedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  /**
   * The day's date while the check-in waits on the school (a concern not yet logged on CPOMS, a missed session with no
   * code from the attendance officer), absent otherwise: an index, so the coordinator's lists read only those rows.
   */
  awaitsSchool?: string;
}

export interface IncidentRow extends DayRow {
  id: string;
  at: string;
  reportedBy: string;
  what: string;
  decided: string;
  decidedBy: string | null;
  decidedAt: string | null;
  createdBy: string;
  createdAt: string;
  /** The day's date until the coordinator decides what follows, absent once decided: an index, as awaitsSchool. */
  undecidedOn?: string;
}

export interface ProgressRow extends DayRow {
  id: string;
  targetId: string | null;
  target: string;
  rating: number;
  note: string;
  createdBy: string;
  createdAt: string;
}

export const isUnconfirmedConcern = (c: Pick<CheckInRow, 'concern' | 'concernLoggedAt'>) => c.concern && !c.concernLoggedAt;

/**
 * The code a session goes to the MIS with: the officer's settled code; else the code the provider's arrangement gave
 * the mark when it was recorded (see codeForMark); else none yet.
 */
export function sessionCode(attendance: SessionAttendance | null, recordedCode: unknown, settledCode: unknown): AttendanceCode | null {
  if (isAttendanceCode(settledCode)) return settledCode;
  if (attendance === 'present' && isAttendanceCode(recordedCode)) return recordedCode;
  // A missed session keeps only the D of dual registration; any other code on it is not the officer's and is ignored.
  if (attendance === 'not-present' && recordedCode === 'D') return 'D';
  return null;
}

export const presentCodeFor = (arrangement: ProviderArrangement) => arrangementCodes[arrangement];

/**
 * The code a mark at the provider takes when recorded. Present: B, K or D by the arrangement. Not present: none (the
 * attendance officer decides), except for a pupil dual registered at the provider, whose sessions there are D at this
 * school whether or not they attended: the provider is the school that records their attendance or absence for those
 * sessions. Source: "When required to attend school A, school B puts a 'D' in the register for each applicable
 * session … no attendance record is kept at the school where the pupil is not required to attend on that day"
 * (B. Whitney, Attendance Matters Magazine, "When can a pupil be dual registered?"); the DfE code D, "Dual registered:
 * attending another school at which they are registered", is not a possible session (Working together to improve
 * school attendance, 2024). Arbor likewise fills those sessions with D in advance, whatever happens at the other school.
 */
export function codeForMark(attendance: SessionAttendance | null, arrangement: ProviderArrangement): AttendanceCode | null {
  if (attendance === 'present') return presentCodeFor(arrangement);
  if (attendance === 'not-present' && arrangement === 'dual-registration') return 'D';
  return null;
}

/** A session missed at the provider that still needs the attendance officer's code. */
export const awaitsOfficer = (s: Pick<SessionRow, 'attendance' | 'code'>) => s.attendance === 'not-present' && !s.code;
/** A check-in counts as done for the day once either session is marked. */
export const isCheckedIn = (c: Pick<CheckInRow, 'sessions' | 'legacyCode'>) => !!(c.sessions.am.attendance || c.sessions.pm.attendance || c.legacyCode);
